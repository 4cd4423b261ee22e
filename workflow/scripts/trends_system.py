"""Chapter 15's system series: national value and regional range per year for every series the
analysis sheet marks ``system``, and the report's register figures reproduced from them in the
report's units (pairing and definition differences from ``data-raw/system_definitions.csv``).
"""

import logging

from analysis.config import log_to
from analysis.declarations import read_definitions
from analysis.registry import ids_for, load_registry
from analysis.schemas import trends as S
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split
from analysis.trends.system import element_series, national_and_range

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("trends_system")

kolada = read_split(sm.input.kolada)
registry = load_registry(sm.input.registry)
definitions = read_definitions(sm.input.definitions)
ids = list(dict.fromkeys(ids_for(registry, "system") + definitions["indicator"].tolist()))
ranges = national_and_range(kolada, ids, int(sm.params.min_regions)).assign(
    reform_start=int(sm.params.reform_start)
)
elements = element_series(ranges, definitions)
write_result(ranges[ranges["indicator"].isin(ids_for(registry, "system"))], sm.output.series, S.SYSTEM_SERIES)
write_result(elements, sm.output.elements, S.SYSTEM_ELEMENTS)
write_result(definitions, sm.output.definitions, S.SYSTEM_DEFINITIONS)
log.info(
    "%d system series, %d report elements from Kolada",
    ranges["indicator"].nunique(),
    elements["element"].nunique(),
)
