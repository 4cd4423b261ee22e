"""Socialstyrelsen's 12 core indicators for the goals (Socialstyrelsen 2026, tabell 1) against our data.

The report lists the indicators and the goals they follow, without values. The committed
list ``data-raw/core_indicators_003.csv`` transcribes it (page and seed line per row) and
says which of the analysis sheet's series measure the same thing (``sheet_ids``, ``;``
between several). For those, the table adds the latest national value from the tidy Kolada
table and, where the series is modelled, its effect since the reform and the robust verdict
(:mod:`analysis.robust`). An id that is not a Kolada series but one of the report's panel
series in the robust table (e.g. ``has_ordinary_doctor_65plus``) takes its latest printed
value from there. The rest are shown as the report prints them.
"""

from __future__ import annotations

import pandas as pd

from analysis.findings import effect_phrase, latest_spread


def core_indicator_table(
    core: pd.DataFrame, sheet: pd.DataFrame, robust: pd.DataFrame, kolada: pd.DataFrame, min_regions: int
) -> pd.DataFrame:
    """One row per core indicator and matching series (an indicator without data keeps one row).

    Columns: the list's columns plus ``in_data`` (bool), ``series_id``, ``series_name``,
    ``from_report`` (a survey series transcribed from the report, not Kolada), ``unit``,
    ``year``, ``national``, ``change`` (effect phrase or empty) and ``verdict``.
    A series named in the list but absent from the data is an error: the table would
    otherwise claim a recomputation it does not show. ``min_regions``: ``models.min_regions``
    (:func:`analysis.findings.latest_spread`).
    """
    names = sheet.set_index("id")
    models = robust.set_index("indicator")
    rows = []
    for r in core.itertuples(index=False):
        ids = [i for i in r.sheet_ids.split(";") if i]
        base = dict(r._asdict(), in_data=bool(ids))
        if not ids:
            rows.append(
                base
                | dict.fromkeys(["series_id", "series_name", "unit", "change", "verdict"], "")
                | {"from_report": False, "year": pd.NA, "national": float("nan")}
            )
            continue
        panel = [
            i for i in ids if i not in names.index and i in models.index and models.at[i, "kind"] == "panel"
        ]
        found = latest_spread(kolada, [i for i in ids if i not in panel], min_regions)
        latest = found.set_index("indicator") if len(found) else pd.DataFrame()
        missing = [i for i in ids if i not in panel and (i not in latest.index or i not in names.index)]
        if missing:
            raise ValueError(
                f"data-raw/core_indicators_003.csv, row number {r.number}, column sheet_ids: series "
                f"{missing} have no values in the data (neither a Kolada series nor a report panel series)"
            )
        for i in ids:
            res = models.loc[i] if i in models.index else None
            src = models if i in panel else names
            year, value = (
                (res["last_year"], res["last_value"]) if i in panel else latest.loc[i, ["year", "national"]]
            )
            rows.append(
                base
                | {
                    "series_id": i,
                    "series_name": src.at[i, "name_sv"],
                    "from_report": i in panel,
                    "unit": src.at[i, "unit"],
                    "year": int(year),
                    "national": float(value),
                    "change": effect_phrase(res) if res is not None else "",
                    "verdict": res["verdict"] if res is not None else "",
                }
            )
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    return out
