"""Model results -> headline sentences, the nine-goal scoreboard and the key indicators' latest values."""

import pandas as pd

from analysis.config import log_to
from analysis.findings import (
    goal_scoreboard,
    goal_series,
    headline_rows,
    key_indicator_table,
    latest_spread,
    share_sentence,
)
from analysis.registry import ids_for, load_registry
from analysis.resources import KOLADA_PRIMARY
from analysis.schemas import findings as findings_schemas
from analysis.schemas.core import write_result
from analysis.sources.kolada_tables import read_split
from analysis.trends.system import national_and_range

sm = snakemake  # noqa: F821
log_to(sm.log[0])
sheet = load_registry(sm.input.registry)
robust = pd.read_parquet(sm.input.robust)
verdicts = pd.read_parquet(sm.input.verdicts)
change = pd.read_parquet(sm.input.share_change)
goals = pd.read_csv(sm.input.goals, dtype=str, keep_default_na=False)

own = headline_rows(robust, verdicts, sheet, change, KOLADA_PRIMARY, pd.read_parquet(sm.input.share_loo))
assignment = pd.read_parquet(sm.input.assignment)[["key", "text_sv"]]
write_result(pd.concat([own, assignment], ignore_index=True), sm.output.headlines, findings_schemas.HEADLINES)
descriptive = {"starkt": share_sentence(change, KOLADA_PRIMARY)}
write_result(goal_scoreboard(goals, sheet, robust, descriptive), sm.output.goals, findings_schemas.GOALS)
write_result(goal_series(goals, sheet, robust), sm.output.goal_series, findings_schemas.GOAL_SERIES)
kolada = read_split(sm.input.kolada)
latest = latest_spread(kolada, ids_for(sheet, "key"), int(sm.params.min_regions))
write_result(latest, sm.output.key_latest, findings_schemas.KEY_LATEST)
write_result(
    national_and_range(kolada, latest["indicator"].tolist(), int(sm.params.min_regions)),
    sm.output.key_series,
    findings_schemas.KEY_SERIES,
)
report = pd.read_parquet(sm.input.report)
write_result(
    key_indicator_table(robust, latest, report, change, KOLADA_PRIMARY),
    sm.output.key_table,
    findings_schemas.KEY_INDICATORS,
)
