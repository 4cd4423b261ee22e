"""Compare this build's data with the last published vintage (committed record); write nothing else.

The record is only read here; ``python -m analysis.vintage publish`` rewrites it after a
successful build, so a failed build never becomes the baseline.
"""

import json
from pathlib import Path

import pandas as pd

from analysis.config import log_to
from analysis.schemas import publishing as publishing_schemas
from analysis.schemas.core import write_result
from analysis.vintage import (
    changed_conclusions,
    changed_files,
    changelog,
    conclusion_basis,
    conclusions,
    indicator_names,
    new_quarantines,
    read_record,
    source_files,
)

sm = snakemake  # noqa: F821
log_to(sm.log[0])
tables = [pd.read_parquet(p) for p in sm.input.tables]
metas = {Path(p).name.removesuffix("_meta.json"): json.loads(Path(p).read_text()) for p in sm.input.metas}
record = read_record(sm.params.record)
names = indicator_names(
    pd.read_parquet(sm.input.registry),
    pd.read_csv(sm.input.vis_indicators),
    tables,
    skr_names=pd.read_csv(sm.input.skr_names),
)
meta = {"published": None, "commit": None, "n_values": int(sum(len(t) for t in tables))}
quarantined = pd.read_parquet(sm.input.quarantine)
if record is None:
    changes = changelog({"values": {}, "digests": {}}, tables[:0], names)
    files = changed_files(None, {})
else:
    changes = changelog(record, tables, names)
    files = changed_files(record, source_files(metas))
    meta.update(published=record["published"], commit=record["commit"])
quarantined["indicator_name"] = [names.get(i, i) for i in quarantined["indicator"]]
quarantined["is_new"] = new_quarantines(record, quarantined)
robust = pd.read_parquet(sm.input.robust)
goals = pd.read_parquet(sm.input.goals)
labels = {f"bedömning|{r.indicator}": r.name_sv for r in robust.itertuples()}
labels |= {f"mål|{g.goal}": g.goal_sv for g in goals.itertuples()}
write_result(
    changed_conclusions(record, conclusions(robust, goals), labels, conclusion_basis(robust, goals)),
    sm.output.conclusions,
    publishing_schemas.CHANGES_CONCLUSIONS,
)
write_result(changes, sm.output.changes, publishing_schemas.CHANGES)
write_result(quarantined, sm.output.quarantine, publishing_schemas.CHANGES_QUARANTINE)
meta["n_changes"] = len(changes)
meta["changed_files"] = files.to_dict("records")
Path(sm.output.meta).write_text(json.dumps(meta, indent=1, ensure_ascii=False))
