"""Kolada region × year panels -> dispersion by year, sigma/beta convergence, rank stability."""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pandas as pd

from analysis.config import log_to
from analysis.registry import load_registry
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split
from analysis.variance import convergence, rank_stability, select_panels, sigma_verdicts

sm = snakemake  # noqa: F821
log_to(sm.log[0])
seed = int(sm.params.variance["seed"])
confidence = float(sm.params.confidence)

tidy = read_split(sm.input.kolada)
registry = load_registry(sm.input.registry)
by_year, trends, pairs, intervals = [], [], [], []
for p in select_panels(tidy, registry):
    meta = {k: p[k] for k in ("indicator", "name", "family", "unit", "direction")}
    meta["scale"] = p["scale"]
    conv = convergence(p["data"], p["scale"], confidence=confidence)
    by_year.append(conv["by_year"].assign(**meta))
    sigma = {f"sigma_{k}": v for k, v in conv["sigma"].items()}
    beta = {f"beta_{k}": v for k, v in conv["beta"].items()}
    naive = {f"sigma_naive_{k}": v for k, v in conv["sigma_naive"].items()}
    trends.append({**meta, **sigma, **naive, **beta})
    ranks = rank_stability(
        p["data"],
        p["scale"],
        higher_is_better=p["direction"] != "lower_better",
        seed=seed,
        confidence=confidence,
    )
    pairs.append(ranks["pairs"].assign(**meta))
    intervals.append(ranks["intervals"].assign(**meta))

write_result(pd.concat(by_year, ignore_index=True), sm.output.dispersion, variance_schemas.DISPERSION)
write_result(
    sigma_verdicts(pd.DataFrame(trends), float(sm.params.fdr)),
    sm.output.convergence,
    variance_schemas.CONVERGENCE,
)
write_result(pd.concat(pairs, ignore_index=True), sm.output.rank_pairs, variance_schemas.RANK_PAIRS)
write_result(
    pd.concat(intervals, ignore_index=True), sm.output.rank_intervals, variance_schemas.RANK_INTERVALS
)
