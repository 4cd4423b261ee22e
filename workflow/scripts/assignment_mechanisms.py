"""Question 2: mechanisms panel (two-way FE, cluster-robust, Benjamini–Hochberg)."""

import logging

import pandas as pd

from analysis.assignment import mechanisms as M
from analysis.config import log_to
from analysis.sources.kolada import read_snapshot
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("assignment_mechanisms")

tidy = read_split(sm.input.kolada)
finance_ids = [k for k in M.IDS if k.startswith("N631")]
snap = read_snapshot(sm.input.snapshot)
finance = snap[snap["indicator"].isin(finance_ids)]
log.info("finance series from the snapshot: %s (%d values)", finance_ids, len(finance))
panel = M.mechanism_panel(pd.concat([tidy[~tidy["indicator"].isin(finance_ids)], finance], ignore_index=True))
panel.to_parquet(sm.output.panel, index=False)
result = M.mechanism_models(panel, float(sm.params.confidence))
result.table.to_parquet(sm.output.models, index=False)
log.info("\n%s", result.summary())
org = M.organisation_covariate(pd.read_parquet(sm.input.report_values))
between = M.between_regions(panel, org, "any_lov", float(sm.params.confidence))
pd.DataFrame([between]).to_parquet(sm.output.organisation, index=False)
log.info("between regions, any supplementary choice scheme: %s", between)
