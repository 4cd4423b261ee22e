"""Figures of the chapter *Regionala skillnader*, drawn to be read in print and on a phone.

Every figure is at most 5.8 inches wide (narrower than the PDF's text block, so it prints at
full size) with text of at least 9 pt, one indicator per row with a shortened Swedish title
(no internal ids), and a legend above the plot. Side-by-side panels are stacked instead, and
the profile heat map numbers its columns with a key below, so nothing is rotated or cut.
"""

from __future__ import annotations

import textwrap

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.figures import PALETTE, PRINT_HEIGHT_IN, decimal_comma, fmt_num
from analysis.presentation.region_pages import short_name
from analysis.regions import REGION_CODES, region_name

WIDTH = 5.8
FONT = 9.0
ROW = 0.4  # inches per indicator row (room for a two-line title)


def row_label(name: str, width: int = 40) -> str:
    """An indicator title for a figure row: shortened, wrapped onto at most two lines."""
    lines = textwrap.wrap(short_name(name, 2 * width), width)
    if len(lines) > 2:  # cut: say so
        lines = [lines[0], lines[1].rstrip(" .,;:") + "…"]
    return "\n".join(lines)


def balanced_parts(sizes: list[int], k: int) -> list[range]:
    """Consecutive groups of ``sizes`` in exactly ``k`` runs, the largest run as small as possible.

    Returns each run as a range of group indices. A figure with one row per indicator is split
    this way by family, so that each part prints at full size.
    """
    if not 1 <= k <= len(sizes):
        raise ValueError(f"cannot split {len(sizes)} groups into {k} parts")
    prefix = np.concatenate([[0], np.cumsum(sizes)])
    # best[p][j]: the smallest largest run when the first j groups form p runs; cut[p][j]: its last cut
    best = np.full((k + 1, len(sizes) + 1), np.inf)
    cut = np.zeros((k + 1, len(sizes) + 1), dtype=int)
    best[0][0] = 0
    for p in range(1, k + 1):
        for j in range(p, len(sizes) + 1):
            for i in range(p - 1, j):
                worst = max(best[p - 1][i], prefix[j] - prefix[i])
                if worst < best[p][j]:
                    best[p][j], cut[p][j] = worst, i
    runs, j = [], len(sizes)
    for p in range(k, 0, -1):
        runs.append(range(cut[p][j], j))
        j = cut[p][j]
    return runs[::-1]


def rows_height(n: int, extra: float = 1.5) -> float:
    """Height in inches of a figure with ``n`` indicator rows."""
    return ROW * n + extra


def _rows_figure(n: int, extra: float = 1.5):
    fig, ax = plt.subplots(figsize=(WIDTH, rows_height(n, extra)))
    ax.grid(axis="y", visible=False)
    ax.tick_params(labelsize=FONT)
    return fig, ax


def _legend_above(fig, ax, ncol: int = 2) -> None:
    """The legend across the top of the figure (never over the rows), then the layout below it."""
    handles, labels = ax.get_legend_handles_labels()
    rows = -(-len(labels) // ncol)
    fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.01, 0.995), ncol=ncol, fontsize=FONT)
    fig.tight_layout(rect=(0, 0, 1, 1 - (0.1 + 0.22 * rows) / fig.get_figheight()))


def decomposition_figure(decomp: pd.DataFrame):
    """Stacked shares (between regions, between years, rest) per indicator, with the mixed
    model's regional share (ICC) and its interval drawn over the bars as a black dot and line."""
    n = len(decomp)
    fig, ax = _rows_figure(n, 1.8)
    ypos = np.arange(n)[::-1]
    left = np.zeros(n)
    for col, lab, colour in [
        ("share_region", "Mellan regioner", PALETTE[0]),
        ("share_year", "Mellan år", PALETTE[1]),
        ("share_residual", "Rest (regionspecifik förändring och brus)", "#bbbbbb"),
    ]:
        ax.barh(ypos, 100 * decomp[col], left=left, color=colour, label=lab, height=0.7)
        left += 100 * decomp[col].to_numpy()
    err = 100 * np.vstack(
        [decomp["icc_region"] - decomp["icc_region_low"], decomp["icc_region_high"] - decomp["icc_region"]]
    )
    ax.errorbar(
        100 * decomp["icc_region"], ypos, xerr=err, fmt="o", color="black", ms=3.5, lw=1.1,
        label="Regionens andel, blandad modell (95 % KI)",
    )  # fmt: skip
    ax.set_yticks(ypos, [row_label(s) for s in decomp["name"]], fontsize=FONT)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Andel av variationen (%)", fontsize=FONT)
    decimal_comma(ax, "x", 0)
    _legend_above(fig, ax, 2)
    return fig


def interval_rows_figure(
    rows: pd.DataFrame,
    *,
    estimate: str,
    low: str,
    high: str,
    groups: list[tuple[np.ndarray, str, str]],
    xlabel: str,
    decimals: int = 2,
    xlim: tuple[float, float] | None = None,
    labels: list[str] | None = None,
    xticks: list[float] | None = None,
):
    """One row per indicator: an estimate with its interval, coloured by group, a line at zero.

    ``groups`` are ``(mask, colour, legend text)``; rows are drawn top to bottom in order.
    ``xticks``: fixed ticks, labelled with ``decimals`` (else at most five chosen ticks).
    """
    n = len(rows)
    fig, ax = _rows_figure(n)
    ypos = np.arange(n)[::-1]
    for mask, colour, lab in groups:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            continue
        d = rows[mask]
        ax.errorbar(
            d[estimate], ypos[mask], xerr=np.vstack([d[estimate] - d[low], d[high] - d[estimate]]),
            fmt="o", ms=4, color=colour, label=lab,
        )  # fmt: skip
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(ypos, labels if labels is not None else [row_label(s) for s in rows["name"]], fontsize=FONT)
    ax.set_xlabel(xlabel, fontsize=FONT)
    if xlim:
        ax.set_xlim(*xlim)
    if xticks is not None:
        ax.set_xticks(xticks)
    else:
        ax.xaxis.set_major_locator(plt.MaxNLocator(nbins=5))  # tick labels with decimals apart at 9 pt
    decimal_comma(ax, "x", decimals)
    _legend_above(fig, ax, 2)
    return fig


def rank_interval_figure(panels: list[tuple[pd.DataFrame, str]]):
    """Regions' ranks with 95 % rank intervals, one panel per series, panels stacked.

    Each panel is at most 6,2 inches high and lower when there are several, so that the
    figure prints at full size (:data:`analysis.figures.PRINT_HEIGHT_IN`).
    """
    height = min(6.2 * len(panels), PRINT_HEIGHT_IN - 0.1)
    fig, axes = plt.subplots(len(panels), 1, figsize=(WIDTH, height), squeeze=False)
    for ax, (d, title) in zip(axes[:, 0], panels, strict=True):
        d = d.sort_values("rank").reset_index(drop=True)
        yp = np.arange(len(d))[::-1]
        ax.errorbar(
            d["rank"], yp, xerr=np.vstack([d["rank"] - d["rank_low"], d["rank_high"] - d["rank"]]),
            fmt="o", ms=4, color=PALETTE[0],
        )  # fmt: skip
        ax.set_yticks(yp, [region_name(c) for c in d["region_code"]], fontsize=FONT)
        ax.set_xlim(0.5, len(d) + 0.5)
        ax.set_xticks([1, *range(5, len(d) + 1, 5)])  # ranks are whole numbers
        ax.set_xlabel("Rang (1 = högst andel)", fontsize=FONT)
        ax.set_title(f"{title}, {int(d['year'].iloc[0])}", fontsize=10, loc="left")
        ax.grid(axis="y", visible=False)
        ax.tick_params(labelsize=FONT)
    fig.tight_layout()
    return fig


def heatmap_order(prof: pd.DataFrame) -> pd.DataFrame:
    """The heat map's columns: one row per profile indicator (source, id, title, year), numbered."""
    order = prof[["source", "indicator", "name", "year"]].drop_duplicates("indicator")
    order = order.sort_values(["source", "indicator"]).reset_index(drop=True)
    return order.assign(number=np.arange(1, len(order) + 1))


def heatmap_key(prof: pd.DataFrame) -> pd.DataFrame:
    """The key to the heat map's numbered columns, as a table for the page (site and PDF)."""
    order = heatmap_order(prof)
    return pd.DataFrame(
        {"Nr": order["number"].astype(str), "Indikator": [short_name(n, 90) for n in order["name"]],
         "År": order["year"].astype(str)}
    ).set_index("Nr")  # fmt: skip


#: The heat map's colour for a value the region lacks.
MISSING_GREY = "#9e9e9e"


def profile_heatmap(prof: pd.DataFrame):
    """Regions (rows) by profile indicator (numbered columns, key in :func:`heatmap_key`), coloured
    by the region's position among the regions; grey where the region has no value. Column
    numbers alternate above and below the map so that two-digit numbers never touch at 9 pt."""
    order = heatmap_order(prof)
    heat = prof.pivot_table(index="region_code", columns="indicator", values="position", aggfunc="first")
    heat = heat.reindex(index=list(REGION_CODES), columns=order["indicator"])
    n = heat.shape[1]
    values = heat.to_numpy(float)
    # costs have no better side: their own one-hue scale (darker = higher), never purple/brown
    direction = prof.drop_duplicates("indicator").set_index("indicator").get("direction")
    neutral = (
        (order["indicator"].map(direction) == "neutral").to_numpy()
        if direction is not None
        else np.zeros(n, bool)
    )
    scales = [(~neutral, "PuOr", "Övriga, bättre uppåt"), (neutral, "Blues", "Kostnader, högre uppåt")]
    scales = [sc for sc in scales if sc[0].any()]
    # the colour bars lie side by side under the map, so the map keeps the figure's width (on a
    # phone the figure is shrunk to the screen: bars beside it had taken two fifths of it)
    fig = plt.figure(figsize=(WIDTH, 0.24 * len(heat) + 2.0), layout="constrained")
    grid = fig.add_gridspec(2, len(scales), height_ratios=[0.24 * len(heat), 0.12])
    ax = fig.add_subplot(grid[0, :])
    # a missing value is not "average" (white in the map): grey under both scales
    grey = mcolors.ListedColormap([MISSING_GREY])
    ax.imshow(np.ma.masked_where(~np.isnan(values), np.zeros_like(values)), cmap=grey, aspect="auto")
    for k, (columns, name, label) in enumerate(scales):
        shown = np.ma.masked_invalid(np.where(columns[None, :], values, np.nan))
        im = ax.imshow(shown, cmap=name, vmin=-2.5, vmax=2.5, aspect="auto")
        cb = fig.colorbar(im, cax=fig.add_subplot(grid[1, k]), orientation="horizontal")
        cb.set_label(f"{label}\n(standardavvikelser)", fontsize=FONT)
        cb.ax.tick_params(labelsize=FONT)
        cb.set_ticks([-2, -1, 0, 1, 2])
        cb.ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _p: fmt_num(v, 0)))
    numbers = [str(k) for k in order["number"]]
    ax.set_xticks(np.arange(n), [t if k % 2 == 0 else "" for k, t in enumerate(numbers)], fontsize=FONT)
    ax.xaxis.tick_top()
    below = ax.secondary_xaxis("bottom")
    below.set_xticks(np.arange(n), [t if k % 2 == 1 else "" for k, t in enumerate(numbers)], fontsize=FONT)
    ax.set_yticks(np.arange(heat.shape[0]), [region_name(c) for c in heat.index], fontsize=FONT)
    ax.grid(False)
    return fig
