"""Each region's own series beside Riket: the data behind the region pages and the explorer.

The analysis sheet's ``profile`` indicators decide which series are shown. One long table
(:func:`profile_series`) holds, per indicator, region and year, the region's value, Riket's
value and the lowest and highest regional value that year, so a page can draw a region
against the country and the regions' range without reshaping data itself.
"""

from __future__ import annotations

import pandas as pd

from analysis.regions import REGION_CODES, RIKET, comparison_years, region_name, with_min_regions
from analysis.registry import break_years, ids_for

SERIES_COLUMNS = [
    "indicator",
    "name",
    "family",
    "unit",
    "direction",
    "region_code",
    "year",
    "value",
    "riket",
    "lowest",
    "highest",
    "segment",
]


def profile_series(tidy: pd.DataFrame, registry: pd.DataFrame, min_regions: int) -> pd.DataFrame:
    """Region × year values of the sheet's ``profile`` indicators with Riket and the regions' range.

    ``tidy`` is a tidy table (``validation.TIDY_COLUMNS``); only both-sexes rows are used.
    Riket's value is missing (NaN) in years where the source has none. The range (``lowest``,
    ``highest``) is missing in years that fewer than ``min_regions`` regions report, as those
    years are left out of every regional comparison: a range of a few regions is not the
    regions' range. ``segment`` numbers the parts of a series between the sheet's breaks (a
    changed method), so figures do not join values that are not comparable. Rows are in sheet
    order of the indicators, then region code and year.
    """
    ids = ids_for(registry, "profile")
    sheet = registry.set_index("id").loc[ids, ["name_sv", "family", "unit", "direction", "breaks"]]
    rows = tidy[tidy["indicator"].isin(ids) & (tidy["sex"] == "T")]
    regions = rows[rows["region_code"].isin(REGION_CODES)][["indicator", "region_code", "year", "value"]]
    riket = (
        rows[rows["region_code"] == RIKET][["indicator", "year", "value"]]
        .rename(columns={"value": "riket"})
        .drop_duplicates(["indicator", "year"])
    )
    span = regions.groupby(["indicator", "year"])["value"].agg(lowest="min", highest="max", n="count")
    span.loc[span["n"] < min_regions, ["lowest", "highest"]] = float("nan")
    span = span.drop(columns="n").reset_index()
    out = regions.merge(riket, on=["indicator", "year"], how="left").merge(span, on=["indicator", "year"])
    out = out.merge(sheet.rename(columns={"name_sv": "name"}), left_on="indicator", right_index=True)
    # the part of the series between its breaks (0 before the first): no line joins two parts
    out["segment"] = [
        sum(year >= b for b in break_years(text))
        for year, text in zip(out["year"], out["breaks"], strict=True)
    ]
    out["order"] = out["indicator"].map({i: k for k, i in enumerate(ids)})
    out = out.sort_values(["order", "region_code", "year"]).reset_index(drop=True)
    return with_min_regions(out[SERIES_COLUMNS], min_regions)


def region_panel(series: pd.DataFrame, code: str) -> pd.DataFrame:
    """One region's rows of :func:`profile_series`; raises on an unknown or absent region."""
    if code not in REGION_CODES:
        raise KeyError(f"unknown region code {code!r}")
    return series[series["region_code"] == code].reset_index(drop=True)


def explorer_payload(series: pd.DataFrame) -> dict:
    """The explorer's data as plain JSON-ready structures (no NaN: missing values are ``None``).

    ``{"regions": [{"code", "name"}], "indicators": [{"id", "name", "unit", "family",
    "years", "riket", "range", "values": {code: [...]}}]}``: one list of years per indicator,
    and for Riket and every region the value per year in that order; ``range`` is the regions'
    ``[lowest, highest]`` per year, ``None`` in years too few regions report
    (:func:`profile_series`), so the explorer draws the band the region pages draw; ``breaks``
    the positions where a part after a series break starts, which no line or band crosses.
    """

    def clean(values) -> list:
        return [None if pd.isna(v) else round(float(v), 3) for v in values]

    indicators = []
    for ind, d in series.groupby("indicator", sort=False):
        years = sorted(d["year"].unique().tolist())
        wide = d.pivot_table(index="year", columns="region_code", values="value", aggfunc="first").reindex(
            years
        )
        by_year = d.drop_duplicates("year").set_index("year").reindex(years)
        first = d.iloc[0]
        indicators.append(
            {
                "id": str(ind),
                "name": str(first["name"]),
                "unit": str(first["unit"]),
                "family": str(first["family"]),
                "years": [int(y) for y in years],
                "riket": clean(by_year["riket"]),
                "range": [
                    None if pd.isna(lo) else [round(float(lo), 3), round(float(hi), 3)]
                    for lo, hi in zip(by_year["lowest"], by_year["highest"], strict=True)
                ],
                # positions in ``years`` where a part after a series break starts: no line across
                "breaks": [
                    k
                    for k in range(1, len(years))
                    if by_year["segment"].iat[k] != by_year["segment"].iat[k - 1]
                ],
                "values": {c: clean(wide[c]) if c in wide else [None] * len(years) for c in REGION_CODES},
            }
        )
    return {
        "regions": [{"code": c, "name": region_name(c)} for c in REGION_CODES],
        "indicators": indicators,
    }


def latest_summary(
    series: pd.DataFrame, min_regions: int, breaks: dict[str, str] | None = None
) -> pd.DataFrame:
    """Per indicator, the last year of its regional comparisons: Riket's value and the lowest
    and highest region (the explorer's static summary), with how many regions share each value
    (``lowest_n``, ``highest_n``: whole-percent series tie often).

    The year follows the rule of every regional comparison (:func:`analysis.regions.
    comparison_years`: at least ``min_regions`` regions, on the longer side of any series
    break in the sheet's ``breaks``, indicator id -> ``"YYYY: what changed"``), so it is the
    year the region pages rank. ``later`` holds the years after it that the series has, which the explorer's
    figures show but no comparison uses. An indicator without such a year keeps its row, with
    missing values.
    """
    rows = []
    for ind, d in series.groupby("indicator", sort=False):
        counts = d.dropna(subset=["value"]).groupby("year")["region_code"].nunique()
        years = comparison_years(counts.to_dict(), break_years((breaks or {}).get(ind)), min_regions)
        first = d.iloc[0]
        row = {k: first[k] for k in ("indicator", "name", "family", "unit")}
        row.update(
            year=None,
            riket=None,
            lowest_region=None,
            lowest=None,
            lowest_n=0,
            highest_region=None,
            highest=None,
            highest_n=0,
        )
        last = max(years) if years else None
        if last is not None:
            y = d[(d["year"] == last)].dropna(subset=["value"])
            low, high = y.loc[y["value"].idxmin()], y.loc[y["value"].idxmax()]
            row.update(
                year=last,
                riket=y["riket"].iloc[0],
                lowest_region=low["region_code"],
                lowest=low["value"],
                lowest_n=int((y["value"] == low["value"]).sum()),  # regions sharing the lowest value
                highest_region=high["region_code"],
                highest=high["value"],
                highest_n=int((y["value"] == high["value"]).sum()),
            )
        row["later"] = ", ".join(str(y) for y in sorted(counts.index) if last is None or y > last)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["year"] = out["year"].astype("Int64")
    return out
