"""VIS percentages with denominators -> funnel-plot data (limits, flags, overdispersion) and ranks."""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pandas as pd

from analysis.config import log_to
from analysis.funnel import binomial_se_logit, funnel_curves, funnel_panels, funnel_proportions
from analysis.schemas import variance as variance_schemas
from analysis.schemas.core import write_result
from analysis.variance import rank_stability

sm = snakemake  # noqa: F821
log_to(sm.log[0])
seed = int(sm.params.variance["seed"])
confidence = float(sm.params.confidence)
fdr = float(sm.params.fdr)

vis = pd.read_parquet(sm.input.vis)
meta = pd.read_csv(sm.input.vis_indicators)
titles = meta[meta["sex"] == "T"].set_index("indicator")["title"].to_dict()


def title_of(indicator: str) -> str:
    base = indicator.split("/")[0]
    title = titles.get(indicator) or titles.get(base + "/h1") or titles.get(base) or indicator
    return title + (" (helår, sammanvägda halvår)" if indicator.endswith("/helar") else "")


points, summaries, curves, pairs, intervals = [], [], [], [], []
for panel in funnel_panels(vis, min_regions=int(sm.params.min_regions)):
    ind, data = panel["indicator"], panel["data"]
    info = {"indicator": ind, "name": title_of(ind)}
    for year, g in data.groupby("year"):
        d, summary = funnel_proportions(g.assign(y=g["value"] / 100, n=g["denominator"]), fdr=fdr)
        d = d.merge(g[["region_code", "value", "numerator", "denominator"]], on="region_code")
        points.append(d.assign(year=int(year), **info))
        summaries.append({**info, "year": int(year), **summary})
        c = funnel_curves(
            summary["theta0"],
            summary["phi"],
            summary["tau2"],
            0.5 * d["n"].min(),
            2 * d["n"].max(),
            flags=summary,
        )
        curves.append(c.assign(year=int(year), **info))
    ranked = data.assign(se=binomial_se_logit(data["value"], data["denominator"]))
    ranks = rank_stability(ranked, "logit", seed=seed, confidence=confidence)
    pairs.append(ranks["pairs"].assign(**info))
    intervals.append(ranks["intervals"].assign(**info))

write_result(pd.concat(points, ignore_index=True), sm.output.points, variance_schemas.FUNNEL_POINTS)
write_result(pd.DataFrame(summaries), sm.output.summary, variance_schemas.FUNNEL_SUMMARY)
write_result(pd.concat(curves, ignore_index=True), sm.output.curves, variance_schemas.FUNNEL_CURVES)
write_result(pd.concat(pairs, ignore_index=True), sm.output.rank_pairs, variance_schemas.FUNNEL_RANK_PAIRS)
write_result(
    pd.concat(intervals, ignore_index=True), sm.output.rank_intervals, variance_schemas.FUNNEL_RANK_INTERVALS
)
