"""The analysis-sheet families' Kolada tables -> the whole tidy table, paper trail and year report."""

import json
from pathlib import Path

from analysis.config import log_to
from analysis.schemas import tidy as S
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import gather_families, year_rules

sm = snakemake  # noqa: F821
log_to(sm.log[0])
table, trail, years, meta = gather_families(
    sm.input.tables,
    sm.input.quarantine,
    sm.input.years,
    [json.loads(Path(p).read_text()) for p in sm.input.meta],
    quality=sm.params.quality,
    configured_last_year=sm.params.last_year,
    snapshot=sm.input.get("snapshot"),
)
write_result(table, sm.output.table, S.KOLADA)
write_result(trail, sm.output.quarantine, S.QUARANTINE)
write_result(years, sm.output.years, S.KOLADA_YEARS)
Path(sm.output.meta).write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str))
Path(sm.output.rules).write_text(json.dumps(year_rules(meta), indent=1))
