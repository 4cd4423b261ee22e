"""Fitting the trend models: logit-scale GLMs with a reform slope change.

Every series the compendium models is a share (percent) per year, nationally or per region,
sometimes per sex. The entry points fit one model per series and return a
:class:`TrendResult` holding a coefficient table, fitted values with intervals on the percent
scale, and the post-reform slope that :func:`verdict` turns into a word.

Model (one per indicator, on the logit scale)::

    logit(p[r, s, t]) = a[r] + d[s] + b * year + g * pandemic[t] + c * year_post

* ``year = t - (reform_start - 1)``: calendar year centred on the knot, so the intercept is
  the level in the year before the reform (2018 with the default ``reform_start = 2019``).
* ``pandemic[t] = 1`` for ``t`` in ``models.pandemic_years`` (default 2020-2021): a level
  shift in those years only, so the pandemic neither bends the trend nor hides in it.
* ``year_post = max(0, t - (reform_start - 1))``: a continuous broken-stick trend with its knot
  in the year before the reform. The slope is ``b`` up to the knot and ``b + c`` from the first
  reform year on; there is no level jump at the reform (with so few post-reform years a jump
  would be confounded with the pandemic shift).
* ``a[r]``: region fixed effects (treatment coding, first region in sort order as reference)
  when a regional panel is modelled; a single intercept otherwise.
* ``d[s]``: a sex effect when the data are split by sex (women and men; the total is then
  not used, as it is made of the same respondents).

**Post-reform slope** = ``b + c`` (logit units per year). When ``year_post`` cannot be
estimated, the slope is ``b`` and :attr:`TrendResult.slope_basis` says why: all data after
the reform start (``b`` *is* the post-reform slope), or too few points to separate the periods
(``b`` is the average slope over the whole span, e.g. two survey waves 2014 and 2024).

**Variance.** ``fit_binomial_trend`` (numerator/denominator known) and ``fit_survey_trend``
with ``n`` use binomial variance ``p(1-p)/n`` (GLM binomial, ``var_weights = n``, normal
intervals). With ``overdispersion="auto"`` (the default) the Pearson dispersion
``phi = chi2 / df_resid`` is applied instead (quasi-binomial with known n, t intervals) when
``phi > 1`` and either at least :data:`MIN_DF_FOR_DISPERSION` residual df exist or the Pearson
goodness-of-fit test rejects the binomial model at :data:`LACK_OF_FIT_ALPHA`: weighting, panel
house effects and clustering make real variation larger than binomial, and the data say so.
A saturated model (no residual df) cannot be checked and keeps the binomial variance.
Without ``n`` the model is quasi-binomial on the proportions (variance ``phi * p(1-p)``) with
t intervals. Every result names its approach in :attr:`TrendResult.variance`.

**Short series, gaps and extremes** are handled where the data are prepared and the design
matrix is built (:mod:`analysis.trends.design`): terms that the data cannot identify are
dropped, each with its reason.

**Regional panels.** A pooled model with region fixed effects gives per-region fitted curves,
but it treats region-year deviations as independent; years shared by all regions (beyond the
pandemic) make its common-slope interval too narrow. Verdicts therefore use the national
series and, per region, one model per region (:func:`run_regional_series`).

Entry points: :func:`fit_binomial_trend` and :func:`fit_survey_trend`. The data preparation and
the design matrix are in :mod:`analysis.trends.design`; the result object and
the verdict rule are in :mod:`analysis.trends.result`; year effects and contrasts in
:mod:`analysis.trends.contrasts`. Pure functions on DataFrames; no file paths.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from analysis.trends.design import design_matrix, prepare_data
from analysis.trends.result import (
    LACK_OF_FIT_ALPHA,
    MIN_DF_FOR_DISPERSION,
    TREND_TERMS,
    TrendConfig,
    TrendResult,
    slope_change,
)

# ---------------------------------------------------------------------------------------------
# Fitting


def _fit_glm(
    data: pd.DataFrame,
    exog: pd.DataFrame,
    *,
    known_n: bool,
    overdispersion: str,
    notes: list[str],
):
    """Fit the binomial GLM; return (result, variance code, dispersion, use_t)."""
    model = GLM(
        data["p"].to_numpy(float),
        exog,
        family=families.Binomial(),
        var_weights=data["n"].to_numpy(float) if known_n else None,
    )
    if not known_n and exog.shape[0] - exog.shape[1] < 1:
        raise ValueError("quasi-binomial model needs at least one residual degree of freedom")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        warnings.simplefilter("always", PerfectSeparationWarning)
        res = model.fit(scale=1.0 if known_n else "X2", use_t=not known_n)
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        notes.append("GLM did not converge")
    mu = np.asarray(res.fittedvalues, float)
    if np.any((mu < 1e-8) | (mu > 1 - 1e-8)):
        notes.append("fitted shares at 0 % or 100 %: some coefficients are not finite (separation)")
    df_resid = float(res.df_resid)
    pearson = float(res.pearson_chi2 / df_resid) if df_resid > 0 else np.nan
    if not known_n:
        return res, "quasi_binomial", float(res.scale), True
    if overdispersion not in ("auto", "binomial", "pearson"):
        raise ValueError("overdispersion must be 'auto', 'binomial' or 'pearson'")
    lack_of_fit = df_resid >= 1 and float(stats.chi2.sf(res.pearson_chi2, df_resid)) < LACK_OF_FIT_ALPHA
    if overdispersion == "pearson" or (
        overdispersion == "auto" and pearson > 1 and (df_resid >= MIN_DF_FOR_DISPERSION or lack_of_fit)
    ):
        if df_resid < 1:
            raise ValueError("a Pearson dispersion needs at least one residual degree of freedom")
        res = model.fit(scale="X2", use_t=True)
        return res, "binomial_n_pearson", float(res.scale), True
    if df_resid == 0:
        notes.append("no residual df: intervals reflect sampling variance from n only")
    elif overdispersion == "auto" and df_resid < MIN_DF_FOR_DISPERSION:
        notes.append(
            f"only {df_resid:.0f} residual df and no significant lack of fit: dispersion not estimated,"
            " intervals reflect sampling variance from n only"
        )
    return res, "binomial_n", pearson, False


def _fit_result(
    indicator, spec, data, exog, *, known_n, overdispersion, region_fe, config, notes, dropped=None
) -> TrendResult:
    """Fit the binomial GLM (:func:`_fit_glm`) and collect it with its data into a :class:`TrendResult`."""
    res, variance, dispersion, use_t = _fit_glm(
        data, exog, known_n=known_n, overdispersion=overdispersion, notes=notes
    )
    return TrendResult(
        indicator=indicator,
        spec=spec,
        formula=_formula(exog),
        variance=variance,
        assumptions=_assumptions(
            variance, region_fe=region_fe, by_sex=data["sex"].nunique() > 1, config=config
        ),
        n_obs=len(data),
        years=sorted(int(y) for y in data["year"].unique()),
        regions=sorted(data["region_code"].unique()),
        sexes=sorted(data["sex"].unique()),
        df_resid=float(res.df_resid),
        dispersion=dispersion,
        use_t=use_t,
        params=pd.Series(res.params, index=exog.columns),
        cov=pd.DataFrame(res.cov_params(), index=exog.columns, columns=exog.columns),
        dropped=dropped if dropped is not None else [],
        notes=notes,
        confidence=config.confidence,
        config=config,
    )


def _assumptions(variance: str, *, region_fe: bool, by_sex: bool, config: TrendConfig) -> str:
    """Plain-language (Swedish) assumptions shown next to each model."""
    parts = [
        f"Logitlinjär trend med knäpunkt {config.knot} (lutningen får ändras från {config.reform_start})",
        "pandemiåren " + ", ".join(map(str, config.pandemic_years)) + " får en egen nivå",
        "år utan data ingår inte i skattningen",
    ]
    if region_fe:
        parts.append("regionernas nivåer skiljer sig (fixa effekter) men trenden är gemensam")
    if by_sex:
        parts.append("kvinnor och män skiljer sig i nivå, inte i trend")
    if variance == "quasi_binomial":
        parts.append(
            "antal svarande okänt: variansen proportionell mot p(1−p), skalan skattad ur residualerna"
        )
    elif variance == "binomial_n_pearson":
        parts.append("oberoende svar, binomial varians från n uppskalad med skattad överspridning")
    else:
        parts.append(
            "oberoende svar och enkelt slumpurval: binomial varians från n (underskattar osäkerheten om panel- eller designeffekter finns)"
        )
    return "; ".join(parts)


def _formula(exog: pd.DataFrame) -> str:
    terms = []
    if any(c.startswith("region[") for c in exog.columns):
        terms.append("region")
    if any(c.startswith("sex[") for c in exog.columns):
        terms.append("kön")
    if any(c.startswith("year[") for c in exog.columns):
        terms.append("år (kategoriskt)")
    terms += [c for c in exog.columns if c in TREND_TERMS]
    return "logit(andel) ~ " + " + ".join(["1", *terms])


def _fit_trend(
    df: pd.DataFrame,
    *,
    proportion: pd.Series,
    n: pd.Series | None,
    indicator: str,
    spec: str,
    config: TrendConfig,
    region_fe: bool | None,
    by_sex: bool,
    regions: Sequence[str] | None,
    overdispersion: str,
    with_fitted: bool = True,
) -> TrendResult:
    notes: list[str] = []
    data = prepare_data(df, proportion=proportion, n=n, regions=regions, by_sex=by_sex, notes=notes)
    if data.empty:
        raise ValueError(f"{indicator}: no usable rows")
    if region_fe is None:
        region_fe = data["region_code"].nunique() > 1
    elif not region_fe and data["region_code"].nunique() > 1:
        raise ValueError(f"{indicator}: several regions but region_fe=False; pass one region's rows")
    exog, dropped = design_matrix(data, config, region_fe=region_fe)
    known_n = n is not None
    if not known_n:
        # the dispersion needs residual degrees of freedom: give up terms in a fixed order
        for term in ("pandemic", "year_post"):
            if len(data) - exog.shape[1] >= 1:
                break
            if term in exog:
                exog = exog.drop(columns=term)
                dropped.append((term, "för få mätpunkter för att skatta dispersionen"))
    if len(data) - exog.shape[1] < 0:
        raise ValueError(f"{indicator}: more parameters than observations")
    result = _fit_result(
        indicator,
        spec,
        data,
        exog,
        known_n=known_n,
        overdispersion=overdispersion,
        region_fe=region_fe,
        config=config,
        notes=notes,
        dropped=dropped,
    )
    if result.df_resid == 0:
        result.notes.append("saturated model (as many parameters as observations): no check of fit")
    result.slope = _post_reform_slope(result, config)
    if with_fitted:
        result.fitted = _fitted(result, data, config)
    return result


def fit_binomial_trend(
    df: pd.DataFrame,
    *,
    indicator: str = "",
    spec: str = "",
    config: TrendConfig | None = None,
    successes: str = "numerator",
    region_fe: bool | None = None,
    by_sex: bool = True,
    regions: Sequence[str] | None = None,
    overdispersion: str = "auto",
    with_fitted: bool = True,
) -> TrendResult:
    """Trend of a share with known numerator and denominator (e.g. Vården i siffror rows).

    Binomial GLM with logit link, ``endog = successes / denominator`` and
    ``var_weights = denominator`` (the same estimates and standard errors as a
    (successes, failures) endog). ``successes="numerator"`` uses the published count;
    ``successes="value"`` uses ``value/100 * denominator``, i.e. the published (possibly
    weighted) share on the unweighted base, for surveys whose value is weighted and differs
    from numerator/denominator. ``overdispersion`` is ``"auto"`` (see the module docstring),
    ``"binomial"`` (scale 1 always) or ``"pearson"`` (always estimated). ``with_fitted=False``
    skips the fitted-value grid (for simulations). See the module docstring for terms and
    edge cases.
    """
    config = config or TrendConfig()
    denom = pd.to_numeric(df["denominator"], errors="coerce")
    if successes == "numerator":
        prop = pd.to_numeric(df["numerator"], errors="coerce") / denom
    elif successes == "value":
        prop = pd.to_numeric(df["value"], errors="coerce") / 100
    else:
        raise ValueError("successes must be 'numerator' or 'value'")
    return _fit_trend(
        df,
        proportion=prop,
        n=denom,
        indicator=indicator,
        spec=spec,
        config=config,
        region_fe=region_fe,
        by_sex=by_sex,
        regions=regions,
        overdispersion=overdispersion,
        with_fitted=with_fitted,
    )


def fit_survey_trend(
    df: pd.DataFrame,
    n: float | Mapping[int, float] | pd.Series | str | None = None,
    *,
    indicator: str = "",
    spec: str = "",
    config: TrendConfig | None = None,
    region_fe: bool | None = None,
    by_sex: bool = True,
    regions: Sequence[str] | None = None,
    overdispersion: str = "auto",
    with_fitted: bool = True,
) -> TrendResult:
    """Trend of survey percentages (``value``) without published denominators.

    ``n`` gives the number of respondents when it is known: a number, a mapping year -> n,
    a Series aligned with ``df`` or the name of a column. Then the variance is binomial
    from n (GLM binomial, ``var_weights = n``; see ``overdispersion`` in
    :func:`fit_binomial_trend`). With ``n=None`` the model is quasi-binomial on the
    proportions with the dispersion estimated from the data (Pearson) and t intervals.
    Regional panels get region fixed effects (``region_fe=None`` decides from the data).
    """
    config = config or TrendConfig()
    prop = pd.to_numeric(df["value"], errors="coerce") / 100
    n_series: pd.Series | None
    if n is None:
        n_series = None
    elif isinstance(n, str):
        n_series = pd.to_numeric(df[n], errors="coerce")
    elif isinstance(n, pd.Series):
        n_series = pd.to_numeric(n, errors="coerce").reindex(df.index)
    elif isinstance(n, Mapping):
        n_series = df["year"].map({int(k): float(v) for k, v in n.items()}).astype(float)
    else:
        n_series = pd.Series(float(n), index=df.index)
    return _fit_trend(
        df,
        proportion=prop,
        n=n_series,
        indicator=indicator,
        spec=spec,
        config=config,
        region_fe=region_fe,
        by_sex=by_sex,
        regions=regions,
        overdispersion=overdispersion,
        with_fitted=with_fitted,
    )


# ---------------------------------------------------------------------------------------------
# Derived quantities


def _post_reform_slope(result: TrendResult, config: TrendConfig) -> dict:
    terms = set(result.params.index)
    years = result.years
    if "year" not in terms:
        return {
            "basis": "no_slope",
            "estimate": np.nan,
            "std_error": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "p_value": np.nan,
        }
    if max(years) < config.reform_start:
        out = result.contrast({"year": 1.0})
        return {**out, "basis": "no_post_data", "estimate_pre": out["estimate"]}
    if "year_post" in terms:
        return {
            **result.contrast({"year": 1.0, "year_post": 1.0}),
            "basis": "post_reform",
            **slope_change(result.contrast({"year_post": 1.0}), result.contrast({"year": 1.0})),
        }
    if min(years) >= config.knot:
        return {**result.contrast({"year": 1.0}), "basis": "post_only_data"}
    return {**result.contrast({"year": 1.0}), "basis": "whole_period"}


def _fitted(result: TrendResult, data: pd.DataFrame, config: TrendConfig) -> pd.DataFrame:
    """Fitted percentages with intervals for every year of the span, per region and sex."""
    years = range(min(result.years), max(result.years) + 1)
    region_fe = any(c.startswith("region[") for c in result.params.index)
    regions = result.regions
    grid = pd.DataFrame(
        [(r, s, y) for r in regions for s in result.sexes for y in years],
        columns=["region_code", "sex", "year"],
    )
    reference = {
        "regions": result.regions,
        "sexes": result.sexes,
        "terms": [t for t in result.params.index if t in TREND_TERMS],
    }
    exog, _ = design_matrix(grid, config, region_fe=region_fe, reference=reference)
    exog = exog.reindex(columns=result.params.index, fill_value=0.0)
    no_pandemic = exog.copy()
    if "pandemic" in no_pandemic:
        no_pandemic["pandemic"] = 0.0
    q = result._quantile()
    cov = result.cov.to_numpy()
    out = grid.copy()
    for prefix, X in (("fit", exog), ("trend", no_pandemic)):
        eta = X.to_numpy() @ result.params.to_numpy()
        se = np.sqrt(np.einsum("ij,jk,ik->i", X.to_numpy(), cov, X.to_numpy()))
        out[prefix] = 100 * _expit(eta)
        out[f"{prefix}_low"] = 100 * _expit(eta - q * se)
        out[f"{prefix}_high"] = 100 * _expit(eta + q * se)
    obs = data.assign(observed=100 * data["p"])[["region_code", "sex", "year", "observed", "n"]]
    out = out.merge(obs, on=["region_code", "sex", "year"], how="left")
    out.insert(0, "spec", result.spec)
    out.insert(0, "indicator", result.indicator)
    out["in_data"] = out["observed"].notna()
    return out


def _expit(x):
    return 1 / (1 + np.exp(-np.asarray(x, float)))
