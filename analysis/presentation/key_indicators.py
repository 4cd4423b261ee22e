"""The government's four key indicators as readers see them (chapter *Nyckelindikatorer*)."""

from __future__ import annotations

import pandas as pd

from analysis.presentation.text import fmt_num, fmt_span, join_sv, lower_first, unit_decimals, unit_label
from analysis.presentation.verdicts import special_wave_note


def key_table(key: pd.DataFrame) -> pd.DataFrame:
    """The key-indicator table (rule ``findings``' ``key_indicators``) with Swedish headers.

    Levels in their unit's precision (:func:`unit_decimals`); the regions' range is a dash
    where the latest year has too few regions (``analysis.findings.latest_spread``).
    """
    return pd.DataFrame(
        {
            "Indikator": key["name_sv"],
            "År": key["year"].astype(str),
            "Riket": [
                f"{fmt_num(v, unit_decimals(u))} {unit_label(u)}"
                for v, u in zip(key["national"], key["unit"], strict=True)
            ],
            "Regionerna, lägst–högst": [
                fmt_span(lo, hi, unit_decimals(u))
                for lo, hi, u in zip(key["region_min"], key["region_max"], key["unit"], strict=True)
            ],
            "Förändring": key["change"],
            "Bedömning": key["verdict"],
            "Källa": key["source"],
        }
    )


def wave_notes(key: pd.DataFrame, sheet: pd.DataFrame) -> str:
    """A caveat for the rows whose latest year is a special survey wave of their series (empty if
    none); rows with the same caveat share one sentence that names them all."""
    rows: dict[str, list[str]] = {}
    for name, ind, year in zip(key["name_sv"], key["key"], key["year"], strict=True):
        if pd.notna(year) and (note := special_wave_note(sheet, ind, int(year))):
            rows.setdefault(note, []).append(name)
    return " ".join(
        f"{join_sv([names[0], *map(lower_first, names[1:])])}: {lower_first(note)}"
        for note, names in rows.items()
    )
