"""The report's survey points with intervals, the fast-läkare instrument comparison and targets.

Also writes the chapter's figure-status table (figure -> reproduced / replaced / not
reproducible) with the number of recoverable values per figure counted from the transcriptions.
"""

import pandas as pd

from analysis.config import log_to
from analysis.trends import (
    TrendConfig,
    add_target_gap,
    figure_status,
    gp_target_gap,
    instrument_points,
    panel_points,
    panel_sizes,
)

sm = snakemake  # noqa: F821
log_to(sm.log[0])
config = TrendConfig.from_config(sm.params.models)
report = pd.read_parquet(sm.input.report)
figures = pd.read_csv(sm.input.figures, dtype=str, keep_default_na=False)
sizes = panel_sizes(report)

panel_points(report, figures, sizes, config.confidence).to_parquet(sm.output.panel, index=False)

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
instruments.to_parquet(sm.output.instruments, index=False)

gp = gp_target_gap(report)
gp.to_parquet(sm.output.targets, index=False)

figure_status(figures, report).to_parquet(sm.output.status, index=False)
