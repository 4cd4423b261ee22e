"""Kolada values of one analysis-sheet family (snapshot or live API) -> screened tidy table.

One job per family (rule ``tidy_kolada_family``), so a revised value re-runs only the readers
of its family; ``tidy_kolada_gather.py`` joins the families into the whole table.

Reviewed exceptions are applied and impossible values set aside (paper trail in
``quarantine``); years after each indicator's last adequately covered year (or the
configured last year) are set aside and reported in ``years``.
"""

import datetime as dt
import json
import logging
import os
from pathlib import Path

from analysis.config import log_to
from analysis.quality import (
    DataQualityError,
    covered_years,
    range_table,
    read_exceptions,
    read_plausible_ranges,
    screen,
)
from analysis.registry import KOLADA_TABLE_PROVIDERS, load_registry, units_by_id
from analysis.schemas import tidy as tidy_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada import load_kolada, loadable_ids, resolve_kolada_source
from analysis.sources.kolada_fast import plain_text
from analysis.validation import MAX_YEAR, empty_tidy, require_complete_file

sm = snakemake  # noqa: F821
log_to(sm.log[0])
cfg, quality = sm.params.kolada, sm.params.quality
registry = load_registry(sm.input.registry)
# Vården i siffror series come from their export, kolada_extra ones from their own files
registry = registry[registry["provider"].isin(KOLADA_TABLE_PROVIDERS)]
ids = set(registry["id"])  # every sheet id: the ranges and exceptions files name them all
units = units_by_id(registry)
family = [i for i in registry["id"] if i in set(sm.params.ids)]
source = resolve_kolada_source(
    sm.params.snapshot_dir,
    os.environ,
    Path.cwd(),
    base_url=cfg["base_url"],
    snapshot_file=sm.params.snapshot_file,
)
if source.kind == "snapshot":
    require_complete_file(source.path)  # a file cut inside its last number stops here, naming the row
# Every year the source holds is read; the data, not the date, decide the last year. The API
# needs an explicit list of years to request, so it is asked up to the current year.
upper = MAX_YEAR if source.kind == "snapshot" else dt.date.today().year
load_ids, unavailable = loadable_ids(family, source)
if unavailable:  # live API: snapshot-only series (SCB_*) are never requested from it
    logging.getLogger("tidy_kolada").warning(
        "Kolada API source: %s exist only in a snapshot and are not loaded; analyses that need them "
        "stop until a snapshot is configured (data.snapshot_dir or GNV_DATA_DIR)",
        ", ".join(unavailable),
    )
if load_ids:
    table, meta = load_kolada(
        load_ids,
        range(cfg["first_year"], upper + 1),
        source,
        units,
        cfg["cache_dir"],
        timeout=cfg["timeout_s"],
        retries=cfg["retries"],
        backoff=cfg["backoff_s"],
        check_ranges=False,
    )
    table = plain_text(table)  # the reader keeps text columns categorical; results hold plain strings
    metas = [{**meta, "snapshot_only_not_loaded": unavailable}]
else:  # a family of snapshot-only series with the live API as source: nothing to load
    table, metas = empty_tidy(), [{"snapshot_only_not_loaded": unavailable}]
ranges = range_table(units, read_plausible_ranges(sm.input.ranges, ids))
exceptions = read_exceptions(sm.input.exceptions, ids)
exceptions = exceptions[exceptions["indicator"].isin(family)]
try:
    table, trail = screen(table, ranges, exceptions, strict=quality["strict"])
except DataQualityError as exc:
    logging.getLogger("tidy_kolada").error("%s", exc)  # in the log Snakemake points to, too
    raise
table, years = covered_years(table, quality["min_region_share"], cfg["last_year"])
write_result(table, sm.output.table, tidy_schemas.KOLADA)
write_result(trail, sm.output.quarantine, tidy_schemas.QUARANTINE)
write_result(years, sm.output.years, tidy_schemas.KOLADA_YEARS)
Path(sm.output.meta).write_text(json.dumps(metas, ensure_ascii=False, indent=1, default=str))
