"""Kolada against SKR: the same three areas in two cost types, compared in their common years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.regions import RIKET, region_name
from analysis.resources.definitions import KOLADA_PRIMARY, SKR_3

# --------------------------------------------------------------------------------------
# Reconciliation of the two sources
# --------------------------------------------------------------------------------------

#: Tolerance for Kolada vs SKR shares in 2011–2017 (pp). The two measure the same three
#: areas but in different cost types (own commitment vs net), and fees/targeted grants are
#: not equally large in every area, so shares may differ by about one percentage point.
RECONCILE_TOLERANCE_PP = 1.0


def reconcile_sources(
    shares: pd.DataFrame,
    kolada_definition: str = KOLADA_PRIMARY,
    skr_definition: str = SKR_3,
    tolerance_pp: float = RECONCILE_TOLERANCE_PP,
) -> pd.DataFrame:
    """Kolada vs SKR share per region-year in their overlapping years (pp difference).

    ``status``: ``inom tolerans`` / ``utanför tolerans`` / ``saknas`` (with the reason).
    """
    k = shares[shares["definition"] == kolada_definition]
    s = shares[shares["definition"] == skr_definition]
    years = sorted(set(k["year"]) & set(s["year"]))
    if not years:
        raise ValueError(f"{kolada_definition} and {skr_definition} have no year in common")
    m = k[k["year"].isin(years)].merge(
        s[s["year"].isin(years)],
        on=["region_code", "year"],
        how="outer",
        suffixes=("_kolada", "_skr"),
    )
    m["region"] = m["region_code"].map(region_name)
    m["diff_pp"] = 100 * (m["share_kolada"] - m["share_skr"])
    m["tolerance_pp"] = tolerance_pp
    status, note = [], []
    for _, r in m.iterrows():
        if pd.isna(r["diff_pp"]):
            status.append("saknas")
            note.append(
                "; ".join(x for x in (r.get("note_kolada"), r.get("note_skr")) if isinstance(x, str) and x)
            )
        else:
            status.append("inom tolerans" if abs(r["diff_pp"]) <= tolerance_pp + 1e-9 else "utanför tolerans")
            note.append("")
    m["status"] = status
    m["note"] = note
    out = m.rename(columns={"share_kolada": "kolada_share", "share_skr": "skr_share"})
    out["kolada_definition"] = kolada_definition
    out["skr_definition"] = skr_definition
    cols = [
        "region_code",
        "region",
        "year",
        "kolada_definition",
        "skr_definition",
        "kolada_share",
        "skr_share",
        "diff_pp",
        "tolerance_pp",
        "status",
        "note",
    ]
    return out[cols].sort_values(["region_code", "year"]).reset_index(drop=True)


def reconciliation_summary(rec: pd.DataFrame) -> pd.DataFrame:
    """Per region (and all regions together): years compared, mean and largest |difference|, share within tolerance."""
    rows = []

    def _row(code, name, g):
        ok = g[g["status"] != "saknas"]
        return {
            "region_code": code,
            "region": name,
            "n_compared": len(ok),
            "n_missing": int((g["status"] == "saknas").sum()),
            "mean_diff_pp": ok["diff_pp"].mean() if len(ok) else np.nan,
            "max_abs_diff_pp": ok["diff_pp"].abs().max() if len(ok) else np.nan,
            "n_within": int((ok["status"] == "inom tolerans").sum()),
            "share_within": (ok["status"] == "inom tolerans").mean() if len(ok) else np.nan,
            "tolerance_pp": float(g["tolerance_pp"].iloc[0]),
        }

    for code, g in rec.groupby("region_code", sort=True):
        rows.append(_row(code, region_name(code), g))
    regions = rec[rec["region_code"] != RIKET]
    rows.append(_row("alla", "Alla regioner (region-år)", regions))
    return pd.DataFrame(rows)
