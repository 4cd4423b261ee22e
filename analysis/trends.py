"""Trend models for access, continuity and trust: logit-scale GLMs with a reform slope change.

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

Entry points: :func:`fit_binomial_trend`, :func:`fit_survey_trend` (trend models),
:func:`verdict` (the single verdict rule) and :func:`verdict_row`, :func:`fit_year_effects` with
:func:`compare_years` (pandemic bump, return to the pre-pandemic level), :func:`gap_by_year`,
:func:`proportion_interval`, :func:`ratio_target_gap`; batch helpers for the workflow
(:func:`run_regional_series`, :func:`panel_points`, :func:`run_panel_series`,
:func:`instrument_points`, :func:`figure_status`). Pure functions on DataFrames; no file
paths. Results are written by ``workflow/scripts/trends_*.py``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from analysis.presentation.references import report_ref

#: Residual degrees of freedom from which a Pearson dispersion > 1 is always applied to known-n data.
MIN_DF_FOR_DISPERSION = 5

#: With fewer residual df, the dispersion is applied only when the Pearson goodness-of-fit test
#: rejects the binomial model at this level (the data themselves show extra variation).
LACK_OF_FIT_ALPHA = 0.05

#: The verdict words (Swedish, as shown in the chapter).
IMPROVED = "förbättrad"
WORSENED = "försämrad"
NO_CHANGE = "ingen säker förändring"
NOT_ASSESSABLE = "kan inte bedömas"
INCREASED = "ökning"
DECREASED = "minskning"

#: Variance approach codes used in the output tables.
VARIANCE_LABELS = {
    "binomial_n": "binomial varians från känt n (skala 1)",
    "binomial_n_pearson": "binomial varians från känt n, uppskalad med skattad Pearson-dispersion",
    "quasi_binomial": "kvasibinomial: n okänt, dispersion skattad ur data (Pearson)",
}

TREND_TERMS = ("year", "pandemic", "year_post")


@dataclass(frozen=True)
class TrendConfig:
    """Model settings, read from ``config["models"]``."""

    pandemic_years: tuple[int, ...] = (2020, 2021)
    reform_start: int = 2019
    confidence: float = 0.95

    @classmethod
    def from_config(cls, models: Mapping | None) -> TrendConfig:
        """Build from the ``models`` section of the workflow configuration."""
        models = models or {}
        return cls(
            pandemic_years=tuple(int(y) for y in models.get("pandemic_years", (2020, 2021))),
            reform_start=int(models.get("reform_start", 2019)),
            confidence=float(models.get("confidence", 0.95)),
        )

    @property
    def knot(self) -> int:
        """The year before the reform: ``year`` is centred here and the slope may change after it."""
        return self.reform_start - 1


@dataclass
class TrendResult:
    """One fitted trend model: coefficients, fitted values, post-reform slope and provenance."""

    indicator: str
    spec: str
    formula: str
    variance: str
    assumptions: str
    n_obs: int
    years: list[int]
    regions: list[str]
    sexes: list[str]
    df_resid: float
    dispersion: float
    use_t: bool
    params: pd.Series
    cov: pd.DataFrame
    dropped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fitted: pd.DataFrame = field(default_factory=pd.DataFrame)
    slope: dict = field(default_factory=dict)
    confidence: float = 0.95
    config: TrendConfig = field(default_factory=TrendConfig)

    @property
    def dropped_text(self) -> str:
        """Dropped terms with reasons (Swedish, shown in the chapter), ``"; "``-separated."""
        return "; ".join(f"{t}: {r}" for t, r in self.dropped)

    @property
    def slope_basis(self) -> str:
        return self.slope.get("basis", "")

    def _quantile(self) -> float:
        alpha = 1 - self.confidence
        if self.use_t and self.df_resid > 0:
            return float(stats.t.ppf(1 - alpha / 2, self.df_resid))
        return float(stats.norm.ppf(1 - alpha / 2))

    def contrast(self, weights: Mapping[str, float]) -> dict:
        """Estimate, SE, CI and p-value of a linear combination of coefficients (logit scale)."""
        vec = pd.Series(0.0, index=self.params.index)
        for term, w in weights.items():
            vec[term] = w
        est = float(vec @ self.params)
        se = float(np.sqrt(vec @ self.cov @ vec))
        q = self._quantile()
        z = est / se if se > 0 else np.nan
        if self.use_t and self.df_resid > 0:
            p = float(2 * stats.t.sf(abs(z), self.df_resid))
        else:
            p = float(2 * stats.norm.sf(abs(z)))
        return {
            "estimate": est,
            "std_error": se,
            "ci_low": est - q * se,
            "ci_high": est + q * se,
            "p_value": p,
        }

    def estimates(self) -> pd.DataFrame:
        """The coefficient table: one row per term, with the model's description repeated."""
        q = self._quantile()
        se = np.sqrt(np.diag(self.cov.to_numpy()))
        z = self.params.to_numpy() / np.where(se > 0, se, np.nan)
        if self.use_t and self.df_resid > 0:
            p = 2 * stats.t.sf(np.abs(z), self.df_resid)
        else:
            p = 2 * stats.norm.sf(np.abs(z))
        terms = list(self.params.index)
        out = pd.DataFrame(
            {
                "indicator": self.indicator,
                "spec": self.spec,
                "term": terms,
                "term_type": [_term_type(t) for t in terms],
                "estimate": self.params.to_numpy(),
                "std_error": se,
                "ci_low": self.params.to_numpy() - q * se,
                "ci_high": self.params.to_numpy() + q * se,
                "p_value": p,
            }
        )
        return out.assign(**self.meta())

    def meta(self) -> dict:
        """Model-level description shared by every row of the output tables."""
        return {
            "formula": self.formula,
            "n_obs": self.n_obs,
            "first_year": min(self.years) if self.years else np.nan,
            "last_year": max(self.years) if self.years else np.nan,
            "n_regions": len(self.regions),
            "variance": self.variance,
            "variance_text": VARIANCE_LABELS.get(self.variance, self.variance),
            "dispersion": self.dispersion,
            "df_resid": self.df_resid,
            "assumptions": self.assumptions,
            "dropped_terms": self.dropped_text,
            "notes": "; ".join(self.notes),
            "confidence": self.confidence,
            "pandemic_years": ", ".join(map(str, self.config.pandemic_years)),
            "reform_start": self.config.reform_start,
        }


def _term_type(term: str) -> str:
    if term in TREND_TERMS:
        return "trend"
    if term.startswith("year[") or term.startswith("item"):
        return "year_effect"
    return "fixed_effect"


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


SLOPE_BASIS_TEXT = {
    "post_reform": "trend + förändring efter reformstart",
    "post_only_data": "bara data från reformstart: årslutningen",
    "whole_period": "för få mätpunkter: genomsnittlig lutning över hela perioden",
    "no_post_data": "inga data efter reformstart",
    "no_slope": "bara ett år",
}


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


def verdict(result: TrendResult, direction: str) -> str:
    """The compendium's single verdict rule on the post-reform slope.

    The post-reform slope is ``year + year_post`` on the logit scale (see the module
    docstring; ``year`` alone when the data allow no separate post-reform term). With its
    two-sided confidence interval (``models.confidence``, default 95 %):

    * **förbättrad** if the interval lies entirely on the good side of zero (above zero for
      ``higher_better``, below for ``lower_better``);
    * **försämrad** if it lies entirely on the bad side;
    * **ingen säker förändring** otherwise;
    * **kan inte bedömas** when there is no slope or no data after the reform start.

    For ``direction="neutral"`` the words are **ökning** / **minskning** /
    **ingen säker förändring**.
    """
    s = result.slope
    if not s or s.get("basis") in ("no_slope", "no_post_data") or not np.isfinite(s.get("ci_low", np.nan)):
        return NOT_ASSESSABLE
    lo, hi = s["ci_low"], s["ci_high"]
    if direction == "higher_better":
        return IMPROVED if lo > 0 else WORSENED if hi < 0 else NO_CHANGE
    if direction == "lower_better":
        return IMPROVED if hi < 0 else WORSENED if lo > 0 else NO_CHANGE
    if direction == "neutral":
        return INCREASED if lo > 0 else DECREASED if hi < 0 else NO_CHANGE
    raise ValueError(f"direction must be higher_better, lower_better or neutral, got {direction!r}")


def verdict_row(result: TrendResult, direction: str, **extra) -> dict:
    """One row of the verdict table: slope, its interval, basis and the verdict.

    ``slope_pp*`` translate the logit slope into percentage points per year at the last
    fitted level (``100 * p (1 - p) * slope``), for reading only; the verdict uses the logit
    interval.
    """
    s = result.slope
    level = np.nan
    if len(result.fitted):
        last = result.fitted[result.fitted["year"] == result.fitted["year"].max()]
        level = float(last["fit"].mean()) / 100
    # percentage points per year at the last fitted level: d p / d t = p (1 - p) * slope
    scale = 100 * level * (1 - level)
    return {
        "indicator": result.indicator,
        "spec": result.spec,
        "direction": direction,
        "slope": s.get("estimate", np.nan),
        "slope_se": s.get("std_error", np.nan),
        "slope_low": s.get("ci_low", np.nan),
        "slope_high": s.get("ci_high", np.nan),
        "slope_p": s.get("p_value", np.nan),
        "slope_basis": s.get("basis", ""),
        "last_fitted": 100 * level,
        "slope_pp": s.get("estimate", np.nan) * scale,
        "slope_pp_low": s.get("ci_low", np.nan) * scale,
        "slope_pp_high": s.get("ci_high", np.nan) * scale,
        "slope_basis_text": SLOPE_BASIS_TEXT.get(s.get("basis", ""), ""),
        "verdict": verdict(result, direction),
        **result.meta(),
        **extra,
    }


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
    config = config or TrendConfig()
    notes: list[str] = []
    n_series = pd.to_numeric(df[n], errors="coerce") if isinstance(n, str) else n
    data = _prepare(
        df,
        proportion=pd.to_numeric(df["value"], errors="coerce") / 100,
        n=n_series,
        regions=None,
        by_sex=by_sex,
        notes=notes,
    )
    exog, _ = _design(data, config, region_fe=True, year_effects=True)
    res, variance, dispersion, use_t = _fit_glm(
        data, exog, known_n=n is not None, overdispersion="auto", notes=notes
    )
    result = _make_result(
        indicator,
        "year_effects",
        data,
        exog,
        res,
        variance,
        dispersion,
        use_t,
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
        X, _ = _design(grid, config, region_fe=region_fe, year_effects=True, reference=reference)
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


# ---------------------------------------------------------------------------------------------
# Batch runners used by the workflow (workflow/scripts/trends_*.py)


@dataclass(frozen=True)
class SeriesInfo:
    """What the verdict table needs to know about a modelled series."""

    indicator: str
    name_sv: str
    family: str
    direction: str
    source: str
    note: str = ""


def registry_info(registry: pd.DataFrame | None, ids: Iterable[str], source: str) -> dict[str, SeriesInfo]:
    """Names, families and directions from the indicator registry; a clear fallback without it.

    Without a registry row the name is the id, the direction ``higher_better`` and the note
    says so (the chapter shows the note).
    """
    rows = {} if registry is None else registry.set_index("id").to_dict("index")
    out = {}
    for i in ids:
        r = rows.get(i)
        if r is None:
            out[i] = SeriesInfo(
                i, i, "", "higher_better", source, "saknas i indikatorregistret: riktning antagen"
            )
        else:
            out[i] = SeriesInfo(i, r["name_sv"], r["family"], r["direction"], r.get("source", source))
    return out


def last_year_before_break(breaks_text: str, years: Iterable[int]) -> tuple[int | None, str]:
    """Last year to model given registry breaks (``"2024: metodbyte"``): the year before the latest break.

    Returns ``(None, "")`` when no break falls inside the data's years.
    """
    years = sorted(set(int(y) for y in years))
    items = [
        (int(m.group(1)), m.group(2).strip()) for m in re.finditer(r"(\d{4}): ([^;]+)", breaks_text or "")
    ]
    inside = [(y, t) for y, t in items if years and years[0] < y <= years[-1]]
    if not inside:
        return None, ""
    year, text = max(inside)
    return year - 1, f"modelled up to {year - 1}: series break {year} ({text})"


def run_regional_series(
    df: pd.DataFrame,
    info: SeriesInfo,
    config: TrendConfig,
    *,
    counts: bool = False,
    national: bool = True,
    per_region: bool = True,
    last_year: int | None = None,
    extra_note: str = "",
) -> list[TrendResult]:
    """National (``"00"``), pooled regional (fixed effects) and region-by-region models of one series.

    ``counts=True`` uses :func:`fit_binomial_trend` (published denominators, value as the
    weighted share); otherwise :func:`fit_survey_trend` without n (quasi-binomial).
    """
    from analysis.regions import REGION_CODES

    if last_year is not None:
        df = df[df["year"] <= last_year]
    results: list[TrendResult] = []

    def fit(rows, spec, **kw):
        if counts:
            return fit_binomial_trend(
                rows, indicator=info.indicator, spec=spec, config=config, successes="value", **kw
            )
        return fit_survey_trend(rows, indicator=info.indicator, spec=spec, config=config, **kw)

    nat = df[df["region_code"] == "00"]
    reg = df[df["region_code"] != "00"]
    if national and len(nat):
        results.append(fit(nat, "riket", region_fe=False))
    if len(reg):
        pooled = fit(reg, "regioner_fe", region_fe=True, regions=REGION_CODES)
        pooled.notes.append(
            "pooled regional model: region-year deviations treated as independent; shared year"
            " shocks beyond the pandemic are not modelled, so the common slope's interval is too narrow"
        )
        results.append(pooled)
        if per_region:
            for code, rows in reg.groupby("region_code"):
                try:
                    results.append(fit(rows, f"region:{code}", region_fe=False))
                except ValueError as err:  # e.g. too few years for this region
                    results.append(_failed(info.indicator, f"region:{code}", str(err), config))
    for r in results:
        if extra_note:
            r.notes.insert(0, extra_note)
    return results


def _failed(indicator: str, spec: str, reason: str, config: TrendConfig) -> TrendResult:
    """A placeholder result for a series that could not be modelled (keeps the reason)."""
    return TrendResult(
        indicator=indicator,
        spec=spec,
        formula="",
        variance="",
        assumptions="",
        n_obs=0,
        years=[],
        regions=[],
        sexes=[],
        df_resid=np.nan,
        dispersion=np.nan,
        use_t=False,
        params=pd.Series(dtype=float),
        cov=pd.DataFrame(),
        notes=[f"not modelled: {reason}"],
        slope={"basis": "no_slope"},
        confidence=config.confidence,
        config=config,
    )


def panel_sizes(report: pd.DataFrame, element: str = "Fig 28") -> pd.DataFrame:
    """Sample sizes per survey instrument and year from the report's data-source figure (001 Fig 28).

    Instruments: ``webbpanel`` (VoO patient web panels), ``befolkningspanel`` (VoO population
    panel), ``IHP 65+`` and ``HSB``; read from the transcribed group labels.
    """
    rows = report[(report["report"] == "001") & (report["element"] == element) & report["year"].notna()]
    out = []
    for r in rows.itertuples(index=False):
        group = str(r.group).lower()
        if r.series == "survey_patients":
            instrument = "befolkningspanel" if "befolkningspanel" in group else "webbpanel"
        elif r.series == "survey_respondents" and group.startswith("ihp"):
            instrument = "IHP 65+"
        elif r.series == "survey_respondents" and "barometern" in group:
            instrument = "HSB"
        else:
            continue
        out.append({"instrument": instrument, "year": int(r.year), "n": float(r.value)})
    return pd.DataFrame(out, columns=["instrument", "year", "n"])


#: Populations for which the whole survey's n is the base of the share (else: a subgroup, n unknown).
WHOLE_SAMPLE_POPULATIONS = ("patienter", "befolkning", "befolkning 65+", "patienter och övriga")

#: ``group`` labels of 001 Fig 41 -> instrument.
GROUP_INSTRUMENTS = {"webbpanel": "webbpanel", "befolkningspanel": "befolkningspanel"}


def panel_points(
    report: pd.DataFrame, figures: pd.DataFrame, sizes: pd.DataFrame, confidence: float = 0.95
) -> pd.DataFrame:
    """The report's survey points for the chapter's figures, with n and a Wilson interval.

    ``figures`` is the chapter's mapping (``data-raw/figure_status_kap14.csv``): figure,
    series, instrument, population, family, direction, label. ``n`` is the instrument's sample
    size for that year (001 Fig 28) when the share is of the whole sample; for subgroups and
    undated or approximate values no interval is given. Intervals assume simple random
    sampling and ignore "vet inte" exclusions, weighting and panel effects (indicative only).
    """
    fmap = figures[figures["series"].fillna("") != ""]
    keys = fmap.set_index(["figure", "series"])
    rows = report[(report["report"] == "001") & report["element"].isin(fmap["figure"])]
    size = {(r.instrument, int(r.year)): r.n for r in sizes.itertuples(index=False)}
    out = []
    for r in rows.itertuples(index=False):
        if (r.element, r.series) not in keys.index or r.unit != "procent":
            continue
        m = keys.loc[(r.element, r.series)]
        instrument = m["instrument"] if isinstance(m["instrument"], str) and m["instrument"] else ""
        if not instrument and r.group_type == "survey":
            instrument = GROUP_INSTRUMENTS.get(str(r.group).lower(), "")
        year = int(r.year) if pd.notna(r.year) else None
        whole = m["population"] in WHOLE_SAMPLE_POPULATIONS
        n = r.n if pd.notna(r.n) else (size.get((instrument, year), np.nan) if whole and year else np.nan)
        out.append(
            {
                "figure": r.element,
                "series": r.series,
                "label_sv": m["label_sv"],
                "family": m["family"],
                "direction": m["direction"],
                "instrument": instrument,
                "population": m["population"],
                "group_type": r.group_type,
                "group": r.group,
                "year": year,
                "value": float(r.value),
                "status": r.status,
                "n": n,
                "page": int(r.page) if pd.notna(r.page) else None,
                "line": int(r.line) if pd.notna(r.line) else None,
                "note": r.note,
            }
        )
    pts = pd.DataFrame(out)
    if pts.empty:
        return pts
    usable = pts["status"] != "approximate"
    lo, hi = proportion_interval(pts["value"].where(usable), pts["n"], confidence)
    pts["ci_low"], pts["ci_high"] = lo, hi
    return pts.sort_values(["figure", "series", "group", "year"]).reset_index(drop=True)


def run_panel_series(
    points: pd.DataFrame, config: TrendConfig, *, exclude_waves: Sequence[int] = ()
) -> list[tuple[TrendResult, dict]]:
    """Trend models for the report's panel series with known n (two or more dated, exact points).

    Main spec ``"panel"``: all waves, terms as in the module docstring. Sensitivity
    ``"panel_utan_pandemivagor"``: the waves in ``exclude_waves`` left out (the report judges the
    2020 and 2022 waves pandemic-affected). Returns (result, series metadata) pairs.
    """
    ok = points[
        points["status"].isin(["printed", "derived", "corrected"])
        & points["n"].notna()
        & points["year"].notna()
        & (points["group_type"] == "total")
    ]
    out = []
    for (figure, series), g in ok.groupby(["figure", "series"]):
        if g["year"].nunique() < 2:
            continue
        meta = {
            "figure": figure,
            "name_sv": g["label_sv"].iloc[0],
            "family": g["family"].iloc[0],
            "direction": g["direction"].iloc[0],
            "source": f"{report_ref('001', figure)} ({g['instrument'].iloc[0]})",
        }
        rows = g.assign(region_code="00", sex="T", year=g["year"].astype(int))
        specs = [("panel", rows)]
        if set(exclude_waves) & set(rows["year"]):
            specs.append(("panel_utan_pandemivagor", rows[~rows["year"].isin(list(exclude_waves))]))
        for spec, data in specs:
            if data.empty:
                continue
            result = fit_survey_trend(
                data, n="n", indicator=series, spec=spec, config=config, region_fe=False
            )
            if spec != "panel":
                result.notes.insert(0, "waves left out: " + ", ".join(map(str, exclude_waves)))
            out.append((result, meta))
    return out


def collect(results: Iterable[TrendResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stack the coefficient tables and the fitted values of many results."""
    results = [r for r in results if len(r.params)]
    est = pd.concat([r.estimates() for r in results], ignore_index=True) if results else pd.DataFrame()
    fit = (
        pd.concat([r.fitted for r in results if len(r.fitted)], ignore_index=True)
        if results
        else pd.DataFrame()
    )
    return est, fit


def instrument_points(
    report: pd.DataFrame, sources: Sequence[Mapping], sizes: pd.DataFrame, confidence: float = 0.95
) -> pd.DataFrame:
    """Shares with a fast läkare (or similar) from different instruments, for one comparison.

    ``sources`` items: ``report``, ``element``, ``series``, ``instrument`` (label; empty =
    take it from the row's group), ``n_instrument`` (key into ``sizes`` or empty) and
    ``kind`` (e.g. ``"enkät"``, ``"regionernas uppgifter"``, ``"mål"``). Wilson intervals
    where n is known.
    """
    size = {(r.instrument, int(r.year)): r.n for r in sizes.itertuples(index=False)}
    out = []
    for src in sources:
        rows = report[
            (report["report"] == src["report"])
            & (report["element"] == src["element"])
            & (report["series"] == src["series"])
        ]
        for r in rows.itertuples(index=False):
            label = src.get("instrument") or str(r.group)
            n_key = src.get("n_instrument") or GROUP_INSTRUMENTS.get(str(r.group).lower(), "")
            year = int(r.year) if pd.notna(r.year) else None
            n = r.n if pd.notna(r.n) and src.get("kind") == "enkät" else size.get((n_key, year), np.nan)
            out.append(
                {
                    "report": r.report,
                    "element": r.element,
                    "series": r.series,
                    "instrument": label,
                    "kind": src.get("kind", ""),
                    "group_type": r.group_type,
                    "group": r.group,
                    "region_code": r.region_code,
                    "year": year,
                    "value": float(r.value),
                    "status": r.status,
                    "n": n,
                    "page": int(r.page) if pd.notna(r.page) else None,
                    "line": int(r.line) if pd.notna(r.line) else None,
                }
            )
    pts = pd.DataFrame(out)
    if pts.empty:
        return pts
    lo, hi = proportion_interval(pts["value"].where(pts["status"] != "approximate"), pts["n"], confidence)
    pts["ci_low"], pts["ci_high"] = lo, hi
    return pts


def gp_target_gap(
    report: pd.DataFrame,
    *,
    ratio_series: str = "inhabitants_per_gp_specialist",
    target_series: str = "riktvarde_patients_per_gp",
    reported_series: str = "gp_specialists_increase_needed",
    report_id: str = "001",
) -> pd.DataFrame:
    """Gap arithmetic for inhabitants per GP specialist against the riktvärde (001-P01).

    Uses the first and last dated values of ``ratio_series`` and the undated target; adds the
    report's own stated increase for comparison. Empty frame when the values are missing.
    """
    rows = report[report["report"] == report_id]
    ratio = rows[(rows["series"] == ratio_series) & rows["year"].notna()].sort_values("year")
    target = rows.loc[rows["series"] == target_series, "value"]
    if len(ratio) < 2 or target.empty:
        return pd.DataFrame()
    first, last = ratio.iloc[0], ratio.iloc[-1]
    out = ratio_target_gap(
        float(first["value"]),
        float(last["value"]),
        int(first["year"]),
        int(last["year"]),
        float(target.iloc[0]),
    )
    reported = rows.loc[rows["series"] == reported_series, "value"]
    out["reported_increase_pct"] = float(reported.iloc[0]) if len(reported) else np.nan
    out["element"] = str(first["element"])
    out["page"] = int(first["page"]) if pd.notna(first["page"]) else None
    return pd.DataFrame([out])


def add_target_gap(points: pd.DataFrame, target: float) -> pd.DataFrame:
    """Add the distance to a target share (percentage points), with the interval shifted alike."""
    out = points.copy()
    out["target"] = target
    out["gap_to_target"] = out["value"] - target
    out["gap_low"] = out["ci_low"] - target
    out["gap_high"] = out["ci_high"] - target
    return out


def figure_status(figures: pd.DataFrame, report: pd.DataFrame, report_id: str = "001") -> pd.DataFrame:
    """One row per report figure: the committed status and the transcribed values behind it.

    ``values`` counts the transcribed rows of the figure (``approximate`` counted separately);
    ``page`` is the first printed page where the figure's values are transcribed.
    """
    rows = report[report["report"] == report_id]
    out = []
    for figure, g in figures.groupby("figure", sort=False):
        vals = rows[rows["element"] == figure]
        first = g.iloc[0]
        out.append(
            {
                "figure": figure,
                "number": int(str(figure).split()[-1]),
                "title_sv": first["label_sv"] if len(g) == 1 else "; ".join(g["label_sv"]),
                "section": first["section"],
                "family": first["family"],
                "status": first["status"],
                "replacement": "; ".join(x for x in g["replacement"].unique() if x),
                "note_sv": " ".join(x for x in g["note_sv"].unique() if x),
                "values": int((vals["status"] != "approximate").sum()),
                "values_approximate": int((vals["status"] == "approximate").sum()),
                "years": ", ".join(str(int(y)) for y in sorted(vals["year"].dropna().unique())),
                "page": int(vals["page"].min()) if vals["page"].notna().any() else None,
            }
        )
    return pd.DataFrame(out).sort_values("number").reset_index(drop=True)
