"""Funnel plots for proportions with known denominators (Spiegelhalter 2005a, 2005b).

A region's proportion y_i = r_i / n_i is compared with a target θ0 (by default the pooled
proportion Σ y_i n_i / Σ n_i of the regions shown). Control limits at 95 % and 99.8 % are
computed three ways:

* **Exact binomial** (Spiegelhalter 2005a, "Funnel plots for comparing institutional
  performance", Stat Med 24:1185, appendix): for the lower/upper tail probability p, let
  r_p be the smallest r with F(r) ≥ p for F the Binomial(n, θ0) distribution function;
  the limit is (r_p − α)/n with α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)), an interpolation
  that makes the limits smooth in n. These are the limits used when no overdispersion is
  allowed.
* **Multiplicative overdispersion** (Spiegelhalter 2005b, "Handling over-dispersion of
  performance indicators", Qual Saf Health Care 14:347): z_i = (y_i − θ0)/s_i with
  s_i = sqrt(θ0(1 − θ0)/n_i); the z-scores are winsorised (default at their 10th and 90th
  percentiles) and φ = Σ z_w² / I. Limits: θ0 ± z_p · sqrt(φ) · s_i (normal approximation).
* **Additive random effects** (the same paper, DerSimonian–Laird style): with w_i = 1/s_i²,
  τ² = max(0, (I φ − (I − 1)) / (Σ w_i − Σ w_i² / Σ w_i)). Limits:
  θ0 ± z_p · sqrt(s_i² + τ²) (normal approximation).

Overdispersion test: I φ is compared with the χ² distribution on I − 1 degrees of freedom
(θ0 is estimated from the same data). A region is *outside* when its proportion is beyond
the limit at that level; ``flag_*`` columns say ``"över"``/``"under"``/``""``.

For weighted survey shares (e.g. Vårdbarometern in Vården i siffror) n_i is the number of
respondents and y_i the published weighted share, so the binomial limits ignore the design
effect; that extra variation shows up as overdispersion, which the adjusted limits absorb.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

#: Two-sided coverage of the control limits and the labels used in column names.
LEVELS: dict[str, float] = {"95": 0.95, "998": 0.998}


def z_for(level: float) -> float:
    """Standard-normal quantile for a two-sided coverage, e.g. 0.95 -> 1.96, 0.998 -> 3.09."""
    return float(stats.norm.ppf(0.5 + level / 2))


def target_proportion(y, n) -> float:
    """Pooled proportion Σ y n / Σ n (equals Σ r / Σ n when y = r/n)."""
    y, n = np.asarray(y, float), np.asarray(n, float)
    return float(np.sum(y * n) / np.sum(n))


def binomial_limit(theta0: float, n, p: float) -> np.ndarray:
    """Exact binomial control limit with Spiegelhalter's interpolation, at tail probability p.

    ``p`` = 0.025 / 0.975 gives the 95 % limits, 0.001 / 0.999 the 99.8 % limits.
    """
    n = np.atleast_1d(np.asarray(n, dtype=float))
    n_int = np.maximum(np.round(n), 1).astype(int)
    r = stats.binom.ppf(p, n_int, theta0)  # smallest r with F(r) >= p
    f_r = stats.binom.cdf(r, n_int, theta0)
    f_r1 = stats.binom.cdf(r - 1, n_int, theta0)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = np.where(f_r > f_r1, (f_r - p) / (f_r - f_r1), 0.0)
    return (r - alpha) / n_int


def normal_limit(theta0: float, n, z: float, phi: float = 1.0, tau2: float = 0.0) -> np.ndarray:
    """Normal-approximation limit θ0 + z · sqrt(φ · θ0(1 − θ0)/n + τ²) (z < 0 for the lower limit)."""
    n = np.asarray(n, dtype=float)
    s2 = theta0 * (1 - theta0) / n
    return theta0 + z * np.sqrt(phi * s2 + tau2)


def winsorise(z, lower: float = 0.1, upper: float = 0.9) -> np.ndarray:
    """Set values below the ``lower`` and above the ``upper`` quantile to those quantiles.

    Quantiles use linear interpolation (``numpy.quantile`` default, R's type 7).
    """
    z = np.asarray(z, dtype=float)
    lo, hi = np.quantile(z, [lower, upper])
    return np.clip(z, lo, hi)


def overdispersion(y, n, theta0: float, winsor: tuple[float, float] = (0.1, 0.9)) -> dict:
    """φ (multiplicative) and τ² (additive) from winsorised z-scores, and the χ² test of φ = 1."""
    y, n = np.asarray(y, float), np.asarray(n, float)
    s2 = theta0 * (1 - theta0) / n
    z = (y - theta0) / np.sqrt(s2)
    zw = winsorise(z, *winsor)
    k = len(y)
    phi = float(np.sum(zw**2) / k)
    w = 1 / s2
    denom = np.sum(w) - np.sum(w**2) / np.sum(w)
    tau2 = float(max(0.0, (k * phi - (k - 1)) / denom)) if k > 1 and denom > 0 else 0.0
    p_value = float(stats.chi2.sf(k * phi, k - 1)) if k > 1 else np.nan
    return {"phi": phi, "tau2": tau2, "tau": float(np.sqrt(tau2)), "k": k, "p_overdispersion": p_value}


def _flag(y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return np.where(y > hi, "över", np.where(y < lo, "under", ""))


def funnel_proportions(
    df: pd.DataFrame,
    *,
    theta0: float | None = None,
    winsor: tuple[float, float] = (0.1, 0.9),
    levels: dict[str, float] = LEVELS,
    fdr: float = 0.05,
) -> tuple[pd.DataFrame, dict]:
    """Funnel-plot data for proportions: one row per unit with its limits and flags, plus a summary.

    ``df`` needs ``region_code``, ``y`` (a proportion, 0-1) and ``n`` (denominator, > 0). The
    rows come back sorted by ``region_code``; the summary holds θ0, φ, τ², the χ² test and
    the regions outside each set of limits, plus the robust random-effects flags
    (:func:`random_effects_flags`), which are the ones the chapter names.
    """
    d = df[["region_code", "y", "n"]].copy()
    d = d[np.isfinite(d["y"].astype(float)) & (d["n"].astype(float) > 0)]
    d = d.sort_values("region_code").reset_index(drop=True)
    y, n = d["y"].to_numpy(float), d["n"].to_numpy(float)
    th = target_proportion(y, n) if theta0 is None else float(theta0)
    od = overdispersion(y, n, th, winsor)
    s = np.sqrt(th * (1 - th) / n)
    d["theta0"] = th
    d["z"] = (y - th) / s
    d["z_winsorised"] = winsorise(d["z"], *winsor)
    d["z_additive"] = (y - th) / np.sqrt(s**2 + od["tau2"])
    summary = {"theta0": th, **od, "winsor_lower": winsor[0], "winsor_upper": winsor[1]}
    for label, level in levels.items():
        z = z_for(level)
        tail = (1 - level) / 2
        limits = {
            "binom": (binomial_limit(th, n, tail), binomial_limit(th, n, 1 - tail)),
            "normal": (normal_limit(th, n, -z), normal_limit(th, n, z)),
            "mult": (normal_limit(th, n, -z, phi=od["phi"]), normal_limit(th, n, z, phi=od["phi"])),
            "add": (normal_limit(th, n, -z, tau2=od["tau2"]), normal_limit(th, n, z, tau2=od["tau2"])),
        }
        for method, (lo, hi) in limits.items():
            d[f"lo_{method}_{label}"] = lo
            d[f"hi_{method}_{label}"] = hi
            flag = _flag(y, lo, hi)
            d[f"flag_{method}_{label}"] = flag
            summary[f"outside_{method}_{label}"] = ", ".join(d.loc[flag != "", "region_code"])
            summary[f"n_outside_{method}_{label}"] = int((flag != "").sum())
    flags, re_summary = random_effects_flags(y, n, fdr)
    d = pd.concat([d, flags], axis=1)
    summary |= re_summary
    summary["outside_re"] = ", ".join(d.loc[d["flag_re"] != "", "region_code"])
    summary["n_outside_re"] = int((d["flag_re"] != "").sum())
    return d, summary


def funnel_curves(
    theta0: float,
    phi: float,
    tau2: float,
    n_min: float,
    n_max: float,
    *,
    points: int = 200,
    levels: dict[str, float] = LEVELS,
    flags: dict | None = None,
) -> pd.DataFrame:
    """Control-limit curves over a log-spaced grid of n, for drawing (long format).

    Columns: ``n, method, level, lower, upper`` with method ``binom``, ``mult`` or ``add``,
    and with ``flags`` (the summary of :func:`funnel_proportions`) also ``re``, the limits of
    the flags (:func:`random_effects_curves`).
    """
    grid = np.unique(np.round(np.geomspace(max(n_min, 1), n_max, points)))
    rows = []
    for label, level in levels.items():
        z = z_for(level)
        tail = (1 - level) / 2
        curves = {
            "binom": (binomial_limit(theta0, grid, tail), binomial_limit(theta0, grid, 1 - tail)),
            "mult": (normal_limit(theta0, grid, -z, phi=phi), normal_limit(theta0, grid, z, phi=phi)),
            "add": (normal_limit(theta0, grid, -z, tau2=tau2), normal_limit(theta0, grid, z, tau2=tau2)),
        }
        for method, (lo, hi) in curves.items():
            rows.append(pd.DataFrame({"n": grid, "method": method, "level": label, "lower": lo, "upper": hi}))
    if flags is not None:
        rows.append(random_effects_curves(flags, grid))
    return pd.concat(rows, ignore_index=True)


#: τ² estimators for the random-effects target: DerSimonian–Laird (main) and Paule–Mandel (sensitivity).
TAU2_METHODS = {"dl": "chi2", "pm": "iterated"}

#: The unadjusted two-sided level drawn beside the flagging limit; regions beyond it are named.
NOMINAL_LEVEL = 0.95


def random_effects_flags(y, n, fdr: float = 0.05) -> tuple[pd.DataFrame, dict]:
    """Outlier flags against a random-effects target on the logit scale, robust to the τ² estimator.

    Each region's logit proportion has binomial variance ``1 / (n p (1 − p))``. The target is
    the random-effects mean (statsmodels ``combine_effects``), not the respondent-weighted
    mean that a few large regions dominate; τ² is estimated by DerSimonian–Laird and, as a
    sensitivity, Paule–Mandel. Each region gets ``z = (logit y − μ) / sqrt(v + τ²)``, a
    two-sided p-value and a Benjamini–Hochberg decision over the regions at ``fdr``. A region
    is flagged (``flag_re``) only when both estimators flag it in the same direction;
    ``beyond_re_95`` marks, the same way, the regions beyond the unadjusted
    :data:`NOMINAL_LEVEL` limits, which the chapter names without flagging. The summary keeps
    ``fdr``, so the text can say the rate the flags used.
    """
    from statsmodels.stats.meta_analysis import combine_effects

    from analysis.robust import bh_adjust

    y, n = np.asarray(y, float), np.asarray(n, float)
    p = np.clip(y, 0.001, 0.999)
    effect = np.log(p / (1 - p))
    var = 1 / (n * p * (1 - p))
    out, summary = {}, {"fdr": float(fdr)}
    flags, nominal = [], []
    for label, method in TAU2_METHODS.items():
        res = combine_effects(effect, var, method_re=method)
        mu, tau2 = float(res.mean_effect_re), float(res.tau2)
        z = (effect - mu) / np.sqrt(var + tau2)
        pval = 2 * stats.norm.sf(np.abs(z))
        _, reject = bh_adjust(pval, fdr)
        flag = np.where(reject & (z > 0), "över", np.where(reject & (z < 0), "under", ""))
        out |= {f"z_re_{label}": z, f"p_re_{label}": pval, f"flag_re_{label}": flag}
        summary |= {
            f"theta_re_{label}": float(1 / (1 + np.exp(-mu))),
            f"tau2_logit_{label}": tau2,
            f"p_crit_{label}": bh_critical_p(int(reject.sum()), len(pval), fdr),
        }
        flags.append(flag)
        beyond = pval < 1 - NOMINAL_LEVEL
        nominal.append(np.where(beyond & (z > 0), "över", np.where(beyond & (z < 0), "under", "")))
    out["flag_re"] = np.where(flags[0] == flags[1], flags[0], "")
    out["beyond_re_95"] = np.where(nominal[0] == nominal[1], nominal[0], "")
    return pd.DataFrame(out), summary


def bh_critical_p(rejections: int, tests: int, fdr: float = 0.05) -> float:
    """The p-value at or below which Benjamini–Hochberg rejected, given how many it rejected.

    With R rejections among m tests it is R · fdr / m: every p-value at or below it was
    rejected and none above. With none it is fdr / m, which no p-value reached. A limit drawn
    at this level therefore separates exactly the flagged regions from the others.
    """
    return max(rejections, 1) * fdr / tests


def random_effects_limit(mu: float, tau2: float, n, z: float) -> np.ndarray:
    """Per n, the proportion at which a region reaches ``z`` in :func:`random_effects_flags`.

    Solves logit y − μ = z · sqrt(1 / (n y (1 − y)) + τ²) for y, nearest the target. The
    variance uses the region's own proportion, as the flags do, so the limit has no closed
    form; it is the first crossing on a grid from the target outwards, refined by Brent's
    method. ``z`` > 0 gives the upper, ``z`` < 0 the lower limit; NaN where no proportion in
    (0.001, 0.999), the flags' clipping, reaches it.
    """
    from scipy.optimize import brentq

    edge = np.log(999) if z > 0 else -np.log(999)
    grid = np.linspace(mu, edge, 400)  # logit scale, from the target outwards

    def gap(x, size):
        y = 1 / (1 + np.exp(-x))
        return abs(x - mu) - abs(z) * np.sqrt(1 / (size * y * (1 - y)) + tau2)

    out = []
    for size in np.atleast_1d(np.asarray(n, float)):
        values = gap(grid, size)
        cross = np.flatnonzero(values > 0)
        if len(cross) == 0 or cross[0] == 0:
            out.append(np.nan)
            continue
        k = cross[0]
        x = brentq(gap, grid[k - 1], grid[k], args=(size,), xtol=1e-12)
        out.append(1 / (1 + np.exp(-x)))
    return np.array(out)


def random_effects_curves(summary: dict, grid, levels: dict[str, float] | None = None) -> pd.DataFrame:
    """The drawn limits of the flags in :func:`random_effects_flags`, over a grid of n.

    Level ``"flagga"`` is the limit at which a region is flagged: its z reaches the
    Benjamini–Hochberg critical p-value (:func:`bh_critical_p`) under both τ² estimators, so
    the curve is the outer of the two estimators' limits and a region lies beyond it exactly
    when it is flagged (the flag also needs both estimators to agree in direction, which
    beyond the outer limit they do). ``levels`` (default: 95 %) adds unadjusted limits, the
    same envelope at a fixed two-sided coverage. NaN where either estimator's limit lies
    beyond the possible proportions. Columns as :func:`funnel_curves`, method ``"re"``.
    """
    grid = np.asarray(grid, float)
    levels = {"95": NOMINAL_LEVEL} if levels is None else levels
    rows = []
    wanted = {"flagga": {lab: z_for(1 - summary[f"p_crit_{lab}"]) for lab in TAU2_METHODS}}
    wanted |= {label: dict.fromkeys(TAU2_METHODS, z_for(level)) for label, level in levels.items()}
    for label, zs in wanted.items():
        lows, highs = [], []
        for lab, z in zs.items():
            theta = summary[f"theta_re_{lab}"]
            mu, tau2 = np.log(theta / (1 - theta)), summary[f"tau2_logit_{lab}"]
            lows.append(random_effects_limit(mu, tau2, grid, -z))
            highs.append(random_effects_limit(mu, tau2, grid, z))
        rows.append(
            pd.DataFrame(
                {
                    "n": grid,
                    "method": "re",
                    "level": label,
                    "lower": np.minimum(*lows),
                    "upper": np.maximum(*highs),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def binomial_se_logit(value_pct, n) -> np.ndarray:
    """Binomial standard error of a percentage on the logit scale: 1 / sqrt(n p (1 - p))."""
    p = np.clip(np.asarray(value_pct, float) / 100, 0.001, 0.999)
    return 1 / np.sqrt(np.asarray(n, float) * p * (1 - p))


def funnel_panels(tidy: pd.DataFrame, *, min_regions: int) -> list[dict]:
    """Percentage indicators with published numerator and denominator, by region and year (sex T).

    Annual indicators (ids without a period suffix) are used as they are. Half-year series
    (``/h1``, ``/h2``) are pooled exactly into annual values (``/helar``, see
    ``analysis.sources.vis.pool_half_years``) unless the table already holds them; single
    months are not used. Years with fewer than ``min_regions`` regions are dropped. Returns
    one dict per indicator: ``indicator``, ``years`` and ``data`` (``region_code, year, value,
    numerator, denominator``).
    """
    from analysis.sources.vis import pool_half_years

    t = tidy[(tidy["sex"] == "T") & (tidy["unit"] == "procent") & (tidy["region_code"] != "00")]
    if not t["indicator"].str.endswith("/helar").any():
        pooled = pool_half_years(t)
        t = pd.concat([t, pooled[pooled["region_code"] != "00"]], ignore_index=True)
    base = t["indicator"].str.split("/").str[0]
    annual = t["indicator"] == base
    keep = (
        (annual | t["indicator"].str.endswith("/helar")) & t["numerator"].notna() & t["denominator"].notna()
    )
    t = t[keep & (t["denominator"] > 0)]
    out = []
    for ind, g in t.groupby("indicator", sort=True):
        counts = g.groupby("year")["region_code"].nunique()
        years = sorted(int(y) for y in counts[counts >= min_regions].index)
        if not years:
            continue
        data = g[g["year"].isin(years)][["region_code", "year", "value", "numerator", "denominator"]]
        out.append(
            {
                "indicator": ind,
                "years": years,
                "data": data.sort_values(["region_code", "year"]).reset_index(drop=True),
            }
        )
    return out
