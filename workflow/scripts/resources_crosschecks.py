"""Cross-checks of our cost shares against the reports' printed values and statements."""

import logging

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("resources_crosschecks")

checks = R.all_crosschecks(
    pd.read_parquet(sm.input.shares),
    pd.read_parquet(sm.input.skr),
    read_split(sm.input.kolada),
    pd.read_parquet(sm.input.report_values),
)
checks.to_parquet(sm.output.checks, index=False)
summary = R.crosscheck_summary(checks)
summary.to_parquet(sm.output.summary, index=False)
for row in summary.itertuples():
    log.info(
        "%s [%s]: %d passed, %d failed, %d missing",
        row.check,
        row.definition,
        row.n_passed,
        row.n_failed,
        row.n_missing,
    )
