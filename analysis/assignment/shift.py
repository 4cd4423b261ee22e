"""Questions 4–5: did care move from the regions to the municipalities, and with what effects?

Inputs (the analysis sheet's roles in ``analysis.assignment.roles``): Kolada's municipal home
health care for people 65+ (share of inhabitants 65+, per kommun 2007–2022), the kommun → län
key, and region × year series from the tidy Kolada table (beds, readmissions, emergency visits
80+, discharge-ready bed share, overcrowding) plus days as discharge-ready (regions in the
extra files).

Aggregation kommun → län: a weighted mean of the kommuner's shares. The right weight is each
kommun's population 65+, which the snapshot does not hold; the workflow passes equal weights
then (every kommun counts the same) and says so, and :func:`national_check` compares the
resulting national mean with Kolada's own national value so the size of that error is shown.

Models (:func:`shift_models`): within-region two-way fixed effects (:mod:`.panel`), so
level differences between regions and shocks common to all years (the pandemic) are
absorbed. Assumptions: the regressors' within-region changes are not driven by something
else that also moves the outcome; linear effects; 20–21 clusters. Associations, not causes.
"""

from __future__ import annotations

import pandas as pd

from analysis.assignment.panel import PanelResult, fit_fe
from analysis.assignment.roles import SHIFT as SERIES
from analysis.regions import REGION_CODES, RIKET

#: (model id, outcome, regressors): the questions asked of the panel.
MODELS = [
    ("hemsjukvard_vardplatser", "hhc", ["beds"]),
    ("utskrivningsklara_vardplatser", "discharge_days", ["beds", "hhc"]),
    ("overbelaggningar", "overcrowding", ["beds", "hhc"]),
    ("aterinskrivning", "readmissions", ["beds", "hhc"]),
    ("akutbesok80", "emergency80", ["beds", "hhc"]),
]


def aggregate_to_lan(
    kommun_values: pd.DataFrame,
    key: pd.DataFrame,
    weights: pd.DataFrame | None = None,
    value: str = "value",
) -> pd.DataFrame:
    """Weighted mean of a kommun-level share per län and year.

    ``kommun_values``: columns ``kommun, year, <value>``; ``key``: ``kommun, region`` (two-digit
    län code); ``weights``: ``kommun, year, weight`` (e.g. population 65+) or None for equal
    weights. Kommuner missing a value or a weight are left out of that län-year and counted in
    ``n_kommuner``/``n_missing``, never silently treated as zero.
    """
    k = key[["kommun", "region"]].astype(str)
    d = kommun_values.astype({"kommun": str}).merge(k, on="kommun", how="left", validate="many_to_one")
    unknown = d.loc[d["region"].isna(), "kommun"].unique()
    if len(unknown):
        raise ValueError(f"kommun codes not in the key: {sorted(unknown)[:10]}")
    if weights is None:
        d["weight"] = 1.0
    else:
        d = d.merge(weights.astype({"kommun": str}), on=["kommun", "year"], how="left")
    ok = d[value].notna() & d["weight"].notna() & (d["weight"] > 0)
    d["wx"] = d[value] * d["weight"]
    agg = (
        d[ok]
        .groupby(["region", "year"])
        .agg(wx=("wx", "sum"), w=("weight", "sum"), n_kommuner=("kommun", "nunique"))
        .reset_index()
    )
    agg["value"] = agg["wx"] / agg["w"]
    expected = k.groupby("region")["kommun"].nunique()
    agg["n_missing"] = agg["region"].map(expected) - agg["n_kommuner"]
    return agg.rename(columns={"region": "region_code"})[
        ["region_code", "year", "value", "n_kommuner", "n_missing"]
    ]


def national_check(kommun_values: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Compare the equal-weight mean over all kommuner with Kolada's national value per year."""
    mean = kommun_values.groupby("year")["value"].mean().rename("kommun_mean")
    nat = national.set_index("year")["value"].rename("kolada_riket")
    out = pd.concat([mean, nat], axis=1, join="inner").reset_index()
    out["difference"] = out["kommun_mean"] - out["kolada_riket"]
    return out


def read_ddf(path_or_frame, column: str) -> pd.DataFrame:
    """A Kolada-dump DDF table (``geo, year, <column>``) with ``geo`` kept as text."""
    d = (
        path_or_frame
        if isinstance(path_or_frame, pd.DataFrame)
        else pd.read_csv(path_or_frame, dtype={"geo": str})
    )
    return d.rename(columns={column: "value"})[["geo", "year", "value"]]


def split_geo(ddf: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Split a DDF table into ``kommun`` (four digits), ``region`` (two) and ``riket`` (``0``)."""
    n = ddf["geo"].str.len()
    return {
        "kommun": ddf[n == 4].rename(columns={"geo": "kommun"}),
        "region": ddf[n == 2].rename(columns={"geo": "region_code"}),
        "riket": ddf[ddf["geo"] == "0"].drop(columns="geo"),
    }


def build_panel(
    kolada: pd.DataFrame, hhc_lan: pd.DataFrame, discharge_days: pd.DataFrame, first_year: int, last_year: int
) -> pd.DataFrame:
    """Region × year panel: hhc (home care, aggregated), discharge_days and :data:`SERIES`.

    ``kolada``: a tidy table whose ``indicator`` holds the sheet roles of :data:`SERIES`
    (``analysis.registry.as_roles``).
    """
    t = kolada[(kolada["indicator"].isin(SERIES)) & (kolada["sex"] == "T")]
    w = t.pivot_table(index=["region_code", "year"], columns="indicator", values="value").rename(
        columns=SERIES
    )
    w = w.reset_index()
    grid = pd.MultiIndex.from_product(
        [REGION_CODES, range(first_year, last_year + 1)], names=["region_code", "year"]
    ).to_frame(index=False)
    out = grid.merge(w, on=["region_code", "year"], how="left")
    out = out.merge(
        hhc_lan[["region_code", "year", "value"]].rename(columns={"value": "hhc"}),
        on=["region_code", "year"],
        how="left",
    )
    dd = discharge_days[discharge_days["region_code"] != RIKET][["region_code", "year", "value"]]
    out = out.merge(dd.rename(columns={"value": "discharge_days"}), on=["region_code", "year"], how="left")
    columns = [*SERIES.values(), "hhc", "discharge_days"]
    for c in columns:
        if c not in out:
            out[c] = float("nan")
    return out[["region_code", "year", *columns]]  # in a fixed order, whatever the sheet's ids


def shift_models(panel: pd.DataFrame, confidence: float = 0.95) -> PanelResult:
    """Fit :data:`MODELS` on the panel (two-way FE, cluster-robust by region)."""
    parts = [fit_fe(panel, outcome, regs, model=mid, confidence=confidence) for mid, outcome, regs in MODELS]
    return PanelResult(
        pd.concat(parts, ignore_index=True),
        confidence,
        notes=["Associations within regions over time; not causal effects."],
    )


def region_changes(panel: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Per region: change in beds per 1 000 and in the hhc share (pp) from ``start`` to ``end``."""
    a = panel[panel["year"] == start].set_index("region_code")
    b = panel[panel["year"] == end].set_index("region_code")
    out = pd.DataFrame(
        {
            "beds_start": a["beds"],
            "beds_end": b["beds"],
            "hhc_start": a["hhc"],
            "hhc_end": b["hhc"],
        }
    )
    out["beds_change"] = out["beds_end"] - out["beds_start"]
    out["hhc_change_pp"] = out["hhc_end"] - out["hhc_start"]
    out["start_year"], out["end_year"] = start, end
    return out.reset_index()
