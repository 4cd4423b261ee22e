"""Funding flows: municipal health-care costs (001 Tabell 5) and state grants (Tabell 4, 8, 9)."""

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.schemas import resources as resources_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])

report_values = pd.read_parquet(sm.input.report_values)
kolada = read_split(sm.input.kolada)
write_result(R.municipal_costs(report_values), sm.output.municipal, resources_schemas.MUNICIPAL_COSTS)
write_result(R.state_grants(report_values), sm.output.grants, resources_schemas.STATE_GRANTS)
write_result(
    R.grants_vs_primary_care(report_values, kolada), sm.output.grants_vs_pc, resources_schemas.GRANTS_VS_PC
)
