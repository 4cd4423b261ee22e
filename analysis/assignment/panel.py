"""Two-way fixed-effects panel regressions with cluster-robust errors, shared by questions 2–5.

``y_it = a_i + g_t + x_it' b + e_it``, estimated by OLS with region and year dummies
(statsmodels), standard errors clustered by region. With about 20 regions the cluster-robust
errors use statsmodels' small-sample correction and t(G−1) reference, which is the usual
remedy for few clusters; the results are associations within regions over time, not causes.
Benjamini–Hochberg (statsmodels ``multipletests``) adjusts p-values over a model family.
statsmodels is imported where it fits: chapters import this module for its tables and helpers
only, and statsmodels' formula interface costs 0,7 s per chapter kernel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

COLUMNS = [
    "model",
    "outcome",
    "term",
    "coef",
    "se",
    "ci_low",
    "ci_high",
    "p",
    "n_obs",
    "n_clusters",
    "first_year",
    "last_year",
    "r2_within",
]


@dataclass
class PanelResult:
    """Coefficients of one or more fixed-effects models in a long table (one row per term)."""

    table: pd.DataFrame
    confidence: float = 0.95
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A plain-text table in the statsmodels style, for logs and reviews."""
        t = self.table
        lines = [f"Two-way fixed effects, cluster-robust SE by region ({100 * self.confidence:.0f} % CI)"]
        for model, part in t.groupby("model", sort=False):
            r = part.iloc[0]
            lines.append("=" * 78)
            lines.append(
                f"{model}: {r['outcome']}  n={int(r['n_obs'])}  clusters={int(r['n_clusters'])}  "
                f"years {int(r['first_year'])}-{int(r['last_year'])}  within R2={r['r2_within']:.3f}"
            )
            lines.append(f"{'term':<28}{'coef':>10}{'se':>10}{'low':>10}{'high':>10}{'p':>8}")
            for _, row in part.iterrows():
                lines.append(
                    f"{row['term']:<28}{row['coef']:>10.4f}{row['se']:>10.4f}"
                    f"{row['ci_low']:>10.4f}{row['ci_high']:>10.4f}{row['p']:>8.3f}"
                )
        lines.extend(self.notes)
        return "\n".join(lines)


def fit_fe(
    data: pd.DataFrame,
    outcome: str,
    regressors: list[str],
    model: str | None = None,
    entity: str = "region_code",
    time: str = "year",
    confidence: float = 0.95,
    year_effects: bool = True,
) -> pd.DataFrame:
    """Fit one two-way FE model on complete cases; return its rows of :data:`COLUMNS`.

    Regressors must be column names that are valid Python identifiers. Rows with any missing
    value in the outcome or a regressor are dropped (complete cases), and the count is kept.
    """
    import statsmodels.formula.api as smf

    d = data[[entity, time, outcome, *regressors]].dropna()
    if d[entity].nunique() < 3 or len(d) <= len(regressors) + d[entity].nunique() + d[time].nunique():
        raise ValueError(f"too few observations for {outcome} ~ {regressors}: {len(d)} rows")
    d = d.assign(_g=pd.factorize(d[entity])[0])
    rhs = " + ".join([*regressors, f"C({entity})", *([f"C({time})"] if year_effects else [])])
    fit = smf.ols(f"{outcome} ~ {rhs}", data=d).fit(
        cov_type="cluster", cov_kwds={"groups": d["_g"].to_numpy(), "use_correction": True}, use_t=True
    )
    ci = fit.conf_int(alpha=1 - confidence)
    # within R²: share of the variance left after the fixed effects that the regressors explain
    fe_only = smf.ols(f"{outcome} ~ {' + '.join(rhs.split(' + ')[len(regressors) :])}", data=d).fit()
    r2_within = 1 - fit.ssr / fe_only.ssr if fe_only.ssr > 0 else np.nan
    return pd.DataFrame(
        {
            "model": model or outcome,
            "outcome": outcome,
            "term": regressors,
            "coef": [float(fit.params[r]) for r in regressors],
            "se": [float(fit.bse[r]) for r in regressors],
            "ci_low": [float(ci.loc[r, 0]) for r in regressors],
            "ci_high": [float(ci.loc[r, 1]) for r in regressors],
            "p": [float(fit.pvalues[r]) for r in regressors],
            "n_obs": int(fit.nobs),
            "n_clusters": int(d[entity].nunique()),
            "first_year": int(d[time].min()),
            "last_year": int(d[time].max()),
            "r2_within": float(r2_within),
        }
    )[COLUMNS]


def add_bh(table: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Add Benjamini–Hochberg adjusted p-values (``p_bh``) and ``reject_bh`` over all rows."""
    from statsmodels.stats.multitest import multipletests

    out = table.copy()
    ok = out["p"].notna()
    out["p_bh"] = np.nan
    out["reject_bh"] = False
    if ok.any():
        reject, p_adj, _, _ = multipletests(out.loc[ok, "p"], alpha=alpha, method="fdr_bh")
        out.loc[ok, "p_bh"] = p_adj
        out.loc[ok, "reject_bh"] = reject
    return out


def simulate_panel(
    effects: dict[str, float],
    n_regions: int = 21,
    years: range = range(2014, 2023),
    noise: float = 0.5,
    seed: int = 1,
) -> pd.DataFrame:
    """Synthetic panel (for tests): ``y = a_i + g_t + sum b_k x_k + e`` with known ``effects``.

    Regressors are correlated with the region effects, so a model without region effects
    would be biased; the FE model should recover ``effects``.
    """
    rng = np.random.default_rng(seed)
    regions = [f"{i:02d}" for i in range(1, n_regions + 1)]
    a = dict(zip(regions, rng.normal(0, 3, n_regions), strict=True))
    g = {t: rng.normal(0, 1) for t in years}
    rows = []
    for r in regions:
        for t in years:
            x = {k: rng.normal(0.5 * a[r], 1) for k in effects}
            y = a[r] + g[t] + sum(effects[k] * x[k] for k in effects) + rng.normal(0, noise)
            rows.append({"region_code": r, "year": t, "y": y, **x})
    return pd.DataFrame(rows)
