"""Kolada values (snapshot or live API) -> validated tidy table + source metadata."""

import json
from pathlib import Path

from analysis.config import log_to
from analysis.sources.kolada import read_snapshot

sm = snakemake  # noqa: F821
log_to(sm.log[0])
table = read_snapshot(Path(sm.input.snapshot))
table.to_parquet(sm.output.table, index=False)
Path(sm.output.meta).write_text(json.dumps({"kind": "snapshot", "path": sm.input.snapshot}, indent=1))
