"""The families' variance decompositions -> one table, in analysis-sheet order."""

import pandas as pd

from analysis.registry import load_registry
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.variance.parts import join_parts

sm = snakemake  # noqa: F821
registry = load_registry(sm.input.registry)
joined = join_parts([pd.read_parquet(p) for p in sm.input.parts], registry)
write_result(joined, sm.output.decomposition, variance_schemas.DECOMPOSITION)
