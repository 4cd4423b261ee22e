"""Do regions draw closer (σ- and β-convergence), and how stable are their ranks?"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.variance.decomposition import decompose_two_way
from analysis.variance.scales import (
    panel,
)


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
    from statsmodels.regression.linear_model import OLS
    from statsmodels.stats.stattools import durbin_watson
    from statsmodels.tools.tools import add_constant

    n = len(x)
    if n < 4 or np.ptp(x) == 0:
        return {"slope": np.nan, "slope_low": np.nan, "slope_high": np.nan, "p_value": np.nan, "n": n}
    X = add_constant(np.asarray(x, float))
    res = OLS(np.asarray(y, float), X).fit(
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
        ranks = stats.rankdata(sign * sims, axis=1)
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
