"""Question 1: capacity-constrained scenarios per region and for the country."""

import logging

from analysis.assignment import scenarios as SC
from analysis.config import log_to
from analysis.registry import as_roles
from analysis.schemas import assignment as assignment_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("assignment_scenarios")

params = SC.CapacityParams.from_config(dict(sm.params.scenarios))
result = SC.capacity_scenarios(as_roles(read_split(sm.input.kolada), sm.params.series), params)
write_result(result.regions, sm.output.regions, assignment_schemas.SCENARIO_REGIONS)
write_result(result.national, sm.output.national, assignment_schemas.SCENARIO_NATIONAL)
log.info("\n%s", result.summary())
