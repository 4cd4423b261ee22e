"""The families' dispersion, convergence and rank stability -> one table each; σ-convergence
words after the multiplicity adjustment over all indicators."""

import pandas as pd

from analysis.registry import load_registry
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.variance import sigma_verdicts
from analysis.variance.parts import join_parts

sm = snakemake  # noqa: F821
registry = load_registry(sm.input.registry)


def joined(paths):
    return join_parts([pd.read_parquet(p) for p in paths], registry)


write_result(joined(sm.input.dispersion), sm.output.dispersion, variance_schemas.DISPERSION)
write_result(
    sigma_verdicts(joined(sm.input.convergence), float(sm.params.fdr)),
    sm.output.convergence,
    variance_schemas.CONVERGENCE,
)
write_result(joined(sm.input.rank_pairs), sm.output.rank_pairs, variance_schemas.RANK_PAIRS)
write_result(joined(sm.input.rank_intervals), sm.output.rank_intervals, variance_schemas.RANK_INTERVALS)
