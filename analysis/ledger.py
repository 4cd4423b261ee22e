"""Reproduction ledger: every figure, table and stated number of reports 001 and 004, checked.

The ledger has one row per element of the report map (``../shared/docs/report-map.md``):
the figures and tables of 001 (Fig 1–76, Tabell 1–25) and 004 (Fig 1–6, Tabell 1–4,
Bilaga 1–5) and the numbers stated in running text (001-P01…P26, 004-P01…P16). For each it
says what the report prints (from the transcriptions), what the compendium gets, how, with
which tolerance, and a **status that is computed, never typed**:

* every comparison (a *check*) puts one report value next to one compendium value and a
  tolerance; it is *within* when ``|compendium − report| <= tolerance`` (or, for a lower
  bound, ``compendium >= report − tolerance``); a missing value on either side is not
  compared;
* an element's status follows from its checks and its transcribed values (see
  :func:`derive_status`): ``reproduced`` (all checks within, at least one against
  independent data), ``reproduced (arithmetic)`` (all within, only the report's own
  numbers), ``partly reproduced``, ``differs`` (none within), ``transcribed only`` (values
  transcribed, nothing to compare them with), ``not reproducible`` (no value in the text)
  and ``no numbers`` (a concept figure or text table).

The committed spec (``data-raw/ledger_spec.csv``) only says which element is checked by
which computation (:data:`CHECKS`, by name) with which tolerance, where the element appears
in the compendium and, as text, why it cannot be checked further. It holds no values and no
statuses.

Claims (``data-raw/claims.csv``) are the reports' statements about direction and size; each
names a rule in :data:`CLAIM_RULES` and its parameters, and gets a verdict computed from the
data: ``stöds``, ``stöds delvis``, ``stöds inte`` or ``kan inte prövas``.

Primary care's cost shares are computed by :mod:`analysis.resources` (``kolada_shares``,
``skr_shares``), not here.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import resources as R
from analysis.figures import fmt_num
from analysis.presentation.references import element_text, report_ref
from analysis.regions import NAMES, RIKET

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

INDEPENDENT = "independent"
ARITHMETIC = "arithmetic"

#: Element statuses (machine-readable) and their Swedish labels, in display order.
STATUS_SV = {
    "reproduced": "reproducerat",
    "reproduced (arithmetic)": "reproducerat (aritmetik)",
    "partly reproduced": "delvis reproducerat",
    "differs": "avviker",
    "transcribed only": "endast transkriberat",
    "not reproducible": "ej reproducerbart",
    "no numbers": "inga siffror",
}
STATUSES = list(STATUS_SV)

#: Element methods (machine-readable) and their Swedish labels.
METHOD_SV = {
    "recomputed from independent data": "omräknat från oberoende data",
    "recomputed from independent data + arithmetic check": "omräknat från oberoende data + aritmetisk kontroll",
    "arithmetic check of the report's own numbers": "aritmetisk kontroll av rapportens egna tal",
    "transcribed from the report": "transkriberat ur rapporten",
    "not recoverable": "ej återvinningsbart",
}

MAP_CLASSES = ["FULL", "PARTIAL", "NONE", "NON-NUMERIC", "PROSE"]

#: Short names of the reports (seed numbers of the report map).
REPORT_NAMES = {
    "000": "Regeringens uppdrag om resursallokering (2026)",
    "001": "Vårdanalys (2025), Omtag för omställning",
    "004": "Socialstyrelsen (2023), Uppföljningen av omställningen 2022",
}

#: Claim verdicts.
VERDICTS = ["stöds", "stöds delvis", "stöds inte", "kan inte prövas"]

#: Sweden's number of municipalities (since 2003), the base of the MAS/MAR response rates.
N_MUNICIPALITIES = 290

SPEC_COLUMNS = ["element", "title", "map_class", "checks", "chapter", "anchor", "reason"]

CHECK_COLUMNS = [
    "element",
    "check",
    "method",
    "item",
    "unit",
    "relation",
    "report_value",
    "compendium_value",
    "difference",
    "tolerance",
    "within",
    "compared_with",
    "note",
]

LEDGER_COLUMNS = [
    "element",
    "report",
    "kind",
    "title",
    "map_class",
    "n_report_values",
    "report_values",
    "compendium_values",
    "method",
    "method_sv",
    "tolerance",
    "n_compared",
    "n_within",
    "n_missing",
    "status",
    "status_sv",
    "reason",
    "chapter",
    "anchor",
    "link",
]

CLAIM_COLUMNS = [
    "claim",
    "statement_sv",
    "source",
    "element",
    "rule",
    "rule_sv",
    "data_source",
    "numbers",
    "values",
    "verdict",
]


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


@dataclass
class Inputs:
    """The tidy tables the ledger reads (any may be empty when a test does not need it)."""

    report_values: pd.DataFrame
    categorical: pd.DataFrame = field(default_factory=pd.DataFrame)
    kolada: pd.DataFrame = field(default_factory=pd.DataFrame)
    skr: pd.DataFrame = field(default_factory=pd.DataFrame)

    @cached_property
    def shares(self) -> pd.Series:
        """Primary care's cost share in percent, indexed by (definition, region_code, year).

        Computed by :func:`analysis.resources.kolada_shares` and
        :func:`analysis.resources.skr_shares` (see their definitions there).
        """
        frames = []
        if not self.kolada.empty:
            frames.append(R.kolada_shares(self.kolada))
        if not self.skr.empty:
            frames.append(R.skr_shares(self.skr))
        if not frames:
            return pd.Series(dtype=float)
        sh = pd.concat(frames, ignore_index=True)
        return (100 * sh.set_index(["definition", "region_code", "year"])["share"]).sort_index()

    def share(self, definition: str, code: str, year: int) -> float:
        """One share in percent (NaN when absent)."""
        try:
            return float(self.shares.loc[(definition, code, year)])
        except KeyError:
            return math.nan

    def kolada_series(self, kpi: str, code: str = RIKET) -> pd.Series:
        """A Kolada indicator (sex T) by year for one region."""
        k = self.kolada
        if k.empty:
            return pd.Series(dtype=float)
        sub = k[(k["indicator"] == kpi) & (k["region_code"] == code) & (k["sex"] == "T")]
        return sub.set_index("year")["value"].astype(float).sort_index()

    def categorical_cells(self, report: str, element: str) -> pd.DataFrame:
        """Transcribed cells of a categorical table (001 Tabell 13–16, 25)."""
        c = self.categorical
        if c.empty:
            return c
        return c[(c["report"] == report) & (c["element"] == element)]

    def values(self, report: str, element: str, series: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Transcribed values of one element (optionally some series)."""
        rv = self.report_values
        sub = rv[(rv["report"] == report) & (rv["element"] == element)]
        if series is not None:
            sub = sub[sub["series"].isin([series] if isinstance(series, str) else list(series))]
        return sub


def split_element_id(element_id: str) -> tuple[str, str]:
    """``"001 Fig 44"`` -> ``("001", "Fig 44")``; ``"001-P01"`` -> ``("001", "P01")``."""
    m = re.fullmatch(r"(\d{3})(?: |-)(.+)", element_id.strip())
    if m is None:
        raise ValueError(f"not a ledger element id: {element_id!r}")
    return m.group(1), m.group(2)


def element_kind(element_id: str) -> str:
    """Swedish kind of an element: figur, tabell, bilaga or text."""
    _, el = split_element_id(element_id)
    if el.startswith("Fig"):
        return "figur"
    if el.startswith("Tabell"):
        return "tabell"
    if el.startswith("Bilaga"):
        return "bilaga"
    return "text"


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckDef:
    """A named computation that compares report values with compendium values."""

    name: str
    method: str  # INDEPENDENT or ARITHMETIC
    description: str  # Swedish, shown in the chapter
    func: Callable[[Inputs, float], list[dict]]


#: Registry of check computations, by the name the spec uses.
CHECKS: dict[str, CheckDef] = {}


def _check(name: str, method: str, description: str):
    def deco(func):
        CHECKS[name] = CheckDef(name, method, description, func)
        return func

    return deco


def compare(
    item: str,
    report_value: float,
    compendium_value: float,
    tolerance: float,
    unit: str,
    compared_with: str,
    relation: str = "eq",
    note: str = "",
) -> dict:
    """One comparison row (without element/check/method, which :func:`run_checks` adds)."""
    r = float(report_value) if report_value is not None and pd.notna(report_value) else math.nan
    c = float(compendium_value) if compendium_value is not None and pd.notna(compendium_value) else math.nan
    return {
        "item": item,
        "unit": unit,
        "relation": relation,
        "report_value": r,
        "compendium_value": c,
        "difference": c - r if not (math.isnan(c) or math.isnan(r)) else math.nan,
        "tolerance": float(tolerance),
        "within": is_within(r, c, tolerance, relation),
        "compared_with": compared_with,
        "note": note,
    }


def is_within(report_value: float, compendium_value: float, tolerance: float, relation: str = "eq"):
    """The comparison rule: ``|c − r| <= tol`` (``eq``) or ``c >= r − tol`` (``ge``); NA if a value is missing."""
    if pd.isna(report_value) or pd.isna(compendium_value):
        return pd.NA
    eps = 1e-9
    if relation == "eq":
        return bool(abs(compendium_value - report_value) <= tolerance + eps)
    if relation == "ge":
        return bool(compendium_value >= report_value - tolerance - eps)
    raise ValueError(f"unknown relation {relation!r}")


def _one(df: pd.DataFrame, **where) -> float:
    """The single value of ``df`` matching ``where`` (NaN if none; error if several)."""
    sub = df
    for col, val in where.items():
        sub = sub[sub[col] == val]
    if len(sub) > 1:
        raise ValueError(f"{len(sub)} values match {where}")
    return float(sub["value"].iloc[0]) if len(sub) else math.nan


def _name(code: str) -> str:
    return NAMES.get(code, code)


def _by_region(df: pd.DataFrame, year: int | None = None) -> pd.Series:
    sub = df if year is None else df[df["year"] == year]
    return sub.set_index("region_code")["value"].astype(float)


# ---- independent data: primary care's cost share (004 Bilaga 1, 001 Fig 14) ----------

_KOLADA_OWN = "Kolada N71000 / (N71000 + N72000 + N74000), analysis.resources.kolada_shares"
_KOLADA_MIXED = "Kolada N71000 / (N70061 − N70059), analysis.resources.kolada_shares"
_SKR_NET = "SKR nettokostnad: primärvård / hälso- och sjukvård utom tandvård, analysis.resources.skr_shares"


@_check(
    "bilaga1_own_change_kolada",
    INDEPENDENT,
    "Förändring 2015–2021 av primärvårdens andel (kostnad för eget åtagande) mot Kolada",
)
def _bilaga1_own_change(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_own_commitment_change_2015_2021_pp")
    out = []
    for code, value in _by_region(rep).sort_index().items():
        ours = inp.share(R.KOLADA_PRIMARY, code, 2021) - inp.share(R.KOLADA_PRIMARY, code, 2015)
        out.append(
            compare(
                f"{_name(code)}, förändring eget åtagande", value, ours, tol, "procentenheter", _KOLADA_OWN
            )
        )
    return out


@_check(
    "bilaga1_own_2021_kolada",
    INDEPENDENT,
    "Primärvårdens andel 2021 (kostnad för eget åtagande) mot Kolada, samma kostnadsslag men utan övrig hälso- och sjukvård i nämnaren",
)
def _bilaga1_own_2021(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_own_commitment")
    return [
        compare(
            f"{_name(code)}, eget åtagande 2021",
            value,
            inp.share(R.KOLADA_PRIMARY, code, 2021),
            tol,
            "procent",
            _KOLADA_OWN,
        )
        for code, value in _by_region(rep, 2021).sort_index().items()
    ]


@_check(
    "bilaga1_net_2021_kolada",
    INDEPENDENT,
    "Primärvårdens andel 2021 (nettokostnad) mot Koladas närmaste motsvarighet N71000 / (N70061 − N70059)",
)
def _bilaga1_net_2021(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_net")
    return [
        compare(
            f"{_name(code)}, nettokostnad 2021",
            value,
            inp.share(R.KOLADA_MIXED, code, 2021),
            tol,
            "procent",
            _KOLADA_MIXED,
        )
        for code, value in _by_region(rep, 2021).sort_index().items()
    ]


@_check(
    "bilaga1_net_2015_skr",
    INDEPENDENT,
    "Primärvårdens andel 2015 (nettokostnad, härledd ur 2021 minus förändringen) mot SKR:s kostnadsfil",
)
def _bilaga1_net_2015(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_net")
    return [
        compare(
            f"{_name(code)}, nettokostnad 2015",
            value,
            inp.share(R.SKR_HSV, code, 2015),
            tol,
            "procent",
            _SKR_NET,
        )
        for code, value in _by_region(rep, 2015).sort_index().items()
    ]


@_check(
    "p11_net_2015_skr",
    INDEPENDENT,
    "Nettokostnadsandelen 2015 för Västra Götaland och Skåne mot SKR:s kostnadsfil",
)
def _p11_net_2015(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("004", "P11", "pc_share_hsv_costs_net")
    return [
        compare(f"{_name(code)} 2015", value, inp.share(R.SKR_HSV, code, 2015), tol, "procent", _SKR_NET)
        for code, value in _by_region(rep, 2015).sort_index().items()
    ]


@_check(
    "fig14_change_kolada",
    INDEPENDENT,
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


@_check(
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
                note="" if pd.notna(ours) else "SKR-filen slutar 2017.",
            )
        )
    return out


@_check(
    "fig54_trust_gap_kolada",
    INDEPENDENT,
    "Förtroende för sjukhus minus förtroende för vårdcentral, riket, varje år 2018–2023, mot Kolada (HSB)",
)
def _fig54_gap(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("001", "Fig 54", "trust_gap_hospitals_minus_pc")
    if rep.empty:
        return []
    gap = inp.kolada_series("U70446") - inp.kolada_series("U71458")
    return [
        compare(
            f"Riket {year}",
            float(rep["value"].iloc[0]),
            gap.get(year, math.nan),
            tol,
            "procentenheter",
            "Kolada U70446 − U71458 (Hälso- och sjukvårdsbarometern)",
        )
        for year in range(2018, 2024)
    ]


# ---- arithmetic: the report's own numbers ------------------------------------------


@_check("fig15_change", ARITHMETIC, "Förändringen 2016–2023 mot skillnaden mellan de tryckta andelarna")
def _fig15_change(inp: Inputs, tol: float) -> list[dict]:
    rep = inp.values("001", "Fig 15")
    lvl = rep[rep["series"] == "pc_cost_share_nursing"].set_index("year")["value"]
    ch = rep[rep["series"] == "pc_cost_share_nursing_change"]
    return [
        compare(
            "2023 − 2016",
            v,
            lvl.get(2023, math.nan) - lvl.get(2016, math.nan),
            tol,
            "procentenheter",
            "Fig 15",
        )
        for v in ch["value"]
    ]


@_check("tabell4_row_sums", ARITHMETIC, "Regioner + kommuner + SKR mot tryckt totalsumma per år")
def _t4_rows(inp: Inputs, tol: float) -> list[dict]:
    t4 = inp.values("001", "Tabell 4", "state_grants")
    out = []
    for year, g in t4.groupby("year"):
        parts = g.loc[g["group"] != "Totalt", "value"].sum()
        out.append(compare(f"{int(year)}", _one(g, group="Totalt"), parts, tol, "mnkr", "Tabell 4, årsrad"))
    return out


@_check("tabell4_column_sums", ARITHMETIC, "Summan av åren 2019–2024 mot tryckt summa per mottagare")
def _t4_cols(inp: Inputs, tol: float) -> list[dict]:
    t4 = inp.values("001", "Tabell 4")
    yearly = t4[t4["series"] == "state_grants"]
    sums = t4[t4["series"] == "state_grants_sum_2019_2024"]
    return [
        compare(
            grp,
            _one(sums, group=grp),
            yearly.loc[yearly["group"] == grp, "value"].sum(),
            tol,
            "mnkr",
            "Tabell 4, kolumn",
        )
        for grp in sums["group"]
    ]


@_check("tabell4_shares", ARITHMETIC, "Tryckt andel av totalsumman mot mottagarens summa / totalsumman")
def _t4_shares(inp: Inputs, tol: float) -> list[dict]:
    t4 = inp.values("001", "Tabell 4")
    sums = t4[t4["series"] == "state_grants_sum_2019_2024"]
    shares = t4[t4["series"] == "state_grants_share_2019_2024"]
    total = _one(sums, group="Totalt")
    return [
        compare(
            grp,
            _one(shares, group=grp),
            100 * _one(sums, group=grp) / total,
            tol,
            "procent",
            "Tabell 4, summarad",
        )
        for grp in shares["group"]
    ]


def _t5_parts(inp: Inputs) -> tuple[pd.DataFrame, float]:
    t5 = inp.values("001", "Tabell 5")
    return t5, _one(t5, series="municipal_hsv_cost", unit="mnkr", year=2022) / 1000


@_check("tabell5_prose_amount", ARITHMETIC, "Textens belopp för 2022 (miljarder kr) mot tabellens värde")
def _t5_amount(inp: Inputs, tol: float) -> list[dict]:
    t5, table_2022 = _t5_parts(inp)
    return [
        compare(
            "Kommunernas kostnad 2022",
            _one(t5, series="municipal_hsv_cost", unit="mdkr"),
            table_2022,
            tol,
            "mdkr",
            "Tabell 5, 2022 (mnkr / 1 000)",
        )
    ]


@_check(
    "tabell5_municipal_share",
    ARITHMETIC,
    "Kommunernas andel av primärvårdens kostnader ('en tredjedel') mot tabellen",
)
def _t5_share(inp: Inputs, tol: float) -> list[dict]:
    t5, table_2022 = _t5_parts(inp)
    regional = _one(t5, series="regional_pc_cost")
    return [
        compare(
            "Kommunernas andel 2022",
            _one(t5, series="municipal_share_of_pc_cost"),
            100 * table_2022 / (table_2022 + regional),
            tol,
            "procent",
            "Tabell 5 (2022) / (Tabell 5 + regionernas drygt 61 miljarder)",
        )
    ]


@_check("tabell8_sum", ARITHMETIC, "Summan av åren 2019–2024 mot tryckt totalsumma")
def _t8(inp: Inputs, tol: float) -> list[dict]:
    t8 = inp.values("001", "Tabell 8")
    yearly = t8[t8["series"] == "nrf_glesbygd_grant"]["value"].sum()
    return [
        compare(
            "2019–2024",
            _one(t8, series="nrf_glesbygd_grant_total_2019_2024"),
            yearly,
            tol,
            "mnkr",
            "Tabell 8, årsvärden",
        )
    ]


@_check("tabell9_sums", ARITHMETIC, "Utvecklingsområdena summerade mot tryckt total per år")
def _t9(inp: Inputs, tol: float) -> list[dict]:
    t9 = inp.values("001", "Tabell 9", "grants_to_regions_by_area")
    out = []
    for year, g in t9.groupby("year"):
        parts = g.loc[g["group_type"] == "area", "value"].sum()
        out.append(compare(f"{int(year)}", _one(g, group="Totalt"), parts, tol, "mnkr", "Tabell 9, områden"))
    return out


@_check("tabell9_vs_tabell4", ARITHMETIC, "Tabell 9:s total till regionerna mot Tabell 4:s regionkolumn")
def _t9_t4(inp: Inputs, tol: float) -> list[dict]:
    t9 = inp.values("001", "Tabell 9", "grants_to_regions_by_area")
    t4 = inp.values("001", "Tabell 4", "state_grants")
    reg = t4[t4["group"] == "Regioner"].set_index("year")["value"]
    out = []
    for _, r in t9[t9["group"] == "Totalt"].iterrows():
        out.append(
            compare(
                f"{int(r['year'])}",
                r["value"],
                reg.get(r["year"], math.nan),
                tol,
                "mnkr",
                "Tabell 4, regioner",
            )
        )
    return out


@_check("fig40_vs_fig41", ARITHMETIC, "Andel med fast läkare enligt Fig 40 (behov × tillgång) mot Fig 41")
def _fig40(inp: Inputs, tol: float) -> list[dict]:
    f40 = inp.values("001", "Fig 40")
    f41 = inp.values("001", "Fig 41")
    need = _one(f40, series="needs_regular_doctor") / 100
    has_need = _one(f40, series="has_regular_doctor", group="Behöver fast läkare") / 100
    has_no_need = _one(f40, series="has_regular_doctor", group="Behöver inte fast läkare") / 100
    implied = 100 * (need * has_need + (1 - need) * has_no_need)
    return [
        compare(
            "Befolkningspanelen 2024",
            _one(f41, group="Befolkningspanel"),
            implied,
            tol,
            "procent",
            "Fig 40: behov × andel med fast läkare bland dem med och utan behov",
        )
    ]


#: Fig 67's question per figure (order of the report's summary matrix, §16.2).
FIG67_QUESTIONS = {
    "Fig 68": "Är regionernas arbete med omställningen ändamålsenligt?",
    "Fig 69": "Har omställningsarbetet konkretiserats?",
    "Fig 70": "Har det skett någon resursförflyttning för att stärka primärvården?",
    "Fig 71": "Är arbetet med omställningen tillräckligt resurssatt?",
    "Fig 74": "Finns en fungerande samverkansstruktur med kommunerna?",
}


def _audit_sum(figure: str):
    def func(inp: Inputs, tol: float) -> list[dict]:
        f = inp.values("001", figure, "audit_rating")
        f67 = inp.values("001", "Fig 67", "audit_reports_with_question")
        return [
            compare(
                "Antal granskningar",
                _one(f67, group=FIG67_QUESTIONS[figure]),
                f["value"].sum(),
                tol,
                "antal",
                f"summan av bedömningarna i {figure}",
            )
        ]

    return func


for _fig in FIG67_QUESTIONS:
    _check(
        f"audit_sum_{_fig.split()[1]}",
        ARITHMETIC,
        f"Bedömningarna i {_fig} summerade mot antalet granskningar i Fig 67",
    )(_audit_sum(_fig))


@_check("fig75_response", ARITHMETIC, "Svarsfrekvensen mot 253 svarande av Sveriges 290 kommuner")
def _fig75(inp: Inputs, tol: float) -> list[dict]:
    f75 = inp.values("001", "Fig 75")
    n = _one(inp.values("001", "P15", "responding_municipalities"), year=2024)
    return [
        compare(
            "Riket",
            _one(f75, series="response_rate", group="Riket"),
            100 * n / N_MUNICIPALITIES,
            tol,
            "procent",
            f"{fmt_num(n, 0)} / {N_MUNICIPALITIES} kommuner",
        )
    ]


@_check("p15_shares", ARITHMETIC, "Tryckta andelar mot antalen i texten")
def _p15(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P15")
    resp = _one(p, series="responding_municipalities")
    return [
        compare(
            "Svarande kommuner 2024",
            _one(p, series="responding_municipalities_share"),
            100 * resp / N_MUNICIPALITIES,
            tol,
            "procent",
            f"antal / {N_MUNICIPALITIES} kommuner",
        ),
        compare(
            "Kommuner med MAR 2024",
            _one(p, series="municipalities_with_mar_share", year=2024),
            100 * _one(p, series="municipalities_with_mar", year=2024) / resp,
            tol,
            "procent",
            "antal / svarande kommuner",
        ),
        compare(
            "Kommuner med MAR 2017",
            _one(p, series="municipalities_with_mar_share", year=2017),
            100 * _one(p, series="municipalities_with_mar", year=2017) / N_MUNICIPALITIES,
            tol,
            "procent",
            f"antal / {N_MUNICIPALITIES} kommuner",
        ),
    ]


@_check(
    "p01_gap_to_target",
    ARITHMETIC,
    "Ökning som behövs för 1 100 invånare per specialist, ur textens egna tal",
)
def _p01(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P01")
    ratio = _one(p, series="inhabitants_per_gp_specialist", year=2023)
    target = _one(p, series="riktvarde_patients_per_gp")
    return [
        compare(
            "Behövd ökning av antalet specialister",
            _one(p, series="gp_specialists_increase_needed"),
            100 * (ratio / target - 1),
            tol,
            "procent",
            "2023 års 2 039 invånare per specialist / riktvärdet 1 100 − 1",
            note="Rapporten hänvisar till Vård- och omsorgsanalys (2023b), som kan ha räknat på listade patienter.",
        )
    ]


@_check("p04_vs_tabell4", ARITHMETIC, "Textens belopp mot Tabell 4:s summor")
def _p04(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P04")
    sums = inp.values("001", "Tabell 4", "state_grants_sum_2019_2024")
    return [
        compare(
            "Statsbidrag totalt, miljarder kr",
            _one(p, series="state_grants_total_2019_2024"),
            _one(sums, group="Totalt") / 1000,
            tol,
            "mdkr",
            "Tabell 4, summa (mnkr / 1 000)",
        ),
        compare(
            "Till SKR, miljoner kr",
            _one(p, series="grants_to_skr_2019_2024") / 1000,
            _one(sums, group="SKR") / 1000,
            tol,
            "mdkr",
            "Tabell 4, SKR:s summa",
        ),
    ]


#: 001-P05 series -> (Tabell 13 attribute, values counted) for the SKR-survey counts.
P05_TABELL13 = {
    "regions_gp_care_in_basic_mission": ("Allmänmedicinsk verksamhet", ["Grunduppdrag vårdcentral"]),
    "regions_mental_health_separate_lov": (
        "Psykisk ohälsa/psykosocial verksamhet",
        ["Fristående vårdval (LOV)"],
    ),
    "regions_rehab_in_basic_mission": ("Rehabilitering", ["Grunduppdrag vårdcentral"]),
    "regions_rehab_separate_lov": ("Rehabilitering", ["Fristående vårdval (LOV)"]),
    "regions_bvc_in_vc_mission": (
        "Barnhälsovård (BVC)",
        ["Grunduppdrag vårdcentral", "Frivilligt tilläggsuppdrag vårdcentral"],
    ),
    "regions_bvc_basic_mission": ("Barnhälsovård (BVC)", ["Grunduppdrag vårdcentral"]),
    "regions_bvc_voluntary_addon": ("Barnhälsovård (BVC)", ["Frivilligt tilläggsuppdrag vårdcentral"]),
    "regions_bvc_separate_lov": ("Barnhälsovård (BVC)", ["Fristående vårdval (LOV)"]),
    "regions_bvc_own_regi": ("Barnhälsovård (BVC)", ["Primärvård i regional regi"]),
    "regions_mvc_outside_pc": ("Mödrahälsovård (MVC)", ["Verksamhet utanför primärvårdens uppdrag"]),
    "regions_mvc_pc_own_regi": ("Mödrahälsovård (MVC)", ["Primärvård i regional regi"]),
    "regions_mvc_basic_mission": ("Mödrahälsovård (MVC)", ["Grunduppdrag vårdcentral"]),
    "regions_mvc_voluntary_addon": ("Mödrahälsovård (MVC)", ["Frivilligt tilläggsuppdrag vårdcentral"]),
    "regions_mvc_separate_lov": ("Mödrahälsovård (MVC)", ["Fristående vårdval (LOV)"]),
}
IN_VC_MISSION = ["Grunduppdrag vårdcentral", "Obligatoriskt tilläggsuppdrag vårdcentral"]


@_check("p05_vs_tabell13_14", ARITHMETIC, "Antal regioner i texten mot antal i Tabell 13 och 14")
def _p05(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P05")
    cat = inp.categorical
    t13 = cat[(cat["report"] == "001") & (cat["element"] == "Tabell 13")] if not cat.empty else cat
    out = []
    for series, (attribute, values) in P05_TABELL13.items():
        rows = p[p["series"] == series]
        if rows.empty or t13.empty:
            continue
        n = int(((t13["attribute"] == attribute) & t13["value"].isin(values)).sum())
        out.append(
            compare(str(rows["group"].iloc[0]), rows["value"].iloc[0], n, tol, "antal regioner", "Tabell 13")
        )
    if not t13.empty:
        all_in = t13.assign(ok=t13["value"].isin(IN_VC_MISSION)).groupby("region_code")["ok"].all()
        out.append(
            compare(
                "Alla sex områden i vårdcentralens uppdrag",
                _one(p, series="regions_all_areas_in_vc_mission"),
                int(all_in.sum()),
                tol,
                "antal regioner",
                "Tabell 13 (grunduppdrag eller obligatoriskt tilläggsuppdrag i alla sex områden)",
            )
        )
    t14 = _by_region(inp.values("001", "Tabell 14", "supplementary_lov_schemes"))
    if len(t14):
        for series, label, n in [
            ("regions_without_supplementary_lov", "Inga kompletterande vårdval", int((t14 == 0).sum())),
            ("regions_with_supplementary_lov", "Kompletterande vårdval", int((t14 > 0).sum())),
        ]:
            out.append(compare(label, _one(p, series=series), n, tol, "antal regioner", "Tabell 14"))
        out.append(
            compare(
                "Stockholms kompletterande vårdval",
                _one(p, series="supplementary_lov_schemes", region_code="01"),
                t14.get("01", math.nan),
                tol,
                "antal vårdval",
                "Tabell 14",
            )
        )
    return out


@_check("p06_vs_tabell16", ARITHMETIC, "Regioner där barn och unga undantas mot Tabell 16")
def _p06(inp: Inputs, tol: float) -> list[dict]:
    cat = inp.categorical
    if cat.empty:
        return []
    t16 = cat[(cat["report"] == "001") & (cat["element"] == "Tabell 16")]
    adults = int(t16["value"].str.startswith("Ja, gäller enbart vuxna").sum())
    return [
        compare(
            "Barn och unga undantas",
            _one(inp.values("001", "P06"), series="regions_children_excluded_mental_health"),
            adults,
            tol,
            "antal regioner",
            "Tabell 16, rader 'Ja, gäller enbart vuxna'",
        )
    ]


@_check("p07_share", ARITHMETIC, "Andelen fritextsvar mot antalen i texten")
def _p07(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P07")
    return [
        compare(
            "Fritextsvar",
            _one(p, series="free_text_respondents_share"),
            100 * _one(p, series="free_text_respondents") / _one(p, series="respondents"),
            tol,
            "procent",
            "fritextsvar / svarande",
        )
    ]


@_check("p19_rate", ARITHMETIC, "Befolkningspanelens svarsandel mot antalen i texten")
def _p19(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P19")
    return [
        compare(
            "Befolkningspanelen 2024",
            _one(p, series="participation_rate"),
            100 * _one(p, series="respondents", group="Befolkningspanel") / _one(p, series="panel_members"),
            tol,
            "procent",
            "svarande / panelmedlemmar (cirka 8 000)",
        )
    ]


@_check(
    "tabell20_sums",
    ARITHMETIC,
    "Varje variabels kategorier summerade till 100 procent (tolerans 0,5 per kategori)",
)
def _t20(inp: Inputs, tol: float) -> list[dict]:
    t20 = inp.values("001", "Tabell 20")
    labels = {
        "sample_share_unweighted": "oviktat",
        "sample_share_weighted": "viktat",
        "population_share": "befolkningen",
    }
    out = []
    for (series, gt), g in t20.groupby(["series", "group_type"], sort=False):
        out.append(
            compare(
                f"{gt}, {labels.get(series, series)}",
                100.0,
                g["value"].sum(),
                tol * len(g),
                "procent",
                f"summan av {len(g)} avrundade andelar",
            )
        )
    return out


# ---- 004 ----------------------------------------------------------------------------


def _t1_shares(inp: Inputs) -> pd.Series:
    return _by_region(inp.values("004", "Tabell 1", "fast_lakarkontakt"), 2022)


@_check("p01_004_vs_tabell1", ARITHMETIC, "Textens medelvärde, spridning och antal mot Tabell 1")
def _p01_004(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("004", "P01")
    t1 = _t1_shares(inp)
    src = "Tabell 1 (andel med fast läkarkontakt 2022)"
    return [
        compare(
            "Ovägt medelvärde",
            _one(p, series="fast_lakarkontakt_unweighted_mean"),
            t1.mean(),
            tol,
            "procent",
            src,
        ),
        compare("Lägsta andel (Kronoberg)", _one(p, region_code="07"), t1.min(), tol, "procent", src),
        compare("Högsta andel (Västra Götaland)", _one(p, region_code="14"), t1.max(), tol, "procent", src),
        compare(
            "Antal rapporterande regioner",
            _one(p, series="regions_reporting_fast_lakarkontakt"),
            float(t1.notna().sum()),
            tol,
            "antal regioner",
            src,
        ),
        compare(
            "Antal regioner efter datakälla (11 + 4 + 3)",
            _one(p, series="regions_reporting_fast_lakarkontakt"),
            sum(
                _one(p, series=f"regions_reporting_fast_lakarkontakt_from_{s}")
                for s in ("listing_system", "journal_system", "other_source")
            ),
            tol,
            "antal regioner",
            "fotnot 31",
        ),
    ]


@_check("p02_vs_tabell1", ARITHMETIC, "Fotnotens andelar 2022 mot Tabell 1")
def _p02(inp: Inputs, tol: float) -> list[dict]:
    t1 = _t1_shares(inp)
    p = _by_region(inp.values("004", "P02", "fast_lakarkontakt"), 2022)
    return [
        compare(_name(code), v, t1.get(code, math.nan), tol, "procent", "Tabell 1")
        for code, v in p.sort_index().items()
    ]


@_check("p04_vs_tabell1", ARITHMETIC, "Textens ovägda medelvärde av kontinuitetsindex mot Tabell 1")
def _p04_004(inp: Inputs, tol: float) -> list[dict]:
    idx = _by_region(inp.values("004", "Tabell 1", "continuity_index_doctor"), 2022)
    return [
        compare(
            "Ovägt medelvärde",
            _one(inp.values("004", "P04"), series="continuity_index_doctor_unweighted_mean"),
            idx.mean(),
            tol,
            "index",
            f"Tabell 1 ({len(idx)} regioner)",
        )
    ]


def _same_series(inp: Inputs, element: str, others: Sequence[str], tol: float) -> list[dict]:
    """Values of ``element`` against the same series, region and year in ``others``."""
    mine = inp.values("004", element)
    pool = pd.concat([inp.values("004", o).assign(_source=o) for o in others], ignore_index=True)
    out = []
    for _, r in mine.iterrows():
        match = pool[
            (pool["series"] == r["series"])
            & (pool["region_code"] == r["region_code"])
            & (pool["year"] == r["year"])
        ]
        if match.empty:
            continue
        code = r["region_code"] or RIKET
        out.append(
            compare(
                f"{_name(code)}: {r['series']}",
                r["value"],
                float(match["value"].iloc[0]),
                tol,
                str(r["unit"]),
                str(match["_source"].iloc[0]),
                note="OCR-korrigerat värde" if r["status"] == "corrected" else "",
            )
        )
    return out


@_check("tabell2_vs_bilagor", ARITHMETIC, "Tabell 2:s riksvärden mot Totalt-raden i Bilaga 2–4")
def _t2(inp: Inputs, tol: float) -> list[dict]:
    t2 = inp.values("004", "Tabell 2")
    pool = pd.concat([inp.values("004", b) for b in ("Bilaga 2", "Bilaga 3", "Bilaga 4")], ignore_index=True)
    pool = pool[pool["region_code"] == RIKET].assign(
        _source=lambda d: d["element"]
    )  # the bilagor key their totals as Riket
    out = []
    for _, r in t2.iterrows():
        match = pool[(pool["series"] == r["series"]) & (pool["year"] == r["year"])]
        if match.empty:
            continue
        out.append(
            compare(
                r["series"],
                r["value"],
                float(match["value"].iloc[0]),
                tol,
                str(r["unit"]),
                str(match["_source"].iloc[0]) + ", Totalt",
                note="OCR-korrigerat värde" if r["status"] == "corrected" else "",
            )
        )
    return out


@_check("tabell3_vs_bilagor", ARITHMETIC, "Tabell 3:s förändringar per län mot kolumnen Alla i Bilaga 2–4")
def _t3(inp: Inputs, tol: float) -> list[dict]:
    return _same_series(inp, "Tabell 3", ["Bilaga 2", "Bilaga 3", "Bilaga 4"], tol)


def _components(inp: Inputs, element: str, prefix: str, parts: Sequence[str], tol: float) -> list[dict]:
    b = inp.values("004", element)
    out = []
    for code in sorted(b["region_code"].unique()):
        g = b[(b["region_code"] == code) & (b["year"] == 2020)]
        total = _one(g, series=f"{prefix}_all_licensed_per_100k")
        comp = sum(_one(g, series=f"{prefix}_{p}_per_100k") for p in parts)
        out.append(
            compare(_name(code), total, comp, tol, "antal per 100 000 inv", f"{element}: {' + '.join(parts)}")
        )
    return out


@_check("bilaga2_components", ARITHMETIC, "Sjuksköterskor + läkare + övriga mot Alla (2020)")
def _b2(inp: Inputs, tol: float) -> list[dict]:
    return _components(inp, "Bilaga 2", "regional_pc", ["nurses", "doctors", "other_licensed"], tol)


@_check("bilaga4_components", ARITHMETIC, "Sjuksköterskor + läkare + övriga mot Alla (2020)")
def _b4c(inp: Inputs, tol: float) -> list[dict]:
    return _components(inp, "Bilaga 4", "combined_pc", ["nurses", "doctors", "other_licensed"], tol)


@_check("bilaga4_sum_b2_b3", ARITHMETIC, "Region + kommun (Bilaga 2 + Bilaga 3) mot Bilaga 4, Alla 2020")
def _b4s(inp: Inputs, tol: float) -> list[dict]:
    b2 = _by_region(inp.values("004", "Bilaga 2", "regional_pc_all_licensed_per_100k"), 2020)
    b3 = _by_region(inp.values("004", "Bilaga 3", "municipal_pc_all_licensed_per_100k"), 2020)
    b4 = _by_region(inp.values("004", "Bilaga 4", "combined_pc_all_licensed_per_100k"), 2020)
    return [
        compare(
            _name(code),
            v,
            b2.get(code, math.nan) + b3.get(code, math.nan),
            tol,
            "antal per 100 000 inv",
            "Bilaga 2 + Bilaga 3",
        )
        for code, v in b4.sort_index().items()
    ]


@_check(
    "bilaga3_2015_consistency",
    ARITHMETIC,
    "Härledda 2015-nivåer: Bilaga 4 − Bilaga 2 mot Bilaga 3 (Alla); toleransen följer av avrundade procenttal",
)
def _b3(inp: Inputs, tol: float) -> list[dict]:
    """2015 level = 2020 level / (1 + change); ``tol`` is the half-unit of the printed percent."""

    def series(element, prefix):
        v = inp.values("004", element)
        lvl = _by_region(v[v["series"] == f"{prefix}_all_licensed_per_100k"], 2020)
        pct = _by_region(v[v["series"] == f"{prefix}_all_licensed_change_2015_2020_pct"], 2020)
        return lvl, pct

    parts = {
        k: series(e, p)
        for k, (e, p) in {
            "b2": ("Bilaga 2", "regional_pc"),
            "b3": ("Bilaga 3", "municipal_pc"),
            "b4": ("Bilaga 4", "combined_pc"),
        }.items()
    }
    out = []
    for code in sorted(parts["b3"][0].index):
        lv = {k: (parts[k][0].get(code, math.nan), parts[k][1].get(code, math.nan)) for k in parts}
        l2015 = {k: lvl / (1 + pct / 100) for k, (lvl, pct) in lv.items()}
        # error bound: printed percent ±tol (pp) and printed level ±0.5
        bound = sum(
            tol / 100 * lvl / (1 + pct / 100) ** 2 + 0.5 / (1 + pct / 100) for lvl, pct in lv.values()
        )
        row = compare(
            _name(code),
            l2015["b3"],
            l2015["b4"] - l2015["b2"],
            bound if pd.notna(bound) else tol,
            "antal per 100 000 inv",
            "Bilaga 4 − Bilaga 2, 2015-nivåer härledda ur 2020 och förändringen",
        )
        out.append(row)
    return out


@_check("bilaga5_internal", ARITHMETIC, "Procentuell förändring mot absolut förändring / 2015-nivå")
def _b5(inp: Inputs, tol: float) -> list[dict]:
    b = inp.values("004", "Bilaga 5")
    lvl = _by_region(b[b["series"] == "agency_staff_cost_per_100k"], 2020)
    ab = _by_region(b[b["series"] == "agency_staff_cost_change_2015_2020_abs"], 2020)
    pct = _by_region(b[b["series"] == "agency_staff_cost_change_2015_2020_pct"], 2020)
    return [
        compare(
            _name(code),
            v,
            100 * ab.get(code, math.nan) / (lvl.get(code, math.nan) - ab.get(code, math.nan)),
            tol,
            "procent",
            "absolut förändring / (2020-nivå − absolut förändring)",
        )
        for code, v in pct.sort_index().items()
    ]


@_check("p11_vs_bilaga1", ARITHMETIC, "Textens andelar för Västra Götaland och Skåne mot Bilaga 1")
def _p11(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("004", "P11", "pc_share_hsv_costs_net")
    b1 = inp.values("004", "Bilaga 1", "pc_share_hsv_costs_net")
    return [
        compare(
            f"{_name(r['region_code'])} {int(r['year'])}",
            r["value"],
            _one(b1, region_code=r["region_code"], year=r["year"]),
            tol,
            "procent",
            "Bilaga 1 (2015 härlett som 2021 minus förändringen)",
        )
        for _, r in p.iterrows()
    ]


@_check("p12_vs_bilagor", ARITHMETIC, "Textens tal om personal och hyrpersonal mot Bilaga 2–5 och Tabell 4")
def _p12(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("004", "P12")
    v = {e: inp.values("004", e) for e in ("Bilaga 2", "Bilaga 3", "Bilaga 4", "Bilaga 5", "Tabell 4")}
    tot = RIKET
    out = []
    for series, element in [
        ("regional_pc_all_licensed_change_2015_2020_pct", "Bilaga 2"),
        ("regional_pc_other_licensed_change_2015_2020_pct", "Bilaga 2"),
        ("municipal_pc_all_licensed_change_2015_2020_pct", "Bilaga 3"),
        ("combined_pc_all_licensed_change_2015_2020_pct", "Bilaga 4"),
        ("agency_staff_cost_change_2015_2020_pct", "Bilaga 5"),
    ]:
        out.append(
            compare(
                f"Riket: {series}",
                _one(p, series=series, region_code=""),
                _one(v[element], series=series, region_code=tot),
                tol,
                "procent",
                f"{element}, Totalt",
            )
        )
    out.append(
        compare(
            "Blekinge: hyrpersonal, förändring",
            _one(p, series="agency_staff_cost_change_2015_2020_pct", region_code="10"),
            _one(v["Bilaga 5"], series="agency_staff_cost_change_2015_2020_pct", region_code="10"),
            tol,
            "procent",
            "Bilaga 5",
        )
    )
    b4 = _by_region(v["Bilaga 4"][v["Bilaga 4"]["series"] == "combined_pc_all_licensed_per_100k"], 2020)
    b4 = b4.drop(RIKET, errors="ignore")
    for code, fn, label in [("23", "max", "högst"), ("01", "min", "lägst")]:
        out.append(
            compare(
                f"{_name(code)} ({label} i landet)",
                _one(p, series="combined_pc_all_licensed_per_100k", region_code=code),
                float(getattr(b4, fn)()),
                tol,
                "antal per 100 000 inv",
                f"Bilaga 4, {label} värde bland länen",
            )
        )
    t4 = v["Tabell 4"]
    share20 = _one(t4, series="regional_hsv_share_in_pc_all_licensed")
    ch = _one(t4, series="regional_hsv_share_in_pc_all_licensed_change_2015_2020_pp")
    for year, ours in [(2015, share20 - ch), (2020, share20)]:
        out.append(
            compare(
                f"Andel i primärvården {year}",
                _one(p, series="regional_hsv_share_in_pc_all_licensed", year=year),
                ours,
                tol,
                "procent",
                "Tabell 4 (2015 = 2020 minus förändringen)",
            )
        )
    gp = _by_region(v["Bilaga 2"][v["Bilaga 2"]["series"] == "regional_pc_gps_change_2015_2020_pct"], 2020)
    gp = gp.drop(RIKET, errors="ignore")
    n_zero = int((gp == 0).sum())
    out.append(
        compare(
            "Regioner där specialisterna i allmänmedicin minskade",
            _one(p, series="regions_with_gp_specialist_decrease_2015_2020"),
            float((gp < 0).sum()),
            tol + n_zero,
            "antal regioner",
            "Bilaga 2 (regioner med tryckt förändring under noll)",
            note=f"Toleransen omfattar {n_zero} region(er) med tryckt förändring 0 %, som kan ha minskat något.",
        )
    )
    for code in ("10", "09"):
        out.append(
            compare(
                f"{_name(code)}: minskning av specialister i allmänmedicin",
                _one(p, series="regional_pc_gps_decrease_2015_2020_lower_bound", region_code=code),
                -gp.get(code, math.nan),
                tol,
                "procent",
                "Bilaga 2 (minskningen ska vara minst så stor)",
                relation="ge",
            )
        )
    return out


@_check("p16_vs_001_tabell9", ARITHMETIC, "Ambulansmedlen 2022 mot 001 Tabell 9")
def _p16(inp: Inputs, tol: float) -> list[dict]:
    t9 = inp.values("001", "Tabell 9", "grants_to_regions_by_area")
    return [
        compare(
            "2022",
            _one(inp.values("004", "P16"), series="grant_ambulance_development"),
            _one(t9, group="En förstärkt ambulanssjukvård", year=2022),
            tol,
            "mnkr",
            "001 Tabell 9",
        )
    ]


# --------------------------------------------------------------------------------------
# Spec and ledger
# --------------------------------------------------------------------------------------


def parse_checks(text: str) -> list[tuple[str, float]]:
    """``"a=0.5; b=0"`` -> ``[("a", 0.5), ("b", 0.0)]``; names must be in :data:`CHECKS`."""
    out = []
    for part in str(text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        name, _, tol = part.partition("=")
        name = name.strip()
        if name not in CHECKS:
            raise ValueError(f"unknown check {name!r} in the ledger spec")
        if not tol.strip():
            raise ValueError(f"check {name!r} has no tolerance in the ledger spec")
        out.append((name, float(tol)))
    return out


def read_spec(path: Path | str) -> pd.DataFrame:
    """The committed ledger spec, validated (columns, unique ids, known checks and classes)."""
    spec = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in SPEC_COLUMNS if c not in spec.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    forbidden = {"status", "value", "values", "report_value", "compendium_value"} & set(spec.columns)
    if forbidden:
        raise ValueError(f"{path}: the spec must not hold statuses or values ({sorted(forbidden)})")
    dup = spec["element"][spec["element"].duplicated()].tolist()
    if dup:
        raise ValueError(f"{path}: duplicate element ids {dup}")
    bad = sorted(set(spec["map_class"]) - set(MAP_CLASSES))
    if bad:
        raise ValueError(f"{path}: unknown map classes {bad}")
    for e in spec["element"]:
        split_element_id(e)
    for c in spec["checks"]:
        parse_checks(c)
    return spec[SPEC_COLUMNS]


def run_checks(spec: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Every check the spec names, one row per comparison (:data:`CHECK_COLUMNS`)."""
    rows = []
    for s in spec.itertuples(index=False):
        for name, tol in parse_checks(s.checks):
            cd = CHECKS[name]
            for r in cd.func(inputs, tol):
                rows.append({"element": s.element, "check": name, "method": cd.method, **r})
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    out["within"] = out["within"].astype("boolean")
    return out


def derive_status(n_values: int, within: Sequence, methods: Sequence[str], map_class: str) -> str:
    """An element's status from its comparisons and transcribed values (the ledger's rule).

    "reproduced" only when every value of the element was compared and all passed; when all
    comparisons pass but fewer values were compared than the report prints, the element is
    only "partly reproduced" (the ledger shows n compared of n in the report).
    """
    compared = [(bool(w), m) for w, m in zip(within, methods, strict=True) if not pd.isna(w)]
    if compared:
        n_ok = sum(w for w, _ in compared)
        if n_ok == len(compared) and len(compared) < n_values:
            return "partly reproduced"
        if n_ok == len(compared):
            return "reproduced" if any(m == INDEPENDENT for _, m in compared) else "reproduced (arithmetic)"
        return "differs" if n_ok == 0 else "partly reproduced"
    if n_values > 0:
        return "transcribed only"
    return "no numbers" if map_class == "NON-NUMERIC" else "not reproducible"


def derive_method(n_values: int, within: Sequence, methods: Sequence[str]) -> str:
    """How the element's numbers were obtained (English key of :data:`METHOD_SV`)."""
    used = {m for w, m in zip(within, methods, strict=True) if not pd.isna(w)}
    if INDEPENDENT in used:
        return (
            "recomputed from independent data + arithmetic check"
            if ARITHMETIC in used
            else "recomputed from independent data"
        )
    if ARITHMETIC in used:
        return "arithmetic check of the report's own numbers"
    return "transcribed from the report" if n_values > 0 else "not recoverable"


def fmt_short(v: float) -> str:
    """A number for the summaries: integers as such, else three significant digits (Swedish style)."""
    if pd.isna(v):
        return "–"
    v = float(v)
    if abs(v - round(v)) < 1e-9:
        return fmt_num(v, 0)
    dmax = min(3, max(0, 2 - math.floor(math.log10(abs(v)))))
    target = round(v, dmax)
    decimals = next(d for d in range(dmax + 1) if abs(round(v, d) - target) < 1e-9)
    return fmt_num(v, decimals)


def summarise_values(values: pd.Series, units: pd.Series, max_list: int = 4) -> str:
    """Short Swedish summary: the values when few, else count and range per unit."""
    df = pd.DataFrame({"v": values.astype(float).to_numpy(), "u": units.astype(str).to_numpy()}).dropna()
    if df.empty:
        return "–"
    if len(df) <= max_list:
        parts = []
        for unit, g in df.groupby("u", sort=False):
            parts.append(", ".join(fmt_short(v) for v in g["v"]) + f" {unit}")
        return "; ".join(parts)
    parts = []
    for unit, g in df.groupby("u", sort=False):
        n = len(g)
        rng = (
            fmt_short(g["v"].min())
            if g["v"].min() == g["v"].max()
            else f"{fmt_short(g['v'].min())} till {fmt_short(g['v'].max())}"
        )
        parts.append(f"{n} {'värde' if n == 1 else 'värden'}, {rng} {unit}")
    return "; ".join(parts)


def _tolerance_text(ch: pd.DataFrame) -> str:
    if ch.empty:
        return "–"
    parts = []
    for (_, unit), g in ch.groupby(["check", "unit"], sort=False):
        tols = g["tolerance"].dropna()
        if tols.empty:
            continue
        t = (
            fmt_short(tols.iloc[0])
            if tols.nunique() == 1
            else f"{fmt_short(tols.min())}–{fmt_short(tols.max())}"
        )
        sign = "≥ −" if (g["relation"] == "ge").all() else "±"
        parts.append(f"{sign}{t} {unit}")
    return "; ".join(dict.fromkeys(parts))


def _reason(status: str, ch: pd.DataFrame, spec_reason: str) -> str:
    """Swedish reason text: the outcome of the comparisons, then the spec's explanation."""
    compared = ch[ch["within"].notna()]
    text = ""
    if len(compared):
        n, k = len(compared), int(compared["within"].sum())
        if k == n:
            text = (
                "Jämförelsen ligger inom toleransen."
                if n == 1
                else f"Alla {n} jämförelser ligger inom toleransen."
            )
        else:
            bad = compared[~compared["within"].astype(bool)]
            excess = (bad["difference"].abs() - bad["tolerance"]).fillna(0)
            worst = bad.loc[excess.idxmax()]
            head = (
                "Jämförelsen ligger utanför toleransen."
                if n == 1
                else f"{k} av {n} jämförelser ligger inom toleransen."
            )
            text = (
                f"{head} Största avvikelse: {worst['item']}, rapporten {fmt_short(worst['report_value'])}, "
                f"kompendiet {fmt_short(worst['compendium_value'])} {worst['unit']}."
            )
    missing = ch.loc[ch["within"].isna(), "item"]
    if len(missing):
        items = ", ".join(dict.fromkeys(missing))
        what = "En jämförelse saknar" if len(missing) == 1 else f"{len(missing)} jämförelser saknar"
        text += f" {what} värde ({items})."
    if spec_reason:
        text += " " + spec_reason
    if not text.strip():
        text = {
            "transcribed only": "Värdena är transkriberade ur rapporten; kompendiet har ingen oberoende källa att jämföra dem med.",
            "not reproducible": "Rapportens text har inga avläsbara värden för elementet.",
            "no numbers": "Elementet innehåller inga siffror.",
        }.get(status, "")
    return text.strip()


def chapter_link(chapter: str, anchor: str = "") -> str:
    """Site-relative link target of a chapter (all pages sit at the site root)."""
    return f"{chapter}.html" + (f"#{anchor}" if anchor else "")


def chapter_label(chapter: str) -> str:
    """Short Swedish label of a chapter stem: ``kap14_…`` -> ``Kap. 14``."""
    m = re.match(r"kap(\d+)_", chapter)
    if m:
        return f"Kap. {int(m.group(1))}"
    m = re.match(r"bilaga(\d+)_", chapter)
    if m:
        return f"Bilaga {int(m.group(1))}"
    return chapter.replace("_", " ").capitalize()


def build_ledger(spec: pd.DataFrame, inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger (one row per spec element, :data:`LEDGER_COLUMNS`) and its checks."""
    checks = run_checks(spec, inputs)
    rows = []
    for s in spec.itertuples(index=False):
        report, el = split_element_id(s.element)
        vals = inputs.values(report, el)
        n_cat = len(inputs.categorical_cells(report, el))
        n_values = len(vals) + n_cat
        ch = checks[checks["element"] == s.element]
        status = derive_status(n_values, ch["within"].tolist(), ch["method"].tolist(), s.map_class)
        method = derive_method(n_values, ch["within"].tolist(), ch["method"].tolist())
        rep_summary = summarise_values(vals["value"], vals["unit"]) if len(vals) else ""
        n_corr = int((vals["status"] == "corrected").sum()) if len(vals) else 0
        if n_corr:
            rep_summary += f" (varav {n_corr} OCR-{'korrigerat' if n_corr == 1 else 'korrigerade'})"
        if n_cat:
            rep_summary = "; ".join(x for x in (rep_summary, f"{n_cat} kategoriska celler") if x)
        rep_summary = rep_summary or "–"
        compared = ch[ch["within"].notna()]
        rows.append(
            {
                "element": s.element,
                "report": report,
                "kind": element_kind(s.element),
                "title": s.title,
                "map_class": s.map_class,
                "n_report_values": n_values,
                "report_values": rep_summary,
                "compendium_values": summarise_values(ch["compendium_value"], ch["unit"]) if len(ch) else "–",
                "method": method,
                "method_sv": METHOD_SV[method],
                "tolerance": _tolerance_text(ch),
                "n_compared": len(compared),
                "n_within": int(compared["within"].sum()) if len(compared) else 0,
                "n_missing": int(ch["within"].isna().sum()),
                "status": status,
                "status_sv": STATUS_SV[status],
                "reason": _reason(status, ch, s.reason),
                "chapter": s.chapter,
                "anchor": s.anchor,
                "link": chapter_link(s.chapter, s.anchor),
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS), checks


def status_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Number of elements per status (all statuses, in display order)."""
    counts = ledger["status"].value_counts().reindex(STATUSES, fill_value=0)
    return pd.DataFrame(
        {"status": counts.index, "status_sv": [STATUS_SV[s] for s in counts.index], "n": counts.values}
    )


def check_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per element and check: comparisons, within tolerance, missing, tolerance and largest |difference|."""
    if checks.empty:
        return pd.DataFrame(
            columns=[
                "element",
                "check",
                "description",
                "method",
                "n",
                "n_within",
                "n_missing",
                "tolerance",
                "max_abs_difference",
                "unit",
            ]
        )
    g = checks.groupby(["element", "check"], sort=False)
    out = g.agg(
        n=("within", lambda w: int(w.notna().sum())),
        n_within=("within", lambda w: int(w.fillna(False).sum())),
        n_missing=("within", lambda w: int(w.isna().sum())),
        tolerance=("tolerance", "max"),
        max_abs_difference=("difference", lambda d: float(d.abs().max()) if d.notna().any() else math.nan),
        unit=("unit", "first"),
        method=("method", "first"),
    ).reset_index()
    out.insert(2, "description", out["check"].map(lambda c: CHECKS[c].description))
    return out


# --------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------

CLAIM_SPEC_COLUMNS = ["claim", "statement_sv", "report", "element", "page", "lines", "rule", "params"]


def read_claims(path: Path | str) -> pd.DataFrame:
    """The committed claims, validated (known rules, JSON parameters, no verdicts)."""
    claims = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CLAIM_SPEC_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    if {"verdict", "numbers"} & set(claims.columns):
        raise ValueError(f"{path}: verdicts and numbers are computed, not committed")
    for c in claims.itertuples():
        if c.rule not in CLAIM_RULES:
            raise ValueError(f"{path}: claim {c.claim}: unknown rule {c.rule!r}")
        json.loads(c.params or "{}")
    return claims[CLAIM_SPEC_COLUMNS]


def _series(inp: Inputs, key: str, code: str = RIKET) -> pd.Series:
    """``kolada:<id>`` or ``share:<definition>`` (percent) by year for one region."""
    kind, _, ident = key.partition(":")
    if kind == "kolada":
        return inp.kolada_series(ident, code)
    if kind == "share":
        sh = inp.shares
        if sh.empty or ident not in sh.index.get_level_values(0):
            return pd.Series(dtype=float)
        sub = sh.loc[ident]
        sub = sub[sub.index.get_level_values(0) == code]
        return pd.Series(sub.to_numpy(), index=sub.index.get_level_values(1)).dropna().sort_index()
    raise ValueError(f"unknown series key {key!r}")


def _series_label(key: str) -> str:
    kind, _, ident = key.partition(":")
    if kind == "kolada":
        return f"Kolada {ident}"
    return {
        R.KOLADA_PRIMARY: "primärvårdens kostnadsandel (Kolada, eget åtagande, tre områden)",
        R.KOLADA_MIXED: "primärvårdens kostnadsandel (Kolada, kostnad / nettokostnad)",
        R.SKR_HSV: "primärvårdens kostnadsandel (SKR, nettokostnad)",
    }.get(ident, ident)


def _no_data(keys: Iterable[str]) -> dict:
    return {
        "numbers": "Data saknas: " + ", ".join(_series_label(k) for k in keys) + ".",
        "values": {},
        "verdict": "kan inte prövas",
    }


def rule_gap_each_year(
    inp: Inputs, a: str, b: str, years: list[int], expected: float, tolerance: float, region: str = RIKET
) -> dict:
    """Gap a − b in each year: all within expected ± tolerance -> stöds; at least half -> delvis."""
    gap = (_series(inp, a, region) - _series(inp, b, region)).reindex(range(years[0], years[1] + 1))
    if gap.isna().all():
        return _no_data([a, b])
    ok = (gap - expected).abs() <= tolerance + 1e-9
    n_ok, n = int(ok[gap.notna()].sum()), int(gap.notna().sum())
    verdict = "stöds" if n_ok == n and n == len(gap) else "stöds delvis" if n_ok >= n / 2 else "stöds inte"
    nums = ", ".join(f"{y}: {fmt_num(v, 1)}" for y, v in gap.items() if pd.notna(v))
    return {
        "numbers": f"Skillnad i procentenheter {nums}; {n_ok} av {len(gap)} år inom {fmt_num(expected, 0)} ± {fmt_num(tolerance, 0)}.",
        "values": {str(y): (None if pd.isna(v) else round(float(v), 3)) for y, v in gap.items()},
        "verdict": verdict,
    }


def rule_change(
    inp: Inputs,
    series: str,
    start: int,
    end: int,
    expected: float,
    tolerance: float,
    region: str = RIKET,
    sensitivity: list[str] | None = None,
) -> dict:
    """Change end − start: within expected ± tolerance -> stöds; same sign -> delvis; else stöds inte."""
    s = _series(inp, series, region)
    if start not in s.index or end not in s.index:
        return _no_data([series])
    ch = float(s[end] - s[start])
    if abs(ch - expected) <= tolerance + 1e-9:
        verdict = "stöds"
    elif np.sign(ch) == np.sign(expected) and ch != 0:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    nums = f"{start}: {fmt_num(s[start], 2)}, {end}: {fmt_num(s[end], 2)}, förändring {fmt_num(ch, 2)} procentenheter"
    values = {"start": float(s[start]), "end": float(s[end]), "change": ch}
    for alt in sensitivity or []:
        a = _series(inp, alt, region)
        if start in a.index and end in a.index:
            c2 = float(a[end] - a[start])
            values[f"change:{alt}"] = c2
            nums += f"; känslighet, {_series_label(alt)}: {fmt_num(c2, 2)}"
    return {"numbers": nums + ".", "values": values, "verdict": verdict}


def rule_temporary_shift(
    inp: Inputs,
    series: str,
    before: list[int],
    during: list[int],
    after: list[int],
    direction: int,
    min_shift: float,
    min_reversal_fraction: float = 0.5,
    region: str = RIKET,
    sensitivity: list[str] | None = None,
) -> dict:
    """Temporary shift: mean(during) − mean(before) ≥ min_shift in ``direction`` and at least
    ``min_reversal_fraction`` of it undone by mean(after) -> stöds; shift without reversal -> delvis."""
    s = _series(inp, series, region)
    need = before + during + after
    if any(y not in s.index for y in need):
        return _no_data([series])
    b, d, a = (float(s[list(ys)].mean()) for ys in (before, during, after))
    shift = direction * (d - b)
    reversal = direction * (d - a)
    if shift >= min_shift - 1e-9 and reversal >= min_reversal_fraction * shift - 1e-9 and reversal > 0:
        verdict = "stöds"
    elif shift >= min_shift - 1e-9:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    nums = (
        f"Medelvärde före ({_years(before)}) {fmt_num(b, 1)}, under ({_years(during)}) {fmt_num(d, 1)}, "
        f"efter ({_years(after)}) {fmt_num(a, 1)}"
    )
    values = {"before": b, "during": d, "after": a, "shift": shift, "reversal": reversal}
    for alt in sensitivity or []:
        x = _series(inp, alt, region)
        if all(y in x.index for y in need):
            mb, md, ma = (float(x[list(ys)].mean()) for ys in (before, during, after))
            values[f"{alt}"] = [mb, md, ma]
            nums += f"; {_series_label(alt)}: {fmt_num(mb, 1)} / {fmt_num(md, 1)} / {fmt_num(ma, 1)}"
    return {"numbers": nums + ".", "values": values, "verdict": verdict}


def _years(ys: list[int]) -> str:
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}"


def rule_regions_direction(
    inp: Inputs,
    series: str,
    start: int,
    end: int,
    direction: int,
    max_exceptions: int,
    sensitivity: list[str] | None = None,
) -> dict:
    """Regions moving in ``direction`` start→end: exceptions ≤ max -> stöds; Riket and a majority
    of regions in ``direction`` -> delvis; else stöds inte."""

    def count(key):
        rows = {}
        for code in sorted(NAMES):
            s = _series(inp, key, code)
            if start in s.index and end in s.index:
                rows[code] = float(s[end] - s[start])
        return pd.Series(rows, dtype=float)

    ch = count(series)
    reg = ch.drop(RIKET, errors="ignore")
    if reg.empty:
        return _no_data([series])
    n_dir = int((direction * reg > 0).sum())
    exceptions = reg[direction * reg <= 0]
    riket = ch.get(RIKET, math.nan)
    missing = sorted(set(NAMES) - set(ch.index) - {RIKET})
    if len(exceptions) <= max_exceptions:
        verdict = "stöds"
    elif pd.notna(riket) and direction * riket > 0 and n_dir > len(reg) / 2:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    word = "minskade" if direction < 0 else "ökade"
    nums = (
        f"{n_dir} av {len(reg)} regioner {word} {start}–{end}; undantag: "
        + (", ".join(f"{_name(c)} ({fmt_num(v, 2)})" for c, v in exceptions.items()) or "inga")
        + (f"; riket {fmt_num(riket, 2)} procentenheter" if pd.notna(riket) else "")
        + (f"; saknas: {', '.join(_name(c) for c in missing)}" if missing else "")
    )
    values = {
        "n_direction": n_dir,
        "n_regions": len(reg),
        "exceptions": sorted(exceptions.index),
        "riket": riket,
    }
    for alt in sensitivity or []:
        a = count(alt).drop(RIKET, errors="ignore")
        values[f"n_direction:{alt}"] = int((direction * a > 0).sum())
        nums += f"; känslighet, {_series_label(alt)}: {int((direction * a > 0).sum())} av {len(a)} {word}"
    return {"numbers": nums + ".", "values": values, "verdict": verdict}


def rule_stable(inp: Inputs, series: str, years: list[int], tolerance: float, region: str = RIKET) -> dict:
    """No large change: every year within ± tolerance of the first -> stöds; only the end
    point within -> delvis; else stöds inte."""
    s = _series(inp, series, region).reindex(range(years[0], years[1] + 1))
    if s.isna().any():
        return _no_data([series])
    dev = s - s.iloc[0]
    end_dev = float(dev.iloc[-1])
    if (dev.abs() <= tolerance + 1e-9).all():
        verdict = "stöds"
    elif abs(end_dev) <= tolerance + 1e-9:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    return {
        "numbers": ", ".join(f"{y}: {fmt_num(v, 1)}" for y, v in s.items())
        + f"; största avvikelse från {years[0]} {fmt_num(float(dev.abs().max()), 1)}, vid slutåret {fmt_num(end_dev, 1)}.",
        "values": {str(y): float(v) for y, v in s.items()},
        "verdict": verdict,
    }


def rule_direction(
    inp: Inputs, series: str, start: int, end: int, direction: int, min_change_pct: float, region: str = RIKET
) -> dict:
    """Direction start→end: relative change of at least ``min_change_pct`` percent in
    ``direction`` -> stöds; same direction but smaller -> delvis; else stöds inte."""
    s = _series(inp, series, region)
    if start not in s.index or end not in s.index or not s[start]:
        return _no_data([series])
    ch = float(s[end] - s[start])
    rel = 100 * ch / float(s[start])
    if direction * rel >= min_change_pct - 1e-9:
        verdict = "stöds"
    elif direction * rel > 0:
        verdict = "stöds delvis"
    else:
        verdict = "stöds inte"
    return {
        "numbers": f"{start}: {fmt_num(s[start], 1)}, {end}: {fmt_num(s[end], 1)}, förändring {fmt_num(ch, 1)} ({fmt_num(rel, 1)} %).",
        "values": {"start": float(s[start]), "end": float(s[end]), "change": ch, "change_pct": rel},
        "verdict": verdict,
    }


def rule_report_only(inp: Inputs, report: str, element: str, series: str, reason: str) -> dict:
    """No independent series: show the report's own numbers; verdict ``kan inte prövas``."""
    v = inp.values(report, element, series).sort_values("year")
    if v.empty:
        return {"numbers": reason, "values": {}, "verdict": "kan inte prövas"}
    pts = ", ".join(f"{int(y)}: {fmt_num(x, 0)}" for y, x in zip(v["year"], v["value"], strict=True))
    nums = f"Rapportens värden {pts}"
    if len(v) >= 2:
        first, last = float(v["value"].iloc[0]), float(v["value"].iloc[-1])
        nums += f" ({fmt_num(100 * (last / first - 1), 1)} %)"
    return {
        "numbers": f"{nums}. {reason}",
        "values": {str(int(y)): float(x) for y, x in zip(v["year"], v["value"], strict=True)},
        "verdict": "kan inte prövas",
    }


def rule_not_testable(inp: Inputs, reason: str) -> dict:
    """No data at all: verdict ``kan inte prövas`` with the reason."""
    return {"numbers": reason, "values": {}, "verdict": "kan inte prövas"}


CLAIM_RULES: dict[str, Callable[..., dict]] = {
    "gap_each_year": rule_gap_each_year,
    "change": rule_change,
    "temporary_shift": rule_temporary_shift,
    "regions_direction": rule_regions_direction,
    "stable": rule_stable,
    "direction": rule_direction,
    "report_only": rule_report_only,
    "not_testable": rule_not_testable,
}


def rule_text(rule: str, p: dict) -> str:
    """Swedish statement of the rule and its parameters, shown next to each verdict."""
    if rule == "gap_each_year":
        return (
            f"{_series_label(p['a'])} minus {_series_label(p['b'])}, varje år {p['years'][0]}–{p['years'][1]}: "
            f"stöds om alla år ligger inom {fmt_num(p['expected'], 0)} ± {fmt_num(p['tolerance'], 1)} procentenheter, "
            "stöds delvis om minst hälften av åren gör det, annars stöds inte."
        )
    if rule == "change":
        return (
            f"Förändringen {p['start']}–{p['end']} i {_series_label(p['series'])}: stöds om den ligger inom "
            f"{fmt_num(p['expected'], 1)} ± {fmt_num(p['tolerance'], 1)} procentenheter, stöds delvis om den har "
            "samma tecken men ligger utanför, annars stöds inte."
        )
    if rule == "temporary_shift":
        word = "uppgång" if p["direction"] > 0 else "nedgång"
        frac = p.get("min_reversal_fraction", 0.5)
        back = (
            f"ha gått tillbaka med minst {fmt_num(100 * frac, 0)} % av den"
            if frac > 0
            else "ha rört sig tillbaka, hur lite som helst"
        )
        return (
            f"{_series_label(p['series'])}: medelvärdet {_years(p['during'])} jämfört med {_years(p['before'])} ska visa en "
            f"{word} på minst {fmt_num(p['min_shift'], 1)} enheter, och medelvärdet {_years(p['after'])} ska {back}; "
            "stöds om båda gäller, stöds delvis om bara den första gäller, annars stöds inte."
        )
    if rule == "regions_direction":
        word = "minska" if p["direction"] < 0 else "öka"
        return (
            f"{_series_label(p['series'])} per region {p['start']}–{p['end']}: stöds om högst {p['max_exceptions']} "
            f"regioner avviker från att {word}; stöds delvis om riket och en majoritet av regionerna gör det; "
            "annars stöds inte."
        )
    if rule == "stable":
        return (
            f"{_series_label(p['series'])} {p['years'][0]}–{p['years'][1]}: stöds om varje år ligger inom "
            f"± {fmt_num(p['tolerance'], 1)} enheter från {p['years'][0]}, stöds delvis om bara slutåret gör det, "
            "annars stöds inte."
        )
    if rule == "direction":
        word = "minska" if p["direction"] < 0 else "öka"
        return (
            f"{_series_label(p['series'])} {p['start']}–{p['end']}: stöds om serien {word}r med minst "
            f"{fmt_num(p['min_change_pct'], 0)} %, stöds delvis om den {word}r mindre, annars stöds inte."
        )
    if rule == "report_only":
        return "Ingen oberoende serie i kompendiets data: rapportens egna värden visas, påståendet kan inte prövas."
    if rule == "not_testable":
        return "Ingen serie i kompendiets data: påståendet kan inte prövas."
    raise ValueError(f"unknown rule {rule!r}")


def _data_source(rule: str, p: dict) -> str:
    if rule == "report_only":
        return f"{report_ref(p['report'], p['element'])} (transkription)"
    keys = [p[k] for k in ("a", "b", "series") if k in p] + list(p.get("sensitivity", []))
    return ", ".join(_series_label(k) for k in keys) if keys else "–"


def evaluate_claims(claims: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """Every claim with its computed numbers and verdict (:data:`CLAIM_COLUMNS`)."""
    rows = []
    for c in claims.itertuples(index=False):
        p = json.loads(c.params or "{}")
        res = CLAIM_RULES[c.rule](inputs, **p)
        if res["verdict"] not in VERDICTS:
            raise ValueError(f"claim {c.claim}: rule returned {res['verdict']!r}")
        page = f", s. {c.page}" if c.page else ""
        report = REPORT_NAMES.get(c.report, f"Rapport {c.report}")
        rows.append(
            {
                "claim": c.claim,
                "statement_sv": c.statement_sv,
                "source": f"{report}, {element_text(c.element)}{page}",
                "element": report_ref(c.report, c.element),
                "rule": c.rule,
                "rule_sv": rule_text(c.rule, p),
                "data_source": _data_source(c.rule, p),
                "numbers": res["numbers"],
                "values": json.dumps(res["values"], ensure_ascii=False, default=float),
                "verdict": res["verdict"],
            }
        )
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS)


# --------------------------------------------------------------------------------------
# Display: one table, HTML on the site and Markdown (a real table) in the PDF
# --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|$#])")


def _md_escape(text) -> str:
    out = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
    # a leading list marker or numbered-list start would turn a cell into a list
    out = re.sub(r"^([-+])(?=\s)", r"\\\1", out)
    return re.sub(r"^(\d+)([.)])(?=\s)", r"\1\\\2", out)


@dataclass
class DualTable:
    """A table that renders as HTML on the site and as a Markdown table in the PDF.

    ``links`` maps a column to another column holding a site-relative URL (HTML only);
    ``doc_links`` maps a column to a column holding a chapter stem, rendered as a ``{doc}``
    reference in the Markdown (PDF) table; ``md_columns`` selects the PDF's columns.
    ``row_attrs`` maps a ``data-*`` attribute name to a column (used by the site's filter).
    Columns whose names start with ``_`` are helpers and are not shown. With ``md_widths``
    the PDF table is a ``list-table`` with those relative column widths, so that long
    tables (LaTeX ``longtable``) wrap their cells instead of running off the page.
    """

    df: pd.DataFrame
    table_id: str
    links: dict[str, str] = field(default_factory=dict)
    doc_links: dict[str, str] = field(default_factory=dict)
    md_columns: list[str] | None = None
    row_attrs: dict[str, str] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    md_widths: list[int] | None = None

    def _visible(self) -> list[str]:
        """Columns shown: all but helper columns (names starting with ``_``) and ``hidden``."""
        return [c for c in self.df.columns if not str(c).startswith("_") and c not in self.hidden]

    def _repr_html_(self) -> str:
        cols = self._visible()
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
        body = []
        for _, r in self.df.iterrows():
            attrs = "".join(
                f' data-{a}="{html.escape(str(r[c]), quote=True)}"' for a, c in self.row_attrs.items()
            )
            cells = []
            for c in cols:
                text = html.escape("" if pd.isna(r[c]) else str(r[c]))
                if c in self.links and str(r[self.links[c]]):
                    text = f'<a href="{html.escape(str(r[self.links[c]]), quote=True)}">{text}</a>'
                cells.append(f"<td>{text}</td>")
            body.append(f"<tr{attrs}>{''.join(cells)}</tr>")
        return (
            f'<div class="ledger-wrap"><table id="{self.table_id}" class="ledger-table docutils">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def _md_cells(self, r: pd.Series, cols: list[str]) -> list[str]:
        cells = []
        for c in cols:
            text = _md_escape("" if pd.isna(r[c]) else r[c])
            if c in self.doc_links and str(r[self.doc_links[c]]):
                label = re.sub(r"[`<>]", "", str(r[c]))
                text = f"{{doc}}`{label} <{r[self.doc_links[c]]}>`"
            cells.append(text)
        return cells

    def _repr_markdown_(self) -> str:
        cols = self.md_columns or self._visible()
        if self.md_widths:
            if len(self.md_widths) != len(cols):
                raise ValueError(f"{len(self.md_widths)} widths for {len(cols)} columns")
            lines = [
                "```{list-table}",
                ":header-rows: 1",
                ":widths: " + " ".join(str(w) for w in self.md_widths),
                "",
                "* - " + "\n  - ".join(_md_escape(c) for c in cols),
            ]
            for _, r in self.df.iterrows():
                cells = [c if c.strip() else "–" for c in self._md_cells(r, cols)]
                lines.append("* - " + "\n  - ".join(cells))
            lines.append("```")
            return "\n".join(lines)
        lines = ["| " + " | ".join(_md_escape(c) for c in cols) + " |", "|" + "---|" * len(cols)]
        for _, r in self.df.iterrows():
            lines.append("| " + " | ".join(self._md_cells(r, cols)) + " |")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.df.to_string()
