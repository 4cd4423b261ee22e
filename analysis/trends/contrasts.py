"""Year effects, gaps and intervals around the trend models.

:func:`fit_year_effects` with :func:`compare_years` (pandemic bump, return to the pre-pandemic
level), :func:`gap_by_year` (paired regional difference between two series),
:func:`proportion_interval` (Wilson) and :func:`ratio_target_gap` (target arithmetic).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.trends.design import design_matrix, prepare_data
from analysis.trends.result import TrendConfig, TrendResult

# ---------------------------------------------------------------------------------------------
# Year effects: pandemic bump and return to the pre-pandemic level


def fit_year_effects(
    df: pd.DataFrame,
    n: pd.Series | str | None = None,
    *,
    indicator: str = "",
    config: TrendConfig | None = None,
    by_sex: bool = True,
) -> TrendResult:
    """Region (and sex) fixed effects + one effect per year, logit scale, no trend shape imposed.

    Used to compare years without assuming a trend: :func:`compare_years` gives the change in
    the average predicted share between sets of years. Variance as in
    :func:`fit_survey_trend` (quasi-binomial without ``n``).
    """
    from analysis.trends.models import _fit_result  # here: the chapters read this module's light helpers

    config = config or TrendConfig()
    notes: list[str] = []
    n_series = pd.to_numeric(df[n], errors="coerce") if isinstance(n, str) else n
    data = prepare_data(
        df,
        proportion=pd.to_numeric(df["value"], errors="coerce") / 100,
        n=n_series,
        regions=None,
        by_sex=by_sex,
        notes=notes,
    )
    exog, _ = design_matrix(data, config, region_fe=True, year_effects=True)
    result = _fit_result(
        indicator,
        "year_effects",
        data,
        exog,
        known_n=n is not None,
        overdispersion="auto",
        region_fe=True,
        config=config,
        notes=notes,
    )
    result.fitted = data  # the rows used, for compare_years
    return result


def compare_years(
    result: TrendResult, base_years: Iterable[int], compare: Iterable[int], config: TrendConfig | None = None
) -> dict:
    """Change in the average predicted share (percentage points) from ``base_years`` to ``compare``.

    The average is over the regions (and sexes) of a :func:`fit_year_effects` model, each year
    weighted equally; the interval is a delta-method interval. Also returns the log-odds
    difference of the year effects with its interval.
    """
    from analysis.trends.models import _expit

    config = config or TrendConfig()
    base_years, compare = list(base_years), list(compare)
    missing = sorted(set(base_years + compare) - set(result.years))
    if missing:
        raise ValueError(f"years without data: {missing}")
    reference = {"regions": result.regions, "sexes": result.sexes, "years": result.years}
    region_fe = any(c.startswith("region[") for c in result.params.index)

    def avg(years):
        grid = pd.DataFrame(
            [(r, s, y) for r in result.regions for s in result.sexes for y in years],
            columns=["region_code", "sex", "year"],
        )
        X, _ = design_matrix(grid, config, region_fe=region_fe, year_effects=True, reference=reference)
        X = X.reindex(columns=result.params.index, fill_value=0.0).to_numpy()
        p = _expit(X @ result.params.to_numpy())
        grad = (p * (1 - p)) @ X / len(p)
        return float(p.mean()), grad

    pa_, ga = avg(base_years)
    pb, gb = avg(compare)
    g = gb - ga
    se = float(np.sqrt(g @ result.cov.to_numpy() @ g))
    q = result._quantile()
    diff = 100 * (pb - pa_)

    def eff(years):
        return {f"year[{y}]": 1.0 / len(years) for y in years if f"year[{y}]" in result.params.index}

    weights = {k: v for k, v in eff(compare).items()}
    for k, v in eff(base_years).items():
        weights[k] = weights.get(k, 0.0) - v
    logit = (
        result.contrast(weights)
        if weights
        else {"estimate": 0.0, "ci_low": 0.0, "ci_high": 0.0, "p_value": 1.0}
    )
    return {
        "indicator": result.indicator,
        "base_years": "–".join(map(str, [min(base_years), max(base_years)]))
        if len(base_years) > 1
        else str(base_years[0]),
        "compare_years": "–".join(map(str, [min(compare), max(compare)]))
        if len(compare) > 1
        else str(compare[0]),
        "base_level": 100 * pa_,
        "compare_level": 100 * pb,
        "diff_pp": diff,
        "diff_pp_low": diff - q * 100 * se,
        "diff_pp_high": diff + q * 100 * se,
        "logit_diff": logit["estimate"],
        "logit_low": logit["ci_low"],
        "logit_high": logit["ci_high"],
        "p_value": logit["p_value"],
        "variance": result.variance,
        "dispersion": result.dispersion,
        "n_regions": len(result.regions),
    }


# ---------------------------------------------------------------------------------------------
# Descriptive helpers: gaps between two series, survey points, target arithmetic


def gap_by_year(a: pd.DataFrame, b: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Per year: ``a - b`` in percentage points, nationally and as a mean over regions with a t-CI.

    ``a`` and ``b`` are tidy slices (``region_code, year, value``). The national gap uses the
    ``"00"`` rows; the interval treats the regions' paired gaps as replicates (it describes the
    unweighted mean of regional gaps, not sampling error in the national figure).
    """
    from scipy import stats

    keys = ["region_code", "year"]
    m = a[[*keys, "value"]].merge(b[[*keys, "value"]], on=keys, suffixes=("_a", "_b"))
    m["gap"] = m["value_a"] - m["value_b"]
    rows = []
    for year, g in m.groupby("year"):
        nat = g.loc[g["region_code"] == "00", "gap"]
        reg = g.loc[g["region_code"] != "00", "gap"].to_numpy(float)
        k = len(reg)
        mean = float(reg.mean()) if k else np.nan
        if k > 1:
            se = float(reg.std(ddof=1) / np.sqrt(k))
            q = float(stats.t.ppf(1 - (1 - confidence) / 2, k - 1))
            lo, hi = mean - q * se, mean + q * se
        else:
            lo = hi = np.nan
        rows.append(
            {
                "year": int(year),
                "gap_national": float(nat.iloc[0]) if len(nat) else np.nan,
                "gap_regional_mean": mean,
                "gap_low": lo,
                "gap_high": hi,
                "n_regions": k,
                "regions_positive": int((reg > 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def proportion_interval(value_pct, n, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson interval (percent) for survey shares given in percent with sample size ``n``.

    Treats the share as from a simple random sample of ``n``; NaN where ``n`` is unknown.
    """
    from statsmodels.stats.proportion import proportion_confint

    value = np.asarray(value_pct, float) / 100
    n = np.asarray(n, float)
    lo = np.full(value.shape, np.nan)
    hi = np.full(value.shape, np.nan)
    ok = np.isfinite(value) & np.isfinite(n) & (n > 0)
    if ok.any():
        count = value[ok] * n[ok]
        lo[ok], hi[ok] = proportion_confint(count, n[ok], alpha=1 - confidence, method="wilson")
    return 100 * lo, 100 * hi


def ratio_target_gap(start: float, end: float, start_year: int, end_year: int, target: float) -> dict:
    """Gap arithmetic for a "population per doctor" ratio against a target ratio.

    Returns the change in the ratio, its average annual rate, the increase in the number of
    doctors needed at the end year's population to reach ``target`` (``end / target - 1``),
    and whether the ratio moved towards the target.
    """
    years = end_year - start_year
    annual = (end / start) ** (1 / years) - 1 if years > 0 else np.nan
    return {
        "start": start,
        "end": end,
        "start_year": start_year,
        "end_year": end_year,
        "target": target,
        "change": end - start,
        "change_pct": 100 * (end / start - 1),
        "annual_change_pct": 100 * annual,
        "doctors_increase_needed_pct": 100 * (end / target - 1),
        "towards_target": bool(abs(end - target) < abs(start - target)),
    }
