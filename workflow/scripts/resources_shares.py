"""Primary care's cost share (Kolada + SKR), gaps, source reconciliation and change since the reform."""

import logging

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.schemas import resources as resources_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("resources_shares")

kolada = read_split(sm.input.kolada)
skr = pd.read_parquet(sm.input.skr)
shares = R.all_shares(kolada, skr)
write_result(shares, sm.output.shares, resources_schemas.SHARES)
write_result(R.definitions_table(shares), sm.output.definitions, resources_schemas.SHARE_DEFINITIONS)
missing = R.missing_data_notes(shares)
write_result(missing, sm.output.missing, resources_schemas.MISSING_NOTES)
for row in missing.itertuples():
    log.info("no share for %s %s (%s): %s", row.definition, row.region, row.years, row.note)
write_result(R.level_ratios(kolada, skr), sm.output.level_ratios, resources_schemas.LEVEL_RATIOS)
rec = R.reconcile_sources(shares)
write_result(rec, sm.output.reconciliation, resources_schemas.RECONCILIATION)
write_result(
    R.reconciliation_summary(rec), sm.output.reconciliation_summary, resources_schemas.RECONCILIATION_SUMMARY
)
end = R.last_complete_year(kolada)
start = int(sm.params.change_start)
changes = pd.concat(
    [R.share_change(shares, d, start, end) for d in (R.KOLADA_PRIMARY, R.KOLADA_MIXED)], ignore_index=True
)
write_result(changes, sm.output.share_change, resources_schemas.SHARE_CHANGE)
loo = R.leave_one_out(kolada, shares, R.KOLADA_PRIMARY, start, end)
write_result(loo, sm.output.share_leave_one_out, resources_schemas.SHARE_LEAVE_ONE_OUT)
write_result(R.primary_care_subareas(skr), sm.output.pc_subareas, resources_schemas.PC_SUBAREAS)
log.info("shares: %d rows; reconciliation: %d region-years; change %d-%d", len(shares), len(rec), start, end)
