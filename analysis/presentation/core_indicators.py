"""Socialstyrelsen's core indicators (2026, tabell 1) as a reader table, and the counts the prose names."""

from __future__ import annotations

import pandas as pd

from analysis.presentation.notebook import publication
from analysis.presentation.text import NBSP, counted, fmt_num, unit_label

SOURCE = "Socialstyrelsen (2026), tabell 1, s. 15–16"
NOT_IN_DATA = "Finns inte i kompendiets data"


def _value(r) -> str:
    if pd.isna(r.national):
        return ""
    decimals = 0 if r.unit.startswith("antal/100 000") else 1
    unit = unit_label(r.unit)
    return f"{fmt_num(r.national, decimals)}{NBSP}{unit} ({int(r.year)})"


def table_core_indicators(t: pd.DataFrame) -> dict:
    """One row per indicator and series: the report's list beside our value, change and verdict."""
    # an indicator with two series takes two rows, each naming it: on a phone each row is a block
    shown = pd.DataFrame(
        {
            "Nr": [str(n) for n in t["number"]],
            "Indikator (mål)": [f"{r.indicator} ({r.goals})" for r in t.itertuples()],
            "Kompendiets serie": [
                f"{r.series_name} ({r.comparison})" if r.in_data else NOT_IN_DATA for r in t.itertuples()
            ],
            "Riket, senaste år": [_value(r) for r in t.itertuples()],
            "Förändring sedan reformen och bedömning": [
                "; ".join(x for x in (r.change, r.verdict) if isinstance(x, str) and x)
                for r in t.itertuples()
            ],
        }
    )
    return publication(
        shown.set_index("Nr"),
        t,
        "kap05-karnindikatorer",
        f"{SOURCE}; Kolada (RKA)" + ("; Vårdanalys (2025)" if t["from_report"].any() else ""),
        "analysis.core_indicators.core_indicator_table",
        "core_indicators_003",
        stack=True,  # five columns of phrases: on a phone each indicator a block, nothing off screen
    )


def core_texts(t: pd.DataFrame) -> dict[str, str]:
    """How many of the indicators the compendium recomputes, and from which sources its series come."""
    per = t.drop_duplicates("number")
    series = t[t["in_data"]]
    report = int(series["from_report"].sum())
    total = counted(len(series), "serie", "serier")
    return {
        "kap05-k-n": fmt_num(len(per), 0),
        "kap05-k-data": fmt_num(per["in_data"].sum(), 0),
        "kap05-k-ej": fmt_num((~per["in_data"]).sum(), 0),
        # "7 serier (6 ur Kolada och 1 ur rapportens enkäter)": an indicator can have two series
        "kap05-k-serier": (
            f"{total} ({fmt_num(len(series) - report, 0)} ur Kolada och {fmt_num(report, 0)} ur rapportens enkäter)"
            if report
            else f"{total} ur Kolada"
        ),
        "kap05-k-kallor": "Kolada och rapportens enkäter" if report else "Kolada",
    }
