"""The government's four key indicators as readers see them (chapter *Nyckelindikatorer*)."""

from __future__ import annotations

import pandas as pd

from analysis.presentation.text import fmt_interval, fmt_num, unit_decimals, unit_label


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
            "Regionerna, lägst till högst": [
                "–" if pd.isna(lo) else fmt_interval(lo, hi, unit_decimals(u))
                for lo, hi, u in zip(key["region_min"], key["region_max"], key["unit"], strict=True)
            ],
            "Förändring": key["change"],
            "Bedömning": key["verdict"],
            "Källa": key["source"],
        }
    )
