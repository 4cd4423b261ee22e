"""Result schemas for ``results/validation/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.presentation.verdicts import ORDER as VERDICT_WORDS
from analysis.schemas.core import ResultSchema, count, flag, integer, number, probability, text

#: written by rule ``validation_replicates``
REPLICATES_ONE_SCENARIO = ResultSchema(
    "validation/replicates_{scenario}",
    {
        "scenario": text(),
        "seed": integer(),
        "truth": number(),
        "verdict": text(values=VERDICT_WORDS),
        "nationell_estimate": number(),
        "nationell_covers": flag(),
        "nationell_width": number(),
        "hierarkisk_estimate": number(),
        "hierarkisk_covers": flag(),
        "hierarkisk_width": number(),
    },
    unique=("seed",),
)

#: written by rule ``validation_summary``
COVERAGE = ResultSchema(
    "validation/coverage",
    {
        "scenario": text(),
        "scenario_sv": text(),
        "model": text(),
        "reps": count(),
        "coverage": probability(),
        "coverage_low": probability(),
        "coverage_high": probability(),
        "bias": number(),
        "mean_width": number(),
        "truth": number(),
    },
    unique=(
        "model",
        "scenario",
    ),
)

#: written by rule ``validation_summary``
VERDICT_SHARES = ResultSchema(
    "validation/verdict_shares",
    {
        "scenario": text(),
        "verdict": text(values=VERDICT_WORDS),
        "share": number(),
    },
)

#: written by rule ``validation_summary``
REPLICATES = ResultSchema(
    "validation/replicates",
    REPLICATES_ONE_SCENARIO.columns,
    unique=("seed",),
)
