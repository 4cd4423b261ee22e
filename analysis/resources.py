"""Resource allocation: primary care's share of regional health-care costs, and what a shift would take.

Pure functions on the tidy tables (``results/tidy/kolada.parquet``, ``skr.parquet``,
``report_values.parquet``); the workflow's ``resources_*`` rules write their results to
``results/resources/*.parquet`` and the chapters only draw them.

Share definitions (see :data:`DEFINITIONS`, shown in the chapters)
-------------------------------------------------------------------
The reports define primary care's share as primary-care cost over the region's total
health-care cost, *excluding drugs and dental care*, in two cost types (004 Bilaga 1;
001 ch. 8.2, p. 142): *nettokostnad* (net of fees and targeted grants) and *kostnad för eget
åtagande* (cost of the region's own commitment, before fees and targeted grants; both net of
internal revenue and sales to other regions).

* **Kolada 2011–2024** (primary definition ``kolada_atagande_3omr``):
  ``N71000 / (N71000 + N72000 + N74000)``, primary care over the sum of primary care,
  specialised somatic and specialised psychiatric care, all "Kostnad … (exkl. läkemedel)".
  The KPI titles say *Kostnad*, not *Nettokostnad*, and three facts show that these are the
  own-commitment cost type: (1) they are about 10 % above SKR's net cost for the same areas
  in 2011–2017 (:func:`level_ratios`), (2) Gotland has no value, exactly as 004 Bilaga 1
  prints no own-commitment share for Gotland, and (3) the share's change 2015–2021 tracks
  the report's own-commitment column closely (national +0,8 pp in both). The exact report
  definition is **not** possible from the snapshot: it has no own-commitment total for
  health care (the denominator would need "övrig hälso- och sjukvård" as well) and no net
  cost for primary care. Our denominator lacks "övrig hälso- och sjukvård" (ambulances,
  aids, patient transport, …), so our level is about 2–3 percentage points above the
  report's; changes over time are comparable.
* **Kolada, mixed** (``kolada_blandad``): ``N71000 / (N70061 − N70059)`` is the ratio the
  KPI titles suggest at first sight, but it divides an own-commitment cost by a *net* cost
  that includes dental care; when targeted grants grow (2020–2022) the ratio rises without
  any shift in spending. Kept for transparency, not used for conclusions.
* **SKR 2008–2017** (``skr_netto_hsv``): net cost excl. drugs, Primärvård over all
  health-care areas except Tandvård (Politisk verksamhet, Primärvård, Specialiserad
  somatisk/psykiatrisk vård, Övrig hälso- och sjukvård). This is the report's net-cost
  definition as printed; against 004 Bilaga 1's 2015 net shares (derived there as 2021 minus
  the printed change) it runs about 0.4 pp high. ``skr_netto_hsv_tandvard`` adds Tandvård
  to the denominator and matches those values within about 0.1 pp on average, which
  suggests the report's denominator holds something of dental care's size despite its
  heading; we report both. ``skr_netto_3omr`` restricts the denominator to the three areas
  Kolada has, so that the two sources can be reconciled in 2011–2017.

Area totals in the SKR file are sums of their Delområden (done by ``analysis.sources.skr``;
an absent Delområde means no such activity). Regions whose inputs are missing keep their
rows with ``share`` NaN and a note (Gotland has no N71000/N72000/N74000 in Kolada): nothing
is dropped silently, and :func:`missing_data_notes` lists every gap.

Shares are fractions (0–1) in the tables; differences are in percentage points (pp).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis.regions import ALL_CODES, REGION_CODES, RIKET, region_name

# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------

#: Kolada series used here (ids as in the snapshot / tidy table).
KPI = {
    "primary": "N71000",
    "somatic": "N72000",
    "psychiatric": "N74000",
    "total_incl_drugs": "N70061",
    "drugs": "N70059",
    "standard_cost": "SCB_STANDARDKOSTNAD_HSV",
    "population": "SCB_FOLKMANGD",
    "share80": "SCB_ANDEL80",
}

#: SKR area ids (Område totals derived by ``analysis.sources.skr``), net cost excl. drugs.
SKR_AREAS = {
    "primary": "skr:primarvard",
    "somatic": "skr:specialiserad_somatisk_vard",
    "psychiatric": "skr:specialiserad_psykiatrisk_vard",
    "other": "skr:ovrig_halso_och_sjukvard",
    "political": "skr:politisk_verksamhet_inom_halso_och_sjukvard",
    "dental": "skr:tandvard",
}
SKR_NURSING = "skr:primarvard/sjukskoterskevard_inkl_jourverksamhet"

#: Known reasons for gaps, shown next to the affected rows.
GAP_REASONS = {
    "09": (
        "Gotland är både kommun och region; Kolada-utdraget har inga kostnader per "
        "verksamhetsområde (N71000, N72000, N74000) för Gotland, så andelen kan inte beräknas. "
        "SKR-filen har Gotland 2008–2017."
    ),
}

KOLADA_PRIMARY = "kolada_atagande_3omr"
KOLADA_MIXED = "kolada_blandad"
SKR_HSV = "skr_netto_hsv"
SKR_HSV_DENTAL = "skr_netto_hsv_tandvard"
SKR_3 = "skr_netto_3omr"


@dataclass(frozen=True)
class ShareDefinition:
    """One way of computing primary care's cost share; shown as a table in the chapters."""

    id: str
    source: str
    label: str  # Swedish, for figures and tables
    numerator: str
    denominator: str
    cost_type: str
    years: str
    use: str


DEFINITIONS: list[ShareDefinition] = [
    ShareDefinition(
        KOLADA_PRIMARY,
        "Kolada",
        "Kolada, kostnad för eget åtagande (tre områden)",
        "N71000 primärvård",
        "N71000 + N72000 specialiserad somatisk + N74000 specialiserad psykiatrisk vård",
        "kostnad (eget åtagande), exkl. läkemedel",
        "2011–2024",
        "huvuddefinition; nivån ligger över rapporternas eftersom övrig hälso- och sjukvård saknas i nämnaren",
    ),
    ShareDefinition(
        KOLADA_MIXED,
        "Kolada",
        "Kolada, blandad (kostnad / nettokostnad)",
        "N71000 primärvård (kostnad)",
        "N70061 hälso- och sjukvård totalt − N70059 läkemedel (nettokostnad, inkl. tandvård)",
        "blandad: kostnad i täljaren, nettokostnad i nämnaren",
        "2011–2024",
        "visas som jämförelse; stiger när riktade statsbidrag ökar utan att resurser flyttas",
    ),
    ShareDefinition(
        SKR_HSV,
        "SKR",
        "SKR, nettokostnad (hälso- och sjukvård utom tandvård)",
        "Primärvård",
        "Politisk verksamhet + Primärvård + Specialiserad somatisk + Specialiserad psykiatrisk + Övrig hälso- och sjukvård",
        "nettokostnad, exkl. läkemedel",
        "2008–2017",
        "samma definition som rapporternas nettokostnadsandel (Socialstyrelsen 2023, bilaga 1)",
    ),
    ShareDefinition(
        SKR_HSV_DENTAL,
        "SKR",
        "SKR, nettokostnad (hälso- och sjukvård inkl. tandvård)",
        "Primärvård",
        "som ovan + Tandvård",
        "nettokostnad, exkl. läkemedel",
        "2008–2017",
        "känslighetsprövning: med tandvård i nämnaren stämmer SKR-filen bättre med de härledda 2015-värdena i Socialstyrelsens bilaga 1 (2023)",
    ),
    ShareDefinition(
        SKR_3,
        "SKR",
        "SKR, nettokostnad (tre områden)",
        "Primärvård",
        "Primärvård + Specialiserad somatisk + Specialiserad psykiatrisk vård",
        "nettokostnad, exkl. läkemedel",
        "2008–2017",
        "samma avgränsning som Koladas huvuddefinition; används för avstämningen 2011–2017",
    ),
]


def definitions_table() -> pd.DataFrame:
    """The share definitions as a table (one row each)."""
    return pd.DataFrame([asdict(d) for d in DEFINITIONS])


def _label(definition: str) -> str:
    return next(d.label for d in DEFINITIONS if d.id == definition)


def kolada_wide(kolada: pd.DataFrame) -> pd.DataFrame:
    """Region × year grid of the Kolada series in :data:`KPI` (one column per KPI id).

    The grid spans all 21 regions plus Riket and every year any of the series has, so a
    missing value is a visible NaN (Gotland's N71000), never an absent row.
    """
    return _region_year_grid(kolada, list(KPI.values()), "Kolada series")


def skr_wide(skr: pd.DataFrame) -> pd.DataFrame:
    """Region × year grid of the SKR area net costs in :data:`SKR_AREAS` (kr/inv).

    Uses the plain region rows (``Riket`` as ``"00"``); the ``@riket_exkl_gotland`` variants
    are not needed because Gotland is a region of its own in the file.
    """
    return _region_year_grid(skr, list(SKR_AREAS.values()), "SKR areas")


def _region_year_grid(tidy: pd.DataFrame, ids: list[str], what: str) -> pd.DataFrame:
    """Wide region × year table of ``ids`` (totals only) over all regions and years present."""
    sub = tidy[(tidy["sex"] == "T") & tidy["indicator"].isin(ids)]
    if sub.empty:
        raise ValueError(f"none of the {what} " + ", ".join(ids) + " is in the table")
    wide = sub.pivot_table(
        index=["region_code", "year"], columns="indicator", values="value", aggfunc="first"
    )
    years = sorted(int(y) for y in sub["year"].unique())
    grid = pd.MultiIndex.from_product([list(ALL_CODES), years], names=["region_code", "year"])
    wide = wide.reindex(grid).reindex(columns=ids)
    wide.columns.name = None
    return wide.reset_index()


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

    Evidence for the cost type of N71000–N74000: a ratio clearly above 1 in every year
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


# --------------------------------------------------------------------------------------
# Reconciliation of the two sources
# --------------------------------------------------------------------------------------

#: Tolerance for Kolada vs SKR shares in 2011–2017 (pp). The two measure the same three
#: areas but in different cost types (own commitment vs net), and fees/targeted grants are
#: not equally large in every area, so shares may differ by about one percentage point.
RECONCILE_TOLERANCE_PP = 1.0


def reconcile_sources(
    shares: pd.DataFrame,
    kolada_definition: str = KOLADA_PRIMARY,
    skr_definition: str = SKR_3,
    tolerance_pp: float = RECONCILE_TOLERANCE_PP,
) -> pd.DataFrame:
    """Kolada vs SKR share per region-year in their overlapping years (pp difference).

    ``status``: ``inom tolerans`` / ``utanför tolerans`` / ``saknas`` (with the reason).
    """
    k = shares[shares["definition"] == kolada_definition]
    s = shares[shares["definition"] == skr_definition]
    years = sorted(set(k["year"]) & set(s["year"]))
    if not years:
        raise ValueError(f"{kolada_definition} and {skr_definition} have no year in common")
    m = k[k["year"].isin(years)].merge(
        s[s["year"].isin(years)],
        on=["region_code", "year"],
        how="outer",
        suffixes=("_kolada", "_skr"),
    )
    m["region"] = m["region_code"].map(region_name)
    m["diff_pp"] = 100 * (m["share_kolada"] - m["share_skr"])
    m["tolerance_pp"] = tolerance_pp
    status, note = [], []
    for _, r in m.iterrows():
        if pd.isna(r["diff_pp"]):
            status.append("saknas")
            note.append(
                "; ".join(x for x in (r.get("note_kolada"), r.get("note_skr")) if isinstance(x, str) and x)
            )
        else:
            status.append("inom tolerans" if abs(r["diff_pp"]) <= tolerance_pp + 1e-9 else "utanför tolerans")
            note.append("")
    m["status"] = status
    m["note"] = note
    out = m.rename(columns={"share_kolada": "kolada_share", "share_skr": "skr_share"})
    out["kolada_definition"] = kolada_definition
    out["skr_definition"] = skr_definition
    cols = [
        "region_code",
        "region",
        "year",
        "kolada_definition",
        "skr_definition",
        "kolada_share",
        "skr_share",
        "diff_pp",
        "tolerance_pp",
        "status",
        "note",
    ]
    return out[cols].sort_values(["region_code", "year"]).reset_index(drop=True)


def reconciliation_summary(rec: pd.DataFrame) -> pd.DataFrame:
    """Per region (and all regions together): years compared, mean and largest |difference|, share within tolerance."""
    rows = []

    def _row(code, name, g):
        ok = g[g["status"] != "saknas"]
        return {
            "region_code": code,
            "region": name,
            "n_compared": len(ok),
            "n_missing": int((g["status"] == "saknas").sum()),
            "mean_diff_pp": ok["diff_pp"].mean() if len(ok) else np.nan,
            "max_abs_diff_pp": ok["diff_pp"].abs().max() if len(ok) else np.nan,
            "n_within": int((ok["status"] == "inom tolerans").sum()),
            "share_within": (ok["status"] == "inom tolerans").mean() if len(ok) else np.nan,
            "tolerance_pp": float(g["tolerance_pp"].iloc[0]),
        }

    for code, g in rec.groupby("region_code", sort=True):
        rows.append(_row(code, region_name(code), g))
    regions = rec[rec["region_code"] != RIKET]
    rows.append(_row("alla", "Alla regioner (region-år)", regions))
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# Cross-checks against the reports
# --------------------------------------------------------------------------------------

CHECK_COLUMNS = [
    "check",
    "report",
    "element",
    "page",
    "definition",
    "region_code",
    "region",
    "year",
    "unit",
    "report_value",
    "our_value",
    "difference",
    "tolerance",
    "passed",
    "status",
    "note",
]

#: Tolerances of the cross-checks, with their reasons (pp unless stated).
TOLERANCES = {
    # same definition as the report, values printed to one decimal; a 2015 value derived as
    # 2021 minus the change carries two roundings, and the SKR file is an older vintage.
    "same_definition_level": 0.5,
    # level under a different denominator (no "övrig hälso- och sjukvård"): expected offset
    # 2–3 pp, so the check shows how large it is rather than expecting a pass.
    "other_definition_level": 1.0,
    # changes over time: definition offsets mostly cancel.
    "change": 0.5,
    # share of primary care sub-area printed as a whole percent (±0.5) plus vintage.
    "subarea_share": 1.0,
    # "one third": an approximate statement.
    "approximate_fraction": 3.0,
    # two printed tables of the same grants (mnkr).
    "grants_mnkr": 1.0,
}


def _check(
    check: str,
    report: str,
    element: str,
    page,
    definition: str,
    region_code: str | None,
    year,
    unit: str,
    report_value: float,
    our_value: float,
    tolerance: float,
    note: str = "",
) -> dict:
    """One cross-check row; ``passed`` is NA when either value is missing."""
    diff = our_value - report_value if pd.notna(our_value) and pd.notna(report_value) else np.nan
    if pd.isna(diff):
        passed, status = pd.NA, "saknas"
    else:
        passed = bool(abs(diff) <= tolerance + 1e-9)
        status = "inom tolerans" if passed else "utanför tolerans"
    return {
        "check": check,
        "report": report,
        "element": element,
        "page": page if page is not None and pd.notna(page) else pd.NA,
        "definition": definition,
        "region_code": region_code or "",
        "region": region_name(region_code) if region_code else "",
        "year": year if year is not None and pd.notna(year) else pd.NA,
        "unit": unit,
        "report_value": report_value,
        "our_value": our_value,
        "difference": diff,
        "tolerance": tolerance,
        "passed": passed,
        "status": status,
        "note": note,
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    out["passed"] = out["passed"].astype("boolean")
    out["page"] = out["page"].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    return out


def _report_rows(
    report_values: pd.DataFrame, report: str, element: str, series: str | None = None
) -> pd.DataFrame:
    sub = report_values[(report_values["report"] == report) & (report_values["element"] == element)]
    if series is not None:
        sub = sub[sub["series"] == series]
    return sub


def _share_at(shares: pd.DataFrame, definition: str, code: str, year: int) -> float:
    sub = shares[
        (shares["definition"] == definition) & (shares["region_code"] == code) & (shares["year"] == year)
    ]
    return float(sub["share"].iloc[0]) if len(sub) else np.nan


def _share_note(shares: pd.DataFrame, definition: str, code: str, year: int) -> str:
    sub = shares[
        (shares["definition"] == definition) & (shares["region_code"] == code) & (shares["year"] == year)
    ]
    return str(sub["note"].iloc[0]) if len(sub) else f"{definition} har inget värde {year}"


def check_bilaga1(shares: pd.DataFrame, report_values: pd.DataFrame) -> pd.DataFrame:
    """004 Bilaga 1 (shares 2021 by region, change 2015–2021) against our shares.

    Four checks per region and Riket:
    ``bilaga1_netto_2021`` (the nettokostnad column vs our Kolada share, different
    definition), ``bilaga1_atagande_2021`` (own-commitment column vs our Kolada share, same
    cost type, narrower denominator), ``bilaga1_atagande_andring`` (change 2015–2021, where
    the definition offset largely cancels) and ``bilaga1_netto_2015_skr`` (the derived 2015
    net share vs the SKR file's net share, the same definition).
    """
    b1 = _report_rows(report_values, "004", "Bilaga 1")
    if b1.empty:
        raise ValueError("004 Bilaga 1 is not in the report values")
    specs = [
        (
            "bilaga1_netto_2021",
            "pc_share_hsv_costs_net",
            2021,
            KOLADA_PRIMARY,
            "other_definition_level",
            "Rapportens nettokostnadsandel mot vår Kolada-andel (kostnad för eget åtagande, tre områden): olika definitioner, nivåskillnad väntad.",
        ),
        (
            "bilaga1_atagande_2021",
            "pc_share_hsv_costs_own_commitment",
            2021,
            KOLADA_PRIMARY,
            "other_definition_level",
            "Samma kostnadsslag; vår nämnare saknar övrig hälso- och sjukvård, så vår nivå väntas ligga högre.",
        ),
        (
            "bilaga1_netto_2015_skr",
            "pc_share_hsv_costs_net",
            2015,
            SKR_HSV,
            "same_definition_level",
            "Rapportens 2015-värde är härlett (2021 minus tryckt förändring); SKR-filen har samma definition (nettokostnad utom läkemedel och tandvård).",
        ),
        (
            "bilaga1_netto_2015_skr",
            "pc_share_hsv_costs_net",
            2015,
            SKR_HSV_DENTAL,
            "same_definition_level",
            "Känslighetsprövning: samma som ovan men med tandvård i nämnaren.",
        ),
    ]
    rows = []
    for check, series, year, definition, tol_key, note in specs:
        rep = b1[(b1["series"] == series) & (b1["year"] == year)]
        for _, r in rep.sort_values("region_code").iterrows():
            code = r["region_code"]
            ours = 100 * _share_at(shares, definition, code, year)
            extra = "" if pd.notna(ours) else " " + _share_note(shares, definition, code, year)
            rows.append(
                _check(
                    check,
                    "004",
                    "Bilaga 1",
                    r["page"],
                    definition,
                    code,
                    year,
                    "procent",
                    float(r["value"]),
                    ours,
                    TOLERANCES[tol_key],
                    (note + extra).strip(),
                )
            )
    # change 2015–2021, own commitment
    rep = b1[b1["series"] == "pc_share_hsv_costs_own_commitment_change_2015_2021_pp"]
    for _, r in rep.sort_values("region_code").iterrows():
        code = r["region_code"]
        ours = 100 * (
            _share_at(shares, KOLADA_PRIMARY, code, 2021) - _share_at(shares, KOLADA_PRIMARY, code, 2015)
        )
        extra = "" if pd.notna(ours) else " " + _share_note(shares, KOLADA_PRIMARY, code, 2021)
        rows.append(
            _check(
                "bilaga1_atagande_andring",
                "004",
                "Bilaga 1",
                r["page"],
                KOLADA_PRIMARY,
                code,
                2021,
                "procentenheter",
                float(r["value"]),
                ours,
                TOLERANCES["change"],
                (
                    "Förändring 2015–2021 i procentenheter; definitionsskillnaden i nämnaren tar i stort sett ut sig."
                    + extra
                ).strip(),
            )
        )
    # The printed own-commitment value for Gotland is "0.0 %" (missing); say so if it is absent.
    have = {(row["check"], row["region_code"]) for row in rows}
    for check in ("bilaga1_atagande_2021", "bilaga1_atagande_andring"):
        if (check, "09") not in have:
            rows.append(
                _check(
                    check,
                    "004",
                    "Bilaga 1",
                    None,
                    KOLADA_PRIMARY,
                    "09",
                    2021,
                    "procent" if check.endswith("2021") else "procentenheter",
                    np.nan,
                    np.nan,
                    TOLERANCES["other_definition_level" if check.endswith("2021") else "change"],
                    "Rapporten trycker 0,0 % för Gotland (värde saknas) och Kolada saknar N71000 för Gotland. "
                    + GAP_REASONS["09"],
                )
            )
    return _frame(rows)


def _change(shares: pd.DataFrame, definition: str, start: int, end: int, code: str = RIKET) -> float:
    return 100 * (_share_at(shares, definition, code, end) - _share_at(shares, definition, code, start))


def check_001_statements(shares: pd.DataFrame, report_values: pd.DataFrame) -> pd.DataFrame:
    """001 ch. 8.2 (p. 142): share up about 1 pp 2016–2023, down 0.4 pp 2022–2023 (Riket).

    Compared with both Kolada definitions (the report uses SKR's net costs in fixed prices;
    a share is price-free when one index deflates every area, as LPIK does).
    """
    fig14 = _report_rows(report_values, "001", "Fig 14", "pc_share_of_regional_hsv_cost_change")
    if fig14.empty:
        raise ValueError("001 Fig 14 statements are not in the report values")
    rows = []
    for _, r in fig14.iterrows():
        start, end = (int(x) for x in str(r["group"]).replace("–", "-").split("-"))
        for definition in (KOLADA_PRIMARY, KOLADA_MIXED):
            rows.append(
                _check(
                    f"001_andring_{start}_{end}",
                    "001",
                    "Fig 14",
                    r["page"],
                    definition,
                    RIKET,
                    end,
                    "procentenheter",
                    float(r["value"]),
                    _change(shares, definition, start, end),
                    TOLERANCES["change"],
                    f"Rapportens uppgift ({r['status']}): förändring {start}–{end} i procentenheter (SKR 2024a).",
                )
            )
    return _frame(rows)


#: The 2026 assignment (000, "Ärendet"): Socialstyrelsen's lägesrapport 2026 says the share
#: fell 2019–2024 "med undantag för enstaka regioner". We read "enstaka" as at most this many.
ASSIGNMENT_STATEMENT = {"report": "000", "element": "Ärendet", "line": 46, "start": 2019, "end": 2024}
MAX_EXCEPTIONS = 3


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


def check_assignment_2026(
    shares: pd.DataFrame,
    definitions: tuple[str, ...] = (KOLADA_PRIMARY, KOLADA_MIXED),
    max_exceptions: int = MAX_EXCEPTIONS,
) -> pd.DataFrame:
    """The 2026 assignment's statement: the share fell 2019–2024 in all but a few regions.

    ``report_value`` is the largest number of regions with a rising share that still fits
    "enstaka regioner" (:data:`MAX_EXCEPTIONS`); ``our_value`` is the number of regions
    whose share rose. Passed when ours ≤ theirs (tolerance 0 regions).
    """
    s = ASSIGNMENT_STATEMENT
    rows = []
    for definition in definitions:
        ch = share_change(shares, definition, s["start"], s["end"])
        reg = ch[ch["region_code"] != RIKET]
        n_up = int((reg["change_pp"] > 0).sum())
        n_down = int((reg["change_pp"] < 0).sum())
        n_missing = int(reg["change_pp"].isna().sum())
        missing_names = ", ".join(reg.loc[reg["change_pp"].isna(), "region"])
        row = _check(
            "uppdrag_2026_minskat",
            s["report"],
            s["element"],
            None,
            definition,
            None,
            s["end"],
            "antal regioner med ökad andel",
            float(max_exceptions),
            float(n_up),
            0.0,
            (
                f"Påstående: andelen minskade {s['start']}–{s['end']} utom i enstaka regioner (rad {s['line']}); "
                f"'enstaka' tolkas som högst {max_exceptions}. Hos oss: {n_down} regioner minskade, {n_up} ökade"
                + (f", {n_missing} saknas ({missing_names})" if n_missing else "")
                + "."
            ),
        )
        # one-sided: fewer rising regions than allowed also agrees with the statement
        if pd.notna(row["difference"]):
            row["passed"] = bool(row["difference"] <= 0)
            row["status"] = "inom tolerans" if row["passed"] else "utanför tolerans"
        rows.append(row)
    return _frame(rows)


def check_fig15_nursing(skr: pd.DataFrame, report_values: pd.DataFrame, year: int = 2016) -> pd.DataFrame:
    """001 Fig 15 (p. 143): sjuksköterskevård's share of primary care's net cost in 2016 vs the SKR file."""
    rep = _report_rows(report_values, "001", "Fig 15", "pc_cost_share_nursing")
    rep = rep[rep["year"] == year]
    nursing = skr[(skr["indicator"] == SKR_NURSING) & (skr["region_code"] == RIKET) & (skr["year"] == year)]
    total = skr[
        (skr["indicator"] == SKR_AREAS["primary"]) & (skr["region_code"] == RIKET) & (skr["year"] == year)
    ]
    ours = (
        100 * float(nursing["value"].iloc[0]) / float(total["value"].iloc[0])
        if len(nursing) and len(total)
        else np.nan
    )
    rows = [
        _check(
            "fig15_sjukskoterskevard",
            "001",
            "Fig 15",
            r["page"],
            "skr_netto_delomrade",
            RIKET,
            year,
            "procent",
            float(r["value"]),
            ours,
            TOLERANCES["subarea_share"],
            "Sjuksköterskevård inkl. jour som andel av primärvårdens nettokostnad (SKR-filen); rapporten avrundar till hela procent.",
        )
        for _, r in rep.iterrows()
    ]
    return _frame(rows)


def regional_primary_care_mnkr(kolada: pd.DataFrame) -> pd.DataFrame:
    """Regional primary care cost in mnkr per year: sum over regions of N71000 × population.

    Gotland has no N71000 and contributes nothing (noted); the same sum is what Kolada's
    Riket value times the national population gives.
    """
    w = kolada_wide(kolada)
    w = w[w["region_code"].isin(REGION_CODES)]
    w = w.assign(cost=w[KPI["primary"]] * w[KPI["population"]] / 1e6)
    g = w.groupby("year")
    out = pd.DataFrame(
        {
            "regional_pc_mnkr": g["cost"].sum(min_count=1),
            "n_regions": g["cost"].count(),
            "regions_missing": g.apply(
                lambda d: ", ".join(region_name(c) for c in d.loc[d["cost"].isna(), "region_code"]),
                include_groups=False,
            ),
        }
    ).reset_index()
    return out


def check_municipal_share(
    report_values: pd.DataFrame, kolada: pd.DataFrame, year: int = 2022
) -> pd.DataFrame:
    """001 ch. 8.3 (p. 144): municipalities bear about one third of primary care's total costs.

    Ours: Tabell 5's municipal cost ÷ (that + regional primary care from Kolada). Caveat: Tabell
    5 is in 2023 prices and net of drugs; Kolada is current prices and own-commitment cost.
    """
    t5 = _report_rows(report_values, "001", "Tabell 5", "municipal_hsv_cost")
    t5 = t5[(t5["year"] == year) & (t5["unit"] == "mnkr")]
    claim = _report_rows(report_values, "001", "Tabell 5", "municipal_share_of_pc_cost")
    regional = regional_primary_care_mnkr(kolada).set_index("year")
    rows = []
    for _, c in claim.iterrows():
        mun = float(t5["value"].iloc[0]) if len(t5) else np.nan
        reg = float(regional.at[year, "regional_pc_mnkr"]) if year in regional.index else np.nan
        ours = 100 * mun / (mun + reg) if pd.notna(mun) and pd.notna(reg) else np.nan
        rows.append(
            _check(
                "kommunal_andel_tredjedel",
                "001",
                "Tabell 5",
                c["page"],
                "tabell5_och_kolada",
                RIKET,
                year,
                "procent",
                float(c["value"]),
                ours,
                TOLERANCES["approximate_fraction"],
                f"Kommunernas kostnad {year} (Tabell 5, 2023 års priser) delat med den plus regional primärvård ur Kolada "
                f"(N71000 × folkmängd, löpande priser, kostnad för eget åtagande; {regional.at[year, 'regions_missing'] or 'inga'} saknas).",
            )
        )
    return _frame(rows)


def check_grants(report_values: pd.DataFrame) -> pd.DataFrame:
    """001 Tabell 4 vs Tabell 9 (grants to regions 2020–2022) and Tabell 4's row sums."""
    t4 = _report_rows(report_values, "001", "Tabell 4", "state_grants")
    t9 = _report_rows(report_values, "001", "Tabell 9", "grants_to_regions_by_area")
    rows = []
    t9_tot = t9[t9["group"] == "Totalt"].set_index("year")["value"]
    t4_reg = t4[t4["group"] == "Regioner"].set_index("year")["value"]
    for year in sorted(set(t9_tot.index) & set(t4_reg.index)):
        rows.append(
            _check(
                "tabell4_mot_tabell9",
                "001",
                "Tabell 4/Tabell 9",
                None,
                "rapportens tabeller",
                None,
                int(year),
                "mnkr",
                float(t4_reg[year]),
                float(t9_tot[year]),
                TOLERANCES["grants_mnkr"],
                "Medel till regionerna enligt Tabell 4 (rapportvärde) och summan i Tabell 9 (vårt värde).",
            )
        )
    for year, g in t4.groupby("year"):
        parts = g[g["group"] != "Totalt"]["value"].sum()
        total = g[g["group"] == "Totalt"]["value"]
        if len(total):
            rows.append(
                _check(
                    "tabell4_radsumma",
                    "001",
                    "Tabell 4",
                    g["page"].iloc[0],
                    "rapportens tabeller",
                    None,
                    int(year),
                    "mnkr",
                    float(total.iloc[0]),
                    float(parts),
                    TOLERANCES["grants_mnkr"],
                    "Summa av regioner, kommuner och SKR mot tryckt totalsumma.",
                )
            )
    return _frame(rows)


def all_crosschecks(
    shares: pd.DataFrame, skr: pd.DataFrame, kolada: pd.DataFrame, report_values: pd.DataFrame
) -> pd.DataFrame:
    """Every cross-check in one table (see :data:`CHECK_COLUMNS`)."""
    parts = [
        check_bilaga1(shares, report_values),
        check_001_statements(shares, report_values),
        check_assignment_2026(shares),
        check_fig15_nursing(skr, report_values),
        check_municipal_share(report_values, kolada),
        check_grants(report_values),
    ]
    return pd.concat(parts, ignore_index=True)


def crosscheck_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per check × definition: number compared, passed, failed, missing, tolerance, unit."""
    g = checks.groupby(["check", "definition"], sort=False)
    out = g.agg(
        report=("report", "first"),
        element=("element", "first"),
        unit=("unit", "first"),
        tolerance=("tolerance", "first"),
        n=("status", "size"),
        n_passed=("status", lambda s: int((s == "inom tolerans").sum())),
        n_failed=("status", lambda s: int((s == "utanför tolerans").sum())),
        n_missing=("status", lambda s: int((s == "saknas").sum())),
        mean_difference=("difference", "mean"),
    ).reset_index()
    return out


# --------------------------------------------------------------------------------------
# Need-adjusted view
# --------------------------------------------------------------------------------------


def need_table(kolada: pd.DataFrame) -> pd.DataFrame:
    """Costs against need per region and year.

    * ``cost_to_standard``: N70061 (actual net cost incl. drugs) ÷ standard cost from the
      cost equalisation; ``cost_to_standard_index`` divides by Riket's ratio, so 1 means the
      region spends what its need predicts relative to the country (the standard cost is on
      an earlier cost level than the actual cost, hence the normalisation).
    * ``need_index``: standard cost ÷ Riket's; ``pc_need_adjusted``: N71000 ÷ need_index,
      primary care per inhabitant at national average need; ``pc_need_index``: that ÷ Riket.
    * ``share``: the primary Kolada share; ``share80``: % of population aged 80+.
    """
    w = kolada_wide(kolada)
    nat = w[w["region_code"] == RIKET].set_index("year")
    ratio = w[KPI["total_incl_drugs"]] / w[KPI["standard_cost"]]
    nat_ratio = nat[KPI["total_incl_drugs"]] / nat[KPI["standard_cost"]]
    need_index = w[KPI["standard_cost"]] / w["year"].map(nat[KPI["standard_cost"]])
    pc_adj = w[KPI["primary"]] / need_index
    nat_pc = w["year"].map(nat[KPI["primary"]])
    share = w[KPI["primary"]] / (w[KPI["primary"]] + w[KPI["somatic"]] + w[KPI["psychiatric"]])
    out = pd.DataFrame(
        {
            "region_code": w["region_code"],
            "region": w["region_code"].map(region_name),
            "year": w["year"],
            "net_cost": w[KPI["total_incl_drugs"]],
            "standard_cost": w[KPI["standard_cost"]],
            "cost_to_standard": ratio,
            "cost_to_standard_index": ratio / w["year"].map(nat_ratio),
            "need_index": need_index,
            "pc_cost": w[KPI["primary"]],
            "pc_need_adjusted": pc_adj,
            "pc_need_index": pc_adj / nat_pc,
            "share": share,
            "share80": w[KPI["share80"]],
            "population": w[KPI["population"]],
        }
    )
    out["note"] = [
        GAP_REASONS.get(c, "saknas i källan") if pd.isna(p) else ""
        for c, p in zip(out["region_code"], out["pc_cost"], strict=True)
    ]
    return out


#: Outcomes regressed on the share aged 80+: column -> Swedish label.
AGE_OUTCOMES = {
    "share_pp": "Primärvårdens andel (procent)",
    "pc_cost": "Primärvård, kr per invånare",
    "cost_to_standard_index": "Kostnad i förhållande till standardkostnad (index)",
}


def _age_data(need: pd.DataFrame, outcome: str, year: int) -> pd.DataFrame:
    d = need[(need["region_code"] != RIKET) & (need["year"] == year)].copy()
    d["share_pp"] = 100 * d["share"]
    return d.dropna(subset=[outcome, "share80"])


def age_regressions(need: pd.DataFrame, confidence: float = 0.95, outcomes=None) -> pd.DataFrame:
    """OLS of each outcome on the share aged 80+ across regions, one fit per year.

    Returns slope (per percentage point of 80+), its CI at ``confidence``, intercept, R²,
    p-value, n and the regions left out (no data). Ecological and cross-sectional: a
    description of how spending lines up with age structure, not a causal estimate.
    """
    outcomes = outcomes or list(AGE_OUTCOMES)
    rows = []
    for outcome in outcomes:
        for year in sorted(need["year"].unique()):
            d = _age_data(need, outcome, int(year))
            left_out = sorted(
                set(need.loc[(need["region_code"] != RIKET) & (need["year"] == year), "region"])
                - set(d["region"])
            )
            if len(d) < 3:
                continue
            fit = sm.OLS(d[outcome], sm.add_constant(d["share80"])).fit()
            lo, hi = fit.conf_int(alpha=1 - confidence).loc["share80"]
            rows.append(
                {
                    "outcome": outcome,
                    "outcome_label": AGE_OUTCOMES.get(outcome, outcome),
                    "year": int(year),
                    "slope": fit.params["share80"],
                    "ci_low": lo,
                    "ci_high": hi,
                    "intercept": fit.params["const"],
                    "r2": fit.rsquared,
                    "p_value": fit.pvalues["share80"],
                    "n": int(fit.nobs),
                    "confidence": confidence,
                    "left_out": ", ".join(left_out),
                }
            )
    return pd.DataFrame(rows)


def age_fit_line(
    need: pd.DataFrame, outcome: str, year: int, confidence: float = 0.95, points: int = 50
) -> pd.DataFrame:
    """Fitted line and confidence band of the mean for one outcome and year (for plotting)."""
    d = _age_data(need, outcome, year)
    fit = sm.OLS(d[outcome], sm.add_constant(d["share80"])).fit()
    grid = np.linspace(d["share80"].min(), d["share80"].max(), points)
    pred = fit.get_prediction(sm.add_constant(pd.Series(grid, name="share80"), has_constant="add"))
    frame = pred.summary_frame(alpha=1 - confidence)
    return pd.DataFrame(
        {
            "outcome": outcome,
            "year": year,
            "share80": grid,
            "fit": frame["mean"].to_numpy(),
            "ci_low": frame["mean_ci_lower"].to_numpy(),
            "ci_high": frame["mean_ci_upper"].to_numpy(),
        }
    )


# --------------------------------------------------------------------------------------
# Reallocation scenarios
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioParams:
    """Parameters of the reallocation scenarios (``config["scenarios"]``)."""

    target_share: float = 0.25
    target_year: int = 2030
    base_year: int | None = None
    specialised_real_growth: float = 0.0
    recent_start: int = 2019

    def __post_init__(self):
        if not 0 < self.target_share < 1:
            raise ValueError(f"target_share must be between 0 and 1, got {self.target_share}")
        if self.specialised_real_growth <= -1:
            raise ValueError("specialised_real_growth must be above -1")

    @classmethod
    def from_config(cls, scenarios: dict, recent_start: int = 2019) -> ScenarioParams:
        return cls(
            target_share=float(scenarios.get("target_share", 0.25)),
            target_year=int(scenarios.get("target_year", 2030)),
            base_year=scenarios.get("base_year"),
            specialised_real_growth=float(scenarios.get("specialised_real_growth", 0.0)),
            recent_start=recent_start,
        )


def last_complete_year(kolada: pd.DataFrame) -> int:
    """Last year in which Riket has primary care, both specialised areas and population."""
    w = kolada_wide(kolada)
    nat = w[w["region_code"] == RIKET].dropna(
        subset=[KPI["primary"], KPI["somatic"], KPI["psychiatric"], KPI["population"]]
    )
    if nat.empty:
        raise ValueError("Riket has no year with primary care, specialised care and population")
    return int(nat["year"].max())


def scenario_inputs(kolada: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Per region and year: primary care and specialised care in kr/inv, population.

    Adds the row ``region_code = "20r"`` ("Riket, 20 regioner"): the population-weighted
    aggregate of the regions with data, so that national sums are explicit about Gotland.
    """
    w = kolada_wide(kolada)
    w = w[w["year"].isin(years)]
    regions = w[w["region_code"].isin(REGION_CODES)].copy()
    regions["pc"] = regions[KPI["primary"]]
    regions["spec"] = regions[KPI["somatic"]] + regions[KPI["psychiatric"]]
    regions["pop"] = regions[KPI["population"]]
    rows = [regions[["region_code", "year", "pc", "spec", "pop"]]]
    ok = regions.dropna(subset=["pc", "spec", "pop"])
    agg = ok.assign(pc_kr=ok["pc"] * ok["pop"], spec_kr=ok["spec"] * ok["pop"]).groupby("year")
    nat = pd.DataFrame(
        {
            "region_code": AGGREGATE,
            "pc": agg["pc_kr"].sum() / agg["pop"].sum(),
            "spec": agg["spec_kr"].sum() / agg["pop"].sum(),
            "pop": agg["pop"].sum(),
        }
    ).reset_index()
    rows.append(nat[["region_code", "year", "pc", "spec", "pop"]])
    return pd.concat(rows, ignore_index=True)


AGGREGATE = "20r"
AGGREGATE_NAME = "Riket (regionerna med data)"


def _name(code: str) -> str:
    return AGGREGATE_NAME if code == AGGREGATE else region_name(code)


def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years`` years."""
    if years <= 0 or not (start > 0 and end > 0):
        return np.nan
    return (end / start) ** (1 / years) - 1


def years_to_target(ratio_now: float, ratio_target: float, annual_differential: float) -> float:
    """Years until primary/specialised ratio reaches the target at a constant growth differential.

    0 if already there; NaN (never) if the differential is not positive.
    """
    if pd.isna(ratio_now) or pd.isna(annual_differential):
        return np.nan
    if ratio_now >= ratio_target:
        return 0.0
    if annual_differential <= 0:
        return np.nan
    return math.log(ratio_target / ratio_now) / math.log(1 + annual_differential)


SCENARIO_COLUMNS = [
    "region_code",
    "region",
    "base_year",
    "target_year",
    "years",
    "target_share",
    "specialised_real_growth",
    # step 1: the base year
    "pc_base",
    "spec_base",
    "total_base",
    "share_base",
    "population",
    # step 2-3: the target year
    "spec_target",
    "pc_target",
    "total_target",
    # step 4: what it takes
    "extra_pc_per_inv",
    "extra_pc_mnkr",
    "extra_needed_mnkr",
    "pc_growth_required",
    "spec_growth_required",
    "total_growth_required",
    # alternative: pure reallocation within today's total
    "move_within_total_per_inv",
    "spec_change_if_moved",
    # step 5: against recent growth (current prices)
    "recent_start",
    "pc_growth_recent",
    "spec_growth_recent",
    "differential_recent",
    "differential_required",
    "differential_gap",
    "years_to_target_recent",
    "year_reached_recent",
    "status",
    "note",
]


def reallocation_scenarios(kolada: pd.DataFrame, params: ScenarioParams) -> pd.DataFrame:
    """What reaching ``target_share`` by ``target_year`` takes, per region and nationally.

    Arithmetic, in base-year prices per inhabitant at the base-year population (all in the
    returned columns so each step can be checked by hand):

    1. base year *b* (default: last year with data): primary care ``P0``, specialised care
       ``S0 = N72000 + N74000``, share ``P0 / (P0 + S0)``;
    2. specialised care may not shrink in real terms: ``S_T = S0 · (1 + g)^n``, n = target − b;
    3. primary care at the target share: ``P_T = s/(1 − s) · S_T``;
    4. extra primary care ``P_T − P0`` kr/inv and × population in mnkr (``extra_needed_mnkr``
       is 0 where a region is already above target); required real annual growth
       ``(P_T/P0)^(1/n) − 1``; for comparison, moving money within today's total would
       need ``s · (P0 + S0) − P0`` kr/inv taken from specialised care;
    5. recent growth ``recent_start``–*b* in current prices (Kolada has no deflator), and the
       growth *differential* ``(1+g_P)/(1+g_S) − 1``, which is price-free when one index
       deflates both; required differential ``((P_T/S_T)/(P0/S0))^(1/n) − 1``; at the recent
       differential the target ratio ``s/(1 − s)`` is reached after
       ``ln(ratio_T/ratio_0)/ln(1 + d)`` years (never if d ≤ 0).

    Regions without data (Gotland) keep a row with NaN and a note.
    """
    base = params.base_year if params.base_year is not None else last_complete_year(kolada)
    n = params.target_year - base
    if n <= 0:
        raise ValueError(f"target_year {params.target_year} must be after the base year {base}")
    s, g = params.target_share, params.specialised_real_growth
    inp = scenario_inputs(kolada, [params.recent_start, base])
    now = inp[inp["year"] == base].set_index("region_code")
    then = inp[inp["year"] == params.recent_start].set_index("region_code")
    k = base - params.recent_start
    rows = []
    for code in [*REGION_CODES, AGGREGATE]:
        r = now.loc[code] if code in now.index else pd.Series(dtype=float)
        p0, s0, pop = (r.get("pc", np.nan), r.get("spec", np.nan), r.get("pop", np.nan))
        row = {
            "region_code": code,
            "region": _name(code),
            "base_year": base,
            "target_year": params.target_year,
            "years": n,
            "target_share": s,
            "specialised_real_growth": g,
            "recent_start": params.recent_start,
        }
        if pd.isna(p0) or pd.isna(s0):
            row.update({c: np.nan for c in SCENARIO_COLUMNS if c not in row})
            row["population"] = pop
            row["status"] = "data saknas"
            row["note"] = GAP_REASONS.get(code, "saknas i källan")
            rows.append(row)
            continue
        t0 = p0 + s0
        s_t = s0 * (1 + g) ** n
        p_t = s / (1 - s) * s_t
        extra = p_t - p0
        pc_then = then.at[code, "pc"] if code in then.index else np.nan
        spec_then = then.at[code, "spec"] if code in then.index else np.nan
        g_p, g_s = cagr(pc_then, p0, k), cagr(spec_then, s0, k)
        d_recent = (1 + g_p) / (1 + g_s) - 1 if pd.notna(g_p) and pd.notna(g_s) else np.nan
        d_req = ((p_t / s_t) / (p0 / s0)) ** (1 / n) - 1
        ytt = years_to_target(p0 / s0, s / (1 - s), d_recent)
        move = s * t0 - p0
        row.update(
            {
                "pc_base": p0,
                "spec_base": s0,
                "total_base": t0,
                "share_base": p0 / t0,
                "population": pop,
                "spec_target": s_t,
                "pc_target": p_t,
                "total_target": p_t + s_t,
                "extra_pc_per_inv": extra,
                "extra_pc_mnkr": extra * pop / 1e6,
                "extra_needed_mnkr": max(extra, 0.0) * pop / 1e6,
                "pc_growth_required": (p_t / p0) ** (1 / n) - 1,
                "spec_growth_required": g,
                "total_growth_required": ((p_t + s_t) / t0) ** (1 / n) - 1,
                "move_within_total_per_inv": move,
                "spec_change_if_moved": -move / s0,
                "pc_growth_recent": g_p,
                "spec_growth_recent": g_s,
                "differential_recent": d_recent,
                "differential_required": d_req,
                "differential_gap": d_req - d_recent,
                "years_to_target_recent": ytt,
                "year_reached_recent": base + math.ceil(ytt) if pd.notna(ytt) else np.nan,
                "status": "redan över målet" if p0 / t0 >= s else "under målet",
                "note": (
                    "Summa över regionerna med data; " + GAP_REASONS["09"].split(";")[0] + " och ingår inte."
                    if code == AGGREGATE
                    else ""
                ),
            }
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=SCENARIO_COLUMNS)


def scenario_totals(scen: pd.DataFrame) -> pd.DataFrame:
    """National headline: the aggregate's need vs the sum of what each region below target needs."""
    agg = scen[scen["region_code"] == AGGREGATE].iloc[0]
    reg = scen[scen["region_code"] != AGGREGATE]
    have = reg.dropna(subset=["extra_pc_mnkr"])
    return pd.DataFrame(
        [
            {
                "base_year": int(agg["base_year"]),
                "target_year": int(agg["target_year"]),
                "target_share": agg["target_share"],
                "specialised_real_growth": agg["specialised_real_growth"],
                "share_base": agg["share_base"],
                "extra_pc_per_inv": agg["extra_pc_per_inv"],
                "extra_pc_mnkr": agg["extra_pc_mnkr"],
                "pc_growth_required": agg["pc_growth_required"],
                "pc_growth_recent": agg["pc_growth_recent"],
                "spec_growth_recent": agg["spec_growth_recent"],
                "differential_required": agg["differential_required"],
                "differential_recent": agg["differential_recent"],
                "year_reached_recent": agg["year_reached_recent"],
                "spec_change_if_moved": agg["spec_change_if_moved"],
                "sum_regions_needed_mnkr": have["extra_needed_mnkr"].sum(),
                "n_regions_below": int((have["status"] == "under målet").sum()),
                "n_regions_above": int((have["status"] == "redan över målet").sum()),
                "n_regions_missing": int(reg["extra_pc_mnkr"].isna().sum()),
                "regions_missing": ", ".join(reg.loc[reg["extra_pc_mnkr"].isna(), "region"]),
                "population": agg["population"],
            }
        ]
    )


def equivalent_target(checks: pd.DataFrame, target_share: float) -> dict:
    """The target share in our definition that corresponds to ``target_share`` in the report's.

    Our Kolada share lacks "övrig hälso- och sjukvård" in the denominator, so it is higher
    than 004 Bilaga 1's own-commitment share by the factor ours/theirs (Riket, 2021). A
    region aiming at 25 % in the report's definition aims at ``25 % × factor`` in ours,
    assuming övrig hälso- och sjukvård keeps its 2021 weight.
    """
    row = checks[(checks["check"] == "bilaga1_atagande_2021") & (checks["region_code"] == RIKET)]
    if row.empty or row["our_value"].isna().all():
        raise ValueError("the Riket row of check bilaga1_atagande_2021 is missing")
    r = row.iloc[0]
    factor = float(r["our_value"]) / float(r["report_value"])
    return {
        "target_share": target_share,
        "factor": factor,
        "equivalent_share": target_share * factor,
        "our_2021": float(r["our_value"]) / 100,
        "report_2021": float(r["report_value"]) / 100,
    }


def scenario_sensitivity(
    kolada: pd.DataFrame, params: ScenarioParams, targets: dict[str, float], growths: list[float]
) -> pd.DataFrame:
    """National (aggregate) scenario over a grid of target shares and specialised growth rates.

    ``targets`` maps a Swedish label (shown in the table) to a target share.
    """
    rows = []
    for label, t in targets.items():
        for g in growths:
            p = ScenarioParams(t, params.target_year, params.base_year, g, params.recent_start)
            tot = scenario_totals(reallocation_scenarios(kolada, p)).iloc[0]
            rows.append(
                {
                    "target_label": label,
                    "target_share": t,
                    "specialised_real_growth": g,
                    "extra_pc_per_inv": tot["extra_pc_per_inv"],
                    "extra_pc_mnkr": tot["extra_pc_mnkr"],
                    "pc_growth_required": tot["pc_growth_required"],
                    "differential_required": tot["differential_required"],
                    "differential_recent": tot["differential_recent"],
                    "sum_regions_needed_mnkr": tot["sum_regions_needed_mnkr"],
                    "is_configured": bool(
                        math.isclose(t, params.target_share)
                        and math.isclose(g, params.specialised_real_growth)
                    ),
                }
            )
    return pd.DataFrame(rows)


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
