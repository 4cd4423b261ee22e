"""The trend model's settings, its result object and the single verdict rule.

A :class:`TrendResult` holds one fitted model (coefficients, covariance, fitted values, the
post-reform slope); :func:`verdict` turns the slope's interval into a word and
:func:`verdict_row` into one row of the verdict table. The model itself is described in
:mod:`analysis.trends.models`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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

    def _distribution(self):
        """The Wald statistics' reference distribution: t with the residual df, else normal."""
        from scipy import stats  # here: reading the verdict words must not load scipy.stats

        return stats.t(self.df_resid) if self.use_t and self.df_resid > 0 else stats.norm()

    def _quantile(self) -> float:
        return float(self._distribution().ppf(1 - (1 - self.confidence) / 2))

    def contrast(self, weights: Mapping[str, float]) -> dict:
        """Estimate, SE, CI and p-value of a linear combination of coefficients (logit scale)."""
        vec = pd.Series(0.0, index=self.params.index)
        for term, w in weights.items():
            vec[term] = w
        est = float(vec @ self.params)
        se = float(np.sqrt(vec @ self.cov @ vec))
        q = self._quantile()
        z = est / se if se > 0 else np.nan
        p = float(2 * self._distribution().sf(abs(z)))
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
        p = 2 * self._distribution().sf(np.abs(z))
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


SLOPE_BASIS_TEXT = {
    "post_reform": "trend + förändring efter reformstart",
    "post_only_data": "bara data från reformstart: årslutningen",
    "whole_period": "för få mätpunkter: genomsnittlig lutning över hela perioden",
    "no_post_data": "inga data efter reformstart",
    "no_slope": "bara ett år",
}


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


def pp_scale(level_pct: float) -> float:
    """Logit difference -> percentage points at ``level_pct`` (``100 p (1 - p)``, the derivative)."""
    p = level_pct / 100
    return 100 * p * (1 - p)


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
    scale = pp_scale(100 * level)
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


#: The keys :func:`slope_change` adds to a slope dict (kept in the variants table).
CHANGE_KEYS = ("pre_estimate", "change_estimate", "change_low", "change_high", "change_p")


def slope_change(change: dict, before: dict) -> dict:
    """The keys a slope dict carries for the break at the reform: the pre-reform slope and the
    change in slope (``year_post``) with its interval and p-value, from two contrasts.

    A post-reform slope in the good direction says the series improved after the reform; the
    change says whether it improved faster than it already did before (same scale as the slope).
    """
    return {
        "pre_estimate": before["estimate"],
        "change_estimate": change["estimate"],
        "change_low": change["ci_low"],
        "change_high": change["ci_high"],
        "change_p": change["p_value"],
    }
