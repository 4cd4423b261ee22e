"""One family's trend figure for every region page, drawn once per content -> region pages."""

import json
import logging
from pathlib import Path

import pandas as pd

from analysis import reuse
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
series = profile_series(tidy, load_registry(sm.input.registry), int(sm.params.min_regions))
# The last run's figures, kept while their drawing code and environment are the same: a
# region whose rows did not change keeps its figure (analysis.reuse; a cache, safe to delete).
store = Path(".cache/region_figures") / f"{sm.wildcards.family}.json"
key = reuse.content_key([*sm.input.code, "workflow/scripts/region_figures.py"], reuse.environment())
try:
    kept = json.loads(store.read_text(encoding="utf-8"))
    earlier = kept["figures"] if kept["key"] == key else None
except (OSError, ValueError, KeyError):
    earlier = None
figures = family_figures(series, sm.wildcards.family, earlier=earlier)
redrawn = sum(earlier is None or earlier.get(c) is not f for c, f in figures.items())
logging.info(
    "%s: %d indicators, %d figures, %d drawn anew",
    sm.wildcards.family,
    series["indicator"].nunique(),
    len(figures),
    redrawn,
)
with open(sm.output[0], "w", encoding="utf-8") as fh:
    json.dump(figures, fh, sort_keys=True)
store.parent.mkdir(parents=True, exist_ok=True)
tmp = store.with_suffix(".tmp")
tmp.write_text(json.dumps({"key": key, "figures": figures}, sort_keys=True), encoding="utf-8")
tmp.replace(store)
