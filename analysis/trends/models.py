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

**Short series, gaps and extremes.** Terms are added in the order above and dropped when they
are not identifiable (no pandemic-year data, no post-reform data, collinear with earlier
terms). ``year_post`` also needs at least two years with data on each side of the knot (else
the slope change rests on extrapolating a single point to the knot). ``pandemic`` is dropped
when it would leave no residual degree of freedom (a shift fitted exactly by its own points
cannot be told from the trend). A quasi model also drops ``year_post`` until one residual
degree of freedom is left for the dispersion. Each dropped term is listed with the reason.
Missing years are simply absent (the fitted grid still covers them); rows without a value are dropped and
counted. The GLM handles 0 % and 100 % observations directly (no continuity correction is
needed), but a region whose values are *all* 0 % or *all* 100 % has no finite fixed effect and
is left out with a note, as is any requested region without data.

**Regional panels.** A pooled model with region fixed effects gives per-region fitted curves,
but it treats region-year deviations as independent; years shared by all regions (beyond the
pandemic) make its common-slope interval too narrow. Verdicts therefore use the national
series and, per region, one model per region (:func:`run_regional_series`).

Entry points: :func:`fit_binomial_trend` and :func:`fit_survey_trend`. The result object and
the verdict rule are in :mod:`analysis.trends.result`; year effects and contrasts in
:mod:`analysis.trends.contrasts`. Pure functions on DataFrames; no file paths.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from analysis.trends.result import (
    LACK_OF_FIT_ALPHA,
    MIN_DF_FOR_DISPERSION,
    TREND_TERMS,
    TrendConfig,
    TrendResult,
)

# ---------------------------------------------------------------------------------------------
# Data preparation


def _prepare(
    df: pd.DataFrame,
    *,
    proportion: pd.Series,
    n: pd.Series | None,
    regions: Sequence[str] | None,
    by_sex: bool,
    notes: list[str],
) -> pd.DataFrame:
    """Normalise a tidy slice to ``region_code, sex, year, p, n`` and log what was removed."""
    data = pd.DataFrame(
        {
            "region_code": df["region_code"].astype(str) if "region_code" in df else "00",
            "sex": df["sex"].astype(str) if "sex" in df else "T",
            "year": pd.to_numeric(df["year"], errors="coerce"),
            "p": pd.to_numeric(proportion, errors="coerce"),
            "n": pd.to_numeric(n, errors="coerce") if n is not None else np.nan,
        },
        index=df.index,
    )
    bad = data["p"].isna() | data["year"].isna()
    if bad.any():
        notes.append(f"{int(bad.sum())} rows without a value or year dropped")
    data = data[~bad]
    if n is not None:
        no_n = data["n"].isna() | (data["n"] <= 0)
        if no_n.any():
            notes.append(f"{int(no_n.sum())} rows without a positive n dropped")
        data = data[~no_n]
    out_of_range = (data["p"] < 0) | (data["p"] > 1)
    if out_of_range.any():
        raise ValueError(f"proportions outside [0, 1]: {data.loc[out_of_range, 'p'].tolist()[:5]}")
    data["year"] = data["year"].astype(int)
    sexes = set(data["sex"])
    if by_sex and {"K", "M"} <= sexes:
        data = data[data["sex"].isin(["K", "M"])]
    elif "T" in sexes:
        if len(sexes) > 1:
            notes.append("totals used (no complete split by sex)")
        data = data[data["sex"] == "T"]
    elif len(sexes) > 1:
        raise ValueError(f"data hold sexes {sorted(sexes)} but no total and by_sex is False")
    if regions is not None:
        missing = sorted(set(regions) - set(data["region_code"]))
        if missing:
            notes.append("no data for region(s) " + ", ".join(missing))
    extreme = []
    for code, g in data.groupby("region_code"):
        if data["region_code"].nunique() > 1 and ((g["p"] == 0).all() or (g["p"] == 1).all()):
            extreme.append(code)
    if extreme:
        notes.append(
            "region(s) with only 0 % or only 100 % values left out (no finite fixed effect): "
            + ", ".join(extreme)
        )
        data = data[~data["region_code"].isin(extreme)]
    if data.duplicated(["region_code", "sex", "year"]).any():
        raise ValueError("more than one value per region, sex and year")
    return data.sort_values(["region_code", "sex", "year"]).reset_index(drop=True)


def _design(
    data: pd.DataFrame,
    config: TrendConfig,
    *,
    region_fe: bool,
    year_effects: bool = False,
    reference: dict | None = None,
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Build the design matrix, adding terms in order and dropping non-identifiable ones."""
    cols: dict[str, np.ndarray] = {}
    dropped: list[tuple[str, str]] = []
    regions = sorted(data["region_code"].unique()) if reference is None else reference["regions"]
    cols["const"] = np.ones(len(data))
    if region_fe and len(regions) > 1:
        for code in regions[1:]:
            cols[f"region[{code}]"] = (data["region_code"] == code).to_numpy(float)
    sexes = sorted(data["sex"].unique()) if reference is None else reference["sexes"]
    if len(sexes) > 1:
        for s in sexes[1:]:
            cols[f"sex[{s}]"] = (data["sex"] == s).to_numpy(float)
    t = (data["year"] - config.knot).to_numpy(float)
    if year_effects:
        years = sorted(data["year"].unique()) if reference is None else reference["years"]
        for y in years[1:]:
            cols[f"year[{y}]"] = (data["year"] == y).to_numpy(float)
        return pd.DataFrame(cols, index=data.index), dropped
    optional = {
        "year": t,
        "pandemic": data["year"].isin(config.pandemic_years).to_numpy(float),
        "year_post": np.maximum(0.0, t),
    }
    if reference is not None:
        for term in reference["terms"]:
            if term in optional:
                cols[term] = optional[term]
        return pd.DataFrame(cols, index=data.index), dropped
    fixed = dict(cols)
    kept, dropped = _select_terms(fixed, optional, data, config, skip=())
    if "pandemic" in kept and len(data) - len(fixed) - len(kept) < 1:
        # A pandemic shift fitted exactly by its own points cannot be told from the trend
        # (the trend would be extrapolated from the remaining points): leave it out.
        kept, dropped = _select_terms(fixed, optional, data, config, skip=("pandemic",))
        dropped.append(
            ("pandemic", "för få mätpunkter: en pandeminivå skulle inte lämna någon frihetsgrad kvar")
        )
    for term in optional:
        if term in kept:
            cols[term] = optional[term]
    return pd.DataFrame(cols, index=data.index), dropped


def _select_terms(
    fixed: dict[str, np.ndarray],
    optional: dict[str, np.ndarray],
    data: pd.DataFrame,
    config: TrendConfig,
    skip: tuple[str, ...],
) -> tuple[list[str], list[tuple[str, str]]]:
    """Add the optional terms in order, keeping each one only if it raises the design's rank."""
    base = np.column_stack(list(fixed.values()))
    rank = np.linalg.matrix_rank(base)
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for term, column in optional.items():
        if term in skip:
            continue
        if term == "year_post" and not _both_sides(data, config):
            dropped.append(
                (
                    term,
                    _drop_reason(term, column, data, config)
                    if not column.any() or data["year"].min() >= config.knot
                    else "färre än två år med data före eller efter reformstarten:"
                    " lutningsändringen skulle vila på extrapolering",
                )
            )
            continue
        trial = np.column_stack([base, column])
        new_rank = np.linalg.matrix_rank(trial)
        if new_rank > rank:
            kept.append(term)
            base, rank = trial, new_rank
        else:
            dropped.append((term, _drop_reason(term, column, data, config)))
    return kept, dropped


def _both_sides(data: pd.DataFrame, config: TrendConfig) -> bool:
    """At least two years with data up to the knot and at least two from the reform start on."""
    years = pd.Series(data["year"].unique())
    return bool((years <= config.knot).sum() >= 2 and (years >= config.reform_start).sum() >= 2)


def _drop_reason(term: str, column: np.ndarray, data: pd.DataFrame, config: TrendConfig) -> str:
    years = sorted(data["year"].unique())
    if term == "year":
        return "bara ett år med data"
    if term == "pandemic":
        if not column.any():
            return f"inga data från pandemiåren {', '.join(map(str, config.pandemic_years))}"
        if column.all():
            return "alla data är från pandemiår"
        return "kan inte skattas med dessa år (sammanfaller med övriga termer)"
    if term == "year_post":
        if not column.any():
            return f"inga data efter reformstarten ({config.reform_start})"
        if min(years) >= config.knot:
            return f"alla data från {config.knot} och framåt: lutningen efter reformen är årslutningen själv"
        return "för få år för att skilja lutningen före och efter reformen"
    return "kan inte skattas"


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
    model = sm.GLM(
        data["p"].to_numpy(float),
        exog,
        family=sm.families.Binomial(),
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


def _make_result(
    indicator, spec, data, exog, res, variance, dispersion, use_t, *, region_fe, config, notes, dropped=None
) -> TrendResult:
    """Collect a fitted GLM and its data description into a :class:`TrendResult`."""
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
    data = _prepare(df, proportion=proportion, n=n, regions=regions, by_sex=by_sex, notes=notes)
    if data.empty:
        raise ValueError(f"{indicator}: no usable rows")
    if region_fe is None:
        region_fe = data["region_code"].nunique() > 1
    elif not region_fe and data["region_code"].nunique() > 1:
        raise ValueError(f"{indicator}: several regions but region_fe=False; pass one region's rows")
    exog, dropped = _design(data, config, region_fe=region_fe)
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
    res, variance, dispersion, use_t = _fit_glm(
        data, exog, known_n=known_n, overdispersion=overdispersion, notes=notes
    )
    result = _make_result(
        indicator,
        spec,
        data,
        exog,
        res,
        variance,
        dispersion,
        use_t,
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
        return {**result.contrast({"year": 1.0, "year_post": 1.0}), "basis": "post_reform"}
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
    exog, _ = _design(grid, config, region_fe=region_fe, reference=reference)
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
