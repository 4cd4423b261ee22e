"""Figures are legible in print and on phones: text at least 9 pt at the PDF's print size."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis.figures import (
    MIN_TEXT_PT,
    PRINT_WIDTH_IN,
    decimal_comma,
    label_points,
    make_legible,
    min_font_size,
    overlapping_labels,
    render,
    setup,
    spread,
)
from analysis.presentation import variance_figures as vf
from analysis.regions import REGION_CODES


def _smallest_printed_pt(fig) -> float:
    """The smallest visible text size after the figure is scaled to the PDF's text width."""
    fig.canvas.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
    for ax in fig.axes:
        sizes += [t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()]
    scale = min(1.0, PRINT_WIDTH_IN / fig.get_size_inches()[0])
    return min(sizes) * scale


def test_make_legible_raises_small_text_in_a_wide_figure():
    setup()
    fig, ax = plt.subplots(figsize=(10.5, 4))
    ax.plot([1, 2], [1, 2], label="linje")
    ax.set_yticks([1, 2], ["a", "b"], fontsize=6)
    ax.legend(fontsize=7)
    assert _smallest_printed_pt(fig) < MIN_TEXT_PT
    assert make_legible(fig) > 0
    assert _smallest_printed_pt(fig) >= MIN_TEXT_PT - 1e-6
    assert min_font_size(fig) == MIN_TEXT_PT * 10.5 / PRINT_WIDTH_IN
    plt.close(fig)


def test_make_legible_leaves_a_legible_narrow_figure_alone():
    setup()
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([1, 2], [1, 2])
    ax.tick_params(labelsize=10)
    assert make_legible(fig) == 0
    plt.close(fig)


def _decomp(n: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    share = rng.dirichlet([3, 2, 1], size=n)
    icc = share[:, 0] * 0.9
    return pd.DataFrame(
        {
            "name": [
                f"Positivt helhetsintryck hos patienter som har besökt en mottagning nummer {k}"
                for k in range(n)
            ],
            "share_region": share[:, 0],
            "share_year": share[:, 1],
            "share_residual": share[:, 2],
            "icc_region": icc,
            "icc_region_low": icc * 0.7,
            "icc_region_high": np.minimum(icc * 1.2, 1),
        }
    )


def test_chapter_figures_are_narrow_and_print_at_nine_points_without_raising():
    setup()
    d = _decomp()
    prof = pd.DataFrame(
        [
            {"source": "kolada", "indicator": f"X{k}", "name": f"Indikator {k}", "year": 2024,
             "region_code": c, "position": (k - 3) / 2, "direction": "neutral" if k == 0 else "higher_better"}
            for k in range(6)
            for c in REGION_CODES
        ]
    )  # fmt: skip
    figures = [
        vf.decomposition_figure(d),
        vf.interval_rows_figure(
            d.assign(est=0.1, lo=-0.1, hi=0.3),
            estimate="est",
            low="lo",
            high="hi",
            groups=[(np.ones(len(d), bool), "black", "alla")],
            xlabel="β",
        ),  # fmt: skip
        vf.profile_heatmap(prof),
    ]
    assert len(figures[-1].axes) == 3  # the map and two colour bars: costs have a scale of their own
    heat = figures[-1]
    heat.canvas.draw()
    # the bars lie under the map, which keeps most of the width (a phone shrinks the whole figure)
    assert heat.axes[0].get_position().width > 0.7
    for fig in figures:
        assert fig.get_size_inches()[0] <= PRINT_WIDTH_IN  # prints at full size, fits a phone better
        assert _smallest_printed_pt(fig) >= MIN_TEXT_PT - 1e-6
        assert make_legible(fig) == 0  # nothing left to raise
        plt.close(fig)


def test_row_labels_carry_no_ids_and_wrap_onto_two_lines():
    label = vf.row_label("Positivt helhetsintryck hos patienter som har besökt sjukhusens akutmottagning")
    assert label.count("\n") <= 1 and "(" not in label
    cut = vf.row_label(
        "Startade utredningar och behandlingar inom 30 dagar i barn- och ungdomspsykiatrin, andel"
    )
    assert cut.count("\n") == 1 and cut.endswith("…")  # a cut title says it is cut


def test_rank_interval_panels_print_at_full_size_with_whole_ranks():
    """SYNTHETIC ranks of every region in two panels: fits the printed page, ticks are whole ranks."""
    from analysis.figures import PRINT_HEIGHT_IN

    setup()
    n = len(REGION_CODES)
    d = pd.DataFrame(
        {"region_code": REGION_CODES, "year": 2024, "rank": np.arange(1, n + 1, dtype=float),
         "rank_low": np.maximum(np.arange(1, n + 1) - 3, 1.0), "rank_high": np.minimum(np.arange(1, n + 1) + 3, n)}
    )  # fmt: skip
    fig = vf.rank_interval_figure([(d, "Syntetisk serie A"), (d, "Syntetisk serie B")])
    width, height = fig.get_size_inches()
    assert width <= PRINT_WIDTH_IN and height <= PRINT_HEIGHT_IN
    assert _smallest_printed_pt(fig) >= MIN_TEXT_PT - 1e-6
    for ax in fig.axes:
        assert all(float(t).is_integer() for t in ax.get_xticks())
    plt.close(fig)


def test_balanced_parts_keep_groups_whole_and_in_order_with_the_smallest_largest_part():
    from itertools import combinations

    for sizes in ([3, 12, 5, 2, 7, 7], [3, 12, 5, 2, 7, 7, 5], [1, 1, 1], [9, 1, 1, 1, 9]):
        runs = vf.balanced_parts(sizes, 3)
        assert [i for run in runs for i in run] == list(range(len(sizes)))
        assert len(runs) == 3 and all(len(run) for run in runs)
        largest = max(sum(sizes[i] for i in run) for run in runs)
        best = min(
            max(sum(sizes[a:b]) for a, b in zip((0, *cuts), (*cuts, len(sizes)), strict=True))
            for cuts in combinations(range(1, len(sizes)), 2)
        )
        assert largest == best
    with pytest.raises(ValueError):
        vf.balanced_parts([4, 4], 3)


def test_an_indicator_figure_in_three_family_parts_prints_at_full_size():
    """SYNTHETIC: 36 indicator rows in six families of the real sheet's sizes (3, 12, 5, 2, 7, 7)."""
    from analysis.figures import PRINT_HEIGHT_IN

    setup()
    d = _decomp(36)
    names, sizes = ["a", "b", "c", "d", "e", "f"], [3, 12, 5, 2, 7, 7]
    families = np.repeat(names, sizes)
    assert vf.rows_height(36, 1.8) > PRINT_HEIGHT_IN  # whole, it would be scaled down in print
    for run in vf.balanced_parts(sizes, 3):
        fig = vf.decomposition_figure(d[np.isin(families, names[run.start : run.stop])])
        assert fig.get_size_inches()[1] <= PRINT_HEIGHT_IN
        assert _smallest_printed_pt(fig) >= MIN_TEXT_PT - 1e-6
        plt.close(fig)


def test_make_legible_raises_tick_labels_that_exist_only_at_draw_time():
    """Tick labels from a locator and formatter have no text before a draw; they are raised too."""
    setup()
    fig, ax = plt.subplots(figsize=(10.5, 4))
    ax.plot([0, 10], [0, 1000])
    ax.tick_params(labelsize=6)
    assert make_legible(fig) > 0
    assert _smallest_printed_pt(fig) >= MIN_TEXT_PT - 1e-6
    plt.close(fig)


NAMES = [f"Region {code} med långt namn" for code in REGION_CODES]


def _bars(height: float):
    fig, axes = plt.subplots(1, 2, figsize=(7.8, height))
    axes[0].barh(NAMES, range(len(NAMES)))
    axes[1].plot([1, 2], [1, 2])
    return fig


@pytest.mark.parametrize(("height", "crowded"), [(4.2, True), (5.6, False)])
def test_overlapping_labels_finds_region_names_crowding_a_short_axis(height, crowded):
    """21 names at the legible size in a bar chart 4,2 inches high cover each other; at 5,6 they do not."""
    setup()
    fig = _bars(height)
    make_legible(fig)
    fig.canvas.draw()
    found = overlapping_labels(fig)
    plt.close(fig)
    assert bool(found) == crowded, found
    assert not crowded or found[0] == f"'{NAMES[0]}' / '{NAMES[1]}'"


def test_a_figure_drawn_for_publishing_carries_its_overlaps():
    """What a page publishes is measured as drawn (SVG and PDF), with no extra draw asked for."""
    setup()
    assert render(_bars(4.2), pd.DataFrame({"x": [1]}))["overlaps"]
    assert render(_bars(5.6), pd.DataFrame({"x": [1]}))["overlaps"] == []


@pytest.mark.integration
def test_no_published_figure_has_tick_labels_covering_each_other(build):
    """Every figure's data sidecar carries the overlaps measured when it was drawn: none."""
    import json

    sidecars = [
        json.loads(p.read_text(encoding="utf-8")) for p in (build.html / "_static" / "data").glob("*.json")
    ]
    figures = [s for s in sidecars if s.get("kind") == "figure"]
    assert figures
    crowded = {s["name"]: s["overlapping_labels"] for s in figures if s["overlapping_labels"]}
    assert crowded == {}


@pytest.mark.parametrize(
    ("values", "gap", "expected"),
    [
        ([1.0, 2.0, 3.0], 0.5, [1.0, 2.0, 3.0]),  # far enough apart: unchanged
        ([2.0, 2.0], 1.0, [1.5, 2.5]),  # a tie is split around its mean
        ([3.0, 0.0, 3.1], 1.0, [2.55, 0.0, 3.55]),  # order kept, the lone value untouched
        ([0.0, 0.2, 0.4], 1.0, [-0.8, 0.2, 1.2]),  # a block centred on its mean
    ],
)
def test_spread_keeps_order_and_gap_and_moves_as_little_as_possible(values, gap, expected):
    out = spread(values, gap)
    assert out == pytest.approx(expected)
    ranked = sorted(out)
    assert all(b - a >= gap - 1e-9 for a, b in zip(ranked, ranked[1:], strict=False))


def test_labelled_points_close_together_do_not_cover_each_other():
    setup()
    fig, ax = plt.subplots(figsize=(3.8, 3.8))
    x, y = [2.8, 3.0, 3.0, 4.0], [4.24, 3.96, 3.50, 4.59]
    ax.scatter(x, y)
    ax.set_xlim(-4, 6)
    ax.set_ylim(-4, 6)
    fig.tight_layout()
    label_points(ax, x, y, ["Dalarna", "Västra Götaland", "Västmanland", "Jönköping"], 9)
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    assert len(boxes) == 4
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    plt.close(fig)


@pytest.mark.parametrize(("low", "high", "decimals"), [(5.2, 19.8, 0), (0.0, 2.9, 0), (0.31, 0.58, 1)])
def test_fixed_decimals_label_every_tick_with_its_own_value(low, high, decimals):
    """A 7,5 tick printed as "8" (Figur 20.5) was the default 2,5 step under whole-number labels."""
    fig, ax = plt.subplots()
    ax.plot([0, 1], [low, high])
    decimal_comma(ax, "y", decimals)
    fig.canvas.draw()
    ticks = [t for t in ax.get_yticks() if low <= t <= high]
    assert len(ticks) >= 2
    assert all(abs(t - round(t, decimals)) < 1e-9 for t in ticks)
    plt.close(fig)
