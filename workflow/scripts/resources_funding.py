"""Funding flows: municipal health-care costs (001 Tabell 5) and state grants (Tabell 4, 8, 9)."""

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])

report_values = pd.read_parquet(sm.input.report_values)
kolada = read_split(sm.input.kolada)
R.municipal_costs(report_values).to_parquet(sm.output.municipal, index=False)
R.state_grants(report_values).to_parquet(sm.output.grants, index=False)
R.grants_vs_primary_care(report_values, kolada).to_parquet(sm.output.grants_vs_pc, index=False)
