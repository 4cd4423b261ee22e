"""Latest values, ranks and funnel status per region -> the chapter's region profiles."""

import pandas as pd

from analysis.config import log_to
from analysis.registry import ids_for, load_registry
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split
from analysis.variance import region_profiles

sm = snakemake  # noqa: F821
log_to(sm.log[0])
profiles = region_profiles(
    read_split(sm.input.kolada),
    pd.read_parquet(sm.input.rank_intervals),
    pd.read_parquet(sm.input.funnel_points),
    indicators=tuple(ids_for(load_registry(sm.input.registry), "profile")),
)
write_result(profiles, sm.output[0], variance_schemas.PROFILES)
