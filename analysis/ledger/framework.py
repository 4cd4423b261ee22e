"""The comparison framework: one rule for "the report says X, the compendium computes Y".

Every check puts one report value next to one compendium value and a tolerance
(:func:`compare`, :func:`is_within`); an element's status and method follow from its checks
(:func:`derive_status`, :func:`derive_method`). The per-report checks register themselves in
:data:`CHECKS` with :func:`register_check`; the committed spec names them
(:func:`read_spec`, :func:`parse_checks`) and :func:`run_checks` runs them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis import resources as R
from analysis.regions import NAMES, RIKET

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

INDEPENDENT = "independent"
#: independent data on a related measure (another definition): agreement supports the report's
#: statement but reproduces none of its numbers
RELATED = "related"
ARITHMETIC = "arithmetic"

#: Element statuses (machine-readable) and their Swedish labels, in display order.
STATUS_SV = {
    "reproduced": "reproducerat",
    "reproduced (arithmetic)": "reproducerat (aritmetik)",
    "consistent (related measure)": "stämmer med närliggande mått",
    "partly reproduced": "delvis reproducerat",
    "differs": "avviker",
    "transcribed only": "endast transkriberat",
    "shown with open data": "visas med öppna data",
    "not reproducible": "ej reproducerbart",
    "no numbers": "inga siffror",
}
STATUSES = list(STATUS_SV)

#: Element methods (machine-readable) and their Swedish labels.
METHOD_SV = {
    "recomputed from independent data": "omräknat från oberoende data",
    "recomputed from independent data + arithmetic check": "omräknat från oberoende data + aritmetisk kontroll",
    "compared with a related measure": "jämfört med närliggande mått i oberoende data",
    "compared with a related measure + arithmetic check": "jämfört med närliggande mått + aritmetisk kontroll",
    "arithmetic check of the report's own numbers": "aritmetisk kontroll av rapportens egna tal",
    "transcribed from the report": "transkriberat ur rapporten",
    "not recoverable": "går inte att läsa ut",
}

MAP_CLASSES = ["FULL", "PARTIAL", "NONE", "NON-NUMERIC", "PROSE"]

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


@dataclass
class Inputs:
    """The tidy tables the ledger reads (any may be empty when a test does not need it).

    ``sheet`` is the analysis sheet, from which checks pick the series they compare with (by
    mark or role), never by id.
    """

    report_values: pd.DataFrame
    categorical: pd.DataFrame = field(default_factory=pd.DataFrame)
    kolada: pd.DataFrame = field(default_factory=pd.DataFrame)
    skr: pd.DataFrame = field(default_factory=pd.DataFrame)
    sheet: pd.DataFrame = field(default_factory=pd.DataFrame)

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

    @cached_property
    def units(self) -> dict[str, str]:
        """The analysis sheet's units by indicator id (empty without a sheet)."""
        if self.sheet.empty:
            return {}
        return dict(zip(self.sheet["id"], self.sheet["unit"], strict=True))

    @cached_property
    def names(self) -> dict[str, str]:
        """The analysis sheet's Swedish names by indicator id (empty without a sheet)."""
        if self.sheet.empty:
            return {}
        return dict(zip(self.sheet["id"], self.sheet["name_sv"], strict=True))

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
    method: str  # INDEPENDENT, RELATED or ARITHMETIC
    description: str  # Swedish, shown in the chapter
    func: Callable[[Inputs, float], list[dict]]


#: Registry of check computations, by the name the spec uses.
CHECKS: dict[str, CheckDef] = {}


def register_check(name: str, method: str, description: str):
    """Decorator: register ``func(inputs, tolerance) -> list of compare() rows`` under ``name``."""

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


def one(df: pd.DataFrame, **where) -> float:
    """The single value of ``df`` matching ``where`` (NaN if none; error if several)."""
    sub = df
    for col, val in where.items():
        sub = sub[sub[col] == val]
    if len(sub) > 1:
        raise ValueError(f"{len(sub)} values match {where}")
    return float(sub["value"].iloc[0]) if len(sub) else math.nan


def region_name(code: str) -> str:
    """Swedish name of a region code (the code itself when unknown)."""
    return NAMES.get(code, code)


def by_region(df: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Values indexed by region code (optionally one year)."""
    sub = df if year is None else df[df["year"] == year]
    return sub.set_index("region_code")["value"].astype(float)


# --------------------------------------------------------------------------------------
# Spec, checks, status
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


def derive_status(
    n_values: int, within: Sequence, methods: Sequence[str], map_class: str, anchor: str = ""
) -> str:
    """An element's status from its comparisons and transcribed values (the ledger's rule).

    "reproduced" only when every value of the element was compared and all passed; when all
    comparisons pass but fewer values were compared than the report prints, the element is
    only "partly reproduced" (the ledger shows n compared of n in the report). A figure
    without printed values (map class NONE) that the spec places at one of the compendium's
    figures (``anchor`` a ``fig-`` label) is "shown with open data": the compendium draws the
    same measure from an open series, which reproduces none of the report's numbers. Checks
    against a related measure (:data:`RELATED`, another definition) that all pass make the
    element "consistent (related measure)", never "reproduced".
    """
    compared = [(bool(w), m) for w, m in zip(within, methods, strict=True) if not pd.isna(w)]
    if compared:
        n_ok = sum(w for w, _ in compared)
        if n_ok == len(compared) and len(compared) < n_values:
            return "partly reproduced"
        if n_ok == len(compared):
            used = {m for _, m in compared}
            if INDEPENDENT in used:
                return "reproduced"
            return "consistent (related measure)" if RELATED in used else "reproduced (arithmetic)"
        return "differs" if n_ok == 0 else "partly reproduced"
    if n_values > 0:
        return "transcribed only"
    if map_class == "NONE" and str(anchor).startswith("fig-"):
        return "shown with open data"
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
    if RELATED in used:
        return (
            "compared with a related measure + arithmetic check"
            if ARITHMETIC in used
            else "compared with a related measure"
        )
    if ARITHMETIC in used:
        return "arithmetic check of the report's own numbers"
    return "transcribed from the report" if n_values > 0 else "not recoverable"
