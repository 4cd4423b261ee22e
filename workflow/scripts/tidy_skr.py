"""SKR cost file -> validated tidy table + source metadata."""

import json
from pathlib import Path

from analysis.config import log_to
from analysis.coverage import source_metadata
from analysis.sources.skr import read_skr_costs

sm = snakemake  # noqa: F821
log_to(sm.log[0])
path = Path(sm.input.costs)
read_skr_costs(path).to_parquet(sm.output.table, index=False)
meta = [
    source_metadata(path, kind="snapshot", licence="SKR, villkor enligt källan", attribution="Källa: SKR")
]
Path(sm.output.meta).write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str))
