"""Checks against independent data: primary care's cost share (004 Bilaga 1, 001 Fig 14–15) and trust (001 Fig 54).

The share definitions are formulas over named Kolada accounts and SKR areas
(:mod:`analysis.resources`, which also writes them out for the source texts); the trust series
are the analysis sheet's primary-care series and its control (``did_treated``/``did_control``).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from analysis import resources as R
from analysis.ledger.framework import (
    ARITHMETIC,
    INDEPENDENT,
    RELATED,
    Inputs,
    by_region,
    compare,
    region_name,
    register_check,
)
from analysis.regions import RIKET
from analysis.registry import the_id

_KOLADA_OWN = f"Kolada {R.KOLADA_FORMULAS[R.KOLADA_PRIMARY]}, analysis.resources.kolada_shares"
_KOLADA_MIXED = f"Kolada {R.KOLADA_FORMULAS[R.KOLADA_MIXED]}, analysis.resources.kolada_shares"
_SKR_NET = "SKR nettokostnad: primärvård / hälso- och sjukvård utom tandvård, analysis.resources.skr_shares"


@register_check(
    "bilaga1_own_change_kolada",
    RELATED,  # Kolada's own-commitment share lacks other health care in the denominator
    "Förändring 2015–2021 av primärvårdens andel (kostnad för eget åtagande) mot Kolada",
)
def _bilaga1_own_change(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_own_commitment_change_2015_2021_pp")
    out = []
    for code, value in by_region(rep).sort_index().items():
        ours = inp.share(R.KOLADA_PRIMARY, code, 2021) - inp.share(R.KOLADA_PRIMARY, code, 2015)
        out.append(
            compare(
                f"{region_name(code)}, förändring eget åtagande",
                value,
                ours,
                tol,
                "procentenheter",
                _KOLADA_OWN,
            )
        )
    return out


def _share_levels(
    report: str, element: str, series: str, definition: str, year: int, label: str, source: str
):
    """A check: the report's share per region in ``year`` against ours under ``definition``."""

    def check(inp: Inputs, tol: float) -> list[dict]:
        rep = inp.values(report, element, series)
        return [
            compare(
                f"{region_name(code)}{label}",
                value,
                inp.share(definition, code, year),
                tol,
                "procent",
                source,
            )
            for code, value in by_region(rep, year).sort_index().items()
        ]

    return check


#: Share levels compared region by region: (name, description, report, element, series, definition, year,
#: item label, source text).
SHARE_LEVEL_CHECKS = [
    (
        "bilaga1_own_2021_kolada",
        "Primärvårdens andel 2021 (kostnad för eget åtagande) mot Kolada, samma kostnadsslag men utan övrig"
        " hälso- och sjukvård i nämnaren",
        ("004", "Bilaga 1", "pc_share_hsv_costs_own_commitment", R.KOLADA_PRIMARY, 2021),
        ", eget åtagande 2021",
        _KOLADA_OWN,
    ),
    (
        "bilaga1_net_2021_kolada",
        "Primärvårdens andel 2021 (nettokostnad) mot Koladas närmaste motsvarighet, primärvårdens"
        " kostnad delad med hälso- och sjukvårdens nettokostnad utan läkemedel",
        ("004", "Bilaga 1", "pc_share_hsv_costs_net", R.KOLADA_MIXED, 2021),
        ", nettokostnad 2021",
        _KOLADA_MIXED,
    ),
    (
        "bilaga1_net_2015_skr",
        "Primärvårdens andel 2015 (nettokostnad, härledd ur 2021 minus förändringen) mot SKR:s kostnadsfil",
        ("004", "Bilaga 1", "pc_share_hsv_costs_net", R.SKR_HSV, 2015),
        ", nettokostnad 2015",
        _SKR_NET,
    ),
    (
        "p11_net_2015_skr",
        "Nettokostnadsandelen 2015 för Västra Götaland och Skåne mot SKR:s kostnadsfil",
        ("004", "P11", "pc_share_hsv_costs_net", R.SKR_HSV, 2015),
        " 2015",
        _SKR_NET,
    ),
]
for _name, _description, (
    _report,
    _element,
    _series,
    _definition,
    _year,
), _label, _source in SHARE_LEVEL_CHECKS:
    # Kolada's shares are other definitions than the report's (see the descriptions); SKR's the same
    _method = RELATED if _definition in (R.KOLADA_PRIMARY, R.KOLADA_MIXED) else INDEPENDENT
    register_check(_name, _method, _description)(
        _share_levels(_report, _element, _series, _definition, _year, _label, _source)
    )


@register_check(
    "fig14_change_kolada",
    RELATED,  # the report's share is of SKR's net costs for all health care
    "Förändring av primärvårdens kostnadsandel i riket (2016–2023, 2022–2023) mot Kolada",
)
def _fig14_change(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("001", "Fig 14", "pc_share_of_regional_hsv_cost_change")
    out = []
    for _, r in rep.iterrows():
        start, end = (int(x) for x in re.split(r"[–-]", str(r["group"])))
        ours = inp.share(R.KOLADA_PRIMARY, RIKET, end) - inp.share(R.KOLADA_PRIMARY, RIKET, start)
        out.append(
            compare(
                f"Riket {start}–{end}",
                r["value"],
                ours,
                tol,
                "procentenheter",
                _KOLADA_OWN,
                note="Rapporten använder SKR:s nettokostnader i fasta priser; en andel är oberoende av prisindex när samma index används för alla områden.",
            )
        )
    return out


@register_check(
    "fig15_nursing_skr", INDEPENDENT, "Sjuksköterskevårdens andel av primärvårdens nettokostnad 2016 mot SKR"
)
def _fig15_nursing(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("001", "Fig 15", "pc_cost_share_nursing")
    out = []
    skr = inp.skr
    for year, value in rep.set_index("year")["value"].items():
        ours = math.nan
        if not skr.empty:
            nat = skr[(skr["region_code"] == RIKET) & (skr["year"] == year) & (skr["sex"] == "T")]
            nurse = nat.loc[nat["indicator"] == R.SKR_NURSING, "value"]
            total = nat.loc[nat["indicator"] == R.SKR_AREAS["primary"], "value"]
            if len(nurse) and len(total):
                ours = 100 * float(nurse.iloc[0]) / float(total.iloc[0])
        out.append(
            compare(
                f"Riket {int(year)}",
                value,
                ours,
                tol,
                "procent",
                "SKR nettokostnad: sjuksköterskevård / primärvård",
                note="" if pd.notna(ours) else "SKR:s tabell slutar 2017.",
            )
        )
    return out


@register_check(
    "fig54_trust_gap_kolada",
    INDEPENDENT,
    "Förtroende för sjukhus minus förtroende för vårdcentral, riket, varje år 2018–2023, mot Kolada (HSB)",
)
def _fig54_gap(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("001", "Fig 54", "trust_gap_hospitals_minus_pc")
    if rep.empty:
        return []
    control, treated = the_id(inp.sheet, "did_control"), the_id(inp.sheet, "did_treated")
    gap = inp.kolada_series(control) - inp.kolada_series(treated)
    return [
        compare(
            f"Riket {year}",
            float(rep["value"].iloc[0]),
            gap.get(year, math.nan),
            tol,
            "procentenheter",
            f"Kolada {control} − {treated} (Hälso- och sjukvårdsbarometern)",
        )
        for year in range(2018, 2024)
    ]


# ---- arithmetic: the report's own numbers ------------------------------------------


@register_check(
    "fig15_change", ARITHMETIC, "Förändringen 2016–2023 mot skillnaden mellan de tryckta andelarna"
)
def _fig15_change(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("001", "Fig 15")
    lvl = rep[rep["series"] == "pc_cost_share_nursing"].set_index("year")["value"]
    ch = rep[rep["series"] == "pc_cost_share_nursing_change"]
    return [
        compare(
            "2023 − 2016, ur rapportens egna tryckta andelar",
            v,
            lvl.get(2023, math.nan) - lvl.get(2016, math.nan),
            tol,
            "procentenheter",
            "Fig 15",
        )
        for v in ch["value"]
    ]
