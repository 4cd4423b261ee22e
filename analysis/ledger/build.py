"""The ledger itself: one row per report element with its values, method, status and reason.

:func:`build_ledger` runs the spec's checks (:mod:`analysis.ledger.framework`) and summarises
them per element in short Swedish text (the ledger is published as a CSV for readers too).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis.ledger.framework import (
    CHECKS,
    INDEPENDENT,
    METHOD_SV,
    RELATED,
    STATUS_SV,
    STATUSES,
    Inputs,
    derive_method,
    derive_status,
    element_kind,
    run_checks,
    split_element_id,
)
from analysis.presentation.text import fmt_num

LEDGER_COLUMNS = [
    "element",
    "report",
    "kind",
    "title",
    "map_class",
    "n_report_values",
    "report_values",
    "compendium_values",
    "method",
    "method_sv",
    "tolerance",
    "n_compared",
    "n_within",
    "n_missing",
    "status",
    "status_sv",
    "reason",
    "chapter",
    "anchor",
    "link",
]


def fmt_short(v: float, unit: str = "") -> str:
    """A number for the summaries: integers as such, else three significant digits (Swedish style);
    a year (unit ``år``) as written, without a thousands separator."""
    if pd.isna(v):
        return "–"
    v = float(v)
    if unit == "år" and abs(v - round(v)) < 1e-9:
        return str(round(v))
    if abs(v - round(v)) < 1e-9:
        return fmt_num(v, 0)
    dmax = min(3, max(0, 2 - math.floor(math.log10(abs(v)))))
    target = round(v, dmax)
    decimals = next(d for d in range(dmax + 1) if abs(round(v, d) - target) < 1e-9)
    return fmt_num(v, decimals)


def summarise_values(values: pd.Series, units: pd.Series, max_list: int = 4) -> str:
    """Short Swedish summary: the values when few, else count and range per unit."""
    df = pd.DataFrame({"v": values.astype(float).to_numpy(), "u": units.astype(str).to_numpy()}).dropna()
    if df.empty:
        return "–"
    if len(df) <= max_list:
        parts = []
        for unit, g in df.groupby("u", sort=False):
            parts.append(", ".join(fmt_short(v, unit) for v in g["v"]) + f" {unit}")
        return "; ".join(parts)
    parts = []
    for unit, g in df.groupby("u", sort=False):
        n = len(g)
        rng = (
            fmt_short(g["v"].min(), unit)
            if g["v"].min() == g["v"].max()
            else f"{fmt_short(g['v'].min(), unit)} till {fmt_short(g['v'].max(), unit)}"
        )
        parts.append(f"{n} {'värde' if n == 1 else 'värden'}, {rng} {unit}")
    return "; ".join(parts)


def _tolerance_text(ch: pd.DataFrame) -> str:
    if ch.empty:
        return "–"
    parts = []
    for (_, unit), g in ch.groupby(["check", "unit"], sort=False):
        tols = g["tolerance"].dropna()
        if tols.empty:
            continue
        t = (
            fmt_short(tols.iloc[0])
            if tols.nunique() == 1
            else f"{fmt_short(tols.min())}–{fmt_short(tols.max())}"
        )
        sign = "≥ −" if (g["relation"] == "ge").all() else "±"
        parts.append(f"{sign}{t} {unit}")
    return "; ".join(dict.fromkeys(parts))


def _reason(status: str, ch: pd.DataFrame, spec_reason: str) -> str:
    """Swedish reason text: the outcome of the comparisons, then the spec's explanation."""
    compared = ch[ch["within"].notna()]
    text = ""
    if len(compared):
        n, k = len(compared), int(compared["within"].sum())
        if k == n:
            text = {
                1: "Jämförelsen ligger inom toleransen.",
                2: "Båda jämförelserna ligger inom toleransen.",
            }.get(n, f"Alla {n} jämförelser ligger inom toleransen.")
        else:
            bad = compared[~compared["within"].astype(bool)]
            excess = (bad["difference"].abs() - bad["tolerance"]).fillna(0)
            worst = bad.loc[excess.idxmax()]
            head = (
                "Jämförelsen ligger utanför toleransen."
                if n == 1
                else f"{k} av {n} jämförelser ligger inom toleransen."
            )
            # an arithmetic check recomputes the report's own numbers; only independent data are "the compendium's"
            ours = (
                "kompendiet"
                if worst["method"] in (INDEPENDENT, RELATED)
                else "omräknat ur rapportens egna tal"
            )
            text = (
                f"{head} Största avvikelse: {worst['item']}, rapporten {fmt_short(worst['report_value'])}, "
                f"{ours} {fmt_short(worst['compendium_value'])} {worst['unit']}."
            )
    missing = ch.loc[ch["within"].isna(), "item"]
    if len(missing):
        items = ", ".join(dict.fromkeys(missing))
        what = "En jämförelse saknar" if len(missing) == 1 else f"{len(missing)} jämförelser saknar"
        text += f" {what} värde ({items})."
    if spec_reason:
        text += " " + spec_reason
    if not text.strip():
        text = {
            "transcribed only": "Värdena är transkriberade ur rapporten; kompendiet har ingen oberoende källa att jämföra dem med.",
            "not reproducible": "Rapportens text har inga avläsbara värden för elementet.",
            "shown with open data": "Rapportens figur har inga avläsbara värden; kompendiet visar samma mått ur öppna data.",
            "no numbers": "Elementet innehåller inga siffror.",
        }.get(status, "")
    return text.strip()


def chapter_link(chapter: str, anchor: str = "") -> str:
    """Site-relative link target of a chapter (all pages sit at the site root)."""
    return f"{chapter}.html" + (f"#{anchor}" if anchor else "")


def build_ledger(spec: pd.DataFrame, inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger (one row per spec element, :data:`LEDGER_COLUMNS`) and its checks."""
    checks = run_checks(spec, inputs)
    rows = []
    for s in spec.itertuples(index=False):
        report, el = split_element_id(s.element)
        vals = inputs.values(report, el)
        n_cat = len(inputs.categorical_cells(report, el))
        n_values = len(vals) + n_cat
        ch = checks[checks["element"] == s.element]
        status = derive_status(n_values, ch["within"].tolist(), ch["method"].tolist(), s.map_class, s.anchor)
        method = derive_method(n_values, ch["within"].tolist(), ch["method"].tolist())
        rep_summary = summarise_values(vals["value"], vals["unit"]) if len(vals) else ""
        n_corr = int((vals["status"] == "corrected").sum()) if len(vals) else 0
        if n_corr:
            rep_summary += f" (varav {n_corr} OCR-{'korrigerat' if n_corr == 1 else 'korrigerade'})"
        if n_cat:
            rep_summary = "; ".join(x for x in (rep_summary, f"{n_cat} kategoriska celler") if x)
        rep_summary = rep_summary or "–"
        compared = ch[ch["within"].notna()]
        rows.append(
            {
                "element": s.element,
                "report": report,
                "kind": element_kind(s.element),
                "title": s.title,
                "map_class": s.map_class,
                "n_report_values": n_values,
                "report_values": rep_summary,
                "compendium_values": summarise_values(ch["compendium_value"], ch["unit"]) if len(ch) else "–",
                "method": method,
                "method_sv": METHOD_SV[method],
                "tolerance": _tolerance_text(ch),
                "n_compared": len(compared),
                "n_within": int(compared["within"].sum()) if len(compared) else 0,
                "n_missing": int(ch["within"].isna().sum()),
                "status": status,
                "status_sv": STATUS_SV[status],
                "reason": _reason(status, ch, s.reason),
                "chapter": s.chapter,
                "anchor": s.anchor,
                "link": chapter_link(s.chapter, s.anchor),
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS), checks


def status_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Number of elements per status (all statuses, in display order)."""
    counts = ledger["status"].value_counts().reindex(STATUSES, fill_value=0)
    return pd.DataFrame(
        {"status": counts.index, "status_sv": [STATUS_SV[s] for s in counts.index], "n": counts.values}
    )


def check_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per element and check: comparisons, within tolerance, missing, tolerance and largest |difference|."""
    if checks.empty:
        return pd.DataFrame(
            columns=[
                "element",
                "check",
                "description",
                "method",
                "n",
                "n_within",
                "n_missing",
                "tolerance",
                "max_abs_difference",
                "unit",
            ]
        )
    g = checks.groupby(["element", "check"], sort=False)
    out = g.agg(
        n=("within", lambda w: int(w.notna().sum())),
        n_within=("within", lambda w: int(w.fillna(False).sum())),
        n_missing=("within", lambda w: int(w.isna().sum())),
        tolerance=("tolerance", "max"),
        max_abs_difference=("difference", lambda d: float(d.abs().max()) if d.notna().any() else math.nan),
        unit=("unit", "first"),
        method=("method", "first"),
    ).reset_index()
    out.insert(2, "description", out["check"].map(lambda c: CHECKS[c].description))
    return out


# --------------------------------------------------------------------------------------
# Claims
