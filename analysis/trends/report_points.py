"""Chapter 14's report transcriptions as analysable points.

The report's survey shares with their sample sizes (001 Fig 28) and Wilson intervals
(:func:`panel_points`), the fast-läkare measurements from different instruments
(:func:`instrument_points`), the GP-specialist target arithmetic (:func:`gp_target_gap`)
and the chapter's figure-status table (:func:`figure_status`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.presentation.text import lower_first
from analysis.trends.contrasts import proportion_interval, ratio_target_gap


def panel_sizes(report: pd.DataFrame, element: str = "Fig 28") -> pd.DataFrame:
    """Sample sizes per survey instrument and year from the report's data-source figure (001 Fig 28).

    Instruments: ``webbpanel`` (VoO patient web panels), ``befolkningspanel`` (VoO population
    panel), ``IHP 65+`` and ``HSB``; read from the transcribed group labels.
    """
    rows = report[(report["report"] == "001") & (report["element"] == element) & report["year"].notna()]
    out = []
    for r in rows.itertuples(index=False):
        group = str(r.group).lower()
        if r.series == "survey_patients":
            instrument = "befolkningspanel" if "befolkningspanel" in group else "webbpanel"
        elif r.series == "survey_respondents" and group.startswith("ihp"):
            instrument = "IHP 65+"
        elif r.series == "survey_respondents" and "barometern" in group:
            instrument = "HSB"
        else:
            continue
        out.append({"instrument": instrument, "year": int(r.year), "n": float(r.value)})
    return pd.DataFrame(out, columns=["instrument", "year", "n"])


#: Populations for which the whole survey's n is the base of the share (else: a subgroup, n unknown).
WHOLE_SAMPLE_POPULATIONS = ("patienter", "befolkning", "befolkning 65+", "patienter och övriga")

#: ``group`` labels of 001 Fig 41 -> instrument.
GROUP_INSTRUMENTS = {"webbpanel": "webbpanel", "befolkningspanel": "befolkningspanel"}


def _reading(r, year: int | None, n: float) -> dict:
    """One transcribed report value as a point: year, value, status, n and where it stands."""
    return {
        "year": year,
        "value": float(r.value),
        "status": r.status,
        "n": n,
        "page": int(r.page) if pd.notna(r.page) else None,
        "line": int(r.line) if pd.notna(r.line) else None,
    }


def _points(rows: list[dict], confidence: float) -> pd.DataFrame:
    """The points as a table with Wilson intervals where n is known (none for approximate values)."""
    pts = pd.DataFrame(rows)
    if pts.empty:
        return pts
    usable = pts["status"] != "approximate"
    pts["ci_low"], pts["ci_high"] = proportion_interval(pts["value"].where(usable), pts["n"], confidence)
    return pts


def panel_points(
    report: pd.DataFrame, figures: pd.DataFrame, sizes: pd.DataFrame, confidence: float = 0.95
) -> pd.DataFrame:
    """The report's survey points for the chapter's figures, with n and a Wilson interval.

    ``figures`` is the chapter's mapping (``data-raw/figure_status_kap14.csv``): figure,
    series, instrument, population, family, direction, label. ``n`` is the instrument's sample
    size for that year (001 Fig 28) when the share is of the whole sample; for subgroups and
    undated or approximate values no interval is given. Intervals assume simple random
    sampling and ignore "vet inte" exclusions, weighting and panel effects (indicative only).
    """
    fmap = figures[figures["series"].fillna("") != ""]
    keys = fmap.set_index(["figure", "series"])
    rows = report[(report["report"] == "001") & report["element"].isin(fmap["figure"])]
    size = {(r.instrument, int(r.year)): r.n for r in sizes.itertuples(index=False)}
    out = []
    for r in rows.itertuples(index=False):
        if (r.element, r.series) not in keys.index or r.unit != "procent":
            continue
        m = keys.loc[(r.element, r.series)]
        instrument = m["instrument"] if isinstance(m["instrument"], str) and m["instrument"] else ""
        if not instrument and r.group_type == "survey":
            instrument = GROUP_INSTRUMENTS.get(str(r.group).lower(), "")
        year = int(r.year) if pd.notna(r.year) else None
        whole = m["population"] in WHOLE_SAMPLE_POPULATIONS
        n = r.n if pd.notna(r.n) else (size.get((instrument, year), np.nan) if whole and year else np.nan)
        out.append(
            {
                "figure": r.element,
                "series": r.series,
                "label_sv": m["label_sv"],
                "family": m["family"],
                "direction": m["direction"],
                "instrument": instrument,
                "population": m["population"],
                "group_type": r.group_type,
                "group": r.group,
                **_reading(r, year, n),
                "note": r.note,
            }
        )
    pts = _points(out, confidence)
    if pts.empty:
        return pts
    return pts.sort_values(["figure", "series", "group", "year"]).reset_index(drop=True)


def instrument_points(
    report: pd.DataFrame, sources: Sequence[Mapping], sizes: pd.DataFrame, confidence: float = 0.95
) -> pd.DataFrame:
    """Shares with a fast läkare (or similar) from different instruments, for one comparison.

    ``sources`` items: ``report``, ``element``, ``series``, ``instrument`` (label; empty =
    take it from the row's group), ``n_instrument`` (key into ``sizes`` or empty) and
    ``kind`` (e.g. ``"enkät"``, ``"regionernas uppgifter"``, ``"mål"``). Wilson intervals
    where n is known.
    """
    size = {(r.instrument, int(r.year)): r.n for r in sizes.itertuples(index=False)}
    out = []
    for src in sources:
        rows = report[
            (report["report"] == src["report"])
            & (report["element"] == src["element"])
            & (report["series"] == src["series"])
        ]
        for r in rows.itertuples(index=False):
            label = src.get("instrument") or str(r.group)
            n_key = src.get("n_instrument") or GROUP_INSTRUMENTS.get(str(r.group).lower(), "")
            year = int(r.year) if pd.notna(r.year) else None
            n = r.n if pd.notna(r.n) and src.get("kind") == "enkät" else size.get((n_key, year), np.nan)
            out.append(
                {
                    "report": r.report,
                    "element": r.element,
                    "series": r.series,
                    "instrument": label,
                    "kind": src.get("kind", ""),
                    "group_type": r.group_type,
                    "group": r.group,
                    "region_code": r.region_code,
                    **_reading(r, year, n),
                }
            )
    return _points(out, confidence)


def gp_target_gap(
    report: pd.DataFrame,
    *,
    ratio_series: str = "inhabitants_per_gp_specialist",
    target_series: str = "riktvarde_patients_per_gp",
    reported_series: str = "gp_specialists_increase_needed",
    report_id: str = "001",
) -> pd.DataFrame:
    """Gap arithmetic for inhabitants per GP specialist against the riktvärde (001-P01).

    Uses the first and last dated values of ``ratio_series`` and the undated target; adds the
    report's own stated increase for comparison. Empty frame when the values are missing.
    """
    rows = report[report["report"] == report_id]
    ratio = rows[(rows["series"] == ratio_series) & rows["year"].notna()].sort_values("year")
    target = rows.loc[rows["series"] == target_series, "value"]
    if len(ratio) < 2 or target.empty:
        return pd.DataFrame()
    first, last = ratio.iloc[0], ratio.iloc[-1]
    out = ratio_target_gap(
        float(first["value"]),
        float(last["value"]),
        int(first["year"]),
        int(last["year"]),
        float(target.iloc[0]),
    )
    reported = rows.loc[rows["series"] == reported_series, "value"]
    out["reported_increase_pct"] = float(reported.iloc[0]) if len(reported) else np.nan
    out["element"] = str(first["element"])
    out["page"] = int(first["page"]) if pd.notna(first["page"]) else None
    return pd.DataFrame([out])


def add_target_gap(points: pd.DataFrame, target: float) -> pd.DataFrame:
    """Add the distance to a target share (percentage points), with the interval shifted alike."""
    out = points.copy()
    out["target"] = target
    out["gap_to_target"] = out["value"] - target
    out["gap_low"] = out["ci_low"] - target
    out["gap_high"] = out["ci_high"] - target
    return out


def figure_note(series: pd.DataFrame) -> str:
    """The notes of one figure's series (``label_sv``, ``note_sv``): one shared note as is,
    different notes each after its series' label, so a reader knows which question each is about."""
    notes = series[series["note_sv"].astype(bool)]
    if notes["note_sv"].nunique() <= 1:
        return notes["note_sv"].iloc[0] if len(notes) else ""
    return " ".join(
        f"{label}: {lower_first(note)}"
        for label, note in zip(notes["label_sv"], notes["note_sv"], strict=True)
    )


def figure_status(figures: pd.DataFrame, report: pd.DataFrame, report_id: str = "001") -> pd.DataFrame:
    """One row per report figure: the committed status and the transcribed values behind it.

    ``values`` counts the transcribed rows of the figure (``approximate`` counted separately);
    ``page`` is the first printed page where the figure's values are transcribed.
    """
    rows = report[report["report"] == report_id]
    out = []
    for figure, g in figures.groupby("figure", sort=False):
        vals = rows[rows["element"] == figure]
        first = g.iloc[0]
        out.append(
            {
                "figure": figure,
                "number": int(str(figure).split()[-1]),
                "title_sv": first["label_sv"] if len(g) == 1 else "; ".join(g["label_sv"]),
                "section": first["section"],
                "family": first["family"],
                "status": first["status"],
                "replacement": "; ".join(x for x in g["replacement"].unique() if x),
                "note_sv": figure_note(g),
                "values": int((vals["status"] != "approximate").sum()),
                "values_approximate": int((vals["status"] == "approximate").sum()),
                "years": ", ".join(str(int(y)) for y in sorted(vals["year"].dropna().unique())),
                "page": int(vals["page"].min()) if vals["page"].notna().any() else None,
            }
        )
    return pd.DataFrame(out).sort_values("number").reset_index(drop=True)


def data_sources(report: pd.DataFrame, element: str = "Fig 28", report_id: str = "001") -> pd.DataFrame:
    """The report's survey sources (001 Fig 28): respondents and response rate per instrument and year.

    One row per source and year, in the report's order; the undated approximate total is left out.
    """
    rows = report[(report["report"] == report_id) & (report["element"] == element) & report["year"].notna()]
    rows = rows.assign(order=range(len(rows)), year=rows["year"].astype(int))
    n = rows[rows["series"].isin(["survey_patients", "survey_respondents"])]
    rate = rows[rows["series"] == "survey_response_rate"][["group", "year", "value"]]
    out = n[["group", "year", "value", "page", "order"]].merge(
        rate.rename(columns={"value": "response_rate"}), on=["group", "year"], how="left"
    )
    out = out.rename(columns={"group": "source", "value": "respondents"}).sort_values("order")
    return out.drop(columns="order").reset_index(drop=True)
