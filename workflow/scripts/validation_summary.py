"""Replicates of all scenarios -> coverage, bias and interval width; share of each verdict word."""

import pandas as pd

from analysis.config import log_to
from analysis.simulation import summarise, verdict_shares

sm = snakemake  # noqa: F821
log_to(sm.log[0])
reps = pd.concat([pd.read_parquet(p) for p in sm.input.replicates], ignore_index=True)
reps.to_parquet(sm.output.replicates, index=False)
summarise(reps).to_parquet(sm.output.coverage, index=False)
verdict_shares(reps).to_parquet(sm.output.verdicts, index=False)
