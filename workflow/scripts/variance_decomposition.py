"""Kolada region × year panels -> two-way and mixed-model variance decomposition per indicator."""

import os

# One BLAS thread: the model fits are small, and parallel BLAS only contends with other jobs.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import logging

import pandas as pd

from analysis.config import log_to
from analysis.registry import load_registry
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.sources.hsb import read_hsb_respondents
from analysis.sources.kolada_tables import read_split
from analysis.variance import decompose, respondents_proxy, sampling_split, select_panels

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("variance_decomposition")
reps, seed = int(sm.params.variance["bootstrap_reps"]), int(sm.params.variance["seed"])
confidence = float(sm.params.confidence)
pandemic_years = tuple(int(y) for y in sm.params.pandemic_years)

tidy = read_split(sm.input.kolada)
registry = load_registry(sm.input.registry)
# Sampling noise in the residual of the survey series with proxied regional n (HSB).
population = tidy[(tidy["indicator"] == sm.params.population_id) & (tidy["sex"] == "T")]
proxy = respondents_proxy(read_hsb_respondents(sm.input.respondents), population)
survey = set(registry.loc[registry["source"] == sm.params.survey_source, "id"])

rows = []
for p in select_panels(tidy, registry):
    result = decompose(
        p["data"], p["scale"], reps=reps, seed=seed, confidence=confidence, pandemic_years=pandemic_years
    )
    meta = {k: p[k] for k in ("indicator", "name", "family", "unit", "direction", "note")}
    result |= {"share_residual_sampling": float("nan"), "share_residual_sampling_deff2": float("nan")}
    if p["indicator"] in survey and p["scale"] == "logit":
        for label, deff in (("", 1.0), ("_deff2", 2.0)):
            frac = sampling_split(p["data"], proxy, result["residual_var"], deff)
            result[f"share_residual_sampling{label}"] = result["share_residual"] * frac
    rows.append({**meta, "source": "kolada", **result})
    log.info(
        "%s: region share %.3f, ICC %.3f [%.3f, %.3f]",
        p["indicator"],
        result["share_region"],
        result["icc_region"],
        result.get("icc_region_low", float("nan")),
        result.get("icc_region_high", float("nan")),
    )
write_result(pd.DataFrame(rows), sm.output.decomposition, variance_schemas.DECOMPOSITION)
