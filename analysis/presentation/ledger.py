"""The ledger on the page: chapter labels and the protocol's filterable table (HTML and PDF)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd


def chapter_label(chapter: str) -> str:
    """Short Swedish label of a chapter stem: ``kap14_…`` -> ``Kap. 14``."""
    m = re.match(r"kap(\d+)_", chapter)
    if m:
        return f"Kap. {int(m.group(1))}"
    m = re.match(r"bilaga(\d+)_", chapter)
    if m:
        return f"Bilaga {int(m.group(1))}"
    return chapter.replace("_", " ").capitalize()


# --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|$#])")


def _md_escape(text) -> str:
    out = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
    # a leading list marker or numbered-list start would turn a cell into a list
    out = re.sub(r"^([-+])(?=\s)", r"\\\1", out)
    return re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", out)


@dataclass
class DualTable:
    """A table that renders as HTML on the site and as a Markdown table in the PDF.

    ``links`` maps a column to another column holding a site-relative URL (HTML only);
    ``doc_links`` maps a column to a column holding a chapter stem, rendered as a ``{doc}``
    reference in the Markdown (PDF) table; ``md_columns`` selects the PDF's columns.
    ``row_attrs`` maps a ``data-*`` attribute name to a column (used by the site's filter).
    Columns whose names start with ``_`` are helpers and are not shown. With ``md_widths``
    the PDF table is a ``list-table`` with those relative column widths, so that long
    tables (LaTeX ``longtable``) wrap their cells instead of running off the page.
    """

    df: pd.DataFrame
    table_id: str
    links: dict[str, str] = field(default_factory=dict)
    doc_links: dict[str, str] = field(default_factory=dict)
    md_columns: list[str] | None = None
    row_attrs: dict[str, str] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    md_widths: list[int] | None = None

    def _visible(self) -> list[str]:
        """Columns shown: all but helper columns (names starting with ``_``) and ``hidden``."""
        return [c for c in self.df.columns if not str(c).startswith("_") and c not in self.hidden]

    def _repr_html_(self) -> str:
        cols = self._visible()
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
        body = []
        for _, r in self.df.iterrows():
            attrs = "".join(
                f' data-{a}="{html.escape(str(r[c]), quote=True)}"' for a, c in self.row_attrs.items()
            )
            cells = []
            for c in cols:
                text = html.escape("" if pd.isna(r[c]) else str(r[c]))
                if c in self.links and str(r[self.links[c]]):
                    text = f'<a href="{html.escape(str(r[self.links[c]]), quote=True)}">{text}</a>'
                cells.append(f"<td>{text}</td>")
            body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
        return (
            f'<div class="ledger-wrap"><table id="{self.table_id}" class="ledger-table docutils">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def _md_cells(self, r: pd.Series, cols: list[str]) -> list[str]:
        cells = []
        for c in cols:
            text = _md_escape("" if pd.isna(r[c]) else r[c])
            if c in self.doc_links and str(r[self.doc_links[c]]):
                label = re.sub(r"[`<>]", "", str(r[c]))
                text = f"{{doc}}`{label} <{r[self.doc_links[c]]}>`"
            cells.append(text)
        return cells

    def _repr_markdown_(self) -> str:
        cols = self.md_columns or self._visible()
        if self.md_widths:
            if len(self.md_widths) != len(cols):
                raise ValueError(f"{len(self.md_widths)} widths for {len(cols)} columns")
            lines = [
                "```{list-table}",
                ":header-rows: 1",
                ":widths: " + " ".join(str(w) for w in self.md_widths),
                "",
                "* - " + "\n  - ".join(_md_escape(c) for c in cols),
            ]
            for _, r in self.df.iterrows():
                cells = [c if c.strip() else "–" for c in self._md_cells(r, cols)]
                lines.append("* - " + "\n  - ".join(cells))
            lines.append("```")
            return "\n".join(lines)
        lines = ["| " + " | ".join(_md_escape(c) for c in cols) + " |", "|" + "---|" * len(cols)]
        for _, r in self.df.iterrows():
            lines.append("| " + " | ".join(self._md_cells(r, cols)) + " |")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.df.to_string()
