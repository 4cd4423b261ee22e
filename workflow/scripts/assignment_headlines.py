"""Front-page headlines from the assignment's results (one Swedish sentence each)."""

import logging

import pandas as pd

from analysis.assignment.headlines import build_headlines
from analysis.config import log_to
from analysis.presentation.text import fmt_years
from analysis.schemas import assignment as assignment_schemas
from analysis.schemas.core import write_result

sm = snakemake  # noqa: F821
log_to(sm.log[0])
years = [int(y) for y in sm.params.grant_years]
table = build_headlines(
    pd.read_parquet(sm.input.scenarios),
    pd.read_parquet(sm.input.shift),
    pd.read_parquet(sm.input.mechanisms),
    pd.read_parquet(sm.input.grants),
    float(sm.params.central_elasticity),
    fmt_years(min(years), max(years)),
)
write_result(table, sm.output.headlines, assignment_schemas.HEADLINES)
for text in table["text_sv"]:
    logging.getLogger("assignment_headlines").info(text)
