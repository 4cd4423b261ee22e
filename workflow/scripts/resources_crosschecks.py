"""Cross-checks of our cost shares against the reports' printed values and statements."""

import logging

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.schemas import resources as resources_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("resources_crosschecks")

checks = R.all_crosschecks(
    pd.read_parquet(sm.input.shares),
    pd.read_parquet(sm.input.skr),
    read_split(sm.input.kolada),
    pd.read_parquet(sm.input.report_values),
    pd.read_csv(sm.input.ledger_spec, dtype=str, keep_default_na=False),
)
write_result(checks, sm.output.checks, resources_schemas.CROSSCHECKS)
summary = R.crosscheck_summary(checks)
write_result(summary, sm.output.summary, resources_schemas.CROSSCHECK_SUMMARY)
for row in summary.itertuples():
    log.info(
        "%s [%s]: %d passed, %d failed, %d missing",
        row.check,
        row.definition,
        row.n_passed,
        row.n_failed,
        row.n_missing,
    )
