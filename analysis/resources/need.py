"""Costs against need: standard cost, need-adjusted primary-care cost and the age regressions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.regions import RIKET, region_name
from analysis.resources.definitions import GAP_REASONS, KPI, kolada_wide

# --------------------------------------------------------------------------------------
# Need-adjusted view
# --------------------------------------------------------------------------------------


def need_table(kolada: pd.DataFrame) -> pd.DataFrame:
    """Costs against need per region and year.

    * ``cost_to_standard``: ``KPI["total_incl_drugs"]`` (actual net cost incl. drugs) ÷ standard cost from the
      cost equalisation; ``cost_to_standard_index`` divides by Riket's ratio, so 1 means the
      region spends what its need predicts relative to the country (the standard cost is on
      an earlier cost level than the actual cost, hence the normalisation).
    * ``need_index``: standard cost ÷ Riket's; ``pc_need_adjusted``: ``KPI["primary"]`` ÷ need_index,
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
    # here: the ledger reads this module's tables in chapter kernels
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

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
            fit = OLS(d[outcome], add_constant(d["share80"])).fit()
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
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    d = _age_data(need, outcome, year)
    fit = OLS(d[outcome], add_constant(d["share80"])).fit()
    grid = np.linspace(d["share80"].min(), d["share80"].max(), points)
    pred = fit.get_prediction(add_constant(pd.Series(grid, name="share80"), has_constant="add"))
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
