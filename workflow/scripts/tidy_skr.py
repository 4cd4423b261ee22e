"""SKR cost file -> validated tidy table + source metadata."""

import json
from pathlib import Path

from analysis.config import log_to
from analysis.coverage import source_metadata
from analysis.schemas import tidy as tidy_schemas
from analysis.schemas.core import write_result
from analysis.sources.expected import require_regions
from analysis.sources.skr import EXCL_GOTLAND, read_skr_costs, skr_indicator_names

sm = snakemake  # noqa: F821
log_to(sm.log[0])
path = Path(sm.input.costs)
table = read_skr_costs(path)
why = "the national cost shares and totals are read from them"
require_regions(table, ["00"], str(path), "Region", why, exclude_suffix=EXCL_GOTLAND)
write_result(table, sm.output.table, tidy_schemas.SKR)
meta = [source_metadata(path, kind="snapshot", **sm.params.licence)]  # as declared in config data.sources
Path(sm.output.meta).write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str))
skr_indicator_names(path, table).to_csv(sm.output.names, index=False)  # for readers: names, not ids
