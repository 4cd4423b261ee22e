"""Funding flows from the report's tables: municipal health-care costs and state grants."""

from __future__ import annotations

import pandas as pd

from analysis.resources.checks import regional_primary_care_mnkr
from analysis.resources.definitions import _report_rows

# --------------------------------------------------------------------------------------
# Municipal health care and state grants (funding flows)
# --------------------------------------------------------------------------------------


def municipal_costs(report_values: pd.DataFrame) -> pd.DataFrame:
    """001 Tabell 5: municipal health-care costs 2016–2022 (mnkr, 2023 prices), index and change."""
    t5 = _report_rows(report_values, "001", "Tabell 5", "municipal_hsv_cost")
    t5 = t5[(t5["unit"] == "mnkr") & t5["year"].notna()].sort_values("year")
    if t5.empty:
        raise ValueError("001 Tabell 5 is not in the report values")
    out = pd.DataFrame({"year": t5["year"].astype(int).to_numpy(), "mnkr": t5["value"].to_numpy()})
    out["index_first"] = 100 * out["mnkr"] / out["mnkr"].iloc[0]
    out["change_pct"] = 100 * out["mnkr"].pct_change()
    out["status"] = t5["status"].to_numpy()
    out["page"] = t5["page"].to_numpy()
    return out


def state_grants(report_values: pd.DataFrame) -> pd.DataFrame:
    """001 Tabell 4 (grants by recipient), Tabell 8 (glesbygd project) and Tabell 9 (by area), long."""
    specs = [
        ("Tabell 4", "state_grants", "mottagare"),
        ("Tabell 8", "nrf_glesbygd_grant", "Norra sjukvårdsregionförbundet"),
        ("Tabell 9", "grants_to_regions_by_area", "utvecklingsområde"),
    ]
    rows = []
    for element, series, kind in specs:
        t = _report_rows(report_values, "001", element, series)
        t = t[t["year"].notna()]
        rows.append(
            pd.DataFrame(
                {
                    "table": element,
                    "kind": kind,
                    "group": t["group"].to_numpy(),
                    "year": t["year"].astype(int).to_numpy(),
                    "mnkr": t["value"].to_numpy(),
                    "page": t["page"].to_numpy(),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def grants_vs_primary_care(report_values: pd.DataFrame, kolada: pd.DataFrame) -> pd.DataFrame:
    """Grants under the agreements (Tabell 4) set against regional primary care's cost (Kolada).

    Not every krona of the grants goes to primary care; the ratio only gives the order of
    magnitude of the state money against what regions spend on primary care.
    """
    t4 = _report_rows(report_values, "001", "Tabell 4", "state_grants")
    wide = t4.pivot_table(index="year", columns="group", values="value", aggfunc="first")
    reg = regional_primary_care_mnkr(kolada).set_index("year")
    out = pd.DataFrame(
        {
            "year": wide.index.astype(int),
            "grants_regions_mnkr": wide.get("Regioner"),
            "grants_municipalities_mnkr": wide.get("Kommuner"),
            "grants_total_mnkr": wide.get("Totalt"),
        }
    ).reset_index(drop=True)
    out["regional_pc_mnkr"] = out["year"].map(reg["regional_pc_mnkr"])
    out["grants_regions_pct_of_pc"] = 100 * out["grants_regions_mnkr"] / out["regional_pc_mnkr"]
    out["regions_missing"] = out["year"].map(reg["regions_missing"])
    return out
