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

The functions live in submodules by job (``scales``, ``decomposition``, ``convergence``,
``report``, ``profiles``) and are re-exported here, so ``from analysis.variance import decompose``
keeps working.
"""

from analysis.variance.convergence import (
    convergence,
    dispersion_by_year,
    ols_slope,
    pearson_ci,
    rank_stability,
    sigma_verdicts,
    spearman_ci,
    trend_slope_hac,
)
from analysis.variance.decomposition import (
    CrossedREML,
    _fit_mixed,
    compare_methods,
    decompose,
    decompose_mixed,
    decompose_two_way,
    respondents_proxy,
    sampling_split,
)
from analysis.variance.profiles import region_profiles
from analysis.variance.report import association, report_region_tests, report_region_values
from analysis.variance.scales import (
    LOGIT_EPS,
    SCALES,
    comparable_years,
    panel,
    scale_for_unit,
    select_panels,
    transform,
    usable_on_scale,
)

__all__ = [
    "LOGIT_EPS",
    "SCALES",
    "CrossedREML",
    "_fit_mixed",
    "association",
    "compare_methods",
    "comparable_years",
    "convergence",
    "decompose",
    "decompose_mixed",
    "decompose_two_way",
    "dispersion_by_year",
    "ols_slope",
    "panel",
    "pearson_ci",
    "rank_stability",
    "region_profiles",
    "report_region_tests",
    "report_region_values",
    "respondents_proxy",
    "sampling_split",
    "scale_for_unit",
    "select_panels",
    "sigma_verdicts",
    "spearman_ci",
    "transform",
    "trend_slope_hac",
    "usable_on_scale",
]
