"""Questions 4–5: municipal home care kommun -> län, the region × year panel and its fixed-effects models."""

import logging

import pandas as pd

from analysis.assignment import shift as S
from analysis.config import log_to
from analysis.registry import as_roles
from analysis.schemas import assignment as assignment_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split

sm = snakemake  # noqa: F821
log_to(sm.log[0])
log = logging.getLogger("assignment_shift")

kolada = as_roles(read_split(sm.input.kolada), sm.params.series)
files = sm.params.files  # role -> id of the series read from kolada_extra (column = lower-case id)
home = S.split_geo(S.read_ddf(sm.input.home_care, files["home_care_65plus"].lower()))
key = pd.read_csv(sm.input.key, dtype=str)
# no kommun population 65+ in the snapshot: equal weights (see analysis.assignment.shift)
lan = S.aggregate_to_lan(home["kommun"], key, weights=None)
write_result(lan, sm.output.lan, assignment_schemas.HOME_CARE_LAN)
write_result(
    S.national_check(home["kommun"], home["riket"]),
    sm.output.check,
    assignment_schemas.HOME_CARE_NATIONAL_CHECK,
)
discharge = S.split_geo(S.read_ddf(sm.input.discharge, files["discharge_ready_days"].lower()))["region"]
years = sm.params.years
panel = S.build_panel(kolada, lan, discharge, int(years["first_year"]), int(years["last_year"]))
write_result(panel, sm.output.panel, assignment_schemas.SHIFT_PANEL)
result = S.shift_models(panel, float(sm.params.confidence))
write_result(result.table, sm.output.models, assignment_schemas.SHIFT_MODELS)
log.info("\n%s", result.summary())
both = panel.dropna(subset=["beds", "hhc"])
write_result(
    S.region_changes(panel, int(both["year"].min()), int(both["year"].max())),
    sm.output.changes,
    assignment_schemas.SHIFT_CHANGES,
)
