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

Pure functions on DataFrames; no file paths. Import from the modules themselves
(``from analysis.trends.models import fit_survey_trend``): this ``__init__`` re-exports
nothing, so reading the verdict words (:mod:`~analysis.trends.result`) does not load
statsmodels and scipy.stats (about a second in every chapter kernel), and each rule's code
inputs (:mod:`analysis.codedeps`) name exactly the modules it runs.
"""
