"""Vården i siffror exports -> validated tidy table + indicator list + source metadata."""

import json
from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.coverage import source_metadata
from analysis.sources.vis import combine_vis, read_vis_export, vis_indicator_metadata

sm = snakemake  # noqa: F821
log_to(sm.log[0])
paths = [Path(sm.input.indicators), Path(sm.input.costs)]
table = combine_vis([read_vis_export(p) for p in paths])
table.to_parquet(sm.output.table, index=False)
pd.concat([vis_indicator_metadata(p) for p in paths], ignore_index=True).to_csv(
    sm.output.indicators, index=False
)
meta = [
    source_metadata(
        p,
        kind="snapshot",
        licence="Vården i siffror (SKR), villkor enligt källan",
        attribution="Källa: Vården i siffror",
    )
    for p in paths
]
Path(sm.output.meta).write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str))
