"""Question 1: how much must primary care grow to become the hub without cutting specialised care?

A capacity-constrained scenario per region, from the base year (last year with data) to the
target year:

* **Constraint (specialised care is not cut).** Specialised care (somatic + psychiatric,
  kr per inhabitant) keeps its cost per inhabitant *adjusted for ageing*:
  ``spec_T = spec_B · (1 + e · g80)^n`` with ``g80`` the region's own annual growth of the
  population share 80+ over the trend years (never below zero) and ``e`` the
  assumed elasticity of specialised care's cost to that share (a range, since the share of
  specialised care used by people 80+ is not in the data). Beds per 1 000 inhabitants
  are held at the base-year level; the cost constraint is what pays for them, and
  the table shows the base level and its recent change so that a region already cutting beds
  is visible.
* **Targets, a range.** ``bast``: the mean share of the ``n_best`` regions with the highest
  share in the base year; ``plus2``/``plus5``: the region's own share plus 2 or 5 percentage
  points; ``eget_mal``: the goal two regions have set (25 % by 2030, 001 ch. 8, Fig 13).
  A region already above a level target keeps its share (it is never asked to shrink).
* **Required primary care.** ``pc_T = s* / (1 − s*) · spec_T``; extra kronor per inhabitant
  ``pc_T − pc_B`` (base-year prices), times the base-year population for million kronor; the
  annual real growth rate ``(pc_T / pc_B)^(1/n) − 1``.
* **Prices.** There is no regional price index series in the data (no LPIK per region and
  year), so all amounts are in base-year prices and every region is assumed to face the same
  price change. ``price_diffs`` adds the case where primary care's costs (more wages) rise
  faster than specialised care's by that many percentage points a year.

The series are the analysis sheet's roles in :data:`ROLES` (``analysis.assignment.roles``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.assignment.roles import SCENARIOS as ROLES
from analysis.regions import REGION_CODES, region_name

NATIONAL = "20r"
NATIONAL_NAME = "Riket (regionerna med data)"

TARGET_LABELS = {
    "bast": "de bästa regionernas nivå",
    "plus2": "+2 procentenheter",
    "plus5": "+5 procentenheter",
    "eget_mal": "regionernas eget mål",
}


@dataclass(frozen=True)
class CapacityParams:
    """Scenario settings (config ``assignment.scenarios``)."""

    target_year: int = 2030
    base_year: int | None = None
    n_best: int = 3
    increments: tuple[float, ...] = (0.02, 0.05)
    own_goal: float = 0.25
    trend_start: int = 2016
    elasticities: tuple[float, ...] = (0.0, 0.5, 1.0)
    central_elasticity: float = 0.5
    price_diffs: tuple[float, ...] = (0.0, 0.005)

    @classmethod
    def from_config(cls, cfg: dict) -> CapacityParams:
        c = dict(cfg)
        for k in ("increments", "elasticities", "price_diffs"):
            if k in c:
                c[k] = tuple(float(x) for x in c[k])
        return cls(**c)


@dataclass
class ScenarioResult:
    """Per-region and national scenario tables."""

    regions: pd.DataFrame
    national: pd.DataFrame
    params: CapacityParams = field(default_factory=CapacityParams)

    def summary(self) -> str:
        n = self.national
        c = n[np.isclose(n["elasticity"], self.params.central_elasticity) & (n["price_diff"] == 0)]
        lines = [
            f"Capacity-constrained scenarios {int(n['base_year'].iloc[0])} -> {self.params.target_year}",
            f"{'target':<10}{'share_B':>9}{'share_T':>9}{'extra kr/inv':>14}{'extra mnkr':>12}{'pc g/yr':>9}",
        ]
        for _, r in c.iterrows():
            lines.append(
                f"{r['target']:<10}{r['share_base']:>9.3f}{r['share_target']:>9.3f}"
                f"{r['extra_per_inv']:>14.0f}{r['extra_mnkr']:>12.0f}{r['pc_growth']:>9.4f}"
            )
        return "\n".join(lines)


def scenario_inputs(kolada: pd.DataFrame) -> pd.DataFrame:
    """Region × year table of the series in :data:`ROLES` (regions only, totals)."""
    t = kolada[
        kolada["indicator"].isin(ROLES) & (kolada["sex"] == "T") & kolada["region_code"].isin(REGION_CODES)
    ]
    w = t.pivot_table(index=["region_code", "year"], columns="indicator", values="value").rename(
        columns=ROLES
    )
    w = w.reset_index()
    for c in ROLES.values():
        if c not in w:
            w[c] = np.nan
    w["spec"] = w["somatic"] + w["psychiatric"]
    w["share"] = w["pc"] / (w["pc"] + w["spec"])
    return w


def default_base_year(inputs: pd.DataFrame) -> int:
    """Last year in which at least half as many regions as in the best-covered year have data.

    A new year that only some regions have reported yet is not used as the base.
    """
    ok = inputs.dropna(subset=["pc", "spec", "pop"]).groupby("year")["region_code"].nunique()
    ok = ok[ok >= ok.max() / 2]
    if ok.empty:
        raise ValueError("no year with primary and specialised care for most regions")
    return int(ok.index.max())


def ageing_growth(inputs: pd.DataFrame, start: int, end: int) -> pd.Series:
    """Per region: annual growth of the population share 80+ from ``start`` to ``end``."""
    w = inputs.set_index(["region_code", "year"])["share80"]
    a = w.xs(start, level="year")
    b = w.xs(end, level="year")
    return (b / a) ** (1 / (end - start)) - 1


def target_share(
    kind: str, share_base: float, best: float, increment: float | None, own_goal: float
) -> float:
    """The target share for one region: a level (never below today's share) or an increment."""
    if kind == "bast":
        return max(share_base, best)
    if kind == "eget_mal":
        return max(share_base, own_goal)
    return share_base + increment


def required_primary_care(
    pc_base: float,
    spec_base: float,
    share_target: float,
    spec_growth: float,
    years: int,
    price_diff: float = 0.0,
) -> dict:
    """Required primary care at the target year under the constraint (pure arithmetic).

    ``spec_T = spec_B (1 + spec_growth)^years``; ``pc_T = s*/(1 − s*) spec_T``; amounts in
    base-year prices, inflated by ``(1 + price_diff)^years`` when primary care's prices rise
    faster than specialised care's.
    """
    spec_t = spec_base * (1 + spec_growth) ** years
    pc_t = share_target / (1 - share_target) * spec_t * (1 + price_diff) ** years
    return {
        "spec_target": spec_t,
        "pc_target": pc_t,
        "extra_per_inv": pc_t - pc_base,
        "pc_growth": (pc_t / pc_base) ** (1 / years) - 1,
        "total_growth": ((pc_t + spec_t) / (pc_base + spec_base)) ** (1 / years) - 1,
    }


def capacity_scenarios(kolada: pd.DataFrame, params: CapacityParams) -> ScenarioResult:
    """All regions × targets × elasticities × price differences, and the national sums."""
    inp = scenario_inputs(kolada)
    base = params.base_year or default_base_year(inp)
    n = params.target_year - base
    if n <= 0:
        raise ValueError(f"target year {params.target_year} is not after the base year {base}")
    g80 = ageing_growth(inp, params.trend_start, base).clip(lower=0)
    b = inp[inp["year"] == base].set_index("region_code")
    trend_beds = inp[inp["year"] == params.trend_start].set_index("region_code")["beds"]
    ok = b.dropna(subset=["pc", "spec", "pop"])
    best = float(ok["share"].nlargest(params.n_best).mean())
    kinds = [("bast", None), *[(f"plus{round(100 * d)}", d) for d in params.increments], ("eget_mal", None)]
    rows = []
    for code, r in ok.iterrows():
        for kind, inc in kinds:
            s_t = target_share(kind, r["share"], best, inc, params.own_goal)
            for e in params.elasticities:
                for pdiff in params.price_diffs:
                    req = required_primary_care(r["pc"], r["spec"], s_t, e * g80.get(code, 0.0), n, pdiff)
                    rows.append(
                        {
                            "region_code": code,
                            "region": region_name(code),
                            "target": kind,
                            "target_label": TARGET_LABELS.get(kind, kind),
                            "elasticity": e,
                            "price_diff": pdiff,
                            "base_year": base,
                            "target_year": params.target_year,
                            "pc_base": r["pc"],
                            "spec_base": r["spec"],
                            "pop": r["pop"],
                            "share_base": r["share"],
                            "share_target": s_t,
                            "share80_growth": g80.get(code, np.nan),
                            "beds_base": r["beds"],
                            "beds_change_trend": r["beds"] - trend_beds.get(code, np.nan),
                            **req,
                            "extra_mnkr": req["extra_per_inv"] * r["pop"] / 1e6,
                        }
                    )
    reg = pd.DataFrame(rows)
    reg["best_level"] = best
    reg["n_best"] = params.n_best
    reg["own_goal"] = params.own_goal
    reg["trend_start"] = params.trend_start
    return ScenarioResult(reg, national_totals(reg), params)


def national_totals(reg: pd.DataFrame) -> pd.DataFrame:
    """Population-weighted national sums per target × elasticity × price difference."""
    keys = ["target", "target_label", "elasticity", "price_diff", "base_year", "target_year"]
    d = reg.assign(
        pc_b=reg["pc_base"] * reg["pop"],
        spec_b=reg["spec_base"] * reg["pop"],
        pc_t=reg["pc_target"] * reg["pop"],
        spec_t=reg["spec_target"] * reg["pop"],
    )
    g = d.groupby(keys, sort=False).agg(
        pc_b=("pc_b", "sum"),
        spec_b=("spec_b", "sum"),
        pc_t=("pc_t", "sum"),
        spec_t=("spec_t", "sum"),
        pop=("pop", "sum"),
        extra_mnkr=("extra_mnkr", "sum"),
        n_regions=("region_code", "nunique"),
    )
    g = g.reset_index()
    years = g["target_year"] - g["base_year"]
    g["region_code"] = NATIONAL
    g["region"] = NATIONAL_NAME
    g["share_base"] = g["pc_b"] / (g["pc_b"] + g["spec_b"])
    g["share_target"] = g["pc_t"] / (g["pc_t"] + g["spec_t"])
    g["extra_per_inv"] = (g["pc_t"] - g["pc_b"]) / g["pop"]
    g["pc_growth"] = (g["pc_t"] / g["pc_b"]) ** (1 / years) - 1
    g["spec_growth"] = (g["spec_t"] / g["spec_b"]) ** (1 / years) - 1
    g["total_growth"] = ((g["pc_t"] + g["spec_t"]) / (g["pc_b"] + g["spec_b"])) ** (1 / years) - 1
    return g.drop(columns=["pc_b", "spec_b", "pc_t", "spec_t"])
