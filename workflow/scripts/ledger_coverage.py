"""Which of the report's numeric elements the executed chapters show as a figure or table."""

import logging

import pandas as pd

from analysis.config import log_to
from analysis.ledger import coverage as C
from analysis.schemas import ledger as S
from analysis.schemas.core import write_result

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("ledger_coverage")

shown = C.shown_from_sidecars(sm.input.figdata)
table = C.coverage_table(pd.read_parquet(sm.input.ledger), shown)
write_result(table, sm.output.coverage, S.COVERAGE)
table.to_csv(sm.output.coverage_csv, index=False)
log.info("%d of %d numeric elements shown as a figure or table", int(table["shown"].sum()), len(table))
