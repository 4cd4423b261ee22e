"""Each region's latest value per profile indicator against Riket, with rank and funnel status."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.regions import RIKET
from analysis.variance.scales import (
    transform,
)


def _position(values: np.ndarray, scale: str, higher_is_better: bool) -> np.ndarray:
    """Standardised position across regions on the analysis scale; positive = better (or higher)."""
    y = transform(values, scale)
    z = (y - y.mean()) / y.std(ddof=1)
    return z if higher_is_better else -z


def region_profiles(
    tidy: pd.DataFrame,
    rank_intervals: pd.DataFrame,
    funnel_points: pd.DataFrame | None = None,
    indicators: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Each region's latest value per profile indicator against Riket, with rank and funnel status.

    ``indicators`` are the analysis sheet's ``profile`` series, in sheet order.

    Kolada rows: the last year of the indicator's comparable panel (from ``rank_intervals``),
    the Riket value of that year, the simulated rank interval and ``position`` (standardised
    distance from the regions' mean on the analysis scale, sign so that positive is better;
    for neutral indicators positive is higher). ``n_shared`` counts the regions with the same
    value (a tie: they share the rank, method ``min``). ``rank_group`` is ``"övre tredjedel"`` /
    ``"nedre tredjedel"`` when the whole rank interval lies in the top/bottom third.
    VIS rows (when ``funnel_points`` is given): each funnel indicator's last year, compared
    with the pooled proportion θ0, with the funnel flag under the additive-overdispersion
    limits (99.8 %) and the unadjusted binomial limits (99.8 %).
    """
    riket = tidy[(tidy["region_code"] == RIKET) & (tidy["sex"] == "T")].set_index(["indicator", "year"])[
        "value"
    ]
    rows = []
    for ind in indicators:
        r = rank_intervals[rank_intervals["indicator"] == ind]
        if r.empty:
            continue
        year = int(r["year"].iloc[0])
        n = int(r["n_regions"].iloc[0])
        third = int(np.ceil(n / 3))
        better = r["direction"].iloc[0] != "lower_better"
        pos = _position(r["value"].to_numpy(float), r["scale"].iloc[0], better)
        group = np.where(
            r["rank_high"] <= third,
            "övre tredjedel",
            np.where(r["rank_low"] > n - third, "nedre tredjedel", ""),
        )
        rows.append(
            pd.DataFrame(
                {
                    "source": "kolada",
                    "indicator": ind,
                    "name": r["name"].to_numpy(),
                    "unit": r["unit"].to_numpy(),
                    "direction": r["direction"].to_numpy(),
                    "region_code": r["region_code"].to_numpy(),
                    "year": year,
                    "value": r["value"].to_numpy(float),
                    "reference": float(riket.get((ind, year), np.nan)),
                    "reference_label": "Riket",
                    "rank": r["rank"].to_numpy(),
                    "rank_low": r["rank_low"].to_numpy(),
                    "rank_high": r["rank_high"].to_numpy(),
                    "n_regions": n,
                    "position": pos,
                    "rank_group": group,
                    "funnel_flag": "",
                    "funnel_flag_binom": "",
                }
            )
        )
    if funnel_points is not None and not funnel_points.empty:
        for ind, g in funnel_points.groupby("indicator", sort=True):
            last = g[g["year"] == g["year"].max()]
            rows.append(
                pd.DataFrame(
                    {
                        "source": "vis",
                        "indicator": ind,
                        "name": last["name"].to_numpy(),
                        "unit": "procent",
                        "direction": "higher_better",
                        "region_code": last["region_code"].to_numpy(),
                        "year": int(last["year"].iloc[0]),
                        "value": last["value"].to_numpy(float),
                        "reference": 100 * last["theta0"].to_numpy(float),
                        "reference_label": "Sammanvägd andel (θ0)",
                        "rank": stats.rankdata(-last["value"].to_numpy(float), method="min").astype(int),
                        "rank_low": np.nan,
                        "rank_high": np.nan,
                        "n_regions": len(last),
                        "position": _position(last["value"].to_numpy(float), "logit", True),
                        "rank_group": "",
                        "funnel_flag": last["flag_re"].to_numpy(),
                        "funnel_flag_binom": last["flag_binom_998"].to_numpy(),
                    }
                )
            )
    out = pd.concat(rows, ignore_index=True)
    # how many regions share the value (and so the rank): whole-percent series tie often
    out.insert(
        out.columns.get_loc("n_regions") + 1,
        "n_shared",
        out.groupby(["source", "indicator"])["value"]
        .transform(lambda v: v.map(v.value_counts()))
        .astype(int),
    )
    return out.sort_values(["region_code", "source", "indicator"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Sampling noise in the residual
