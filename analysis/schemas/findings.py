"""Result schemas for ``results/findings/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.presentation.verdicts import ORDER as VERDICT_WORDS
from analysis.schemas.core import ResultSchema, count, flag, number, text, year
from analysis.schemas.trends import NATIONAL_AND_RANGE

#: written by rule ``findings``
HEADLINES = ResultSchema(
    "findings/headlines",
    {
        "key": text(),
        "text_sv": text(),
    },
    unique=("key",),
)

#: written by rule ``findings``
GOALS = ResultSchema(
    "findings/goals",
    {
        "goal": text(),
        "goal_sv": text(),
        "report_assessment": text(),
        "report_source": text(),
        "compendium_assessment": text(),
        "basis": text(),
        "n_series": count(),
        "n_improved": count(),
        "n_sign_improved": count(),
        "n_sign_worsened": count(),
        "n_worsened": count(),
        "n_unclear": count(),
        "described_only": flag(),
        "evidence": text(),
        "data_needed": text(),
    },
    unique=("goal",),
)

#: written by rule ``findings``
GOAL_SERIES = ResultSchema(
    "findings/goal_series",
    {
        "goal": text(),
        "goal_sv": text(),
        "indicator": text(),
        "name_sv": text(),
        "source": text(),
        "effect_text": text(),
        "trend_text": text(),
        "verdict": text(values=VERDICT_WORDS),
    },
    unique=("indicator",),
)

#: written by rule ``findings``
KEY_LATEST = ResultSchema(
    "findings/key_latest",
    {
        "indicator": text(),
        "year": year(),
        "national": number(),
        "region_min": number(),
        "region_median": number(),
        "region_max": number(),
        "n_regions": count(),
    },
    unique=("indicator",),
)

#: written by rule ``findings``: the key indicators' series for the figure in *Nyckelindikatorer*
KEY_SERIES = ResultSchema("findings/key_series", NATIONAL_AND_RANGE, unique=("indicator", "year"))

#: written by rule ``findings``
KEY_INDICATORS = ResultSchema(
    "findings/key_indicators",
    {
        "key": text(),
        "name_sv": text(),
        "year": year(),
        "national": number(),
        "region_min": number(),
        "region_max": number(),
        "unit": text(),
        "change": text(),
        "verdict": text(),
        "source": text(),
    },
    unique=("key",),
)
