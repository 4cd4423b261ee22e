"""Numbers transcribed from the source reports (``data-raw/transcriptions/*.csv``).

One row per printed value, with its provenance: report, element (figure/table/prose item
as in the report map), printed page, line in the plain-text seed, series, group, year,
value, unit, n where known, how the value was obtained (``status``) and a note. Values
that are not exactly as printed (derived, OCR-corrected, approximate) must say why in
``note``; the loader refuses them otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.regions import ALL_CODES
from analysis.validation import DataValidationError, Problem

COLUMNS = [
    "report",  # "000" … "004" (the seed's number)
    "element",  # report-map id without the report, e.g. "Fig 44", "Tabell 4", "P01", "Bilaga 2"
    "page",  # printed page number in the report (int; empty if unknown)
    "line",  # 1-based line in ../shared/seeds/<report>_*.txt where the value is printed
    "series",  # what is measured, short English slug, e.g. "fast_vardkontakt"
    "group_type",  # "total", "sex", "age", "region", "municipality_type", "recipient", "area", ...
    "group",  # group label as printed (Swedish), "Totalt" for totals
    "region_code",  # canonical two-digit code when group_type == "region", else empty
    "year",  # int, or empty for undated values
    "value",  # float, decimal point
    "unit",  # "procent", "mnkr", "antal", "kr/inv", "procentenheter", "index", ...
    "n",  # sample size / base when known, else empty
    "status",  # "printed", "derived", "corrected", "approximate"
    "note",  # required unless status == "printed"
]

STATUSES = ["printed", "derived", "corrected", "approximate"]

SCHEMA = pa.DataFrameSchema(
    {
        "report": pa.Column(str, pa.Check.isin(["000", "001", "002", "003", "004"])),
        "element": pa.Column(str, pa.Check.str_length(min_value=1)),
        "page": pa.Column("Int64", pa.Check.in_range(1, 400), nullable=True, coerce=True),
        "line": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
        "series": pa.Column(str, pa.Check.str_length(min_value=1)),
        "group_type": pa.Column(str, pa.Check.str_length(min_value=1)),
        "group": pa.Column(str, pa.Check.str_length(min_value=1)),
        "region_code": pa.Column(str, pa.Check.isin(["", *ALL_CODES])),
        "year": pa.Column("Int64", pa.Check.in_range(1990, 2035), nullable=True, coerce=True),
        "value": pa.Column(float, coerce=True),
        "unit": pa.Column(str, pa.Check.str_length(min_value=1)),
        "n": pa.Column(float, pa.Check.gt(0), nullable=True, coerce=True),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "note": pa.Column(str),
    },
    strict=True,
)


def read_transcription_file(path: Path) -> pd.DataFrame:
    """Read and validate one transcription CSV; errors name file, row and column."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.insert(0, "_row", range(2, len(df) + 2))
    problems: list[Problem] = []
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise DataValidationError(
            [Problem(str(path), 1, c, "<missing>", "this column in the header") for c in missing], str(path)
        )
    body = df[COLUMNS].replace("", pd.NA)
    for col in ("region_code", "note"):
        body[col] = df[col]
    try:
        out = SCHEMA.validate(body, lazy=True)
    except pa.errors.SchemaErrors as err:
        for case in err.failure_cases.itertuples(index=False):
            row = int(df.at[case.index, "_row"]) if pd.notna(case.index) else None
            problems.append(Problem(str(path), row, str(case.column), case.failure_case, str(case.check)))
        raise DataValidationError(problems, str(path)) from None
    unexplained = (out["status"] != "printed") & (out["note"].str.strip() == "")
    for idx in out.index[unexplained]:
        problems.append(
            Problem(
                str(path),
                int(df.at[idx, "_row"]),
                "note",
                "",
                f"a reason for status '{out.at[idx, 'status']}'",
            )
        )
    bad_region = (out["group_type"] == "region") & (out["region_code"] == "")
    for idx in out.index[bad_region]:
        problems.append(Problem(str(path), int(df.at[idx, "_row"]), "region_code", "", "a region code"))
    if problems:
        raise DataValidationError(problems, str(path))
    out.insert(len(out.columns), "source_file", path.name)
    out.insert(len(out.columns), "source_row", df["_row"].to_numpy())
    return out


def load_transcriptions(directory: Path) -> pd.DataFrame:
    """All transcription files of a directory, concatenated and validated."""
    files = sorted(Path(directory).glob("*.csv"))
    if not files:
        raise FileNotFoundError(f"no transcription CSV files in {directory}")
    return pd.concat([read_transcription_file(f) for f in files], ignore_index=True)


CATEGORICAL_COLUMNS = [
    "report",
    "element",
    "page",
    "line",
    "region_code",
    "region",
    "attribute",
    "value",
    "note",
]


def read_categorical_file(path: Path) -> pd.DataFrame:
    """Read one categorical region table (e.g. 001 Tabell 13); errors name file, row and column."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CATEGORICAL_COLUMNS if c not in df.columns]
    if missing:
        raise DataValidationError(
            [Problem(str(path), 1, c, "<missing>", "this column in the header") for c in missing], str(path)
        )
    problems = [
        Problem(str(path), i + 2, "region_code", code, "a two-digit region code")
        for i, code in enumerate(df["region_code"])
        if code not in ALL_CODES
    ]
    problems += [
        Problem(str(path), i + 2, col, "", "a non-empty value")
        for col in ("report", "element", "attribute")
        for i, v in enumerate(df[col])
        if not v.strip()
    ]
    if problems:
        raise DataValidationError(problems, str(path))
    out = df.copy()
    out["source_file"] = path.name
    out["source_row"] = range(2, len(df) + 2)
    return out
