"""Effects first, words second: robust verdicts from a pre-declared sensitivity set.

A verdict word ("förbättrad") is a claim. This module makes it one a reviewer would sign:

1. **The effect comes first**, in percentage points with its interval: the mean of the last
   ``k`` waves minus the mean before the reform (:func:`level_effect`; a two-sample t interval
   on the *national yearly values*, so year-to-year wave error — mode, season, vendor and
   population-wide shocks — is in it), and the post-reform slope of the trend model.
2. **A hierarchical model** of the region × year panel (:func:`fit_hierarchical`): logit
   values with fixed ``year``, ``pandemic`` and ``year_post`` terms (as in
   :mod:`analysis.trends`), random region intercepts, random region post-reform slopes and a
   crossed random effect per wave (statsmodels ``MixedLM`` with variance components, REML).
   Its national slope therefore carries wave error, and regional slopes are partially pooled.
   Intervals use t with ``waves − fixed terms`` degrees of freedom: the wave is the coarsest
   level of replication. Sampling error of each regional value is not modelled separately
   (Kolada publishes no respondent counts); it is part of the residual.
3. **The sensitivity set** is declared in the configuration (``sensitivity``) and the analysis
   sheet (``waves``): the main model; without the latest wave; a wider pandemic window; the
   knot one year earlier and later; without years whose values are all whole numbers
   (rounded publication); without the waves the sheet flags; and the hierarchical model. For
   the survey with proxied respondent counts the workflow adds a measurement variant: known
   binomial sampling variance plus estimated between-wave dispersion (``trends_models``).
4. **The rule** (:func:`robust_word`): "förbättrad"/"försämrad" only when the main model's
   interval excludes zero, the Benjamini–Hochberg adjusted p-value over the family of series
   is below the FDR, and every variant's interval excludes zero on the same side; "tecken på
   förbättring"/"tecken på försämring" when the main model is significant but some variant's
   interval includes zero while every point estimate keeps the direction; "ingen säker
   förändring" otherwise; "kan inte bedömas" without a post-reform slope.

Multiplicity: :func:`bh_adjust` wraps statsmodels' ``multipletests`` (method ``fdr_bh``).
Pure functions on DataFrames; the workflow writes the tables (``trends_models``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.trends.result import CHANGE_KEYS, TrendConfig, slope_change

#: The verdict words, defined once (the presentation layer adds symbols and colours).
IMPROVED = "förbättrad"
SIGN_IMPROVED = "tecken på förbättring"
WORSENED = "försämrad"
SIGN_WORSENED = "tecken på försämring"
INCREASED = "ökning"
SIGN_INCREASED = "tecken på ökning"
DECREASED = "minskning"
SIGN_DECREASED = "tecken på minskning"
NO_CHANGE = "ingen säker förändring"
NOT_ASSESSABLE = "kan inte bedömas"

#: The reasons :func:`robust_word` gives (read back by :func:`analysis.findings.verdict_reason`).
NO_SLOPE = "ingen lutning efter reformstarten i huvudmodellen"
MAIN_INCLUDES_ZERO = "huvudmodellens intervall omfattar noll"
NOT_AFTER_FDR = "inte säker efter korrektion för många jämförelser (Benjamini–Hochberg)"
HOLDS_EVERYWHERE = "riktningen håller i alla känslighetsanalyser"
DIRECTION_FLIPS = "riktningen vänder i någon känslighetsanalys"
FAILS_IN = "håller inte i: "

WORDS = {
    "higher_better": {1: (IMPROVED, SIGN_IMPROVED), -1: (WORSENED, SIGN_WORSENED)},
    "lower_better": {-1: (IMPROVED, SIGN_IMPROVED), 1: (WORSENED, SIGN_WORSENED)},
    "neutral": {1: (INCREASED, SIGN_INCREASED), -1: (DECREASED, SIGN_DECREASED)},
}


@dataclass(frozen=True)
class Variant:
    """One member of the sensitivity set: a name, a Swedish label and how it changes the fit."""

    name: str
    label_sv: str
    config: TrendConfig
    drop_years: tuple[int, ...] = ()
    hierarchical: bool = False


def rounded_years(values: pd.DataFrame) -> list[int]:
    """Years in which every value is a whole number: published rounded, so less precise."""
    v = values.dropna(subset=["value"])
    whole = v.groupby("year")["value"].apply(lambda s: bool(np.all(np.isclose(s, np.round(s)))))
    return sorted(int(y) for y, ok in whole.items() if ok and len(v[v["year"] == y]) > 1)


def sensitivity_set(
    config: TrendConfig,
    settings: Mapping,
    years: Sequence[int],
    *,
    flagged_waves: Sequence[int] = (),
    rounded: Sequence[int] = (),
) -> list[Variant]:
    """The declared variants for one series with data in ``years`` (variants that change nothing are left out)."""
    years = sorted(set(int(y) for y in years))
    shift = int(settings.get("knot_shift", 1))
    wide = tuple(int(y) for y in settings.get("pandemic_years_wide", config.pandemic_years))
    out = [Variant("huvudmodell", "Huvudmodell", config)]
    if len(years) > 3:
        out.append(Variant("utan_senaste", f"Utan senaste mätningen ({years[-1]})", config, (years[-1],)))
    if set(wide) != set(config.pandemic_years):
        label = f"Pandemiåren {wide[0]}–{wide[-1]}"
        out.append(Variant("pandemi_bred", label, replace(config, pandemic_years=wide)))
    for delta, word in ((-shift, "tidigare"), (shift, "senare")):
        start = config.reform_start + delta
        out.append(Variant(f"knut_{word}", f"Reformstart {start}", replace(config, reform_start=start)))
    drop = tuple(y for y in rounded if y in years)
    if drop:
        label = "Utan avrundade år (" + ", ".join(map(str, drop)) + ")"
        out.append(Variant("utan_avrundade", label, config, drop))
    flagged = tuple(y for y in flagged_waves if y in years)
    if flagged:
        label = "Utan särskilda mätningar (" + ", ".join(map(str, flagged)) + ")"
        out.append(Variant("utan_flaggade", label, config, flagged))
    out.append(Variant("hierarkisk", "Hierarkisk modell (regioner och mätår)", config, hierarchical=True))
    return out


def _design(df: pd.DataFrame, config: TrendConfig) -> pd.DataFrame:
    out = df.copy()
    out["t"] = out["year"].astype(int) - config.knot
    out["t_post"] = out["t"].clip(lower=0)
    out["pandemic"] = out["year"].isin(config.pandemic_years).astype(float)
    return out


def to_scale(values: pd.Series, scale: str) -> pd.Series:
    """Values on the analysis scale: ``logit`` for percentages (clipped to 0,1–99,9), ``log`` for rates."""
    v = values.astype(float)
    if scale == "logit":
        p = (v / 100).clip(0.001, 0.999)
        return np.log(p / (1 - p))
    if scale == "log":
        if (v <= 0).any():
            raise ValueError("log scale needs positive values")
        return np.log(v)
    raise ValueError(f"scale must be 'logit' or 'log', got {scale!r}")


def _terms(d: pd.DataFrame) -> tuple[list[str], bool]:
    terms = ["t"]
    if d["pandemic"].nunique() > 1:
        terms.append("pandemic")
    post_ok = (d.loc[d["t"] <= 0, "year"].nunique() >= 2) and (d.loc[d["t"] > 0, "year"].nunique() >= 2)
    if post_ok:
        terms.append("t_post")
    return terms, post_ok


def national_log_slope(national: pd.DataFrame, config: TrendConfig) -> dict:
    """Post-reform slope of a national rate on the log scale (OLS, t interval), the shape of ``TrendResult.slope``.

    For series that are not shares (rates per inhabitant, bed-days): the same terms as the
    logit models (trend, pandemic level, slope change after the knot), fitted to ``log(value)``
    so the slope reads as a relative change per year. The residual variance is the year-to-year
    variation, so wave error is in the interval.
    """
    # imported here: verdict words alone must load fast
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    d = _design(national.dropna(subset=["value"]), config)
    if d.empty or d["year"].max() < config.reform_start:
        return {"basis": "no_post_data"}
    terms, post_ok = _terms(d)
    if len(d) - (len(terms) + 1) < 1 and "pandemic" in terms:
        terms.remove("pandemic")
    if len(d) - (len(terms) + 1) < 1:
        return {"basis": "no_slope"}
    res = OLS(to_scale(d["value"], "log").to_numpy(), add_constant(d[terms].to_numpy(float))).fit()
    w = np.zeros(len(terms) + 1)
    w[1 + terms.index("t")] = 1.0
    if post_ok:
        w[1 + terms.index("t_post")] = 1.0
    out = {"basis": "post_reform" if post_ok else "whole_period", **_t_contrast(res, w, config)}
    if post_ok:
        change, before = np.zeros(len(w)), np.zeros(len(w))
        change[1 + terms.index("t_post")] = 1.0
        before[1 + terms.index("t")] = 1.0
        out |= slope_change(_t_contrast(res, change, config), _t_contrast(res, before, config))
    return out


def _t_contrast(res, weights: np.ndarray, config: TrendConfig) -> dict:
    """A linear combination of an OLS fit's coefficients with its t interval and p-value."""
    test = res.t_test(weights)
    low, high = np.asarray(test.conf_int(alpha=1 - config.confidence)).ravel()
    return {
        "estimate": float(np.asarray(test.effect).ravel()[0]),
        "std_error": float(np.asarray(test.sd).ravel()[0]),
        "ci_low": float(low),
        "ci_high": float(high),
        "p_value": float(np.asarray(test.pvalue).ravel()[0]),
    }


def fit_hierarchical(regional: pd.DataFrame, config: TrendConfig, scale: str = "logit") -> dict:
    """Post-reform slope (per year, on ``scale``) from the crossed hierarchical model of a regional panel.

    ``regional`` has ``region_code``, ``year`` and ``value`` (percent for ``logit``, a positive
    rate for ``log``). Returns the slope
    (``t + t_post``) with standard error, t interval, p-value, the variance components and
    their degrees of freedom; ``basis="no_slope"`` when the panel cannot support the model.
    """
    import statsmodels.formula.api as smf
    from scipy import stats

    d = regional.dropna(subset=["value"]).copy()
    d["y"] = to_scale(d["value"], scale)
    d = _design(d, config)
    years = sorted(d["year"].unique())
    terms, post_ok = _terms(d)
    df_resid = len(years) - (len(terms) + 1)
    if d["region_code"].nunique() < 3 or df_resid < 1:
        return {"basis": "no_slope"}
    vc = {"region": "0 + C(region_code)", "wave": "0 + C(year)"}
    if post_ok:
        vc["region_post"] = "0 + C(region_code):t_post"
    d["one"] = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = smf.mixedlm("y ~ " + " + ".join(terms), d, groups="one", re_formula="0", vc_formula=vc).fit(
            reml=True
        )
    fe = res.fe_params
    cov = res.cov_params().loc[fe.index, fe.index]
    w = pd.Series(0.0, index=fe.index)
    w["t"] = 1.0
    if post_ok:
        w["t_post"] = 1.0
    est = float(w @ fe)
    se = float(np.sqrt(w @ cov @ w))
    q = float(stats.t.ppf(0.5 + config.confidence / 2, df_resid))
    pval = float(2 * stats.t.sf(abs(est / se), df_resid)) if se > 0 else np.nan
    comps = dict(zip(res.model.exog_vc.names, np.atleast_1d(res.vcomp), strict=False))
    return {
        "basis": "post_reform" if post_ok else "whole_period",
        "estimate": est,
        "std_error": se,
        "ci_low": est - q * se,
        "ci_high": est + q * se,
        "p_value": pval,
        "df": df_resid,
        "var_wave": float(comps.get("wave", np.nan)),
        "var_region": float(comps.get("region", np.nan)),
        "var_region_post": float(comps.get("region_post", np.nan)),
        "var_residual": float(res.scale),
    }


def level_effect(national: pd.DataFrame, config: TrendConfig, last_n: int = 3) -> dict:
    """Mean of the last ``last_n`` waves minus the pre-reform mean, in percentage points.

    Two-sample t interval with pooled variance on the national yearly values (statsmodels
    ``CompareMeans``): the spread of the yearly values around their period means is the wave
    error, so the interval includes it. Pandemic years are left out of the latest window unless
    nothing else is left. Needs two waves on each side; else the effect is missing with a reason.
    """
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    v = national.dropna(subset=["value"]).groupby("year")["value"].mean()
    pre = v[v.index < config.reform_start]
    after = v[v.index >= config.reform_start]
    calm = after[~after.index.isin(config.pandemic_years)]
    last = (calm if len(calm) >= min(2, last_n) else after).sort_index().tail(last_n)
    out = {
        "effect_pre_years": f"{pre.index.min()}–{pre.index.max()}" if len(pre) else "",
        "effect_last_years": ", ".join(map(str, last.index)) if len(last) else "",
        "pre_mean": float(pre.mean()) if len(pre) else np.nan,
        "last_mean": float(last.mean()) if len(last) else np.nan,
    }
    if len(pre) < 2 or len(last) < 2:
        reason = "för få mätår före reformen" if len(pre) < 2 else "för få mätår efter reformen"
        return {**out, "effect": np.nan, "effect_low": np.nan, "effect_high": np.nan, "effect_note": reason}
    cm = CompareMeans(DescrStatsW(last.to_numpy()), DescrStatsW(pre.to_numpy()))
    low, high = cm.tconfint_diff(alpha=1 - config.confidence, usevar="pooled")
    return {
        **out,
        "effect": float(last.mean() - pre.mean()),
        "effect_low": float(low),
        "effect_high": float(high),
        "effect_note": "",
    }


def bh_adjust(pvalues: Sequence[float], fdr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg adjusted p-values and rejections (missing p-values stay missing)."""
    from statsmodels.stats.multitest import multipletests

    p = np.asarray(pvalues, dtype=float)
    adjusted = np.full_like(p, np.nan)
    reject = np.zeros(p.shape, dtype=bool)
    ok = np.isfinite(p)
    if ok.any():
        reject[ok], adjusted[ok], _, _ = multipletests(p[ok], alpha=fdr, method="fdr_bh")
    return adjusted, reject


def _side(low: float, high: float) -> int:
    if not (np.isfinite(low) and np.isfinite(high)):
        return 0
    return 1 if low > 0 else -1 if high < 0 else 0


def robust_word(
    variants: pd.DataFrame, direction: str, significant_after_fdr: bool = True
) -> tuple[str, str]:
    """The verdict word and its reason from one series' variant table.

    ``variants`` has ``variant``, ``estimate``, ``ci_low``, ``ci_high`` (slopes) with the main
    model in the row ``variant == "huvudmodell"``. See the module docstring for the rule.
    """
    if direction not in WORDS:
        raise ValueError(f"direction must be one of {', '.join(WORDS)}, got {direction!r}")
    main = variants[variants["variant"] == "huvudmodell"]
    if main.empty or not np.isfinite(main["ci_low"].iloc[0]):
        return NOT_ASSESSABLE, NO_SLOPE
    side = _side(main["ci_low"].iloc[0], main["ci_high"].iloc[0])
    if side == 0:
        return NO_CHANGE, MAIN_INCLUDES_ZERO
    strong, weak = WORDS[direction][side]
    if not significant_after_fdr:
        return NO_CHANGE, NOT_AFTER_FDR
    others = variants[variants["variant"] != "huvudmodell"].dropna(subset=["estimate"])
    failing = [
        r.label_sv if "label_sv" in others else r.variant
        for r in others.itertuples()
        if _side(r.ci_low, r.ci_high) != side
    ]
    if not failing:
        return strong, HOLDS_EVERYWHERE
    flipped = [r for r in others.itertuples() if np.sign(r.estimate) != side]
    if flipped:
        return NO_CHANGE, DIRECTION_FLIPS
    return weak, FAILS_IN + "; ".join(str(f) for f in failing)


def run_variants(
    national: pd.DataFrame,
    regional: pd.DataFrame,
    variants: Sequence[Variant],
    fit_national: Callable[[pd.DataFrame, TrendConfig], dict],
    scale: str = "logit",
) -> pd.DataFrame:
    """Fit every variant; national variants with ``fit_national(rows, config) -> slope dict``."""
    rows = []
    for v in variants:
        if v.hierarchical:
            slope = fit_hierarchical(regional, v.config, scale) if len(regional) else {"basis": "no_slope"}
        else:
            data = national[~national["year"].isin(v.drop_years)]
            try:
                slope = fit_national(data, v.config)
            except ValueError as err:
                slope = {"basis": "no_slope", "note": str(err)}
        if slope.get("basis") in ("no_slope", "no_post_data"):
            slope = {"basis": slope.get("basis", "no_slope")}
        rows.append(
            {
                "variant": v.name,
                "label_sv": v.label_sv,
                "estimate": slope.get("estimate", np.nan),
                "std_error": slope.get("std_error", np.nan),
                "ci_low": slope.get("ci_low", np.nan),
                "ci_high": slope.get("ci_high", np.nan),
                "p_value": slope.get("p_value", np.nan),
                "basis": slope.get("basis", ""),
                "var_wave": slope.get("var_wave", np.nan),
                **{k: slope.get(k, np.nan) for k in CHANGE_KEYS},
            }
        )
    return pd.DataFrame(rows)


def difference_in_differences(
    treated: pd.DataFrame, control: pd.DataFrame, config: TrendConfig, last_n: int = 3
) -> dict:
    """Change in (treated − control) from before the reform to the latest years, with its interval.

    For two series from the same survey, e.g. trust in primary care (the reform's target) and
    trust in hospitals (not targeted): the yearly national gap ``treated − control`` is put
    through :func:`level_effect`, so shocks common to both series cancel and the interval
    carries the remaining year-to-year error. The assumption (parallel trends): without the
    reform both would have moved alike.
    """
    a = treated.dropna(subset=["value"]).groupby("year")["value"].mean()
    b = control.dropna(subset=["value"]).groupby("year")["value"].mean()
    gap = (a - b).dropna()
    out = level_effect(pd.DataFrame({"year": gap.index, "value": gap.to_numpy()}), config, last_n)
    return {f"did_{k}" if k.startswith("effect") else k: v for k, v in out.items()} | {"n_years": len(gap)}
