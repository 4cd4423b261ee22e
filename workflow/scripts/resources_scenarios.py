"""Reallocation scenarios (config["scenarios"]): per region, national totals and a sensitivity grid."""

import logging

import pandas as pd

from analysis import resources as R
from analysis.config import log_to
from analysis.schemas import resources as resources_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("resources_scenarios")

kolada = read_split(sm.input.kolada)
params = R.ScenarioParams.from_config(dict(sm.params.scenarios), recent_start=int(sm.params.recent_start))
scen = R.reallocation_scenarios(kolada, params)
write_result(scen, sm.output.scenarios, resources_schemas.SCENARIOS)
totals = R.scenario_totals(scen)
write_result(totals, sm.output.totals, resources_schemas.SCENARIO_TOTALS)

equiv = R.equivalent_target(pd.read_parquet(sm.input.checks), params.target_share)
write_result(pd.DataFrame([equiv]), sm.output.equivalent, resources_schemas.EQUIVALENT_TARGET)
targets = {
    "målet i vår definition": params.target_share,
    "målet i rapportens definition (omräknat)": equiv["equivalent_share"],
}
growths = sorted({*map(float, sm.params.growths), params.specialised_real_growth})
write_result(
    R.scenario_sensitivity(kolada, params, targets, growths),
    sm.output.sensitivity,
    resources_schemas.SCENARIO_SENSITIVITY,
)
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
