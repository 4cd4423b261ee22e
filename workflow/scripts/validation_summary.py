"""Replicates of all scenarios -> coverage, bias and interval width; share of each verdict word."""

import pandas as pd

from analysis.config import log_to
from analysis.schemas import validation as validation_schemas
from analysis.schemas.core import write_result
from analysis.simulation import summarise, verdict_shares

sm = snakemake  # noqa: F821
log_to(sm.log[0])
reps = pd.concat([pd.read_parquet(p) for p in sm.input.replicates], ignore_index=True)
write_result(reps, sm.output.replicates, validation_schemas.REPLICATES)
write_result(summarise(reps), sm.output.coverage, validation_schemas.COVERAGE)
write_result(verdict_shares(reps), sm.output.verdicts, validation_schemas.VERDICT_SHARES)
