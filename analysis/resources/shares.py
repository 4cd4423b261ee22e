"""Primary care's cost share per region and year, by definition, and its change between two years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.regions import RIKET, region_name
from analysis.resources.definitions import (
    GAP_REASONS,
    KOLADA_MIXED,
    KOLADA_PRIMARY,
    KPI,
    SKR_3,
    SKR_AREAS,
    SKR_HSV,
    SKR_HSV_DENTAL,
    kolada_wide,
    skr_wide,
)

# --------------------------------------------------------------------------------------
# Shares
# --------------------------------------------------------------------------------------

SHARE_COLUMNS = [
    "definition",
    "source",
    "region_code",
    "region",
    "year",
    "numerator",
    "denominator",
    "share",
    "note",
]


def _share_frame(
    wide: pd.DataFrame, definition: str, source: str, num: list[str], den: list[str], den_sign: list[int]
) -> pd.DataFrame:
    """Share = sum(num) / sum(sign * den) with a note naming missing inputs per row."""
    cols = list(dict.fromkeys(num + den))
    missing = wide[cols].isna()
    numerator = wide[num].sum(axis=1, min_count=len(num))
    denominator = sum(sign * wide[c] for c, sign in zip(den, den_sign, strict=True))
    any_missing = missing.any(axis=1)
    share = (numerator / denominator).where(~any_missing)
    notes = []
    for idx in wide.index:
        if not any_missing[idx]:
            notes.append("")
            continue
        gone = [c for c in cols if missing.at[idx, c]]
        code = wide.at[idx, "region_code"]
        text = f"saknas i källan: {', '.join(gone)}"
        if code in GAP_REASONS and source == "Kolada":
            text += ". " + GAP_REASONS[code]
        notes.append(text)
    out = pd.DataFrame(
        {
            "definition": definition,
            "source": source,
            "region_code": wide["region_code"],
            "region": wide["region_code"].map(region_name),
            "year": wide["year"].astype(int),
            "numerator": numerator.where(~any_missing),
            "denominator": denominator.where(~any_missing),
            "share": share,
            "note": notes,
        }
    )
    return out[SHARE_COLUMNS]


def kolada_shares(kolada: pd.DataFrame) -> pd.DataFrame:
    """Primary care's cost share per region and year from Kolada, both definitions.

    Rows with missing inputs stay, with ``share`` NaN and a note naming what is missing.
    """
    wide = kolada_wide(kolada)
    primary = _share_frame(
        wide,
        KOLADA_PRIMARY,
        "Kolada",
        [KPI["primary"]],
        [KPI["primary"], KPI["somatic"], KPI["psychiatric"]],
        [1, 1, 1],
    )
    mixed = _share_frame(
        wide,
        KOLADA_MIXED,
        "Kolada",
        [KPI["primary"]],
        [KPI["total_incl_drugs"], KPI["drugs"]],
        [1, -1],
    )
    return pd.concat([primary, mixed], ignore_index=True)


def skr_shares(skr: pd.DataFrame) -> pd.DataFrame:
    """Primary care's net-cost share per region and year from the SKR file, both definitions."""
    wide = skr_wide(skr)
    # A region absent from the file altogether is not a gap of a definition.
    wide = wide[wide["region_code"].isin(set(skr["region_code"]))].reset_index(drop=True)
    a = SKR_AREAS
    hsv = [a["political"], a["primary"], a["somatic"], a["psychiatric"], a["other"]]
    three = [a["primary"], a["somatic"], a["psychiatric"]]
    out = pd.concat(
        [
            _share_frame(wide, SKR_HSV, "SKR", [a["primary"]], hsv, [1] * len(hsv)),
            _share_frame(
                wide, SKR_HSV_DENTAL, "SKR", [a["primary"]], [*hsv, a["dental"]], [1] * (len(hsv) + 1)
            ),
            _share_frame(wide, SKR_3, "SKR", [a["primary"]], three, [1] * len(three)),
        ],
        ignore_index=True,
    )
    return out.reset_index(drop=True)


def all_shares(kolada: pd.DataFrame, skr: pd.DataFrame) -> pd.DataFrame:
    """Kolada and SKR shares in one long table (see :data:`SHARE_COLUMNS`)."""
    return pd.concat([kolada_shares(kolada), skr_shares(skr)], ignore_index=True)


def share_series(shares: pd.DataFrame, definition: str, region_code: str = RIKET) -> pd.Series:
    """``share`` by year for one definition and region (NaN years kept)."""
    sub = shares[(shares["definition"] == definition) & (shares["region_code"] == region_code)]
    return sub.set_index("year")["share"].sort_index()


def missing_data_notes(shares: pd.DataFrame) -> pd.DataFrame:
    """One row per definition × region with missing shares: which years and why.

    This is the visible list of everything the share tables could not compute.
    """
    gaps = shares[shares["share"].isna()]
    rows = []
    for (definition, code), g in gaps.groupby(["definition", "region_code"], sort=True):
        years = sorted(int(y) for y in g["year"])
        if len(years) == 1:
            span = str(years[0])
        elif years == list(range(years[0], years[-1] + 1)):
            span = f"{years[0]}–{years[-1]}"
        else:
            span = ", ".join(map(str, years))
        rows.append(
            {
                "definition": definition,
                "region_code": code,
                "region": region_name(code),
                "years": span,
                "n_years": len(years),
                "note": g["note"].iloc[0],
            }
        )
    return pd.DataFrame(rows, columns=["definition", "region_code", "region", "years", "n_years", "note"])


#: Primary care's Delområden in the SKR file (id suffix -> Swedish label).
SKR_PC_SUBAREAS = {
    "allmanlakarvard_inkl_jourverksamhet": "Allmänläkarvård inkl. jour",
    "sjukskoterskevard_inkl_jourverksamhet": "Sjuksköterskevård inkl. jour",
    "sjukgymnastik_och_arbetsterapi": "Sjukgymnastik och arbetsterapi",
    "barnhalsovard": "Barnhälsovård",
    "modrahalsovard": "Mödrahälsovård",
    "primarvardsansluten_hemsjukvard": "Primärvårdsansluten hemsjukvård",
    "sluten_primarvard": "Sluten primärvård",
    "ovrig_primarvard": "Övrig primärvård",
}


def primary_care_subareas(skr: pd.DataFrame, region_code: str = RIKET) -> pd.DataFrame:
    """Each Delområde's share of primary care's net cost per year (SKR file; cf. 001 Fig 15).

    Only the net-cost rows (``skr:primarvard/<delområde>``, no drug sub-accounts).
    """
    prefix = SKR_AREAS["primary"] + "/"
    sub = skr[
        skr["indicator"].str.startswith(prefix)
        & ~skr["indicator"].str.contains("@")
        & (skr["indicator"].str.count("/") == 1)
        & (skr["region_code"] == region_code)
    ].copy()
    sub["subarea_id"] = sub["indicator"].str.removeprefix(prefix)
    total = skr[(skr["indicator"] == SKR_AREAS["primary"]) & (skr["region_code"] == region_code)].set_index(
        "year"
    )["value"]
    sub["subarea"] = sub["subarea_id"].map(SKR_PC_SUBAREAS).fillna(sub["subarea_id"])
    sub["pc_total"] = sub["year"].map(total)
    sub["share"] = sub["value"] / sub["pc_total"]
    sub["region_code"] = region_code
    cols = ["region_code", "year", "subarea_id", "subarea", "value", "pc_total", "share"]
    return (
        sub[cols]
        .rename(columns={"value": "kr_per_inv"})
        .sort_values(["year", "subarea_id"])
        .reset_index(drop=True)
    )


def level_ratios(kolada: pd.DataFrame, skr: pd.DataFrame) -> pd.DataFrame:
    """Kolada cost ÷ SKR net cost for the same area, Riket, in overlapping years.

    Evidence for the cost type of the Kolada area series (``KPI``): a ratio clearly above 1 in every year
    means Kolada's "Kostnad" includes what fees and targeted grants finance.
    """
    kw = kolada_wide(kolada)
    sw = skr_wide(skr)
    m = kw.merge(sw, on=["region_code", "year"])
    m = m[m["region_code"] == RIKET]
    pairs = {
        "Primärvård": (KPI["primary"], SKR_AREAS["primary"]),
        "Specialiserad somatisk vård": (KPI["somatic"], SKR_AREAS["somatic"]),
        "Specialiserad psykiatrisk vård": (KPI["psychiatric"], SKR_AREAS["psychiatric"]),
    }
    rows = []
    for area, (k, s) in pairs.items():
        for _, r in m.dropna(subset=[k, s]).iterrows():
            rows.append(
                {"area": area, "year": int(r["year"]), "kolada": r[k], "skr": r[s], "ratio": r[k] / r[s]}
            )
    return pd.DataFrame(rows, columns=["area", "year", "kolada", "skr", "ratio"])


def share_change(shares: pd.DataFrame, definition: str, start: int, end: int) -> pd.DataFrame:
    """Per region: share at ``start`` and ``end`` and the change in pp (NaN + note when missing)."""
    sub = shares[shares["definition"] == definition]
    a = sub[sub["year"] == start].set_index("region_code")
    b = sub[sub["year"] == end].set_index("region_code")
    codes = sorted(set(a.index) | set(b.index))
    out = pd.DataFrame({"region_code": codes})
    out["region"] = out["region_code"].map(region_name)
    out["definition"] = definition
    out["start_year"] = start
    out["end_year"] = end
    out["share_start"] = out["region_code"].map(a["share"])
    out["share_end"] = out["region_code"].map(b["share"])
    out["change_pp"] = 100 * (out["share_end"] - out["share_start"])
    out["direction"] = np.select(
        [out["change_pp"] < 0, out["change_pp"] > 0], ["minskat", "ökat"], default="oförändrat"
    )
    out.loc[out["change_pp"].isna(), "direction"] = "saknas"
    out["note"] = [
        "" if pd.notna(c) else (b["note"].get(code) or a["note"].get(code) or "")
        for code, c in zip(out["region_code"], out["change_pp"], strict=True)
    ]
    return out


def leave_one_out(
    kolada: pd.DataFrame, shares: pd.DataFrame, definition: str, start: int, end: int
) -> pd.DataFrame:
    """The national share's change from ``start`` to ``end`` recomputed without one region at a time.

    A sensitivity check of the national change: one region's break in its accounts (costs moved
    between primary and specialised care, say) can carry the country's figure. The national
    share is aggregated from the regions, each weighted by its population (per-inhabitant
    costs times inhabitants, summed, numerator over denominator), over the regions with a share
    in both years. Returns one row with ``dropped`` empty (all those regions) and one per region
    left out, with the share in both years and the change in percentage points.
    """
    sub = shares[(shares["definition"] == definition) & shares["year"].isin([start, end])]
    sub = sub[(sub["region_code"] != RIKET) & sub["share"].notna()]
    both = sub.groupby("region_code")["year"].nunique()
    sub = sub[sub["region_code"].isin(both[both == 2].index)]
    pop = kolada_wide(kolada).set_index(["region_code", "year"])[KPI["population"]]
    sub = sub.assign(
        population=[pop.get((c, y), np.nan) for c, y in zip(sub["region_code"], sub["year"], strict=True)]
    )
    if sub["population"].isna().any():
        gaps = sub.loc[sub["population"].isna(), ["region_code", "year"]].to_records(index=False).tolist()
        raise ValueError(f"leave_one_out: no population for region-years {gaps}")
    sub = sub.assign(num=sub["numerator"] * sub["population"], den=sub["denominator"] * sub["population"])
    rows = []
    for dropped in ["", *sorted(sub["region_code"].unique())]:
        kept = sub[sub["region_code"] != dropped].groupby("year")[["num", "den"]].sum()
        share = kept["num"] / kept["den"]
        rows.append(
            {
                "definition": definition,
                "start_year": start,
                "end_year": end,
                "dropped": dropped,
                "region": region_name(dropped) if dropped else "",
                "n_regions": int(sub.loc[sub["region_code"] != dropped, "region_code"].nunique()),
                "share_start": float(share[start]),
                "share_end": float(share[end]),
                "change_pp": float(100 * (share[end] - share[start])),
            }
        )
    return pd.DataFrame(rows)


def subarea_table(subareas: pd.DataFrame, years) -> pd.DataFrame:
    """Sub-area × year table of shares (fractions) for the ``years`` present, largest last-year share first."""
    wide = subareas.pivot_table(index="subarea", columns="year", values="share")
    cols = [y for y in years if y in wide.columns]
    if not cols:
        raise ValueError(f"none of the years {list(years)} is in the sub-area table")
    return wide[cols].sort_values(cols[-1], ascending=False)
