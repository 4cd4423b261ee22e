"""Question 6: the committed data map, schema-checked, as a result table."""

from analysis.assignment.datamap import load_datamap
from analysis.config import log_to

sm = snakemake  # noqa: F821
log_to(sm.log[0])
load_datamap(sm.input.datamap).to_parquet(sm.output.datamap, index=False)
