"""One family's trend figure for every region page, drawn once per content -> region pages."""

import json
import logging

import pandas as pd

from analysis.config import log_to
from analysis.figures import setup
from analysis.presentation.region_pages import family_figures
from analysis.regional import profile_series
from analysis.registry import load_registry
from analysis.sources.kolada_tables import read_split
from analysis.validation import TIDY_COLUMNS

sm = snakemake  # noqa: F821
log_to(sm.log[0])
setup()
tidy = read_split(sm.input.kolada) if sm.input.kolada else pd.DataFrame(columns=TIDY_COLUMNS)
series = profile_series(tidy, load_registry(sm.input.registry))
figures = family_figures(series, sm.wildcards.family)
logging.info(
    "%s: %d indicators, %d figures", sm.wildcards.family, series["indicator"].nunique(), len(figures)
)
with open(sm.output[0], "w", encoding="utf-8") as fh:
    json.dump(figures, fh, sort_keys=True)
