"""Question 6: the committed data map, schema-checked, as a result table."""

from analysis.assignment.datamap import load_datamap
from analysis.config import log_to
from analysis.schemas import assignment as assignment_schemas
from analysis.schemas.core import write_result

sm = snakemake  # noqa: F821
log_to(sm.log[0])
write_result(load_datamap(sm.input.datamap), sm.output.datamap, assignment_schemas.DATAMAP)
