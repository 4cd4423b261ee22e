"""Inputs and definitions of primary care's cost share: the Kolada and SKR series, and the gaps.

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

from dataclasses import asdict, dataclass

import pandas as pd

from analysis.regions import ALL_CODES

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
        "Gotland är både kommun och region; Koladas data har inga kostnader per "
        "verksamhetsområde (primärvård, specialiserad somatisk och psykiatrisk vård) för Gotland, "
        "så andelen kan inte beräknas. "
        "SKR:s tabell har Gotland 2008–2017."
    ),
}

KOLADA_PRIMARY = "kolada_atagande_3omr"
KOLADA_MIXED = "kolada_blandad"
SKR_HSV = "skr_netto_hsv"
SKR_HSV_DENTAL = "skr_netto_hsv_tandvard"
SKR_3 = "skr_netto_3omr"

#: The Kolada share definitions written out over the series' ids (for source texts).
KOLADA_FORMULAS = {
    KOLADA_PRIMARY: f"{KPI['primary']} / ({KPI['primary']} + {KPI['somatic']} + {KPI['psychiatric']})",
    KOLADA_MIXED: f"{KPI['primary']} / ({KPI['total_incl_drugs']} − {KPI['drugs']})",
}


@dataclass(frozen=True)
class ShareDefinition:
    """One way of computing primary care's cost share; shown as a table in the chapters."""

    id: str
    source: str
    label: str  # Swedish, for figures and tables
    numerator: str
    denominator: str
    cost_type: str
    use: str


DEFINITIONS: list[ShareDefinition] = [
    ShareDefinition(
        KOLADA_PRIMARY,
        "Kolada",
        "Kolada, kostnad för eget åtagande (tre områden)",
        "Primärvård",
        "Primärvård + specialiserad somatisk + specialiserad psykiatrisk vård",
        "kostnad (eget åtagande), exkl. läkemedel",
        "huvuddefinition; nivån ligger över rapporternas eftersom övrig hälso- och sjukvård saknas i nämnaren",
    ),
    ShareDefinition(
        KOLADA_MIXED,
        "Kolada",
        "Kolada, blandad (kostnad / nettokostnad)",
        "Primärvård (kostnad)",
        "Hälso- och sjukvård totalt − läkemedel (nettokostnad, inkl. tandvård)",
        "blandad: kostnad i täljaren, nettokostnad i nämnaren",
        "visas som jämförelse; stiger när riktade statsbidrag ökar utan att resurser flyttas",
    ),
    ShareDefinition(
        SKR_HSV,
        "SKR",
        "SKR, nettokostnad (hälso- och sjukvård utom tandvård)",
        "Primärvård",
        "Politisk verksamhet + Primärvård + Specialiserad somatisk + Specialiserad psykiatrisk + Övrig hälso- och sjukvård",
        "nettokostnad, exkl. läkemedel",
        "samma definition som rapporternas nettokostnadsandel (Socialstyrelsen 2023, bilaga 1)",
    ),
    ShareDefinition(
        SKR_HSV_DENTAL,
        "SKR",
        "SKR, nettokostnad (hälso- och sjukvård inkl. tandvård)",
        "Primärvård",
        "som ovan + Tandvård",
        "nettokostnad, exkl. läkemedel",
        "känslighetsprövning: med tandvård i nämnaren stämmer SKR:s tabell bättre med de härledda 2015-värdena i Socialstyrelsens bilaga 1 (2023)",
    ),
    ShareDefinition(
        SKR_3,
        "SKR",
        "SKR, nettokostnad (tre områden)",
        "Primärvård",
        "Primärvård + Specialiserad somatisk + Specialiserad psykiatrisk vård",
        "nettokostnad, exkl. läkemedel",
        "samma avgränsning som Koladas huvuddefinition; används för avstämningen 2011–2017",
    ),
]


def definitions_table(shares: pd.DataFrame) -> pd.DataFrame:
    """The share definitions as a table (one row each), with the years each has a share in ``shares``."""
    table = pd.DataFrame([asdict(d) for d in DEFINITIONS])
    years = shares.dropna(subset=["share"]).groupby("definition")["year"].agg(["min", "max"])
    spans = [
        f"{int(years.at[d, 'min'])}–{int(years.at[d, 'max'])}" if d in years.index else "inga år"
        for d in table["id"]
    ]
    table.insert(table.columns.get_loc("use"), "years", spans)
    return table


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


def _report_rows(
    report_values: pd.DataFrame, report: str, element: str, series: str | None = None
) -> pd.DataFrame:
    sub = report_values[(report_values["report"] == report) & (report_values["element"] == element)]
    if series is not None:
        sub = sub[sub["series"] == series]
    return sub
