"""Build the reproduction ledger (one row per report element) and its comparisons."""

import logging

import pandas as pd

from analysis import ledger as L
from analysis.config import log_to
from analysis.schemas import ledger as ledger_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("ledger")

inputs = L.Inputs(
    report_values=pd.read_parquet(sm.input.report_values),
    categorical=pd.read_parquet(sm.input.categorical),
    kolada=read_split(sm.input.kolada),
    skr=pd.read_parquet(sm.input.skr),
    sheet=pd.read_parquet(sm.input.sheet),
)
ledger, checks = L.build_ledger(L.read_spec(sm.input.spec), inputs)
write_result(ledger, sm.output.ledger, ledger_schemas.LEDGER)
ledger.to_csv(sm.output.ledger_csv, index=False)
write_result(checks, sm.output.checks, ledger_schemas.CHECKS)
checks.to_csv(sm.output.checks_csv, index=False)
for row in L.status_counts(ledger).itertuples():
    log.info("%-24s %3d", row.status, row.n)
log.info("%d elements, %d comparisons", len(ledger), len(checks))
