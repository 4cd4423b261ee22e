"""One Kolada family's region × year panels -> its part of the variance models (all five tables)."""

import os

# One BLAS thread: the model fits are small, and parallel BLAS only contends with other jobs.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from analysis.config import log_to
from analysis.registry import load_registry
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.sources.hsb import read_hsb_respondents
from analysis.sources.kolada_tables import read_split
from analysis.variance import respondents_proxy
from analysis.variance.parts import family_parts

sm = snakemake  # noqa: F821
log_to(sm.log[0])
tidy = read_split(sm.input.kolada)
registry = load_registry(sm.input.registry)
# Sampling noise in the residual of the survey series with proxied regional n (HSB).
population = tidy[(tidy["indicator"] == sm.params.population_id) & (tidy["sex"] == "T")]
parts = family_parts(
    tidy,
    registry,
    sm.wildcards.family,
    proxy=respondents_proxy(read_hsb_respondents(sm.input.respondents), population),
    survey_ids=set(registry.loc[registry["source"] == sm.params.survey_source, "id"]),
    reps=int(sm.params.variance["bootstrap_reps"]),
    seed=int(sm.params.variance["seed"]),
    confidence=float(sm.params.confidence),
    pandemic_years=tuple(int(y) for y in sm.params.pandemic_years),
    min_regions=int(sm.params.min_regions),
)
for name, table in parts.items():
    write_result(table, sm.output[name], variance_schemas.PARTS[name])
