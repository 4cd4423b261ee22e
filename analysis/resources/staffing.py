"""Staff in primary care from Socialstyrelsen (2023), tabell 2–4: the report's tables reshaped.

The compendium has no register of licensed staff, so these are the report's printed values
(transcribed with OCR corrections in ``data-raw/transcriptions/004_tabell*.csv``), only
reshaped into the tables the chapter shows. Series ids follow the transcription:
``<setting>_pc_<group>_per_100k`` and ``..._change_2015_2020_pct`` (Tabell 2 and 3),
``regional_hsv_share_in_pc_<group>`` and ``..._change_2015_2020_pp`` (Tabell 4).
"""

from __future__ import annotations

import pandas as pd

#: Staff groups in the report's order, with their Swedish names.
GROUPS = {
    "nurses": "Sjuksköterskor",
    "district_nurses": "varav distriktssköterskor",
    "doctors": "Läkare",
    "gps": "varav specialister i allmänmedicin",
    "other_licensed": "Övriga legitimerade",
    "all_licensed": "Alla legitimerade",
}
#: Settings of Tabell 2 and 3, with their Swedish names.
SETTINGS = {"regional": "Region", "municipal": "Kommun", "combined": "Region och kommun"}


def _element(report_values: pd.DataFrame, element: str) -> pd.DataFrame:
    rows = report_values[(report_values["report"] == "004") & (report_values["element"] == element)]
    if rows.empty:
        raise ValueError(f"004 {element} is not in the report values")
    return rows


def staff_per_100k(report_values: pd.DataFrame) -> pd.DataFrame:
    """Tabell 2 as one row per staff group: per 100 000 inhabitants in 2020 and % change 2015–2020, by setting.

    Columns ``group`` (Swedish) and, per setting, ``<setting>_per_100k`` and
    ``<setting>_change_pct``; NaN where the report prints nothing (e.g. no 2015 value for
    district nurses, no doctors in municipal care).
    """
    t2 = _element(report_values, "Tabell 2").set_index("series")["value"]
    rows = []
    for g, name in GROUPS.items():
        row = {"group": name}
        for s in SETTINGS:
            row[f"{s}_per_100k"] = t2.get(f"{s}_pc_{g}_per_100k")
            row[f"{s}_change_pct"] = t2.get(f"{s}_pc_{g}_change_2015_2020_pct")
        if any(pd.notna(v) for k, v in row.items() if k != "group"):
            rows.append(row)
    return pd.DataFrame(rows).astype({c: float for c in rows[0] if c != "group"})


def staff_change_by_county(report_values: pd.DataFrame) -> pd.DataFrame:
    """Tabell 3: % change 2015–2020 in licensed staff relative to population, per county and setting.

    One row per county (``region_code``, ``region``) with ``regional``, ``municipal`` and
    ``combined``; the country's row (``Totalt``) last.
    """
    t3 = _element(report_values, "Tabell 3").copy()
    t3["setting"] = t3["series"].str.split("_").str[0]
    t3["region_code"] = t3["region_code"].replace("", "00")
    wide = t3.pivot_table(index=["region_code", "group"], columns="setting", values="value", aggfunc="first")
    wide = wide.reset_index().rename(columns={"group": "region"})
    wide["is_total"] = wide["region_code"] == "00"
    wide = wide.sort_values(["is_total", "region"]).drop(columns="is_total").reset_index(drop=True)
    return wide[["region_code", "region", *[s for s in SETTINGS if s in wide.columns]]]


def staff_share_in_primary_care(report_values: pd.DataFrame) -> pd.DataFrame:
    """Tabell 4: share of the region's health-care staff working in primary care 2020, and its pp change."""
    t4 = _element(report_values, "Tabell 4").set_index("series")["value"]
    rows = []
    for g, name in GROUPS.items():
        level = t4.get(f"regional_hsv_share_in_pc_{g}")
        if pd.notna(level):
            change = t4.get(f"regional_hsv_share_in_pc_{g}_change_2015_2020_pp")
            rows.append({"group": name, "share_pct": float(level), "change_pp": change})
    return pd.DataFrame(rows, columns=["group", "share_pct", "change_pp"]).astype({"change_pp": float})
