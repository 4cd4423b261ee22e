"""Years and regions each tidy table covers, per indicator -> results/tidy/coverage.parquet."""

import pandas as pd

from analysis.config import log_to
from analysis.coverage import coverage_table
from analysis.schemas.core import write_result
from analysis.schemas.tidy import COVERAGE

sm = snakemake  # noqa: F821
log_to(sm.log[0])
tables = [pd.read_parquet(p) for p in sm.input.tables]
coverage = pd.concat([coverage_table(t) for t in tables], ignore_index=True)
write_result(coverage, sm.output[0], COVERAGE)
