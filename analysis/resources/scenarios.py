"""Reallocation scenarios: what a larger primary-care share would cost or take in growth."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.regions import REGION_CODES, RIKET, region_name
from analysis.resources.definitions import GAP_REASONS, KPI, kolada_wide

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
       ``S0`` = somatic + psychiatric (``KPI``), share ``P0 / (P0 + S0)``;
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
