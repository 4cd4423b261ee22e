"""Question 2: what holds primary care's share back? Mechanisms as a region × year panel.

Outcomes, each year's change: primary care's cost share (``d_share``, percentage points)
and primary care's cost per inhabitant (``pc_growth``, %). Candidate mechanisms:

* ``spec_growth``: growth of specialised care's cost per inhabitant (%), "crowding out".
  For the share this is partly arithmetic: ``share = pc / (pc + spec)`` falls when
  ``spec`` grows and ``pc`` does not, by about ``s(1 − s)`` pp per % (about 0,17 at a
  share of 22 %). Crowding out proper shows in ``pc_growth``: does primary care grow
  *less* in years when specialised care grows more?
* finances: change in the (adjusted) tax rate (``d_tax``, pp), last year's equity ratio incl.
  pension liabilities (``equity_lag``, %) and result after financial items (``result_lag``, %
  of taxes and grants); a variant uses the balanced-budget result instead;
* ageing and need: change in the share 80+ (``d_share80``, pp) and growth of the standard cost
  of the cost equalisation (``need_growth``, %).

The series are the analysis sheet's roles in :data:`ROLES` (``analysis.assignment.roles``).

Two-way fixed effects (:mod:`.panel`): region effects absorb everything constant within a
region (ownership and organisation, as in 001 bilaga 2, so those cannot be estimated here),
year effects absorb national shocks (the 2020–2022 grants, the pandemic, prices). Errors are
clustered by region; Benjamini–Hochberg adjusts over all coefficients of the main models.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.assignment.panel import PanelResult, add_bh, fit_fe
from analysis.assignment.roles import MECHANISMS as ROLES
from analysis.regions import REGION_CODES

REGRESSORS = ["spec_growth", "d_tax", "equity_lag", "result_lag", "d_share80", "need_growth"]

#: Swedish labels for the chapter's table.
LABELS = {
    "spec_growth": "Kostnadsökning i specialiserad vård, procent",
    "d_tax": "Ändrad skattesats, procentenheter",
    "equity_lag": "Soliditet året före, procent",
    "result_lag": "Resultat året före, procent av skatter och bidrag",
    "result_balance_lag": "Balanskravsresultat året före, procent",
    "d_share80": "Ändrad andel 80 år och äldre, procentenheter",
    "need_growth": "Ökning av standardkostnaden, procent",
}
OUTCOMES = {
    "d_share": "Primärvårdens andel, ändring i procentenheter",
    "pc_growth": "Primärvårdens kostnad, ökning i procent",
}


def mechanism_panel(tidy: pd.DataFrame) -> pd.DataFrame:
    """Region × year changes and lags from a tidy table holding the roles :data:`ROLES` (regions only)."""
    t = tidy[tidy["indicator"].isin(ROLES) & (tidy["sex"] == "T") & tidy["region_code"].isin(REGION_CODES)]
    w = (
        t.pivot_table(index=["region_code", "year"], columns="indicator", values="value")
        .rename(columns=ROLES)
        .reset_index()
    )
    for c in ROLES.values():
        if c not in w:
            w[c] = np.nan
    w = w.sort_values(["region_code", "year"])
    w["spec"] = w["somatic"] + w["psychiatric"]
    w["share"] = w["pc"] / (w["pc"] + w["spec"])
    g = w.groupby("region_code")
    prev = g.shift(1)
    consecutive = (w["year"] - prev["year"]) == 1
    out = w[["region_code", "year"]].copy()
    out["d_share"] = 100 * (w["share"] - prev["share"])
    out["pc_growth"] = 100 * (w["pc"] / prev["pc"] - 1)
    out["spec_growth"] = 100 * (w["spec"] / prev["spec"] - 1)
    out["d_tax"] = w["tax"] - prev["tax"]
    out["equity_lag"] = prev["equity"]
    out["result_lag"] = prev["result"]
    out["result_balance_lag"] = prev["result_balance"]
    out["d_share80"] = w["share80"] - prev["share80"]
    out["need_growth"] = 100 * (w["standard_cost"] / prev["standard_cost"] - 1)
    out["share_lag"] = prev["share"]
    cols = [c for c in out.columns if c not in ("region_code", "year")]
    out.loc[~consecutive, cols] = np.nan
    return out.reset_index(drop=True)


def mechanism_models(panel: pd.DataFrame, confidence: float = 0.95) -> PanelResult:
    """Main models (both outcomes, :data:`REGRESSORS`) with BH over their coefficients, plus a variant.

    The variant (``*_balans``) swaps last year's result for the balanced-budget result and is
    reported outside the BH family (it is a robustness check, not a further hypothesis).
    """
    main = pd.concat(
        [fit_fe(panel, y, REGRESSORS, model=y, confidence=confidence) for y in OUTCOMES], ignore_index=True
    )
    main = add_bh(main)
    main["family"] = "huvud"
    variant_regs = [r if r != "result_lag" else "result_balance_lag" for r in REGRESSORS]
    var = pd.concat(
        [fit_fe(panel, y, variant_regs, model=f"{y}_balans", confidence=confidence) for y in OUTCOMES],
        ignore_index=True,
    )
    var["family"] = "variant"
    var["p_bh"] = np.nan
    var["reject_bh"] = False
    table = pd.concat([main, var], ignore_index=True)
    table["term_label"] = table["term"].map(LABELS)
    table["outcome_label"] = table["outcome"].map(OUTCOMES)
    return PanelResult(
        table,
        confidence,
        notes=[
            "Region and year fixed effects; BH over the main models' coefficients.",
            "Associations within regions over time; not causes.",
        ],
    )


def mechanical_share_slope(share: float) -> float:
    """Expected pp change in the share per % growth of specialised care if primary care stands still."""
    return -share * (1 - share)


def organisation_covariate(report_values: pd.DataFrame) -> pd.DataFrame:
    """001 Tabell 14: per region, whether it runs any supplementary choice scheme (LOV) in 2024.

    The count is skewed (Stockholm has ten), so the binary "any" is used. Constant within a
    region over the panel years, so it can only be compared between regions.
    """
    r = report_values
    t = r[(r["element"] == "Tabell 14") & (r["series"] == "supplementary_lov_schemes")]
    t = t[t["region_code"].isin(REGION_CODES)]
    return pd.DataFrame(
        {"region_code": t["region_code"].to_numpy(), "any_lov": (t["value"] > 0).astype(float).to_numpy()}
    )


def between_regions(
    panel: pd.DataFrame, covariate: pd.DataFrame, name: str, confidence: float = 0.95
) -> dict:
    """OLS across regions of the mean yearly change in the share (pp) on a region-level covariate, HC3."""
    import statsmodels.formula.api as smf

    mean = panel.groupby("region_code")["d_share"].mean().rename("mean_d_share").reset_index()
    d = mean.merge(covariate, on="region_code").dropna()
    fit = smf.ols(f"mean_d_share ~ {name}", data=d).fit(cov_type="HC3")
    ci = fit.conf_int(alpha=1 - confidence)
    return {
        "term": name,
        "coef": float(fit.params[name]),
        "ci_low": float(ci.loc[name, 0]),
        "ci_high": float(ci.loc[name, 1]),
        "p": float(fit.pvalues[name]),
        "n_obs": int(fit.nobs),
        "n_with": int((d[name] > 0).sum()),
        "first_year": int(panel.dropna(subset=["d_share"])["year"].min()),
        "last_year": int(panel.dropna(subset=["d_share"])["year"].max()),
    }
