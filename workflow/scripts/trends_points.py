"""The report's survey points with intervals, the fast-läkare instrument comparison and targets.

Also writes the chapter's figure-status table (figure -> reproduced / replaced / not
reproducible) with the number of recoverable values per figure counted from the transcriptions.
"""

import pandas as pd

from analysis.config import log_to
from analysis.schemas import trends as trends_schemas
from analysis.schemas.core import write_result
from analysis.trends.report_points import (
    add_target_gap,
    figure_status,
    gp_target_gap,
    instrument_points,
    panel_points,
    panel_sizes,
)
from analysis.trends.result import TrendConfig

sm = snakemake  # noqa: F821
log_to(sm.log[0])
config = TrendConfig.from_config(sm.params.models)
report = pd.read_parquet(sm.input.report)
figures = pd.read_csv(sm.input.figures, dtype=str, keep_default_na=False)
sizes = panel_sizes(report)

write_result(
    panel_points(report, figures, sizes, config.confidence), sm.output.panel, trends_schemas.PANEL_POINTS
)

sources = pd.read_csv(sm.input.instruments, dtype=str, keep_default_na=False)
t = sources[sources["role"] == "target"].iloc[0]
target_rows = report[
    (report["report"] == t["report"])
    & (report["element"] == t["element"])
    & (report["series"] == t["series"])
]
instruments = instrument_points(
    report, sources[sources["role"] == "instrument"].to_dict("records"), sizes, config.confidence
)
if len(target_rows) and len(instruments):
    instruments = add_target_gap(instruments, float(target_rows["value"].iloc[0]))
    instruments["target_year"] = (
        int(target_rows["year"].iloc[0]) if target_rows["year"].notna().any() else None
    )
write_result(instruments, sm.output.instruments, trends_schemas.FAST_LAKARE_INSTRUMENTS)

gp = gp_target_gap(report)
write_result(gp, sm.output.targets, trends_schemas.CONTINUITY_TARGETS)

write_result(figure_status(figures, report), sm.output.status, trends_schemas.FIGURE_STATUS)
