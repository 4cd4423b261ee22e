"""Simulated panels of one scenario -> one row per replicate (coverage and verdict word)."""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from analysis.config import log_to
from analysis.schemas import validation as validation_schemas
from analysis.schemas.core import write_result
from analysis.simulation import run
from analysis.trends.result import TrendConfig

sm = snakemake  # noqa: F821
log_to(sm.log[0])
config = TrendConfig.from_config(sm.params.models)
v = sm.params.validation
write_result(
    run(sm.wildcards.scenario, int(v["reps"]), int(v["seed"]), config, dict(sm.params.sensitivity)),
    sm.output[0],
    validation_schemas.REPLICATES_ONE_SCENARIO,
)
