"""The ledger on the page: the protocol's numbers, tables and words (HTML and PDF).

The reproduction protocol (``chapters/reproduktionsprotokoll.md``) only places what these
functions return: :func:`protocol_numbers` (every number in its prose, as text),
:func:`status_table`, :func:`protocol_view`, :func:`checks_view` and :func:`claims_view` (its
tables) and :func:`bilaga1_texts` (the worked example). :class:`DualTable` renders a table as
HTML with links and filter attributes on the site and as a Markdown table in the PDF.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.ledger import STATUS_SV, STATUSES, VERDICTS, check_summary, fmt_short, status_counts
from analysis.presentation.references import element_ref, readable_ids, report_name, report_ref
from analysis.presentation.text import fmt_num, with_unit


def chapter_label(chapter: str) -> str:
    """Short Swedish label of a chapter stem: ``kap14_…`` -> ``Kap. 14``."""
    m = re.match(r"kap(\d+)_", chapter)
    if m:
        return f"Kap. {int(m.group(1))}"
    m = re.match(r"bilaga(\d+)_", chapter)
    if m:
        return f"Bilaga {int(m.group(1))}"
    return chapter.replace("_", " ").capitalize()


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.replace("ö", "o").lower()).strip("-")


def protocol_numbers(ledger: pd.DataFrame, checks: pd.DataFrame, claims: pd.DataFrame, coverage) -> dict:
    """Every number the protocol's prose uses, as Swedish text, by glue key (``rp-…``)."""
    counts = status_counts(ledger).set_index("status")["n"]
    out = {f"rp-n-{_key(s)}": int(counts[s]) for s in STATUSES}
    figtab = ledger["kind"] != "text"
    out |= {
        "rp-n-element": len(ledger),
        "rp-n-jamforelser": int(checks["within"].notna().sum()),
        "rp-n-inom": int(checks["within"].fillna(False).sum()),
        "rp-n-saknas": int(checks["within"].isna().sum()),
        "rp-n-figtab-001": int((figtab & (ledger["report"] == "001")).sum()),
        "rp-n-figtab-004": int((figtab & (ledger["report"] == "004")).sum()),
        "rp-n-text": int((~figtab).sum()),
        "rp-n-oberoende": int(ledger["method"].str.startswith("recomputed").sum()),
        "rp-n-narliggande": int(ledger["method"].str.startswith("compared with a related").sum()),
        "rp-n-aritmetik": int((ledger["method"] == "arithmetic check of the report's own numbers").sum()),
        "rp-n-kontrolltyper": int(checks["check"].nunique()),
        "rp-claims-n": len(claims),
    }
    verdicts = claims["verdict"].value_counts().reindex(VERDICTS, fill_value=0)
    out |= {f"rp-claims-{_key(v)}": int(n) for v, n in verdicts.items()}
    out |= {
        "rp-tackning-visade": int(coverage["shown"].sum()),
        "rp-tackning-numeriska": len(coverage),
        "rp-tackning-rapport": report_name("001"),
        "rp-tackning-andel": fmt_num(100 * coverage["shown"].mean(), 0) if len(coverage) else "–",
    }
    return {k: str(v) for k, v in out.items()}


#: Row groups of the status table: (report, running text?) -> Swedish label.
STATUS_GROUPS = {
    ("001", False): "Vårdanalys (2025), figurer och tabeller",
    ("001", True): "Vårdanalys (2025), löptext",
    ("004", False): "Socialstyrelsen (2023), figurer, tabeller och bilagor",
    ("004", True): "Socialstyrelsen (2023), löptext",
}


def status_table(ledger: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Elements per status and part of the reports, with totals: (shown table, its data)."""
    group = [STATUS_GROUPS[(r, k == "text")] for r, k in zip(ledger["report"], ledger["kind"], strict=True)]
    table = pd.crosstab(ledger["status"], pd.Series(group, index=ledger.index, name="grupp"))
    table = table.reindex(index=STATUSES, columns=list(STATUS_GROUPS.values()), fill_value=0)
    table["Totalt"] = table.sum(axis=1)
    table.loc["totalt"] = table.sum()
    shown = table.copy()
    shown.index = [STATUS_SV.get(s, "Totalt") for s in table.index]
    return shown.reset_index(names="Status"), table.reset_index()


def shown_text(coverage: pd.DataFrame) -> pd.Series:
    """Per element id: where the compendium shows it ("figur i Kap. 7"), or "nej"."""
    kinds = {"figure": "figur", "table": "tabell"}
    out = {}
    for r in coverage.itertuples(index=False):
        if not r.shown:
            out[r.element] = "nej"
            continue
        what = " och ".join(dict.fromkeys(kinds.get(k, k) for k in r.shown_as.split(";")))
        where = ", ".join(chapter_label(c) for c in r.shown_in.split(";"))
        out[r.element] = f"{what} i {where}"
    return pd.Series(out, dtype=object)


def protocol_view(ledger: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The protocol table: one element per row, readable columns plus link/filter helpers (``_…``)."""
    shown = shown_text(coverage)
    rank = {s: i for i, s in enumerate(STATUSES)}
    return pd.DataFrame(
        {
            "Element": ledger["element"].map(element_ref),
            "Status": ledger["status_sv"],
            "Jämförda / tryckta värden": [
                f"{c} / {n}" if n else "–"
                for c, n in zip(ledger["n_compared"], ledger["n_report_values"], strict=True)
            ],
            "Visas": ledger["element"].map(shown).fillna("–"),
            "Kapitel": ledger["chapter"].map(chapter_label),
            "Beskrivning": ledger["title"].map(readable_ids),
            "Rapportens värden": ledger["report_values"],
            "Kompendiets värden": ledger["compendium_values"],
            "Metod": ledger["method_sv"],
            "Tolerans": ledger["tolerance"],
            "Skäl": ledger["reason"].map(readable_ids),
            "_link": ledger["link"],
            "_chapter": ledger["chapter"],
            "_rank": ledger["status"].map(rank),
        }
    )


def protocol_data(ledger: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The ledger with the coverage columns (shown, where, as what): the protocol table's data file."""
    cols = ["element", "shown", "shown_in", "shown_as"]
    return ledger.merge(coverage[cols], on="element", how="left")


def checks_view(checks: pd.DataFrame) -> pd.DataFrame:
    """Comparisons per element and kind of check, readable."""
    s = check_summary(checks)
    return pd.DataFrame(
        {
            "Element": s["element"].map(element_ref),
            "Jämförelse": s["description"].map(readable_ids),
            "Slag": s["method"].map({"independent": "oberoende data", "arithmetic": "aritmetik"}),
            "Antal": s["n"],
            "Inom tolerans": s["n_within"],
            "Saknas": s["n_missing"],
            "Tolerans": [fmt_short(t) for t in s["tolerance"]],
            "Största avvikelse": [fmt_short(d) for d in s["max_abs_difference"]],
            "Enhet": s["unit"],
        }
    )


def claims_view(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with their rule, data, numbers and verdict, readable."""
    return pd.DataFrame(
        {
            "Id": claims["claim"],
            "Påstående": claims["statement_sv"],
            "Källa": claims["source"].map(readable_ids),
            "Regel": claims["rule_sv"],
            "Data": claims["data_source"].map(readable_ids),
            "Siffror": claims["numbers"],
            "Bedömning": claims["verdict"],
        }
    )


#: The four comparisons of 004 Bilaga 1 that the protocol's worked example describes.
BILAGA1_CHECKS = {
    "bilaga1_own_change_kolada": "andring",
    "bilaga1_own_2021_kolada": "atagande",
    "bilaga1_net_2021_kolada": "netto",
    "bilaga1_net_2015_skr": "skr",
}


def bilaga1_texts(checks: pd.DataFrame) -> dict:
    """Glue texts for the worked example (004 Bilaga 1): counts, the level gap and its outcome."""
    s = check_summary(checks)
    b1 = s[s["element"] == "004 Bilaga 1"].set_index("check")
    out = {}
    for check, key in BILAGA1_CHECKS.items():
        out[f"rp-b1-{key}-inom"] = str(int(b1.loc[check, "n_within"]))
        out[f"rp-b1-{key}-n"] = str(int(b1.loc[check, "n"]))
    lvl = checks[(checks["check"] == "bilaga1_own_2021_kolada") & checks["difference"].notna()]["difference"]
    lo, hi = float(lvl.min()), float(lvl.max())
    if lo > 0:
        out["rp-b1-niva"] = f"ligger {fmt_num(lo, 1)} till {fmt_num(hi, 1)} procentenheter över rapportens"
    elif hi < 0:
        out["rp-b1-niva"] = f"ligger {fmt_num(-hi, 1)} till {fmt_num(-lo, 1)} procentenheter under rapportens"
    else:
        out["rp-b1-niva"] = (
            f"skiljer sig från rapportens med {fmt_num(lo, 1)} till {fmt_num(hi, 1)} procentenheter"
        )
    lv = b1.loc[["bilaga1_own_2021_kolada", "bilaga1_net_2021_kolada"]]
    if (lv["n_within"] == 0).all():
        out["rp-b1-niva-utfall"] = "går däremot inte att återskapa"
    elif (lv["n_within"] == lv["n"]).all():
        out["rp-b1-niva-utfall"] = "går också att återskapa"
    else:
        out["rp-b1-niva-utfall"] = "går bara delvis att återskapa"
    return out


def protocol_tables(ledger: pd.DataFrame, checks: pd.DataFrame, claims: pd.DataFrame, coverage: pd.DataFrame):
    """The protocol's four tables as ``{name: (DualTable, data)}``, in page order (G.1–G.4).

    The PDF gets fewer, wider columns (``md_columns``); the CSV behind each has every column.
    """
    status, status_data = status_table(ledger)
    return {
        "reproduktion-status": (DualTable(status, "reproduktion-status-tabell"), status_data),
        "reproduktion-protokoll": (
            DualTable(
                protocol_view(ledger, coverage),
                "reproduktion-protokoll-tabell",
                stack=True,
                links={"Kapitel": "_link"},
                doc_links={"Kapitel": "_chapter"},
                row_attrs={"status": "Status", "rank": "_rank"},
                md_columns=["Element", "Status", "Visas", "Kapitel", "Beskrivning"],
                md_widths=[14, 15, 13, 12, 30],
            ),
            protocol_data(ledger, coverage),
        ),
        "reproduktion-jamforelser": (
            DualTable(
                checks_view(checks),
                "reproduktion-jamforelser-tabell",
                stack=True,
                md_columns=["Element", "Jämförelse", "Antal", "Inom tolerans", "Enhet"],
                md_widths=[14, 50, 8, 10, 18],
            ),
            checks,
        ),
        "reproduktion-pastaenden": (
            DualTable(
                claims_view(claims),
                "reproduktion-pastaenden-tabell",
                stack=True,
                md_columns=["Id", "Påstående", "Siffror", "Bedömning"],
                md_widths=[6, 31, 46, 17],  # "Bedömning" and "kan inte prövas" unhyphenated
            ),
            claims,
        ),
    }


#: Where each protocol table's numbers are computed, and by which rule.
TABLE_CODE = {
    "reproduktion-status": ("analysis.presentation.ledger.status_table", "ledger"),
    "reproduktion-protokoll": ("analysis.ledger.build_ledger", "ledger"),
    "reproduktion-jamforelser": ("analysis.ledger.run_checks", "ledger"),
    "reproduktion-pastaenden": ("analysis.ledger.evaluate_claims", "ledger_claims"),
}


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
    #: on a phone, each row a block of "header: value" lines (class ``gnv-stack``), so the key
    #: column is never scrolled out of sight
    stack: bool = False

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
        classes = "ledger-table gnv-stack docutils" if self.stack else "ledger-table docutils"
        return (
            f'<div class="ledger-wrap"><table id="{self.table_id}" class="{classes}">'
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
        # column widths and alignment for the PDF as tables.table_markdown gives them: without
        # a spec LaTeX justifies narrow cells and hyphenates short words ("To-talt")
        from analysis.presentation.tables import _latex_colspec, numeric_columns

        cells = self.df[cols].map(lambda v: "" if pd.isna(v) else str(v))
        right = numeric_columns(cells)
        lines = [
            f"```{{tabularcolumns}} {_latex_colspec(cells, right)}\n```",
            "",
            "| " + " | ".join(_md_escape(c) for c in cols) + " |",
            "|" + "|".join("---:" if r else ":---" for r in right) + "|",
        ]
        for _, r in self.df.iterrows():
            lines.append("| " + " | ".join(self._md_cells(r, cols)) + " |")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.df.to_string()


_WITHIN_SV = {True: "inom toleransen", False: "utanför toleransen"}


def comparisons_table(checks: pd.DataFrame, elements: list[str], name: str) -> dict:
    """Every printed value of ``elements`` the ledger compares, beside the compendium's value.

    A chapter shows the elements this way when the report prints only a few values of a figure
    (its levels have no labels): the table holds all of them, so it is marked as showing them.
    """
    from analysis.presentation.notebook import publication

    rows = checks[checks["element"].isin(elements)].reset_index(drop=True)
    if rows.empty:
        raise LookupError(f"no ledger comparisons for {elements}")
    table = pd.DataFrame(
        {
            "Element": rows["element"].map(lambda e: element_ref(e).split(", ", 1)[1].capitalize()),
            "Värde": rows["item"],
            "Rapporten": [
                with_unit(fmt_short(v), u) for v, u in zip(rows["report_value"], rows["unit"], strict=True)
            ],
            "Kompendiet": [
                "saknas" if pd.isna(v) else with_unit(fmt_short(v), u)
                for v, u in zip(rows["compendium_value"], rows["unit"], strict=True)
            ],
            # a tolerance on a share is a distance in percentage points
            "Tolerans": [
                with_unit(fmt_short(t), "procentenheter" if u == "procent" else u)
                for t, u in zip(rows["tolerance"], rows["unit"], strict=True)
            ],
            "Utfall": [
                _WITHIN_SV.get(None if pd.isna(w) else bool(w), "kan inte prövas") for w in rows["within"]
            ],
        }
    ).set_index("Element")
    return publication(
        table,
        rows,
        name,
        f"{report_ref(elements[0].split()[0])}; kompendiets jämförelser (reproduktionsprotokollet)",
        "analysis.ledger.framework.run_checks",
        "ledger",
        shows=list(elements),
        stack=True,  # the report's value beside ours: read whole on a phone, not scrolled
    )
