"""Reallocation scenarios (config["scenarios"]): per region, national totals and a sensitivity grid."""

import logging

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("resources_scenarios")

kolada = read_split(sm.input.kolada)
params = R.ScenarioParams.from_config(dict(sm.params.scenarios), recent_start=int(sm.params.recent_start))
scen = R.reallocation_scenarios(kolada, params)
scen.to_parquet(sm.output.scenarios, index=False)
totals = R.scenario_totals(scen)
totals.to_parquet(sm.output.totals, index=False)

equiv = R.equivalent_target(pd.read_parquet(sm.input.checks), params.target_share)
pd.DataFrame([equiv]).to_parquet(sm.output.equivalent, index=False)
targets = {
    "målet i vår definition": params.target_share,
    "målet i rapportens definition (omräknat)": equiv["equivalent_share"],
}
growths = sorted({*map(float, sm.params.growths), params.specialised_real_growth})
R.scenario_sensitivity(kolada, params, targets, growths).to_parquet(sm.output.sensitivity, index=False)
row = totals.iloc[0]
log.info(
    "base %d -> %d, target %.3f: extra %.0f kr/inv, %.0f mnkr; required growth %.4f/yr",
    row.base_year,
    row.target_year,
    row.target_share,
    row.extra_pc_per_inv,
    row.extra_pc_mnkr,
    row.pc_growth_required,
)
