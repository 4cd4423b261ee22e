"""Tables as real tables in the site and the PDF.

A table reaches readers as MyST Markdown (a pipe table, optionally inside a ``{table}``
directive with a caption), glued by the chapter and parsed by Sphinx. Sphinx turns it into
an HTML ``<table>`` and, in the PDF, into a booktabs ``tabulary``/``longtable`` with the
column widths and alignment given by a ``{tabularcolumns}`` line, instead of a pandas text
dump in a verbatim box. Numbers are right-aligned, the row index becomes an ordinary first
column (no separate index-name row), every string from data is escaped, and wide tables are
set in a smaller font in the PDF.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from analysis.presentation.text import NBSP, escape_md, fmt_num

#: A number as the presentation layer writes it (decimal comma, narrow-space thousands, true minus).
_NUM = r"[+\-\u2212]?\d[\d\u202f\u00a0 ]*(?:[,.]\d+)?(?:\s?%)?"
_NUMERIC_CELL = re.compile(rf"(?:{_NUM}|–)(?:\s(?:till|–)\s{_NUM})?(?:\s\(.*\))?(?:\s?\*+)?")
_MISSING = {"", "–", "-", "—", "nan", "NaN", "None", "<NA>"}

#: Above this many columns a table is set in a smaller font in the PDF.
WIDE_COLUMNS = 5
#: Above this many rows Sphinx sets a LaTeX longtable (breaks across pages).
LONG_ROWS = 30
#: Above this many estimated text lines a table is set as a longtable too: a shorter table with
#: many wrapped cells is still taller than a page, and a tabulary cannot break.
PAGE_LINES = 45


def looks_numeric(text: str) -> bool:
    """Whether a formatted cell reads as a number, interval or estimate (and so is right-aligned)."""
    return bool(_NUMERIC_CELL.fullmatch(str(text).strip()))


def _is_year_column(name, values: pd.Series) -> bool:
    if "år" in str(name).lower() or "year" in str(name).lower():
        return True
    finite = values.dropna()
    return len(finite) > 0 and bool(((finite >= 1900) & (finite <= 2100) & (finite % 1 == 0)).all())


def format_cell(value, decimals: int = 1, year: bool = False) -> str:
    """One cell as reader text: Swedish numbers, years without separators, "–" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if year and float(value).is_integer():
            return str(int(value))
        return fmt_num(value, decimals)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalar
        return format_cell(value.item(), decimals, year)
    text = str(value)
    return "–" if text in _MISSING else text


def cell_texts(df: pd.DataFrame, decimals: dict | int | None = None) -> pd.DataFrame:
    """``df`` with the index as an ordinary first column and every cell as reader text.

    Numeric columns get ``decimals`` (a number, or a dict by column; default 0 for
    whole-number columns and 1 otherwise); years are written without a thousands separator.
    """
    table = df.copy()
    # an unnamed integer index is row numbering left over from filtering or sorting: not shown
    unnamed = all(n is None for n in table.index.names)
    keep_index = not (unnamed and pd.api.types.is_integer_dtype(table.index.dtype))
    if keep_index:
        names = [n if n is not None else "" for n in table.index.names]
        table.index = table.index.set_names(names) if len(names) > 1 else table.index.rename(names[0])
        table = table.reset_index()
    if isinstance(table.columns, pd.MultiIndex):
        table.columns = [" – ".join(str(p) for p in col if str(p)) for col in table.columns]
    out = {}
    for i, col in enumerate(table.columns):
        series = table.iloc[:, i]
        if pd.api.types.is_bool_dtype(series):
            out[i] = series.map(lambda v: format_cell(v))
        elif pd.api.types.is_numeric_dtype(series):
            d = decimals.get(col) if isinstance(decimals, dict) else decimals
            if d is None:
                finite = series.dropna()
                d = 0 if len(finite) and bool((finite % 1 == 0).all()) else 1
            year = _is_year_column(col, series)
            out[i] = series.map(lambda v, d=d, year=year: format_cell(v, d, year))
        else:
            out[i] = series.map(format_cell)
    result = pd.DataFrame(out)
    result.columns = [str(c) for c in table.columns]
    return result


def numeric_columns(cells: pd.DataFrame) -> list[bool]:
    """For each column of reader text: True when every filled cell reads as a number."""
    flags = []
    for i in range(cells.shape[1]):
        filled = [c for c in cells.iloc[:, i] if c.strip() not in _MISSING]
        flags.append(bool(filled) and all(looks_numeric(c) for c in filled))
    return flags


#: Long unbroken tokens (file names, source ids) get a break opportunity after these characters.
_BREAK_AFTER = re.compile(r"([/_@:.\-])(?=\S)")
ZWSP = "\u200b"
LONG_TOKEN = 18


def soft_breaks(text: str) -> str:
    """Let long identifiers wrap: a zero-width space after ``/ _ @ : . -`` in tokens over 18 characters."""
    return " ".join(
        _BREAK_AFTER.sub(rf"\1{ZWSP}", tok) if len(tok) > LONG_TOKEN else tok for tok in str(text).split(" ")
    )


def one_line(text) -> str:
    """``text`` on one line: runs of ASCII whitespace as one space. No-break spaces (in
    "95 % KI" and thousands) stay, so a number keeps its unit and digits on one line."""
    return _ASCII_SPACE.sub(" ", str(text)).strip()


_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


_BRACKETED_INTERVAL = re.compile(r"\([^()]*? till [^()]*?\)")
_BARE_INTERVAL = re.compile(r"(\d) till ([+\-\u2212]?\d)")
_KI = re.compile(r"95\s%\sKI")
KI_BOUND = "95\u00a0%\u00a0KI"
_LETTER = re.compile(r"[^\W\d_]")


def bind_intervals(text: str) -> str:
    """An interval never breaks inside: no-break spaces in "0,3 till 4,5" and in a bracketed
    interval such as "(95 % KI 0,4 till 3,8)". A narrow column may still put the whole interval
    on a line of its own, under its estimate (site and PDF alike). Brackets holding other words
    (a phrase that says "till") still wrap."""

    def bind(m: re.Match) -> str:
        other = _KI.sub("", m.group(0)).replace(" till ", " ")
        return m.group(0) if _LETTER.search(other) else m.group(0).replace(" ", NBSP)

    text = _BRACKETED_INTERVAL.sub(bind, str(text))
    return _BARE_INTERVAL.sub(rf"\1{NBSP}till{NBSP}\2", text)


def _cell_md(text: str) -> str:
    """A cell as pipe-table Markdown: escaped, on one line, long identifiers breakable."""
    return soft_breaks(escape_md(one_line(text)))


#: Page geometry for LaTeX column widths (Sphinx's A4 text width, cell padding, average glyph width).
LINE_PT = 453.0
PAD_PT = 12.0
CHAR_PT = {"normal": 5.0, "small": 4.1}


def _latex_fractions(cells: pd.DataFrame, small: bool = False) -> list[float]:
    """Each column's share of the text width: at least its longest unbreakable word,
    the rest shared by content length (sqrt-damped)."""
    char = CHAR_PT["small" if small else "normal"]
    mins, weights = [], []
    for i, col in enumerate(cells.columns):
        # split at plain spaces only: a no-break space binds its words, and so does the PDF's
        # typesetting in "95 % KI" (a header of its own in many tables)
        words = [w for c in [col, *cells.iloc[:, i]] for w in _KI.sub(KI_BOUND, str(c)).split(" ")]
        # a long token gets break opportunities (soft_breaks); a bound interval does not
        need = max((len(w) if NBSP in w else min(len(w), LONG_TOKEN) for w in words), default=1)
        mins.append((need * char + PAD_PT) / LINE_PT)
        body = max((len(str(c)) for c in cells.iloc[:, i]), default=1)
        weights.append(math.sqrt(max(min(body, 60), need)))
    total_min = sum(mins)
    if total_min >= 1:
        return [m / total_min for m in mins]
    spare = 1 - total_min
    return [m + spare * w / sum(weights) for m, w in zip(mins, weights, strict=True)]


def estimated_lines(cells: pd.DataFrame, small: bool = False) -> int:
    """Rough height of the table in the PDF, in text lines (header included): each row as
    tall as its most wrapped cell at the widths of :func:`_latex_fractions`."""
    char = CHAR_PT["small" if small else "normal"]
    widths = [max(f * LINE_PT - PAD_PT, char) for f in _latex_fractions(cells, small)]

    def height(texts) -> int:
        return max(math.ceil(max(len(str(t)), 1) * char / w) for t, w in zip(texts, widths, strict=True))

    return height(cells.columns) + sum(height(row) for row in cells.itertuples(index=False))


def _latex_colspec(cells: pd.DataFrame, right: list[bool], small: bool = False) -> str:
    """A ``tabularcolumns`` spec from :func:`_latex_fractions`; numbers right-aligned."""
    fracs = _latex_fractions(cells, small)
    parts = []
    for frac, r in zip(fracs, right, strict=True):
        align = r"\raggedleft" if r else r"\raggedright"
        parts.append(rf">{{{align}\arraybackslash}}\Y{{{frac:.3f}}}")
    return "".join(parts)


def table_markdown(
    df: pd.DataFrame,
    *,
    caption: str | None = None,
    label: str | None = None,
    decimals: dict | int | None = None,
    markdown_columns: tuple[str, ...] = (),
    stack: bool = False,
) -> str:
    """``df`` as a MyST pipe table (in a ``{table}`` directive when it has a caption).

    Strings are escaped with :func:`~analysis.presentation.text.escape_md`, except in
    ``markdown_columns`` (cells that the chapter itself wrote as Markdown, e.g. links).
    ``label`` names the table for ``{numref}`` (only with a caption). ``stack``: on a phone
    each row is shown as a block of "header: value" lines instead of a table that scrolls
    sideways (class ``gnv-stack``, see ``site_assets``); for a comparison a reader must see whole.
    """
    cells = cell_texts(df, decimals).map(bind_intervals)
    if cells.shape[1] == 0:
        raise ValueError("a table needs at least one column")
    if cells.shape[0] == 0:  # Sphinx cannot set a table without rows; say so instead
        note = f"{_cell_md(caption)}: inga" if caption else "Inga"
        return f"*{note} uppgifter att visa.*\n"
    right = numeric_columns(cells)
    header = "| " + " | ".join(_cell_md(c) or " " for c in cells.columns) + " |"
    rule = "|" + "|".join("---:" if r else ":---" for r in right) + "|"
    rows = []
    for _, row in cells.iterrows():
        texts = [
            one_line(v).replace("|", "\\|") if col in markdown_columns else _cell_md(v)
            for col, v in zip(cells.columns, row, strict=True)
        ]
        rows.append("| " + " | ".join(texts) + " |")
    pipe = "\n".join([header, rule, *rows])
    classes = ["gnv-table"]
    wide = cells.shape[1] > WIDE_COLUMNS
    long = len(rows) > LONG_ROWS or estimated_lines(cells, small=wide) > PAGE_LINES
    if long:
        classes.append("longtable")
    if stack:
        classes.append("gnv-stack")
    spec = _latex_colspec(cells, right, small=wide)
    blocks = []
    if wide:
        blocks.append("```{raw} latex\n\\begingroup\\footnotesize\n```")
    blocks.append(f"```{{tabularcolumns}} {spec}\n```")
    if caption:
        opts = [f":class: {' '.join(classes)}"]
        if label:
            opts.append(f":name: {label}")
        blocks.append("````{table} " + _cell_md(caption) + "\n" + "\n".join(opts) + "\n\n" + pipe + "\n````")
    elif long or stack:  # a directive without a title only to carry the classes (unnumbered)
        blocks.append("````{table}\n:class: " + " ".join(classes) + "\n\n" + pipe + "\n````")
    else:
        blocks.append(pipe)
    if wide:
        blocks.append("```{raw} latex\n\\endgroup\n```")
    return "\n\n".join(blocks) + "\n"


def table_display(df: pd.DataFrame, **kwargs):
    """:func:`table_markdown` wrapped for ``myst_nb.glue`` (IPython Markdown)."""
    from IPython.display import Markdown

    return Markdown(table_markdown(df, **kwargs))


__all__ = [
    "bind_intervals",
    "cell_texts",
    "format_cell",
    "looks_numeric",
    "numeric_columns",
    "table_display",
    "table_markdown",
]
