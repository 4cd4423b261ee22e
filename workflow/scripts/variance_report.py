"""Report 004's region tables -> region rows for display and region-level association tests."""

import pandas as pd

from analysis.config import log_to
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.variance import report_region_tests, report_region_values

sm = snakemake  # noqa: F821
log_to(sm.log[0])
report = pd.read_parquet(sm.input.report)
elements = ("Tabell 1", "Tabell 3", "Bilaga 1", "Bilaga 2", "Bilaga 3", "Bilaga 4")
write_result(report_region_values(report, elements), sm.output.regions, variance_schemas.REPORT_REGIONS)
write_result(
    report_region_tests(report, confidence=float(sm.params.confidence)),
    sm.output.tests,
    variance_schemas.REPORT_TESTS,
)
