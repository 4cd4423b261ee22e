"""Trend models for chapter 14 and the robust verdicts: Kolada, Vården i siffror, the report's panels.

Reads the inputs, runs :func:`analysis.trends.assembly.fit_all` and writes its tables: the
coefficient table, the fitted values, the per-model verdict table (Benjamini–Hochberg adjusted
per region), the sensitivity table and the robust table (one row per series). Which series are
modelled comes from the analysis sheet.
"""

import logging
import pickle
from pathlib import Path

import pandas as pd

from analysis import reuse
from analysis.config import log_to
from analysis.registry import load_registry
from analysis.schemas import trends as trends_schemas
from analysis.schemas.core import write_result
from analysis.sources.hsb import read_hsb_respondents
from analysis.sources.kolada_tables import read_split
from analysis.trends.assembly import fit_all

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("trends_models")

# The last run's models per series, kept while the modelling code and environment are the
# same: a series whose rows and settings did not change keeps its models (a cache, safe to
# delete; analysis.trends.assembly).
store = Path(".cache/trends/models.pickle")
key = reuse.content_key([*sm.input.code, "workflow/scripts/trends_models.py"], reuse.environment())
try:
    kept = pickle.loads(store.read_bytes())
    earlier = kept["keyed"] if kept["key"] == key else None
except (OSError, pickle.UnpicklingError, EOFError, KeyError, TypeError, AttributeError):
    earlier = None
results = fit_all(
    kolada=read_split(sm.input.kolada),
    vis=pd.read_parquet(sm.input.vis),
    report=pd.read_parquet(sm.input.report),
    figures=pd.read_csv(sm.input.figures, dtype=str, keep_default_na=False),
    registry=load_registry(sm.input.registry),
    models=sm.params.models,
    sensitivity=sm.params.sensitivity,
    survey_source=sm.params.survey_source,
    respondents=read_hsb_respondents(sm.input.respondents),
    earlier=earlier,
)
write_result(results.estimates, sm.output.estimates, trends_schemas.ESTIMATES)
write_result(results.fitted, sm.output.fitted, trends_schemas.FITTED)
write_result(results.verdicts, sm.output.verdicts, trends_schemas.VERDICTS)
write_result(results.sensitivity, sm.output.sensitivity, trends_schemas.SENSITIVITY)
write_result(results.robust, sm.output.robust, trends_schemas.ROBUST)
log.info("\n%s", results.summary())
store.parent.mkdir(parents=True, exist_ok=True)
tmp = store.with_suffix(".tmp")
tmp.write_bytes(pickle.dumps({"key": key, "keyed": results.keyed}))
tmp.replace(store)
