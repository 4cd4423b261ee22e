"""Trend models for chapter 14: Kolada, Vården i siffror and the report's panel series.

Writes the coefficient table, the fitted values and the verdict table (one row per
indicator and specification). All modelling is in ``analysis.trends``.
"""

import logging
from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.registry import load_registry
from analysis.trends import (
    SeriesInfo,
    TrendConfig,
    collect,
    last_year_before_break,
    panel_points,
    panel_sizes,
    registry_info,
    run_panel_series,
    run_regional_series,
    verdict_row,
)

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("trends_models")
config = TrendConfig.from_config(sm.params.models)

registry = load_registry(sm.input.registry)

results, verdicts = [], []

# Kolada: national, pooled regional and region-by-region models.
kolada = pd.read_parquet(sm.input.kolada)
kolada_ids = [i for ids in sm.params.kolada.values() for i in ids]
infos = registry_info(registry, kolada_ids, "Kolada")
breaks = dict(zip(registry["id"], registry["breaks"], strict=True))
for family, ids in sm.params.kolada.items():
    for ind in ids:
        rows = kolada[(kolada["indicator"] == ind) & (kolada["sex"] == "T")]
        if rows.empty:
            log.warning("%s: no rows in the Kolada table", ind)
            continue
        info = infos[ind]
        if not info.family:
            info = SeriesInfo(ind, info.name_sv, family, info.direction, info.source, info.note)
        last, note = last_year_before_break(breaks.get(ind, ""), rows["year"])
        for r in run_regional_series(rows, info, config, last_year=last, extra_note=note):
            results.append(r)
            verdicts.append(
                verdict_row(
                    r,
                    info.direction,
                    name_sv=info.name_sv,
                    family=info.family,
                    source="Kolada",
                    series_note=info.note,
                )
            )
        log.info("%s: modelled (%s)", ind, note or "whole series")

# Vården i siffror: regional panels before the reform (no national rows in the 2019 export).
vis_path = Path(sm.input.vis)
vis = pd.read_parquet(vis_path)
for ind, spec in sm.params.vis.items():
    rows = vis[vis["indicator"] == ind]
    if rows.empty:
        log.warning("%s: not in the VIS table", ind)
        continue
    info = SeriesInfo(ind, spec["name_sv"], spec["family"], spec["direction"], "Vården i siffror")
    for r in run_regional_series(
        rows, info, config, counts=bool(spec["counts"]), national=False, per_region=False
    ):
        results.append(r)
        verdicts.append(
            verdict_row(r, info.direction, name_sv=info.name_sv, family=info.family, source=info.source)
        )

# The report's panel series with n from 001 Fig 28.
report = pd.read_parquet(sm.input.report)
figures = pd.read_csv(sm.input.figures, dtype=str, keep_default_na=False)
points = panel_points(report, figures, panel_sizes(report), config.confidence)
for r, meta in run_panel_series(points, config, exclude_waves=sm.params.pandemic_waves):
    results.append(r)
    verdicts.append(
        verdict_row(
            r, meta["direction"], name_sv=meta["name_sv"], family=meta["family"], source=meta["source"]
        )
    )

estimates, fitted = collect(results)
estimates.to_parquet(sm.output.estimates, index=False)
fitted.to_parquet(sm.output.fitted, index=False)
pd.DataFrame(verdicts).to_parquet(sm.output.verdicts, index=False)
log.info("%d models, %d verdict rows", len(results), len(verdicts))
