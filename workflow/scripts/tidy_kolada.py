"""Kolada values (snapshot or live API, resolved in the documented order) -> tidy table + metadata."""

import json
import os
from pathlib import Path

from analysis.config import last_complete_year, log_to
from analysis.registry import load_registry, units_by_id
from analysis.sources.kolada import load_kolada, resolve_kolada_source

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
years = range(cfg["first_year"], last_complete_year(cfg["last_year"]) + 1)
table, meta = load_kolada(
    registry["id"].tolist(),
    years,
    source,
    units_by_id(registry),
    cfg["cache_dir"],
    timeout=cfg["timeout_s"],
    retries=cfg["retries"],
    backoff=cfg["backoff_s"],
)
table.to_parquet(sm.output.table, index=False)
meta.update(licence="CC BY 4.0", attribution="Källa: Kolada, RKA")
Path(sm.output.meta).write_text(json.dumps([meta], ensure_ascii=False, indent=1, default=str))
