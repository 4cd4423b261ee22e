"""Regional variation in region × year panels: how much is persistent, national or region-specific.

A *panel* here is one indicator's values for the 21 regions over several years (Riket rows
are dropped). Every function works on a tidy-like frame with ``region_code``, ``year`` and
``value`` (plus optional ``se``) and sorts it first, so results do not depend on the order
of regions or years.

Scale. Values are analysed on a scale where region and year effects are plausibly additive:
``logit`` for percentages (values clipped to [0.1 %, 99.9 %]), ``log`` for costs and other
rates per inhabitant, ``identity`` otherwise (:func:`scale_for_unit`).

Methods (why these):

* :func:`decompose_two_way` — two-way fixed-effects ANOVA ``y ~ region + year``. The total
  sum of squares splits into between-region (persistent differences), between-year
  (national change) and residual (region-specific change). In an unbalanced panel (a
  missing region-year cell) sequential (type I) sums of squares depend on the order of the
  factors, so both orders are computed with ``statsmodels.stats.anova.anova_lm`` and the
  reported share is their average: the Shapley value of each factor, which is
  order-free and keeps the three shares summing to one. The gap between the orders is
  reported (``order_gap``); it is zero in a balanced panel.
* :func:`decompose_mixed` — the same partition as variance components of a linear mixed
  model with crossed random effects for region and year (``statsmodels`` ``MixedLM``, one
  group, ``vc_formula`` for region and year, REML). The ICC for region is
  σ²_region / (σ²_region + σ²_year + σ²_residual); its interval is a parametric bootstrap
  (simulate from the fitted model, refit, percentile interval).
* :func:`compare_methods` flags indicators where the fixed-effects share of region lies
  outside the ICC interval. The two are expected to differ a little: the between-region
  sum of squares also contains (R − 1)·σ²_residual of noise, so the ANOVA share is
  slightly larger than the ICC when years are few.
* :func:`convergence` — σ-convergence (by-year SD, coefficient of variation, max/min and the
  trend of the SD on the analysis scale) and β-convergence (annual change between the
  first and last year regressed on the first-year level; β < 0 means regions that started
  low moved up faster). β is biased towards convergence when levels carry measurement
  noise (regression to the mean), so read it together with the SD trend.
* :func:`rank_stability` — Spearman correlation of ranks between consecutive years and
  between the first and last year (Fisher-z interval with the Fieller–Hartley–Pearson
  variance 1.06/(n − 3)), and an interval for each region's rank in the last year by
  simulation: each value is perturbed with normal noise on the analysis scale and the
  regions re-ranked. The noise SD is the value's own standard error when known (``se``
  column, e.g. binomial from a published denominator) and otherwise the residual SD of the
  two-way model, which treats all region-specific year-to-year movement as noise and so
  gives conservative (wide) rank intervals.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.regions import RIKET

SCALES: tuple[str, ...] = ("logit", "log", "identity")

#: Percentages are clipped to [EPS, 1 - EPS] as proportions before the logit.
LOGIT_EPS = 0.001

_LOG_UNIT = re.compile(r"^(kr/|kronor|antal|vårddygn|tkr|mkr)")


def scale_for_unit(unit: str) -> str:
    """Analysis scale for a tidy unit: logit for percentages, log for costs and rates."""
    u = str(unit).strip()
    if u in ("procent", "%"):
        return "logit"
    if _LOG_UNIT.match(u):
        return "log"
    return "identity"


def transform(values, scale: str) -> np.ndarray:
    """Values on the analysis scale (percentages are given in per cent, 0-100)."""
    x = np.asarray(values, dtype=float)
    if scale == "logit":
        p = np.clip(x / 100.0, LOGIT_EPS, 1 - LOGIT_EPS)
        return np.log(p / (1 - p))
    if scale == "log":
        if np.any(x <= 0):
            raise ValueError("log scale needs positive values")
        return np.log(x)
    if scale == "identity":
        return x
    raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")


def panel(df: pd.DataFrame, scale: str) -> pd.DataFrame:
    """Regions-only panel sorted by region and year, with ``y`` on the analysis scale.

    Raises when a (region, year) cell occurs twice: panels must be one indicator, one sex.
    """
    need = {"region_code", "year", "value"}
    if missing := need - set(df.columns):
        raise ValueError(f"panel needs columns {sorted(need)}; missing {sorted(missing)}")
    cols = ["region_code", "year", "value"] + (["se"] if "se" in df.columns else [])
    p = df.loc[df["region_code"].astype(str) != RIKET, cols].copy()
    p["region_code"] = p["region_code"].astype(str)
    p["year"] = p["year"].astype(int)
    p = p[np.isfinite(p["value"].astype(float))]
    dup = p.duplicated(["region_code", "year"])
    if dup.any():
        first = p[dup].iloc[0]
        raise ValueError(f"duplicate region × year cell ({first['region_code']}, {first['year']})")
    p = p.sort_values(["region_code", "year"]).reset_index(drop=True)
    p["value"] = p["value"].astype(float)
    p["y"] = transform(p["value"], scale)
    return p


# ---------------------------------------------------------------------------------------------
# Two-way fixed-effects ANOVA


def decompose_two_way(df: pd.DataFrame, scale: str, pandemic_years: tuple[int, ...] = ()) -> dict:
    """Shares of the total sum of squares between regions, between years and residual.

    Sequential sums of squares in both factor orders (``anova_lm(typ=1)``); the reported
    shares are the average of the two orders (Shapley value), so they are order-free and
    sum to one. ``*_rfirst``/``*_yfirst`` give each order; ``order_gap`` their difference
    for the region share. The year share is split into ``share_year_pandemic`` (the
    ``pandemic_years``' part of the between-year sum of squares) and ``share_year_other``,
    because a between-year share is otherwise mostly the pandemic bump.
    """
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    p = panel(df, scale)
    n_r, n_t, n = p["region_code"].nunique(), p["year"].nunique(), len(p)
    if n_r < 3 or n_t < 2:
        raise ValueError(f"too small a panel for a two-way decomposition ({n_r} regions, {n_t} years)")
    data = p.assign(region=p["region_code"], yr=p["year"].astype(str))
    ss_total = float(((data["y"] - data["y"].mean()) ** 2).sum())
    fit_ry = smf.ols("y ~ C(region) + C(yr)", data).fit()
    fit_yr = smf.ols("y ~ C(yr) + C(region)", data).fit()
    a_ry = anova_lm(fit_ry, typ=1)
    a_yr = anova_lm(fit_yr, typ=1)
    ss_r_first, ss_y_after = a_ry.loc["C(region)", "sum_sq"], a_ry.loc["C(yr)", "sum_sq"]
    ss_y_first, ss_r_after = a_yr.loc["C(yr)", "sum_sq"], a_yr.loc["C(region)", "sum_sq"]
    ss_resid = a_ry.loc["Residual", "sum_sq"]
    df_resid = a_ry.loc["Residual", "df"]
    share_r = (ss_r_first + ss_r_after) / 2 / ss_total
    share_t = (ss_y_first + ss_y_after) / 2 / ss_total
    share_e = ss_resid / ss_total
    year_dev = data.groupby("year")["y"].agg(["mean", "size"])
    ss_by_year = year_dev["size"] * (year_dev["mean"] - data["y"].mean()) ** 2
    pandemic_part = float(ss_by_year[ss_by_year.index.isin(pandemic_years)].sum() / ss_by_year.sum())
    return {
        "scale": scale,
        "n_obs": n,
        "n_regions": n_r,
        "n_years": n_t,
        "year_min": int(p["year"].min()),
        "year_max": int(p["year"].max()),
        "balanced": bool(n == n_r * n_t),
        "ss_total": ss_total,
        "share_region": float(share_r),
        "share_year": float(share_t),
        "share_year_pandemic": float(share_t * pandemic_part),
        "share_year_other": float(share_t * (1 - pandemic_part)),
        "share_residual": float(share_e),
        "share_region_rfirst": float(ss_r_first / ss_total),
        "share_region_yfirst": float(ss_r_after / ss_total),
        "share_year_rfirst": float(ss_y_after / ss_total),
        "share_year_yfirst": float(ss_y_first / ss_total),
        "order_gap": float(abs(ss_r_first - ss_r_after) / ss_total),
        "residual_var": float(ss_resid / df_resid) if df_resid > 0 else np.nan,
        "df_residual": float(df_resid),
    }


# ---------------------------------------------------------------------------------------------
# Crossed random effects


@dataclass
class _MixedFit:
    mean: float
    var_region: float
    var_year: float
    var_resid: float
    converged: bool


class CrossedREML:
    """Compact REML fit of y = mu + region + year + e with crossed random intercepts.

    The same restricted likelihood as ``MixedLM`` (tested against it), written for repeated
    refits of one design in the parametric bootstrap: with H = I + Z G Z' (G the variance
    ratios to sigma^2), Woodbury's identity reduces every evaluation to a Cholesky factor of
    the (regions + years)-square matrix G^-1 + Z'Z, and sigma^2 is profiled out. The two
    log variance ratios are optimised with L-BFGS-B within [e^-15, e^8].
    """

    def __init__(self, r_idx: np.ndarray, t_idx: np.ndarray):
        r_idx, t_idx = np.asarray(r_idx), np.asarray(t_idx)
        self.n = len(r_idx)
        self.n_r, self.n_t = int(r_idx.max()) + 1, int(t_idx.max()) + 1
        z = np.zeros((self.n, self.n_r + self.n_t))
        z[np.arange(self.n), r_idx] = 1.0
        z[np.arange(self.n), self.n_r + t_idx] = 1.0
        self.z = z
        self.ztz = z.T @ z
        self.ztx = z.sum(axis=0)  # Z'X with X a column of ones

    def _objective(self, log_ratio: np.ndarray, zty: np.ndarray, sum_y: float, yty: float):
        """-2 x restricted log-likelihood (up to a constant), its gradient, the mean and sigma^2.

        With M = G^-1 + Z'Z: Z'H^-1 a = G^-1 M^-1 Z'a, and tr(H^-1 Z_k Z_k') sums
        1/g_j - [M^-1]_jj / g_j^2 over the columns j of component k.
        """
        from scipy import linalg

        ratio = np.exp(log_ratio)
        gam = np.r_[np.full(self.n_r, ratio[0]), np.full(self.n_t, ratio[1])]
        chol = linalg.cho_factor(self.ztz + np.diag(1.0 / gam), lower=True, check_finite=False)
        sol = linalg.cho_solve(chol, np.c_[self.ztx, zty, np.eye(len(gam))], check_finite=False)
        m_x, m_y, m_inv = sol[:, 0], sol[:, 1], sol[:, 2:]
        xhx = self.n - self.ztx @ m_x
        xhy = sum_y - self.ztx @ m_y
        yhy = yty - zty @ m_y
        mean = xhy / xhx
        ypy = yhy - mean * xhy
        sigma2 = ypy / (self.n - 1)
        logdet_h = np.sum(np.log(gam)) + 2 * np.sum(np.log(np.diag(chol[0])))
        value = (self.n - 1) * np.log(sigma2) + logdet_h + np.log(xhx)
        zhx = m_x / gam  # Z'H^-1 X
        zpy = (m_y - mean * m_x) / gam  # Z'P y
        tr = 1.0 / gam - np.diag(m_inv) / gam**2
        blocks = (slice(0, self.n_r), slice(self.n_r, None))
        grad = np.array(
            [
                -(self.n - 1) * np.sum(zpy[k] ** 2) / ypy + np.sum(tr[k]) - np.sum(zhx[k] ** 2) / xhx
                for k in blocks
            ]
        )
        return value, grad * ratio, mean, sigma2

    def fit(self, y: np.ndarray, start: tuple[float, float] | None = None) -> _MixedFit:
        """REML estimates (mean, var_region, var_year, var_residual) for one outcome vector."""
        from scipy import optimize

        y = np.asarray(y, dtype=float)
        zty, sum_y, yty = self.z.T @ y, float(y.sum()), float(y @ y)
        x0 = np.zeros(2) if start is None else np.clip(np.log(np.maximum(start, 1e-12)), -15, 8)
        res = optimize.minimize(
            lambda lr: self._objective(lr, zty, sum_y, yty)[:2],
            x0,
            jac=True,
            method="L-BFGS-B",
            bounds=[(-15.0, 8.0)] * 2,
        )
        _, _, mean, sigma2 = self._objective(res.x, zty, sum_y, yty)
        ratio = np.exp(res.x)
        return _MixedFit(
            float(mean), float(ratio[0] * sigma2), float(ratio[1] * sigma2), float(sigma2), bool(res.success)
        )


def _fit_mixed(data: pd.DataFrame) -> _MixedFit:
    """REML fit with statsmodels MixedLM: one group, variance components for region and year."""
    import statsmodels.formula.api as smf

    model = smf.mixedlm(
        "y ~ 1",
        data,
        groups="g",
        re_formula="0",
        vc_formula={"region": "0 + C(region)", "year": "0 + C(yr)"},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(reml=True)
    vc = dict(zip(model.exog_vc.names, np.asarray(res.vcomp, dtype=float), strict=True))
    return _MixedFit(
        float(res.fe_params.iloc[0]),
        float(vc["region"]),
        float(vc["year"]),
        float(res.scale),
        bool(res.converged),
    )


def _shares(var_r: np.ndarray, var_t: np.ndarray, var_e: np.ndarray) -> tuple[np.ndarray, ...]:
    total = var_r + var_t + var_e
    return var_r / total, var_t / total, var_e / total


def decompose_mixed(
    df: pd.DataFrame,
    scale: str,
    *,
    reps: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict:
    """Variance components for region and year (crossed random effects) and the ICC for region.

    Point estimates: statsmodels ``MixedLM`` REML fit of ``y ~ 1`` with ``vc_formula``
    ``{"region": "0 + C(region)", "year": "0 + C(yr)"}`` in a single group. Intervals: a
    parametric bootstrap with ``reps`` replicates drawn with ``numpy.random.default_rng(seed)``
    — random effects and residuals simulated from the fitted variances, the model refitted
    with :class:`CrossedREML` (the same likelihood, fast enough for hundreds of refits), and
    percentile intervals taken. ``reml_check`` is the largest relative difference between the
    two fits on the observed data (should be ~1e-3 or less).
    """
    p = panel(df, scale)
    data = p.assign(region=p["region_code"], yr=p["year"].astype(str), g=1)
    fit = _fit_mixed(data)
    icc_r, icc_t, icc_e = _shares(np.array(fit.var_region), np.array(fit.var_year), np.array(fit.var_resid))

    _, r_idx = np.unique(data["region"].to_numpy(), return_inverse=True)
    _, t_idx = np.unique(data["yr"].to_numpy(), return_inverse=True)
    fast = CrossedREML(r_idx, t_idx)
    start = (fit.var_region / fit.var_resid, fit.var_year / fit.var_resid)
    check = fast.fit(data["y"].to_numpy(), start=start)
    total = fit.var_region + fit.var_year + fit.var_resid
    reml_check = (
        max(
            abs(check.var_region - fit.var_region),
            abs(check.var_year - fit.var_year),
            abs(check.var_resid - fit.var_resid),
        )
        / total
    )

    rng = np.random.default_rng(seed)
    boot, failed = [], 0
    for _ in range(reps):
        u_r = rng.normal(0.0, np.sqrt(max(fit.var_region, 0.0)), fast.n_r)
        u_t = rng.normal(0.0, np.sqrt(max(fit.var_year, 0.0)), fast.n_t)
        e = rng.normal(0.0, np.sqrt(fit.var_resid), fast.n)
        try:
            b = fast.fit(fit.mean + u_r[r_idx] + u_t[t_idx] + e, start=start)
        except (np.linalg.LinAlgError, ValueError):
            failed += 1
            continue
        boot.append((b.var_region, b.var_year, b.var_resid))
    alpha = 1 - confidence
    out = {
        "scale": scale,
        "mean": fit.mean,
        "var_region": fit.var_region,
        "var_year": fit.var_year,
        "var_residual": fit.var_resid,
        "icc_region": float(icc_r),
        "icc_year": float(icc_t),
        "icc_residual": float(icc_e),
        "converged": fit.converged,
        "reml_check": float(reml_check),
        "boot_reps": reps,
        "boot_failed": failed,
        "seed": seed,
    }
    if boot:
        arr = np.array(boot)
        sr, st, se = _shares(arr[:, 0], arr[:, 1], arr[:, 2])
        for name, draws in (
            ("icc_region", sr),
            ("icc_year", st),
            ("icc_residual", se),
            ("var_region", arr[:, 0]),
            ("var_year", arr[:, 1]),
            ("var_residual", arr[:, 2]),
        ):
            lo, hi = np.quantile(draws, [alpha / 2, 1 - alpha / 2])
            out[f"{name}_low"], out[f"{name}_high"] = float(lo), float(hi)
    return out


def compare_methods(two_way: dict, mixed: dict) -> dict:
    """Where the fixed-effects share of region and the mixed-model ICC disagree.

    ``disagree`` is True when the ANOVA share lies outside the ICC's bootstrap interval;
    ``diff_region`` = ANOVA share − ICC (positive is expected: see the module docstring).
    """
    share, icc = two_way["share_region"], mixed["icc_region"]
    lo, hi = mixed.get("icc_region_low", np.nan), mixed.get("icc_region_high", np.nan)
    return {
        "diff_region": float(share - icc),
        "disagree": bool(not (lo <= share <= hi)) if np.isfinite(lo) and np.isfinite(hi) else False,
    }


def decompose(
    df: pd.DataFrame,
    scale: str,
    *,
    reps: int = 200,
    seed: int = 0,
    confidence: float = 0.95,
    pandemic_years: tuple[int, ...] = (),
):
    """Both decompositions and their comparison, as one flat dict."""
    tw = decompose_two_way(df, scale, pandemic_years)
    mx = decompose_mixed(df, scale, reps=reps, seed=seed, confidence=confidence)
    mixed_cols = {k: v for k, v in mx.items() if k != "scale"}
    return {**tw, **mixed_cols, **compare_methods(tw, mx)}


# ---------------------------------------------------------------------------------------------
# Convergence


def ols_slope(x: np.ndarray, y: np.ndarray, confidence: float) -> dict:
    """Slope of y on x with its t-based interval (scipy.stats.linregress)."""
    n = len(x)
    if n < 3 or np.ptp(x) == 0:
        return {"slope": np.nan, "slope_low": np.nan, "slope_high": np.nan, "p_value": np.nan, "n": n}
    res = stats.linregress(x, y)
    t = stats.t.ppf(0.5 + confidence / 2, n - 2)
    return {
        "slope": float(res.slope),
        "slope_low": float(res.slope - t * res.stderr),
        "slope_high": float(res.slope + t * res.stderr),
        "p_value": float(res.pvalue),
        "r2": float(res.rvalue**2),
        "intercept": float(res.intercept),
        "n": n,
    }


def trend_slope_hac(x: np.ndarray, y: np.ndarray, confidence: float, maxlags: int = 1) -> dict:
    """Slope of a yearly series with a Newey–West (HAC) interval, for autocorrelated residuals.

    Yearly spreads are autocorrelated (Durbin–Watson well below 2), so plain OLS intervals are
    too narrow. statsmodels OLS with ``cov_type="HAC"`` (Bartlett kernel, ``maxlags`` lags,
    small-sample correction) and t quantiles with ``n − 2`` df; the Durbin–Watson statistic
    of the OLS residuals is reported beside it.
    """
    import statsmodels.api as sm
    from statsmodels.stats.stattools import durbin_watson

    n = len(x)
    if n < 4 or np.ptp(x) == 0:
        return {"slope": np.nan, "slope_low": np.nan, "slope_high": np.nan, "p_value": np.nan, "n": n}
    X = sm.add_constant(np.asarray(x, float))
    res = sm.OLS(np.asarray(y, float), X).fit(
        cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True}, use_t=True
    )
    low, high = res.conf_int(alpha=1 - confidence)[1]
    return {
        "slope": float(res.params[1]),
        "slope_low": float(low),
        "slope_high": float(high),
        "p_value": float(res.pvalues[1]),
        "r2": float(res.rsquared),
        "durbin_watson": float(durbin_watson(res.resid)),
        "n": n,
    }


def sigma_verdicts(convergence_table: pd.DataFrame, fdr: float = 0.05) -> pd.DataFrame:
    """σ-convergence words after Benjamini–Hochberg over all indicators' SD trends.

    Adds ``sigma_p_adjusted`` and ``sigma_trend``: ``"minskande"`` / ``"ökande"`` when the
    adjusted p-value is below ``fdr`` (direction from the slope), else ``"ingen säker"``.
    """
    from analysis.robust import bh_adjust

    out = convergence_table.copy()
    adjusted, reject = bh_adjust(out["sigma_p_value"], fdr)
    out["sigma_p_adjusted"] = adjusted
    out["sigma_trend"] = np.where(
        reject & (out["sigma_slope"] < 0),
        "minskande",
        np.where(reject & (out["sigma_slope"] > 0), "ökande", "ingen säker"),
    )
    return out


def dispersion_by_year(df: pd.DataFrame, scale: str = "identity") -> pd.DataFrame:
    """By-year dispersion across regions: SD, CV, max/min on the value scale, SD on the analysis scale."""
    p = panel(df, scale)
    g = p.groupby("year")
    out = pd.DataFrame(
        {
            "n_regions": g["value"].size(),
            "mean": g["value"].mean(),
            "sd": g["value"].std(ddof=1),
            "min": g["value"].min(),
            "max": g["value"].max(),
            "sd_scaled": g["y"].std(ddof=1),
        }
    )
    out["cv"] = out["sd"] / out["mean"]
    out["max_min_ratio"] = out["max"] / out["min"]
    return out.reset_index()


def convergence(df: pd.DataFrame, scale: str = "identity", confidence: float = 0.95) -> dict:
    """σ-convergence (by-year dispersion and the SD trend) and β-convergence.

    β: annual change on the analysis scale between the first and the last year, regressed on
    the first-year level (regions observed in both years). Returns ``{"by_year": DataFrame,
    "sigma": dict, "beta": dict}``; ``sigma`` is the trend of the by-year SD on the analysis
    scale per year with a HAC interval (:func:`trend_slope_hac`).
    """
    p = panel(df, scale)
    by_year = dispersion_by_year(df, scale)
    x, y = by_year["year"].to_numpy(float), by_year["sd_scaled"].to_numpy(float)
    sigma = trend_slope_hac(x, y, confidence)
    naive = ols_slope(x, y, confidence)  # plain OLS, shown only to say what the correction changes
    first, last = int(p["year"].min()), int(p["year"].max())
    wide = p.pivot(index="region_code", columns="year", values="y")
    both = wide[[first, last]].dropna() if last > first else wide.iloc[0:0]
    change = (both[last] - both[first]) / max(last - first, 1)
    beta = ols_slope(both[first].to_numpy(float), change.to_numpy(float), confidence)
    beta.update({"year_first": first, "year_last": last})
    return {"by_year": by_year, "sigma": sigma, "sigma_naive": naive, "beta": beta}


# ---------------------------------------------------------------------------------------------
# Rank stability


def spearman_ci(x, y, confidence: float = 0.95) -> dict:
    """Spearman's rho with a Fisher-z interval (variance 1.06/(n − 3), Fieller et al. 1957)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    if n < 4:
        return {"rho": np.nan, "rho_low": np.nan, "rho_high": np.nan, "p_value": np.nan, "n": n}
    rho, pv = stats.spearmanr(x, y)
    z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
    half = stats.norm.ppf(0.5 + confidence / 2) * np.sqrt(1.06 / (n - 3))
    return {
        "rho": float(rho),
        "rho_low": float(np.tanh(z - half)),
        "rho_high": float(np.tanh(z + half)),
        "p_value": float(pv),
        "n": n,
    }


def pearson_ci(x, y, confidence: float = 0.95) -> dict:
    """Pearson's r with its Fisher-z interval (variance 1/(n − 3))."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    if n < 4:
        return {"r": np.nan, "r_low": np.nan, "r_high": np.nan, "p_value": np.nan, "n": n}
    res = stats.pearsonr(x, y)
    ci = res.confidence_interval(confidence)
    return {
        "r": float(res.statistic),
        "r_low": float(ci.low),
        "r_high": float(ci.high),
        "p_value": float(res.pvalue),
        "n": n,
    }


def rank_stability(
    df: pd.DataFrame,
    scale: str,
    *,
    higher_is_better: bool = True,
    n_sim: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict:
    """Rank correlations over time and simulated rank intervals for the last year.

    Rank 1 is the best value (the highest when ``higher_is_better``). Returns
    ``{"pairs": DataFrame, "intervals": DataFrame}``: ``pairs`` holds Spearman's rho for each
    pair of consecutive years and for the first vs the last year (``kind`` = ``"consecutive"``
    / ``"first_last"``); ``intervals`` holds each region's observed rank in the last year and
    the percentile interval of its rank when values are perturbed with N(0, se²) on the
    analysis scale. ``se`` comes from a ``se`` column when present (rows without one fall back)
    and otherwise from the two-way model's residual variance (``se_source`` says which).
    """
    p = panel(df, scale)
    wide = p.pivot(index="region_code", columns="year", values="y")
    years = list(wide.columns)
    rows = []
    for a, b in zip(years[:-1], years[1:], strict=True):
        pair = wide[[a, b]].dropna()
        rows.append(
            {"kind": "consecutive", "year_a": a, "year_b": b, **spearman_ci(pair[a], pair[b], confidence)}
        )
    if len(years) >= 2:
        pair = wide[[years[0], years[-1]]].dropna()
        rows.append(
            {
                "kind": "first_last",
                "year_a": years[0],
                "year_b": years[-1],
                **spearman_ci(pair[years[0]], pair[years[-1]], confidence),
            }
        )
    pairs = pd.DataFrame(
        rows, columns=["kind", "year_a", "year_b", "rho", "rho_low", "rho_high", "p_value", "n"]
    )

    last = int(p["year"].max())
    cur = p[p["year"] == last].sort_values("region_code").reset_index(drop=True)
    sign = -1.0 if higher_is_better else 1.0
    resid_sd = np.nan
    if p["region_code"].nunique() >= 3 and p["year"].nunique() >= 2:
        resid_sd = float(np.sqrt(decompose_two_way(df, scale)["residual_var"]))
    if "se" in cur.columns:
        se = cur["se"].astype(float).to_numpy()
        source = np.where(np.isfinite(se), "egen standardavvikelse", "tvåvägsmodellens residual")
        se = np.where(np.isfinite(se), se, resid_sd)
    else:
        se = np.full(len(cur), resid_sd)
        source = np.full(len(cur), "tvåvägsmodellens residual")
    y = cur["y"].to_numpy()
    obs_rank = stats.rankdata(sign * y, method="min")
    rng = np.random.default_rng(seed)
    if np.all(np.isfinite(se)):
        sims = y[None, :] + rng.normal(size=(n_sim, len(y))) * se[None, :]
        ranks = np.apply_along_axis(stats.rankdata, 1, sign * sims)
        alpha = 1 - confidence
        lo, hi = np.quantile(ranks, [alpha / 2, 1 - alpha / 2], axis=0)
        med = np.median(ranks, axis=0)
    else:
        lo = hi = med = np.full(len(y), np.nan)
    intervals = pd.DataFrame(
        {
            "region_code": cur["region_code"],
            "year": last,
            "value": cur["value"],
            "rank": obs_rank.astype(int),
            "rank_median": med,
            "rank_low": np.floor(lo),
            "rank_high": np.ceil(hi),
            "se_scaled": se,
            "se_source": source,
            "n_regions": len(cur),
        }
    )
    return {"pairs": pairs, "intervals": intervals}


# ---------------------------------------------------------------------------------------------
# Choosing panels from the tidy table and the registry


def parse_breaks(text: str) -> list[int]:
    """Years of series breaks from the registry's ``breaks`` field (``"2024: metodbyte; ..."``)."""
    if not isinstance(text, str) or not text.strip():
        return []
    return sorted(int(m) for m in re.findall(r"(\d{4}):", text))


def comparable_years(years, breaks: list[int]) -> list[int]:
    """The longest run of years not crossing a break (a break year starts a new run); ties -> latest."""
    years = sorted(set(int(y) for y in years))
    segments: list[list[int]] = [[]]
    for y in years:
        if segments[-1] and any(segments[-1][-1] < b <= y for b in breaks):
            segments.append([])
        segments[-1].append(y)
    return max(segments, key=lambda s: (len(s), s[-1] if s else 0))


def usable_on_scale(values, scale: str) -> bool:
    """Whether values suit a scale: the logit needs 0.5-99.5 %, the log positive values.

    Zeros in a rate (e.g. no overcrowding in a year) or 0 %/100 % shares would get extreme
    leverage after clipping, so such panels are analysed on their original scale instead.
    """
    x = np.asarray(values, dtype=float)
    if scale == "logit":
        return bool(np.all((x >= 0.5) & (x <= 99.5)))
    if scale == "log":
        return bool(np.all(x > 0))
    return True


def select_panels(
    tidy: pd.DataFrame,
    registry: pd.DataFrame,
    *,
    min_regions: int = 15,
    min_years: int = 3,
    exclude_families: tuple[str, ...] = ("population",),
) -> list[dict]:
    """Every registry indicator with a usable region × year panel in ``tidy`` (sex T).

    Uses the registry's unit for the scale (falling back to the original scale when values sit
    on the scale's boundary, see :func:`usable_on_scale`) and its ``breaks`` to keep only
    comparable years; years with fewer than ``min_regions`` regions are dropped.
    Returns one dict per indicator (registry order): ``indicator, name, family, unit,
    direction, scale, years, data`` (the panel rows) and ``note``.
    """
    t = tidy[(tidy["sex"] == "T") & (tidy["region_code"] != RIKET)]
    out = []
    for row in registry.itertuples(index=False):
        if row.family in exclude_families:
            continue
        d = t[t["indicator"] == row.id]
        if d.empty:
            continue
        breaks = parse_breaks(row.breaks)
        all_years = set(int(y) for y in d["year"].unique())
        keep_years = comparable_years(all_years, breaks)
        d = d[d["year"].isin(keep_years)]
        counts = d.groupby("year")["region_code"].nunique()
        good_years = counts[counts >= min_regions].index
        d = d[d["year"].isin(good_years)]
        if d["year"].nunique() < min_years or d["region_code"].nunique() < min_regions:
            continue
        notes = []
        if off_break := sorted(all_years - set(keep_years)):
            notes.append(f"år på andra sidan seriebrott utelämnade: {', '.join(map(str, off_break))}")
        if sparse := sorted(set(keep_years) - set(int(y) for y in good_years)):
            notes.append(f"år med färre än {min_regions} regioner utelämnade: {', '.join(map(str, sparse))}")
        scale = scale_for_unit(row.unit)
        if not usable_on_scale(d["value"], scale):
            why = "andelar under 0,5 % eller över 99,5 %" if scale == "logit" else "nollvärden"
            notes.append(f"{why}: analyserad på ursprunglig skala")
            scale = "identity"
        out.append(
            {
                "indicator": row.id,
                "name": row.name_sv,
                "family": row.family,
                "unit": row.unit,
                "direction": row.direction,
                "scale": scale,
                "years": sorted(int(y) for y in d["year"].unique()),
                "data": d[["region_code", "year", "value"]].reset_index(drop=True),
                "note": "; ".join(notes),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------
# The report's region tables (004) and the region profiles


def association(x, y, confidence: float = 0.95) -> dict:
    """Pearson's r and Spearman's rho, each with a Fisher-z interval, for paired values."""
    pr = pearson_ci(x, y, confidence)
    sp = spearman_ci(x, y, confidence)
    return {
        "n": pr["n"],
        "pearson_r": pr["r"],
        "pearson_low": pr["r_low"],
        "pearson_high": pr["r_high"],
        "pearson_p": pr["p_value"],
        "spearman_rho": sp["rho"],
        "spearman_low": sp["rho_low"],
        "spearman_high": sp["rho_high"],
        "spearman_p": sp["p_value"],
    }


#: Pairs of report series compared region by region: (test id, element, x series, y series).
REPORT_PAIRS: tuple[tuple[str, str, str, str], ...] = (
    (
        "personal_alla",
        "Tabell 3",
        "regional_pc_all_licensed_change_2015_2020_pct",
        "municipal_pc_all_licensed_change_2015_2020_pct",
    ),
    (
        "personal_sjukskoterskor",
        "Bilaga 2–3",
        "regional_pc_nurses_change_2015_2020_pct",
        "municipal_pc_nurses_change_2015_2020_pct",
    ),
    (
        "personal_ovriga",
        "Bilaga 2–3",
        "regional_pc_other_licensed_change_2015_2020_pct",
        "municipal_pc_other_licensed_change_2015_2020_pct",
    ),
    ("fast_lakare_kontinuitet", "Tabell 1", "fast_lakarkontakt", "continuity_index_doctor"),
)


def report_region_values(report: pd.DataFrame, elements: tuple[str, ...]) -> pd.DataFrame:
    """Region rows of report 004 for the given elements (Riket/Totalt rows kept as ``00``)."""
    r = report[(report["report"] == "004") & report["element"].isin(elements)]
    r = r[(r["group_type"] == "region") & (r["region_code"].astype(str) != "")]
    cols = ["element", "series", "region_code", "group", "year", "value", "unit", "status", "note", "line"]
    return r[cols].sort_values(["element", "series", "region_code", "year"]).reset_index(drop=True)


def _doubtful(note) -> bool:
    return isinstance(note, str) and "doubt" in note.lower()


def report_region_tests(report: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Region-level associations and convergence in report 004's region tables.

    * staff: does a gain in regional primary-care staff per inhabitant (2015-2020) go with a
      loss in municipal primary care? Pearson and Spearman correlation of the two % changes
      across regions, for all licensed staff (Tabell 3) and by staff group (Bilagor 2-3);
      ``subset = "utan_tveksamma"`` repeats it without regions whose value the transcription
      marks as doubtful;
    * Tabell 1: share with a named fast läkarkontakt vs the continuity index (2022);
    * Bilaga 1: β-convergence of primary care's cost share (change 2015-2021 in percentage
      points on the 2015 level) and the SD across regions in both years.
    """
    regions = report[(report["group_type"] == "region") & ~report["region_code"].isin(["", "00"])]
    regions = regions[regions["report"] == "004"]
    rows = []
    for test, element, xs, ys in REPORT_PAIRS:
        wide = regions[regions["series"].isin([xs, ys])]
        if "fast_lakarkontakt" in xs:
            wide = wide[wide["year"] == 2022]
        doubt = set(wide.loc[wide["note"].map(_doubtful), "region_code"])
        w = wide.pivot_table(index="region_code", columns="series", values="value", aggfunc="first")
        if xs not in w or ys not in w:
            continue
        w = w[[xs, ys]].dropna()
        for subset, frame in (("alla", w), ("utan_tveksamma", w[~w.index.isin(doubt)])):
            if subset == "utan_tveksamma" and not doubt:
                continue
            stats_ = association(frame[xs], frame[ys], confidence)
            is_change = xs.endswith("_pct")
            both_sides = int(((frame[xs] > 0) & (frame[ys] < 0)).sum()) if is_change else np.nan
            rows.append(
                {
                    "test": test,
                    "element": element,
                    "subset": subset,
                    "x": xs,
                    "y": ys,
                    "excluded": ", ".join(sorted(doubt)) if subset != "alla" else "",
                    "n_gain_x_loss_y": both_sides,
                    **stats_,
                }
            )
    for series in ("pc_share_hsv_costs_net", "pc_share_hsv_costs_own_commitment"):
        s = regions[regions["series"] == series].pivot_table(
            index="region_code", columns="year", values="value", aggfunc="first"
        )
        if 2015 not in s or 2021 not in s:
            continue
        s = s[[2015, 2021]].dropna()
        beta = ols_slope(s[2015].to_numpy(float), (s[2021] - s[2015]).to_numpy(float), confidence)
        rows.append(
            {
                "test": f"konvergens_{series}",
                "element": "Bilaga 1",
                "subset": "alla",
                "x": f"{series} 2015",
                "y": f"{series} förändring 2015–2021",
                "n": beta["n"],
                "beta": beta["slope"],
                "beta_low": beta["slope_low"],
                "beta_high": beta["slope_high"],
                "beta_p": beta["p_value"],
                "sd_2015": float(s[2015].std(ddof=1)),
                "sd_2021": float(s[2021].std(ddof=1)),
                "n_increased": int((s[2021] > s[2015]).sum()),
            }
        )
    return pd.DataFrame(rows)


def _position(values: np.ndarray, scale: str, higher_is_better: bool) -> np.ndarray:
    """Standardised position across regions on the analysis scale; positive = better (or higher)."""
    y = transform(values, scale)
    z = (y - y.mean()) / y.std(ddof=1)
    return z if higher_is_better else -z


def region_profiles(
    tidy: pd.DataFrame,
    rank_intervals: pd.DataFrame,
    funnel_points: pd.DataFrame | None = None,
    indicators: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Each region's latest value per profile indicator against Riket, with rank and funnel status.

    ``indicators`` are the analysis sheet's ``profile`` series, in sheet order.

    Kolada rows: the last year of the indicator's comparable panel (from ``rank_intervals``),
    the Riket value of that year, the simulated rank interval and ``position`` (standardised
    distance from the regions' mean on the analysis scale, sign so that positive is better;
    for neutral indicators positive is higher). ``rank_group`` is ``"övre tredjedel"`` /
    ``"nedre tredjedel"`` when the whole rank interval lies in the top/bottom third.
    VIS rows (when ``funnel_points`` is given): each funnel indicator's last year, compared
    with the pooled proportion θ0, with the funnel flag under the additive-overdispersion
    limits (99.8 %) and the unadjusted binomial limits (99.8 %).
    """
    riket = tidy[(tidy["region_code"] == RIKET) & (tidy["sex"] == "T")].set_index(["indicator", "year"])[
        "value"
    ]
    rows = []
    for ind in indicators:
        r = rank_intervals[rank_intervals["indicator"] == ind]
        if r.empty:
            continue
        year = int(r["year"].iloc[0])
        n = int(r["n_regions"].iloc[0])
        third = int(np.ceil(n / 3))
        better = r["direction"].iloc[0] != "lower_better"
        pos = _position(r["value"].to_numpy(float), r["scale"].iloc[0], better)
        group = np.where(
            r["rank_high"] <= third,
            "övre tredjedel",
            np.where(r["rank_low"] > n - third, "nedre tredjedel", ""),
        )
        rows.append(
            pd.DataFrame(
                {
                    "source": "kolada",
                    "indicator": ind,
                    "name": r["name"].to_numpy(),
                    "unit": r["unit"].to_numpy(),
                    "direction": r["direction"].to_numpy(),
                    "region_code": r["region_code"].to_numpy(),
                    "year": year,
                    "value": r["value"].to_numpy(float),
                    "reference": float(riket.get((ind, year), np.nan)),
                    "reference_label": "Riket",
                    "rank": r["rank"].to_numpy(),
                    "rank_low": r["rank_low"].to_numpy(),
                    "rank_high": r["rank_high"].to_numpy(),
                    "n_regions": n,
                    "position": pos,
                    "rank_group": group,
                    "funnel_flag": "",
                    "funnel_flag_binom": "",
                }
            )
        )
    if funnel_points is not None and not funnel_points.empty:
        for ind, g in funnel_points.groupby("indicator", sort=True):
            last = g[g["year"] == g["year"].max()]
            rows.append(
                pd.DataFrame(
                    {
                        "source": "vis",
                        "indicator": ind,
                        "name": last["name"].to_numpy(),
                        "unit": "procent",
                        "direction": "higher_better",
                        "region_code": last["region_code"].to_numpy(),
                        "year": int(last["year"].iloc[0]),
                        "value": last["value"].to_numpy(float),
                        "reference": 100 * last["theta0"].to_numpy(float),
                        "reference_label": "Sammanvägd andel (θ0)",
                        "rank": stats.rankdata(-last["value"].to_numpy(float), method="min").astype(int),
                        "rank_low": np.nan,
                        "rank_high": np.nan,
                        "n_regions": len(last),
                        "position": _position(last["value"].to_numpy(float), "logit", True),
                        "rank_group": "",
                        "funnel_flag": last["flag_re"].to_numpy(),
                        "funnel_flag_binom": last["flag_binom_998"].to_numpy(),
                    }
                )
            )
    out = pd.concat(rows, ignore_index=True)
    return out.sort_values(["region_code", "source", "indicator"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Sampling noise in the residual


def respondents_proxy(national: pd.Series, population: pd.DataFrame) -> pd.DataFrame:
    """Proxy respondents per region and year for a national survey without published regional n.

    ``national``: respondents per year (:func:`analysis.sources.hsb.read_hsb_respondents`);
    years without a count get the median of the known years. ``population``: the tidy
    population rows (``region_code, year, value``); regions get the national count in
    proportion to their population. The proxy assumes sampling proportional to population,
    which over-states n in small regions if they were over-sampled (so the sampling share
    below is a lower bound there) and is shown with a design-effect sensitivity.
    """
    from analysis.sources.hsb import respondents_by_year

    pop = population[population["region_code"] != RIKET][["region_code", "year", "value"]].copy()
    share = pop["value"] / pop.groupby("year")["value"].transform("sum")
    n_year = respondents_by_year(national, pop["year"]).to_numpy()
    return pop.assign(n=share * n_year)[["region_code", "year", "n"]]


def sampling_split(df: pd.DataFrame, n: pd.DataFrame, residual_var: float, deff: float = 1.0) -> float:
    """Share of the two-way model's residual variance that binomial sampling noise explains.

    On the logit scale a share p from n respondents has sampling variance about
    ``deff / (n p (1 − p))``; its mean over the region × year cells, divided by the residual
    variance, is the part of the "region-specific change" that is only sampling noise
    (capped at 1). ``n`` has ``region_code, year, n``.
    """
    p = panel(df, "logit").merge(n, on=["region_code", "year"], how="inner")
    if p.empty or not np.isfinite(residual_var) or residual_var <= 0:
        return np.nan
    q = (p["value"] / 100).clip(0.001, 0.999)
    sampling = deff / (p["n"] * q * (1 - q))
    return float(min(1.0, sampling.mean() / residual_var))
