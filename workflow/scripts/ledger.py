"""Build the reproduction ledger (one row per report element) and its comparisons."""

import logging

import pandas as pd

from analysis import ledger as L
from analysis.config import log_to
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("ledger")

inputs = L.Inputs(
    report_values=pd.read_parquet(sm.input.report_values),
    categorical=pd.read_parquet(sm.input.categorical),
    kolada=read_split(sm.input.kolada),
    skr=pd.read_parquet(sm.input.skr),
)
ledger, checks = L.build_ledger(L.read_spec(sm.input.spec), inputs)
ledger.to_parquet(sm.output.ledger, index=False)
ledger.to_csv(sm.output.ledger_csv, index=False)
checks.to_parquet(sm.output.checks, index=False)
checks.to_csv(sm.output.checks_csv, index=False)
for row in L.status_counts(ledger).itertuples():
    log.info("%-24s %3d", row.status, row.n)
log.info("%d elements, %d comparisons", len(ledger), len(checks))
