"""Primary care's cost share (Kolada + SKR), gaps, source reconciliation and change since the reform."""

import logging

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("resources_shares")

kolada = read_split(sm.input.kolada)
skr = pd.read_parquet(sm.input.skr)
shares = R.all_shares(kolada, skr)
shares.to_parquet(sm.output.shares, index=False)
R.definitions_table().to_parquet(sm.output.definitions, index=False)
missing = R.missing_data_notes(shares)
missing.to_parquet(sm.output.missing, index=False)
for row in missing.itertuples():
    log.info("no share for %s %s (%s): %s", row.definition, row.region, row.years, row.note)
R.level_ratios(kolada, skr).to_parquet(sm.output.level_ratios, index=False)
rec = R.reconcile_sources(shares)
rec.to_parquet(sm.output.reconciliation, index=False)
R.reconciliation_summary(rec).to_parquet(sm.output.reconciliation_summary, index=False)
end = R.last_complete_year(kolada)
start = int(sm.params.change_start)
changes = pd.concat(
    [R.share_change(shares, d, start, end) for d in (R.KOLADA_PRIMARY, R.KOLADA_MIXED)], ignore_index=True
)
changes.to_parquet(sm.output.share_change, index=False)
R.primary_care_subareas(skr).to_parquet(sm.output.pc_subareas, index=False)
log.info("shares: %d rows; reconciliation: %d region-years; change %d-%d", len(shares), len(rec), start, end)
