"""Question 1: capacity-constrained scenarios per region and for the country."""

import logging

import pandas as pd

from analysis.assignment import scenarios as SC
from analysis.config import log_to

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("assignment_scenarios")

params = SC.CapacityParams.from_config(dict(sm.params.scenarios))
result = SC.capacity_scenarios(pd.read_parquet(sm.input.kolada), params)
result.regions.to_parquet(sm.output.regions, index=False)
result.national.to_parquet(sm.output.national, index=False)
log.info("\n%s", result.summary())
