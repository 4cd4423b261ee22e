"""Vården i siffror exports -> validated tidy table + indicator list + source metadata."""

import json
from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.coverage import source_metadata
from analysis.registry import load_registry
from analysis.schemas import tidy as tidy_schemas
from analysis.schemas.core import write_result
from analysis.sources.expected import require_sheet_series
from analysis.sources.vis import combine_vis, read_vis_export, vis_indicator_metadata

sm = snakemake  # noqa: F821
log_to(sm.log[0])
paths = [Path(sm.input.indicators), Path(sm.input.costs)]
table = combine_vis([read_vis_export(p) for p in paths])
indicators = pd.concat([vis_indicator_metadata(p) for p in paths], ignore_index=True)
# every VIS series of the analysis sheet must be there (a respelled title stops here, not in a chapter)
titles = dict(zip(indicators["indicator"], indicators["title"], strict=True))
require_sheet_series(table, load_registry(sm.input.registry), "vis", "Titel", titles)
write_result(table, sm.output.table, tidy_schemas.VIS)
indicators.to_csv(sm.output.indicators, index=False)
# licence and attribution as declared in config (data.sources), one declaration per file
meta = [source_metadata(p, kind="snapshot", **d) for p, d in zip(paths, sm.params.licences, strict=True)]
Path(sm.output.meta).write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str))
