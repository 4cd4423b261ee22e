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
re-exported here, so ``from analysis.trends import fit_survey_trend`` keeps working. They are
loaded on first use (PEP 562), so that reading the verdict words does not import statsmodels
and scipy.stats (about a second in every chapter kernel).
"""

from importlib import import_module

#: Where each re-exported name lives.
_HOME = {
    **dict.fromkeys(
        ["compare_years", "fit_year_effects", "gap_by_year", "proportion_interval", "ratio_target_gap"],
        "contrasts",
    ),
    **dict.fromkeys(["fit_binomial_trend", "fit_survey_trend"], "models"),
    **dict.fromkeys(
        [
            "GROUP_INSTRUMENTS",
            "WHOLE_SAMPLE_POPULATIONS",
            "add_target_gap",
            "figure_status",
            "gp_target_gap",
            "instrument_points",
            "panel_points",
            "panel_sizes",
        ],
        "report_points",
    ),
    **dict.fromkeys(
        [
            "DECREASED",
            "IMPROVED",
            "INCREASED",
            "LACK_OF_FIT_ALPHA",
            "MIN_DF_FOR_DISPERSION",
            "NO_CHANGE",
            "NOT_ASSESSABLE",
            "SLOPE_BASIS_TEXT",
            "TREND_TERMS",
            "VARIANCE_LABELS",
            "WORSENED",
            "TrendConfig",
            "TrendResult",
            "verdict",
            "verdict_row",
        ],
        "result",
    ),
    **dict.fromkeys(
        [
            "SeriesInfo",
            "collect",
            "last_year_before_break",
            "registry_info",
            "run_panel_series",
            "run_regional_series",
        ],
        "runners",
    ),
}


def __getattr__(name: str):
    if name in _HOME:
        return getattr(import_module(f"analysis.trends.{_HOME[name]}"), name)
    raise AttributeError(f"module 'analysis.trends' has no attribute {name!r}")


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
