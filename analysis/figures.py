"""Figure and table publishing for the chapters: one look, Swedish numbers, provenance.

Chapters draw; this module makes every figure and table carry the same things: the data
drawn as CSV (written next to the results, copied into the site), a source line with the
data vintage, a link to the code that computed the numbers, and alt text. ``publish``
glues the figure under ``name`` and the provenance line under ``name + "-prov"`` so the
chapter can place both with ``{glue:figure}`` and ``{glue:md}``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Sequence
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd

from analysis.presentation.references import shown_sentence
from analysis.presentation.text import escape_md, fmt_num, fmt_pct  # noqa: F401  (re-exported for chapters)

#: Okabe–Ito palette: distinguishable with the common colour-vision deficiencies, prints in grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]

#: Where chapters write the data behind their figures (the book rule copies it into the site).
FIGDATA_DIR = Path(os.environ.get("GNV_FIGDATA_DIR", "results/figdata"))

#: Site-relative location of figure data and code, as seen from any page (all pages sit at the site root).
SITE_DATA_PREFIX = "_static/data"
SITE_CODE_PREFIX = "_static/code"


def setup() -> None:
    """Apply the compendium's matplotlib style: palette, readable sizes, decimal comma.

    Figures are kept as vectors: SVG for the site and PDF for the book (myst-nb picks the
    right one per builder), so text stays sharp at any zoom and in print.
    """
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", "pdf")
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "axes.formatter.use_locale": False,
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 110,
            "savefig.dpi": 150,
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.color": "#dddddd",
            "legend.frameon": False,
            # fixed ids in SVG output (the default salt is random per process), so two builds of
            # the same data give byte-identical pages; dates follow SOURCE_DATE_EPOCH
            "svg.hashsalt": "god-och-nara-vard",
        }
    )


def decimal_comma(ax, axis: str = "y", decimals: int | None = None) -> None:
    """Use Swedish decimal commas on an axis' tick labels.

    With fixed ``decimals``, matplotlib's default ticks are kept to values that the labels can
    show (no 7,5 printed as "8"): multiples of 10^-decimals (:class:`_Multiples`).
    """

    def _fmt(v, _pos):
        d = decimals if decimals is not None else (0 if float(v).is_integer() else 1)
        return fmt_num(v, d)

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(mticker.FuncFormatter(_fmt))
    if decimals is not None and type(target.get_major_locator()) is mticker.AutoLocator:
        target.set_major_locator(_Multiples(decimals))


class _Multiples(mticker.MaxNLocator):
    """matplotlib's default ticks restricted to multiples of 10^-decimals: whole ticks on a
    scaled axis (``integer=True``), scaled back."""

    def __init__(self, decimals: int):
        super().__init__("auto", steps=[1, 2, 2.5, 5, 10], integer=True, min_n_ticks=2)
        self.scale = 10.0**decimals

    def tick_values(self, vmin, vmax):
        return super().tick_values(vmin * self.scale, vmax * self.scale) / self.scale


def hbars(
    ax, labels, values, *, xmax: float | None = None, decimals: int = 0, colour=None, texts=None, fontsize=9
) -> None:
    """Horizontal bars with each value printed at the end of its bar (Swedish numbers).

    The first label is drawn at the bottom; ``xmax`` fixes the axis (e.g. 100 for percentages);
    ``colour`` is one colour or one per bar; ``texts`` replaces the printed values.
    """
    values = [float(v) for v in values]
    colours = colour if isinstance(colour, str) or colour is None else list(colour)
    ax.barh(list(labels), values, color=colours or PALETTE[0])
    pad = 0.01 * (xmax or max(values, default=1) or 1)
    texts = list(texts) if texts is not None else [fmt_num(v, decimals) for v in values]
    for y, (v, text) in enumerate(zip(values, texts, strict=True)):
        ax.text(v + pad, y, text, va="center", fontsize=fontsize)
    if xmax is not None:
        ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _p: fmt_num(v, 0)))
    ax.grid(axis="y", visible=False)


def grouped_bars(
    ax,
    data: pd.DataFrame,
    category: str,
    group: str,
    value: str,
    *,
    labels: str | None = None,
    horizontal=True,
) -> None:
    """Bars of ``value`` per ``category`` side by side for each ``group``, each labelled at its end.

    ``labels`` names a column with the text to print (default: the value, Swedish, no decimals);
    categories keep their order of appearance (the first at the top when horizontal).
    """
    cats = list(dict.fromkeys(data[category]))
    groups = list(dict.fromkeys(data[group]))
    if horizontal:
        cats = cats[::-1]
    width = 0.8 / len(groups)
    top = float(data[value].max())
    for i, (g, colour) in enumerate(zip(groups, PALETTE, strict=False)):
        d = data[data[group] == g].set_index(category).reindex(cats)
        offset = (len(groups) - 1) / 2 - i if horizontal else i - (len(groups) - 1) / 2
        pos = [j + offset * width for j in range(len(cats))]
        if horizontal:
            ax.barh(pos, d[value], height=width, color=colour, label=g)
        else:
            ax.bar(pos, d[value], width=width, color=colour, label=g)
        for p, (_, row) in zip(pos, d.iterrows(), strict=True):
            if pd.isna(row[value]):
                continue
            text = str(row[labels]) if labels else fmt_num(row[value], 0)
            if horizontal:
                ax.text(row[value] + 0.01 * top, p, text, va="center", fontsize=9)
            else:
                ax.text(p, row[value] + 0.015 * top, text, ha="center", fontsize=9)
    if horizontal:
        ax.set_yticks(range(len(cats)), cats)
        ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _p: fmt_num(v, 0)))
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(range(len(cats)), cats)
        ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _p: fmt_num(v, 0)))
        ax.grid(axis="x", visible=False)
    ax.legend(ncols=len(groups), loc="lower center", bbox_to_anchor=(0.5, 1.0))


def _code_link(code: str) -> str:
    """Link to the function that computed the numbers, given as ``package.module.function``.

    The target is the copy of the package that the book build puts in ``_static/code``, i.e.
    the code exactly as it was when the site was built (the commit is in the colophon). A name
    re-exported by a subpackage (``analysis.ledger.build_ledger``) links to the file that
    defines it.
    """
    module, _, func = code.rpartition(".")
    if not module.startswith("analysis"):
        raise ValueError(f"code must be a dotted path 'analysis.<module>.<function>', got {code!r}")
    return f"[koden som räknade fram dem]({SITE_CODE_PREFIX}/{_defining_file(module, func)})"


def _defining_file(module: str, func: str) -> str:
    """Path (under the package's parent) of the file that defines ``module.func`` (not imported)."""
    from analysis.codedeps import defining_file

    root = Path(__file__).resolve().parent.parent
    return defining_file(root, module, func).relative_to(root).as_posix()


def provenance_line(
    name: str,
    source: str,
    code: str,
    vintage: str | None = None,
    shows: Sequence[str] = (),
) -> str:
    """The Swedish provenance line shown under a figure or table (site and PDF).

    It links the data and the file of the code, in words; the function's dotted name and the
    workflow rule, which auditors need but readers do not, are in the data's JSON sidecar
    beside the CSV (written by :func:`publish` and :func:`publish_table`).

    ``shows`` lists the report elements the figure or table shows (ledger ids such as
    ``"001 Fig 40"``); the line then opens with "Återger Vårdanalys (2025), figur 40.", which
    the reproduction ledger's coverage reads back from the built site.
    """
    parts = [escape_md(shown_sentence(shows))] if shows else []
    parts.append(f"Källa: {escape_md(source)}.")  # source and vintage may carry data text: escaped
    if vintage:
        parts.append(f"Dataårgång: {escape_md(vintage)}.")
    parts.append(f"Data: [{name}.csv]({SITE_DATA_PREFIX}/{name}.csv) och {_code_link(code)}.")
    return " ".join(parts)


#: Width of the PDF's text block (A4, Sphinx's margins): wider figures are scaled down to it.
PRINT_WIDTH_IN = 6.27
#: Smallest text size at print size, in points.
MIN_TEXT_PT = 9.0
#: Tallest figure the PDF prints at full size: 85 % of the text height (``_config.yml``'s
#: LaTeX preamble caps taller figures there, which shrinks their text below :data:`MIN_TEXT_PT`).
#: The text height, 700,5 pt, is what the A4 book's LaTeX log reports (``\textheight``).
PRINT_HEIGHT_IN = 0.85 * 700.5 / 72.27


def min_font_size(fig) -> float:
    """Smallest font size (pt) at which a figure's text still prints at :data:`MIN_TEXT_PT`."""
    width = fig.get_size_inches()[0]
    return MIN_TEXT_PT * max(1.0, width / PRINT_WIDTH_IN)


def make_legible(fig) -> int:
    """Raise every text of ``fig`` (ticks, labels, legends, annotations) to :func:`min_font_size`.

    A figure wider than the PDF's text block is printed smaller, so its text must be drawn
    larger; the layout is redone when the figure uses ``tight_layout`` (or none). Returns how
    many texts were enlarged.
    """
    from matplotlib.text import Text

    floor = min_font_size(fig)
    # Tick labels get their text at draw time; setting them is all a draw would add here, at
    # about a quarter of a draw's cost (the figures carry no layout engine that a draw runs).
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            axis.get_ticklabels(which="both")
    raised = 0
    for text in fig.findobj(Text):
        if text.get_text() and text.get_visible() and text.get_fontsize() < floor - 1e-6:
            text.set_fontsize(floor)
            raised += 1
    for ax in fig.axes:  # tick labels are re-created at draw time from the tick params
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_ticklabels()
            if ticks and ticks[0].get_fontsize() < floor - 1e-6:
                axis.set_tick_params(labelsize=floor)
    engine = fig.get_layout_engine()
    if raised and (engine is None or type(engine).__name__ == "TightLayoutEngine"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "not compatible with tight_layout" for odd axes
            fig.tight_layout()
    return raised


def spread(values: Sequence[float], gap: float) -> list[float]:
    """Positions as close to ``values`` as possible with at least ``gap`` between neighbours.

    Crowded values are pushed apart as a block centred on their mean (the least-squares
    placement), which keeps labels in the points' order; returned in the input's order.
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    blocks: list[list[float]] = []  # [first position, count, sum of the members' values]
    for i in order:
        blocks.append([values[i], 1, values[i]])
        while len(blocks) > 1 and blocks[-2][0] + blocks[-2][1] * gap > blocks[-1][0]:
            last = blocks.pop()
            block = blocks[-1]
            block[1] += last[1]
            block[2] += last[2]
            block[0] = block[2] / block[1] - (block[1] - 1) * gap / 2
    placed = [b[0] + k * gap for b in blocks for k in range(b[1])]
    out = [0.0] * len(values)
    for i, pos in zip(order, placed, strict=True):
        out[i] = pos
    return out


def label_points(ax, x, y, labels, fontsize: float) -> None:
    """Name points to their left, labels spread vertically so none covers another.

    Lay the figure out first: the gap is one line of ``fontsize`` in data units of the axes
    as drawn. A label moved off its point gets a thin leader line.
    """
    height_pt = ax.get_window_extent().height * 72 / ax.figure.dpi
    low, high = ax.get_ylim()
    gap = 1.2 * fontsize * (high - low) / height_pt
    for xi, yi, ty, text in zip(x, y, spread(list(y), gap), labels, strict=True):
        ax.annotate(
            text,
            (xi, yi),
            xytext=(xi - 0.04 * (ax.get_xlim()[1] - ax.get_xlim()[0]), ty),
            fontsize=fontsize,
            ha="right",
            va="center",
            arrowprops={"arrowstyle": "-", "color": "#888888", "lw": 0.5, "shrinkB": 3},
        )


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether two boxes (x0, y0, x1, y1) overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(a: tuple, b) -> bool:
    """Whether box ``a`` lies within box ``b`` (both x0, y0, x1, y1)."""
    return b[0] <= a[0] and a[2] <= b[2] and b[1] <= a[1] and a[3] <= b[3]


def _label_offsets(w: float, h: float) -> list[tuple[float, float]]:
    """Candidate offsets (pixels) of a label's lower left corner from its point: beside it first,
    then a wider ring from which a leader line points back (see :func:`place_labels`)."""
    near = [(4, 2), (4, -h - 2), (-w - 4, 2), (-w - 4, -h - 2), (4, h + 2), (4, -2 * h - 2)]
    far = [
        (d * sx - (w if sx < 0 else 0), d * sy - (h if sy < 0 else 0))
        for d in (1.5 * h, 2.5 * h, 3.5 * h)
        for sx, sy in ((1, 1), (1, -1), (-1, 1), (-1, -1))
    ]
    return near + far


def place_labels(ax, xs, ys, labels, fontsize: float = 9.0, avoid=None, avoid_lines: bool = False) -> None:
    """Annotate points so that a label covers neither another label nor a point (greedy, top down).

    Each label takes the first free offset of :func:`_label_offsets` inside the axes: beside its
    point, else further out with a thin leader line to the point, so a label never sits beside a
    point it does not name. ``avoid``: (xs, ys) of the other points drawn, which labels must not
    cover. ``avoid_lines``: keep labels off the lines drawn before the call where an offset allows
    it (a funnel's limits, whose crossing a reader compares with the points; not for light
    reference lines at zero, which would only send labels away on leader lines).
    """
    from matplotlib.transforms import Bbox

    ax.figure.canvas.draw()
    shown = [ln for ln in ax.get_lines() if ln.get_visible()] if avoid_lines else []
    lines = [ln.get_transform().transform_path(ln.get_path()) for ln in shown]

    def clear_of_lines(c: tuple) -> bool:
        box = Bbox.from_extents(*c)
        return not any(path.intersects_bbox(box, filled=False) for path in lines)

    dpi = ax.figure.dpi
    pts = [ax.transData.transform((x, y)) for x, y in zip(xs, ys, strict=True)]
    others = (
        [ax.transData.transform((x, y)) for x, y in zip(*avoid, strict=True)] if avoid is not None else []
    )
    r = 3 * dpi / 72  # a marker's half width
    marks = [(px - r, py - r, px + r, py + r) for px, py in [*pts, *others]]
    boxes: list[tuple] = []  # the labels placed so far
    frame = ax.bbox.extents  # labels stay inside the axes (above them is the title)
    near = 6
    for i in sorted(range(len(pts)), key=lambda j: -pts[j][1]):
        (px, py), lab = pts[i], labels[i]
        w, h = len(lab) * fontsize * 0.55 * dpi / 72, fontsize * 1.25 * dpi / 72
        offsets = _label_offsets(w, h)
        others_marks = marks[:i] + marks[i + 1 :]  # its own point does not count
        # a label keeps most of a line's height from every other point, so that it cannot be
        # read as naming that one; only when no offset allows that may it come closer to one
        # that its leader line passes
        m = 0.75 * h
        roomy = [(a - m, b - m, c + m, d + m) for a, b, c, d in others_marks]
        candidates = [(px + dx, py + dy, px + dx + w, py + dy + h) for dx, dy in offsets]
        free = [
            k
            for clear in (clear_of_lines, lambda _c: True)
            for obstacles in (boxes + roomy, boxes + others_marks)
            for k, c in enumerate(candidates)
            if _inside(c, frame) and clear(c) and not any(_overlap(c, o) for o in obstacles)
        ]
        k = free[0] if free else 0  # none free: beside the point
        dx, dy = offsets[k]
        boxes.append(candidates[k])
        xy = ax.transData.inverted().transform((px, py))
        leader = (
            {"arrowstyle": "-", "lw": 0.6, "color": "0.35", "shrinkA": 1, "shrinkB": 3} if k >= near else None
        )
        ax.annotate(
            lab,
            xy,
            xytext=(dx * 72 / dpi, dy * 72 / dpi),
            textcoords="offset points",
            fontsize=fontsize,
            arrowprops=leader,
        )


def overlapping_labels(fig, share: float = 0.05) -> list[str]:
    """Neighbouring tick labels of one axis that cover each other in ``fig`` as last drawn.

    Two labels overlap when their boxes share more than ``share`` of the smaller label's
    height (y axis) or width (x axis); a touch of the boxes' margins is not counted. Labels
    that :func:`make_legible` enlarged can crowd a short axis (21 region names), so every
    published figure is measured and the result kept with its data (tested on the build).
    Returns ``"'a' / 'b'"`` per overlapping pair.
    """
    renderer = fig.canvas.get_renderer()
    found = []
    for ax in fig.axes:
        for axis, along, across in (
            (ax.yaxis, "intervaly", "intervalx"),
            (ax.xaxis, "intervalx", "intervaly"),
        ):
            boxes = [(t.get_window_extent(renderer), t.get_text()) for t in axis.get_ticklabels()]
            boxes = sorted((b for b in boxes if b[1]), key=lambda b: getattr(b[0], along)[0])
            for (a, ta), (b, tb) in itertools.pairwise(boxes):
                (a0, a1), (b0, b1) = getattr(a, along), getattr(b, along)
                (c0, c1), (d0, d1) = getattr(a, across), getattr(b, across)
                if min(a1, b1) - max(a0, b0) > share * min(a1 - a0, b1 - b0) and min(c1, d1) > max(c0, d0):
                    found.append(f"'{ta}' / '{tb}'")
    return found


def _write_data(data: pd.DataFrame, name: str, **meta) -> Path:
    """Write the CSV (for Swedish Excel), an xlsx with Swedish headers and a JSON sidecar
    (metadata + checksum) for the site's Data page."""
    from analysis.presentation.downloads import write_csv, write_xlsx

    FIGDATA_DIR.mkdir(parents=True, exist_ok=True)
    path = FIGDATA_DIR / f"{name}.csv"
    write_csv(data, path)
    write_xlsx(
        data, path.with_suffix(".xlsx"), title=meta.get("alt") or name, source=meta.get("source") or ""
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sidecar = {"name": name, "rows": len(data), "sha256": digest, **meta}
    (FIGDATA_DIR / f"{name}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1))
    return path


def data_digest(data: pd.DataFrame) -> str:
    """SHA-256 of ``data`` as CSV (index left out): ties a figure drawn ahead to the data published with it."""
    return hashlib.sha256(data.to_csv(index=False).encode("utf-8")).hexdigest()


def render(fig, data: pd.DataFrame) -> dict:
    """Draw ``fig`` ahead of its page: the display bundle a notebook stores for it (SVG, PDF, text).

    For figures that a workflow rule draws once per content (rule ``region_figures``) and a
    page places later with :func:`publish` (as :class:`Drawn`). The caller lays the figure out
    to fill its canvas (as :func:`analysis.presentation.region_pages.trend_figure` does), so
    it is printed at its own size: the tight crop of a live figure draws it once more per
    format only to measure it, a third of the region figures' cost. Call :func:`setup` first.
    Returns a JSON-ready dict with the bundle and the digest of ``data``, exactly what is drawn.
    """
    from IPython.core.pylabtools import print_figure

    make_legible(fig)
    bundle = {
        "application/pdf": print_figure(fig, "pdf", bbox_inches=None, base64=True),
        "image/svg+xml": print_figure(fig, "svg", bbox_inches=None),
        "text/plain": repr(fig),
    }
    overlaps = overlapping_labels(fig)
    plt.close(fig)
    return {"data_sha256": data_digest(data), "bundle": bundle, "metadata": {}, "overlaps": overlaps}


class Drawn:
    """A figure rendered by :func:`render`, displayed (and glued) exactly as the live figure was."""

    def __init__(self, rendered: dict):
        self.rendered = rendered

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.rendered["bundle"], self.rendered["metadata"]


def publish(
    fig,
    data: pd.DataFrame,
    name: str,
    *,
    source: str,
    alt: str,
    code: str,
    rule: str | None = None,
    vintage: str | None = None,
    shows: Sequence[str] = (),
) -> str:
    """Write ``data`` (exactly what is drawn) to CSV and glue the figure and its provenance.

    ``fig``: a matplotlib figure, or a :class:`Drawn` figure, which must have been drawn from
    ``data`` (its digest is checked, so a stale drawing stops the page).
    ``shows``: the report elements the figure shows (see :func:`provenance_line`).

    In the chapter, place them with::

        ```{glue:figure} <name>
        :name: fig-<name>
        :alt: <alt text>

        Caption. {glue:md}`<name>-prov`
        ```
    """
    from myst_nb import glue

    if not isinstance(fig, Drawn):
        fig = _drawn(fig, name)
    elif fig.rendered["data_sha256"] != data_digest(data):
        raise ValueError(f"figure {name} was drawn from other data than the data published with it")
    _write_data(
        data,
        name,
        kind="figure",
        source=source,
        code=code,
        rule=rule,
        vintage=vintage,
        alt=alt,
        shows=list(shows),
        overlapping_labels=fig.rendered.get("overlaps", []),
    )
    line = provenance_line(name, source, code, vintage, shows)
    glue(name, fig, display=False)
    glue(f"{name}-prov", _md(line), display=False)
    return line


def _drawn(fig, name: str) -> Drawn:
    """``fig`` made legible and drawn for display (SVG, PDF, text), or its last drawing when
    nothing in it changed (:mod:`analysis.figure_cache`; keyed before drawing, so a kept figure
    costs no draw at all); the figure is closed."""
    from IPython.core.formatters import format_display_data

    from analysis import figure_cache

    key = figure_cache.figure_key(fig)
    rendered = figure_cache.kept(name, key)
    if rendered is None:
        make_legible(fig)
        bundle, metadata = format_display_data(fig)
        rendered = {"bundle": bundle, "metadata": metadata, "overlaps": overlapping_labels(fig)}
        figure_cache.keep(name, key, rendered)
    plt.close(fig)
    return Drawn(rendered)


def publish_table(
    table: pd.DataFrame,
    data: pd.DataFrame,
    name: str,
    *,
    source: str,
    code: str,
    rule: str | None = None,
    vintage: str | None = None,
    caption: str | None = None,
    decimals: dict | int | None = None,
    markdown_columns: tuple[str, ...] = (),
    shows: Sequence[str] = (),
    stack: bool = False,
) -> str:
    """Write ``data`` to CSV and glue ``table`` as a real table and its provenance line.

    ``shows``: the report elements the table shows (see :func:`provenance_line`).
    ``stack``: rows as blocks on phones (see :func:`analysis.presentation.tables.table_markdown`).

    ``table`` (a DataFrame, its index shown as the first column) is rendered by
    :func:`analysis.presentation.tables.table_markdown`: a Markdown table that becomes an HTML
    table on the site and a booktabs table in the PDF. Place with::

        ```{glue:} <name>
        ```
        {glue:md}`<name>-prov`
    """
    from myst_nb import glue

    from analysis.presentation.tables import table_display

    _write_data(
        data, name, kind="table", source=source, code=code, rule=rule, vintage=vintage, shows=list(shows)
    )
    line = provenance_line(name, source, code, vintage, shows)
    if isinstance(table, pd.DataFrame):
        table = table_display(
            table, caption=caption, decimals=decimals, markdown_columns=markdown_columns, stack=stack
        )
    glue(name, table, display=False)
    glue(f"{name}-prov", _md(line), display=False)
    return line


def _md(text: str):
    from IPython.display import Markdown

    return Markdown(text)


def swedish_table(df: pd.DataFrame, decimals: dict[str, int] | int = 1) -> pd.DataFrame:
    """A copy of ``df`` with numeric columns formatted as Swedish strings for display."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]):
            d = decimals.get(col, 1) if isinstance(decimals, dict) else decimals
            out[col] = out[col].map(lambda v, d=d: fmt_num(v, d))
    return out
