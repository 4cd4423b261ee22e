"""Trend models for access, continuity and trust, and chapter 14's report points.

The package is split by job:

* :mod:`~analysis.trends.result`: settings (:class:`TrendConfig`), the result object
  (:class:`TrendResult`) and the single verdict rule (:func:`verdict`, :func:`verdict_row`);
* :mod:`~analysis.trends.models`: the logit-scale GLMs with a reform slope change
  (:func:`fit_binomial_trend`, :func:`fit_survey_trend`; the model is described there);
* :mod:`~analysis.trends.design`: the series prepared for a model and its design matrix, with
  the terms the data cannot identify dropped and the reasons noted;
* :mod:`~analysis.trends.contrasts`: year effects and contrasts, gaps between two series,
  Wilson intervals, target arithmetic;
* :mod:`~analysis.trends.runners`: batch runners for the workflow (one series at all levels,
  the report's panel series, stacking results);
* :mod:`~analysis.trends.report_points`: chapter 14's transcriptions as points with n and
  intervals, the fast-läkare instruments, the figure-status table;
* :mod:`~analysis.trends.assembly`: the whole model run of ``rule trends_models`` as one
  function returning :class:`~analysis.trends.assembly.TrendResults` (imported from there,
  not here, because it builds on :mod:`analysis.robust`, which builds on this package);
* :mod:`~analysis.trends.chapter`: the tables and numbers chapter 14 shows, shaped from
  the results (no phrasing; that is :mod:`analysis.presentation.trends`);
* :mod:`~analysis.trends.system`: chapter 15's system series and the report's register
  figures reproduced from Kolada (phrasing in :mod:`analysis.presentation.system`).

Pure functions on DataFrames; no file paths. The public names of the first five modules are
re-exported here, so ``from analysis.trends import fit_survey_trend`` keeps working.
"""

from analysis.trends.contrasts import (
    compare_years,
    fit_year_effects,
    gap_by_year,
    proportion_interval,
    ratio_target_gap,
)
from analysis.trends.models import fit_binomial_trend, fit_survey_trend
from analysis.trends.report_points import (
    GROUP_INSTRUMENTS,
    WHOLE_SAMPLE_POPULATIONS,
    add_target_gap,
    figure_status,
    gp_target_gap,
    instrument_points,
    panel_points,
    panel_sizes,
)
from analysis.trends.result import (
    DECREASED,
    IMPROVED,
    INCREASED,
    LACK_OF_FIT_ALPHA,
    MIN_DF_FOR_DISPERSION,
    NO_CHANGE,
    NOT_ASSESSABLE,
    SLOPE_BASIS_TEXT,
    TREND_TERMS,
    VARIANCE_LABELS,
    WORSENED,
    TrendConfig,
    TrendResult,
    verdict,
    verdict_row,
)
from analysis.trends.runners import (
    SeriesInfo,
    collect,
    last_year_before_break,
    registry_info,
    run_panel_series,
    run_regional_series,
)

__all__ = [
    "DECREASED",
    "GROUP_INSTRUMENTS",
    "IMPROVED",
    "INCREASED",
    "LACK_OF_FIT_ALPHA",
    "MIN_DF_FOR_DISPERSION",
    "NOT_ASSESSABLE",
    "NO_CHANGE",
    "SLOPE_BASIS_TEXT",
    "TREND_TERMS",
    "VARIANCE_LABELS",
    "WHOLE_SAMPLE_POPULATIONS",
    "WORSENED",
    "SeriesInfo",
    "TrendConfig",
    "TrendResult",
    "add_target_gap",
    "collect",
    "compare_years",
    "figure_status",
    "fit_binomial_trend",
    "fit_survey_trend",
    "fit_year_effects",
    "gap_by_year",
    "gp_target_gap",
    "instrument_points",
    "last_year_before_break",
    "panel_points",
    "panel_sizes",
    "proportion_interval",
    "ratio_target_gap",
    "registry_info",
    "run_panel_series",
    "run_regional_series",
    "verdict",
    "verdict_row",
]
