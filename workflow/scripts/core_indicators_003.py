"""Socialstyrelsen's core indicators (2026, tabell 1) with our values where the data have them."""

import pandas as pd

from analysis.config import log_to
from analysis.core_indicators import core_indicator_table
from analysis.declarations import read_core_indicators
from analysis.schemas import resources as S
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])

table = core_indicator_table(
    read_core_indicators(sm.input.core),
    pd.read_parquet(sm.input.sheet),
    pd.read_parquet(sm.input.robust),
    read_split(sm.input.kolada),
    int(sm.params.min_regions),
)
write_result(table, sm.output[0], S.CORE_INDICATORS_003)
