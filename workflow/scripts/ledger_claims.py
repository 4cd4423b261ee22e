"""Evaluate the reports' claims about direction and size against the data."""

import logging

import pandas as pd

from analysis import ledger as L
from analysis.config import log_to
from analysis.schemas import ledger as ledger_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("ledger_claims")

inputs = L.Inputs(
    report_values=pd.read_parquet(sm.input.report_values),
    kolada=read_split(sm.input.kolada),
    skr=pd.read_parquet(sm.input.skr),
    sheet=pd.read_parquet(sm.input.sheet),
)
claims = L.evaluate_claims(L.read_claims(sm.input.claims), inputs)
write_result(claims, sm.output.claims, ledger_schemas.CLAIMS)
claims.to_csv(sm.output.claims_csv, index=False)
for row in claims.itertuples():
    log.info("%s: %s", row.claim, row.verdict)
