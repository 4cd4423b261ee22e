"""Kolada values (snapshot or live API, resolved in the documented order) -> tidy table + metadata."""

import json
import logging
import os
from pathlib import Path

from analysis.config import last_complete_year, log_to
from analysis.registry import load_registry, units_by_id
from analysis.sources.kolada import load_kolada, loadable_ids, resolve_kolada_source
from analysis.validation import require_complete_file

sm = snakemake  # noqa: F821
log_to(sm.log[0])
cfg = sm.params.kolada
registry = load_registry(sm.input.registry)
registry = registry[registry["provider"] != "vis"]  # Vården i siffror series come from their export
source = resolve_kolada_source(
    sm.params.snapshot_dir,
    os.environ,
    Path.cwd(),
    base_url=cfg["base_url"],
    snapshot_file=sm.params.snapshot_file,
)
if source.kind == "snapshot":
    require_complete_file(source.path)  # a file cut inside its last number stops here, naming the row
years = range(cfg["first_year"], last_complete_year(cfg["last_year"]) + 1)
ids, unavailable = loadable_ids(registry["id"], source)
if unavailable:  # live API: snapshot-only series (SCB_*) are never requested from it
    logging.getLogger("tidy_kolada").warning(
        "Kolada API source: %s exist only in a snapshot and are not loaded; analyses that need them "
        "stop until a snapshot is configured (data.snapshot_dir or GNV_DATA_DIR)",
        ", ".join(unavailable),
    )
table, meta = load_kolada(
    ids,
    years,
    source,
    units_by_id(registry),
    cfg["cache_dir"],
    timeout=cfg["timeout_s"],
    retries=cfg["retries"],
    backoff=cfg["backoff_s"],
)
table.to_parquet(sm.output.table, index=False)
meta.update(licence="CC BY 4.0", attribution="Källa: Kolada, RKA", snapshot_only_not_loaded=unavailable)
Path(sm.output.meta).write_text(json.dumps([meta], ensure_ascii=False, indent=1, default=str))
