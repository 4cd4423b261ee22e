"""The chapter *Regionala skillnader* reads the series its text quotes from the analysis sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.presentation.variance_page import COST_ROLES, quoted_series
from analysis.registry import load_registry

SHEET = Path(__file__).resolve().parents[1] / "data-raw" / "indicators.csv"


def test_quoted_series_come_from_roles_and_marks():
    sheet = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E", "F"],
            "role": [*COST_ROLES, "", ""],
            "analyses": ["", "region_icc", "", "", "trend;region_icc;did_treated", "trend"],
        }
    )
    assert quoted_series(sheet) == {
        "cost_ids": ["A", "B", "C", "D"],
        "icc_named": ["B", "E"],
        "rank_indicator": "E",
    }
    with pytest.raises(ValueError, match="cost_somatic"):
        quoted_series(sheet.assign(role=sheet["role"].replace("cost_somatic", "")))


def test_the_committed_sheet_marks_what_the_text_quotes():
    sheet = load_registry(SHEET).set_index("id")
    quoted = quoted_series(sheet.reset_index())
    assert set(sheet.loc[quoted["cost_ids"], "unit"]) == {"kr/inv"}
    assert quoted["icc_named"] and quoted["rank_indicator"] in sheet.index
    assert sheet.at[quoted["rank_indicator"], "family"] == "trust"


def test_publish_parts_publishes_three_parts_of_whole_families_with_their_names(monkeypatch):
    """SYNTHETIC rows of four families: three figures, each with exactly its families' rows."""
    from analysis.presentation import variance_page as vp

    published, texts = {}, {}
    monkeypatch.setattr(vp, "publish", lambda fig, data, name, **kw: published.update({name: (fig, data)}))
    monkeypatch.setattr(vp, "text", lambda name, value: texts.update({name: value}))
    groups = pd.Series(["trust"] * 3 + ["access"] * 9 + ["system"] * 5 + ["resources"] * 4)
    data = pd.DataFrame({"row": range(len(groups))})
    vp.publish_parts(lambda rows: int(rows.sum()), data, groups, "reg-x", source="s")
    assert sorted(published) == ["reg-x-1", "reg-x-2", "reg-x-3"]
    assert [published[f"reg-x-{i}"][0] for i in (1, 2, 3)] == [3, 9, 9]  # the largest part least large
    assert published["reg-x-3"][1]["row"].tolist() == list(range(12, 21))  # drawn and published alike
    assert texts["reg-x-1-del"] == "förtroende"
    assert texts["reg-x-3-del"] == "vårdsystemet och resurser"
    with pytest.raises(ValueError, match="consecutive"):
        vp.publish_parts(lambda rows: 0, data.head(3), pd.Series(["trust", "access", "trust"]), "reg-y")


def test_report_remark_quotes_the_reports_footnote_and_names_other_changes():
    from analysis.presentation.variance_page import report_remark

    note = 'printed "521": the value 52 followed by the table\'s footnote marker 1 ("Avser november 2022") merged'
    assert report_remark("corrected", note) == "Rapportens fotnot 1: avser november 2022"
    assert report_remark("corrected", "a misread digit") == "rättat värde"
    assert report_remark("derived", "") == "härledd"
    assert report_remark("printed", note) == ""


def test_labels_cover_no_other_point_and_a_label_set_apart_has_a_leader_line():
    """Synthetic points: a labelled point in a tight cluster of unlabelled ones (as Jönköping among
    the regions of a funnel) gets its label away from the cluster, with a line back to it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from analysis.figures import _overlap, place_labels

    fig, ax = plt.subplots(figsize=(4, 3))
    cx, cy = [0.5, 0.53, 0.47, 0.5, 0.5, 0.56, 0.44], [0.5, 0.5, 0.5, 0.53, 0.47, 0.53, 0.47]
    ax.scatter(cx, cy)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    place_labels(ax, [0.5, 0.97], [0.5, 0.97], ["Mitten", "Hörnet"], avoid=(cx, cy))
    fig.canvas.draw()
    texts = {t.get_text(): t for t in ax.texts}
    renderer = fig.canvas.get_renderer()
    middle = Text.get_window_extent(texts["Mitten"], renderer)  # the text alone, not its leader line
    for x, y in zip(cx[1:], cy[1:], strict=True):  # the other points of the cluster
        px, py = ax.transData.transform((x, y))
        assert not _overlap((middle.x0, middle.y0, middle.x1, middle.y1), (px - 2, py - 2, px + 2, py + 2))
    assert texts["Mitten"].arrow_patch is not None  # set apart: a leader line to its point
    assert texts["Hörnet"].arrow_patch is None  # a free point: its label beside it, no line
    inside = ax.bbox
    for t in texts.values():  # in the axes, never over the title or the tick labels
        box = Text.get_window_extent(t, renderer)
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
    plt.close(fig)


def test_labels_keep_clear_of_lines_drawn_before():
    """Synthetic funnel-like case: a point just under a limit line whose first-choice label spot
    (above and right of it) the line crosses gets its label where no line runs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    from analysis.figures import place_labels

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    limit = ax.plot([0, 1], [0.53, 0.53], lw=2)[0]
    ax.scatter([0.5], [0.5])
    place_labels(ax, [0.5], [0.5], ["Under linjen"], avoid_lines=True)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = Text.get_window_extent(ax.texts[0], renderer)
    path = limit.get_transform().transform_path(limit.get_path())
    assert not path.intersects_bbox(Bbox.from_extents(box.x0, box.y0, box.x1, box.y1), filled=False)
    plt.close(fig)
