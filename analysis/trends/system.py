"""Chapter 15's data: the system series in Kolada, the report's register figures they stand in
for, and the few values the report prints in its chapter 15.

The report's register figures (001 Fig 52, 59, 60, 62) carry no data labels. Where Kolada has
a series with the same or a close definition, the element is reproduced from Kolada in the
report's unit; ``data-raw/system_definitions.csv`` pairs each figure with its series, gives
the factor to the report's unit and names the differences (read by :func:`analysis.declarations.read_definitions`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.regions import with_min_regions


def national_and_range(kolada: pd.DataFrame, ids: list[str], min_regions: int) -> pd.DataFrame:
    """Per series and year: the national value and the regions' lowest and highest values.

    The range is missing (NaN) in years fewer than ``min_regions`` regions report, as on the
    region pages: those years are out of every regional comparison. ``n_regions`` says how many.
    """
    frames = []
    for ind in ids:
        d = kolada[(kolada["indicator"] == ind) & (kolada["sex"] == "T")].dropna(subset=["value"])
        reg = d[d["region_code"] != "00"].groupby("year")["value"].agg(["min", "max", "count"])
        reg.loc[reg["count"] < min_regions, ["min", "max"]] = np.nan
        nat = d[d["region_code"] == "00"].set_index("year")["value"].rename("national")
        both = reg.rename(columns={"min": "region_min", "max": "region_max", "count": "n_regions"}).join(
            nat, how="outer"
        )
        frames.append(both.reset_index().assign(indicator=ind))
    cols = ["indicator", "year", "national", "region_min", "region_max", "n_regions"]
    if not frames:
        return with_min_regions(pd.DataFrame(columns=cols), min_regions)
    out = pd.concat(frames, ignore_index=True)[cols]
    out["n_regions"] = out["n_regions"].fillna(0).astype(int)
    return with_min_regions(out.sort_values(["indicator", "year"]).reset_index(drop=True), min_regions)


def element_series(ranges: pd.DataFrame, definitions: pd.DataFrame) -> pd.DataFrame:
    """The report's register figures reproduced from Kolada, in the report's unit.

    One row per element and year: national value and regional range multiplied by
    ``scale_to_report`` (e.g. per 1 000 -> per 100 000 inhabitants), with the element's page
    and how close the definitions are.
    """
    frames = []
    for d in definitions.itertuples(index=False):
        rows = ranges[ranges["indicator"] == d.indicator].copy()
        if rows.empty:
            continue
        for col in ("national", "region_min", "region_max"):
            rows[col] = rows[col] * d.scale_to_report
        frames.append(
            rows.assign(
                element=d.element,
                page=d.page,
                unit=d.report_unit,
                scale_to_report=d.scale_to_report,
                match=d.match,
            )
        )
    cols = ["element", "indicator", "year", "national", "region_min", "region_max", "n_regions", "unit"]
    cols += ["scale_to_report", "match", "page"] + (["reform_start"] if "reform_start" in ranges else [])
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


# --- the report's printed values of chapter 15 ---------------------------------------------


def report_rows(report: pd.DataFrame, element: str, series: str | list[str] | None = None) -> pd.DataFrame:
    """Rows of one element of report 001 (optionally some series); a clear error when missing."""
    rows = report[(report["report"] == "001") & (report["element"] == element)]
    if series is not None:
        rows = rows[rows["series"].isin([series] if isinstance(series, str) else series)]
    if rows.empty:
        what = f"rapport 001, {element}" + (f", serie {series}" if series is not None else "")
        raise LookupError(f"{what} saknas i rapporttranskriptionerna: transkribera värdena och kör om.")
    return rows


def report_value(report: pd.DataFrame, element: str, series: str, year: int | None = None) -> float:
    """The single value of a series (optionally one year); error if not exactly one row."""
    rows = report_rows(report, element, series)
    if year is not None:
        rows = rows[rows["year"] == year]
    if len(rows) != 1:
        raise ValueError(f"{element}, {series}, {year}: expected one row, got {len(rows)}")
    return float(rows["value"].iloc[0])


def first_last_change(report: pd.DataFrame, element: str, series: str) -> dict:
    """First and last year of a printed series, the change and the change in percent."""
    values = report_rows(report, element, series).set_index("year")["value"].sort_index()
    first, last = int(values.index.min()), int(values.index.max())
    change = float(values[last] - values[first])
    return {
        "first_year": first,
        "last_year": last,
        "first": float(values[first]),
        "last": float(values[last]),
        "change": change,
        "change_pct": 100 * change / float(values[first]) if values[first] else np.nan,
    }
