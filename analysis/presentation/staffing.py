"""Staff in primary care (Socialstyrelsen 2023, tabell 2–4) as reader tables, and the numbers the prose names.

The values are the report's (:mod:`analysis.resources.staffing` only reshapes them); chapter 8
shows them because staff are primary care's other resource.
"""

from __future__ import annotations

import pandas as pd

from analysis.figures import swedish_table
from analysis.presentation.notebook import publication
from analysis.presentation.text import fmt_num, fmt_signed
from analysis.resources.staffing import staff_change_by_county, staff_per_100k, staff_share_in_primary_care

S23 = "Socialstyrelsen (2023)"
_SETTING_HEAD = {"regional": "Region", "municipal": "Kommun", "combined": "Region och kommun"}


def _staff(shown: pd.DataFrame, data: pd.DataFrame, name: str, table: str, func: str) -> dict:
    return publication(
        shown, data, name, f"{S23}, {table}", f"analysis.resources.staffing.{func}", "report_values"
    )


def table_staff(rv: pd.DataFrame) -> dict:
    """Tabell 2: licensed staff per 100 000 inhabitants 2020 and change 2015–2020, by setting."""
    t = staff_per_100k(rv)
    cols = {}
    for s, head in _SETTING_HEAD.items():
        cols[f"{s}_per_100k"] = f"{head}, per 100 000"
        cols[f"{s}_change_pct"] = f"{head}, förändring %"
    shown = swedish_table(t.rename(columns=cols), 0).set_index("group").rename_axis("Yrkesgrupp")
    return _staff(
        shown, t, "kap08-personal", "tabell 2 (Socialstyrelsens register och SCB)", "staff_per_100k"
    )


def table_staff_counties(rv: pd.DataFrame) -> dict:
    """Tabell 3: change 2015–2020 in licensed staff relative to population, per county."""
    t = staff_change_by_county(rv)
    shown = t.assign(region=t["region"].replace("Totalt", "Riket")).set_index("region").rename_axis("Län")
    shown = swedish_table(shown.drop(columns="region_code").rename(columns=_SETTING_HEAD), 0)
    return _staff(
        shown,
        t,
        "kap08-personal-lan",
        "tabell 3 (fyra värden rättade mot bilaga 2–4)",
        "staff_change_by_county",
    )


def table_staff_share(rv: pd.DataFrame) -> dict:
    """Tabell 4: share of the regions' health-care staff who work in primary care."""
    t = staff_share_in_primary_care(rv)
    shown = t.rename(
        columns={
            "share_pct": "Andel i primärvården 2020, %",
            "change_pp": "Förändring 2015–2020, procentenheter",
        }
    )
    shown = swedish_table(shown, 1).set_index("group").rename_axis("Yrkesgrupp")
    return _staff(shown, t, "kap08-personal-andel", "tabell 4", "staff_share_in_primary_care")


def staff_texts(rv: pd.DataFrame) -> dict[str, str]:
    """The staff numbers the chapter's prose names (from the report's tables)."""
    t2 = staff_per_100k(rv).set_index("group")
    t3 = staff_change_by_county(rv)
    reg = t3[t3["region_code"] != "00"]
    t4 = staff_share_in_primary_care(rv).set_index("group")
    allg = "Alla legitimerade"
    return {
        "kap08-pers-reg": fmt_num(t2.at[allg, "regional_per_100k"], 0),
        "kap08-pers-reg-chg": fmt_signed(t2.at[allg, "regional_change_pct"], 0),
        "kap08-pers-kom": fmt_num(t2.at[allg, "municipal_per_100k"], 0),
        "kap08-pers-kom-chg": fmt_signed(t2.at[allg, "municipal_change_pct"], 0),
        "kap08-pers-tot-chg": fmt_signed(t2.at[allg, "combined_change_pct"], 0),
        "kap08-pers-n-minskat": fmt_num((reg["combined"] < 0).sum(), 0),
        "kap08-pers-n-lan": fmt_num(reg["combined"].notna().sum(), 0),
        "kap08-pers-andel": fmt_num(t4.at[allg, "share_pct"], 1),
        "kap08-pers-andel-chg": fmt_num(t4.at[allg, "change_pp"], 1),
    }
