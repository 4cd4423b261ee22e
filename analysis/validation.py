"""Validation of the tidy tables with pandera, and error messages a person can act on.

Every source reader produces the same *tidy table*: one row per value, keyed by
``(source, indicator, region_code, year, sex)``, and carrying ``source_file`` and
``source_row`` (1-based line in the original file, header = line 1) so that any problem can
be traced to the exact place it came from. ``validate_tidy`` checks the table with a
pandera schema plus the registry's units, and raises :class:`DataValidationError` listing
*every* problem (file, row, column, value found, what was expected). Nothing is dropped or
filled silently; gaps in a region × year grid are reported by ``coverage_gaps``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.regions import ALL_CODES

#: Column order of every tidy table written to ``results/tidy/*.parquet``.
TIDY_COLUMNS: list[str] = [
    "source",  # "kolada", "vis", "skr", "report"
    "indicator",  # Kolada KPI id, VIS indicator slug, SKR area, ...
    "region_code",  # canonical two-digit län code, "00" = Riket (see analysis.regions)
    "year",  # int
    "sex",  # "T" total, "K" women, "M" men
    "value",  # float
    "unit",  # "procent", "kr/inv", "antal", ...
    "numerator",  # float or NaN when not published
    "denominator",  # float or NaN when not published
    "ci_low",  # float or NaN
    "ci_high",  # float or NaN
    "source_file",  # file the row was read from (or the API URL)
    "source_row",  # 1-based line in source_file (header = 1); 0 for API rows
]

KEY: list[str] = ["source", "indicator", "region_code", "year", "sex"]

PERCENT_UNITS = {"procent", "%"}
#: Units whose values cannot be negative. Net costs ("kr/inv (netto)", SKR) can be: income
#: booked against an area exceeds its cost in a few region-years.
NON_NEGATIVE_UNITS = {"kr/inv", "kronor", "tkr", "mkr", "antal", "antal/100 000 inv", "procent", "%"}

MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class Problem:
    """One validation failure, located precisely."""

    file: str
    row: int | None
    column: str
    value: object
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row is not None else self.file
        value = self.value.item() if hasattr(self.value, "item") else self.value
        return f"{where}, column '{self.column}': found {value!r}, expected {self.expected}"


class DataValidationError(ValueError):
    """Raised when input data break the schema; lists every problem found."""

    def __init__(self, problems: list[Problem], context: str = ""):
        self.problems = problems
        head = f"{len(problems)} data problem(s)" + (f" in {context}" if context else "")
        lines = [str(p) for p in problems[:50]]
        if len(problems) > 50:
            lines.append(f"... and {len(problems) - 50} more")
        super().__init__(head + ":\n  " + "\n  ".join(lines))


def _nullable_float(checks=None) -> pa.Column:
    return pa.Column(float, checks=checks or [], nullable=True, coerce=True)


def _is_text(series: pd.Series) -> bool:
    """Strings, or categorical strings (large readers keep the few distinct texts once)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return pd.api.types.is_string_dtype(series.cat.categories)
    return pd.api.types.is_string_dtype(series)


def _text(*checks: pa.Check) -> pa.Column:
    return pa.Column(None, [pa.Check(_is_text, name="text"), *checks])


TIDY_SCHEMA = pa.DataFrameSchema(
    {
        "source": _text(pa.Check.str_length(min_value=1)),
        "indicator": _text(pa.Check.str_length(min_value=1)),
        "region_code": _text(pa.Check.isin(list(ALL_CODES))),
        "year": pa.Column(int, pa.Check.in_range(MIN_YEAR, MAX_YEAR), coerce=True),
        "sex": _text(pa.Check.isin(["T", "K", "M"])),
        "value": pa.Column(float, nullable=False, coerce=True),
        "unit": _text(pa.Check.str_length(min_value=1)),
        "numerator": _nullable_float([pa.Check.ge(0)]),
        "denominator": _nullable_float([pa.Check.gt(0)]),
        "ci_low": _nullable_float(),
        "ci_high": _nullable_float(),
        "source_file": _text(),
        "source_row": pa.Column(int, pa.Check.ge(0), coerce=True),
    },
    strict=True,  # the unique key is checked by _duplicate_rows (pandera's check copies the table)
    ordered=False,
)

_EXPECTED = {
    "region_code": f"one of the 21 region codes or '00' (Riket): {', '.join(ALL_CODES)}",
    "year": f"a whole year between {MIN_YEAR} and {MAX_YEAR}",
    "sex": "'T', 'K' or 'M'",
    "value": "a number",
    "numerator": "a non-negative number or empty",
    "denominator": "a positive number or empty",
}


def _locate(df: pd.DataFrame, index) -> tuple[str, int | None]:
    if index is None or index not in df.index:
        return (str(df["source_file"].iloc[0]) if "source_file" in df and len(df) else "<table>"), None
    row = df.loc[index]
    file = str(row["source_file"]) if "source_file" in df.columns else "<table>"
    line = int(row["source_row"]) if "source_row" in df.columns and pd.notna(row["source_row"]) else None
    return file, line


def _expected(column: str, check: str) -> str:
    if check == "multiple_fields_uniqueness":
        return f"a unique key ({', '.join(KEY)}); this key occurs more than once"
    if check in ("column_in_dataframe", "column_in_schema"):
        return "the columns " + ", ".join(TIDY_COLUMNS)
    return _EXPECTED.get(column, check)


def _duplicate_rows(df: pd.DataFrame) -> pd.Index:
    """Every row whose key (``KEY``) occurs more than once.

    The key columns are combined into one integer per row and sorted, so a large table (a
    million Kolada rows) is checked with two integer arrays; only when duplicates exist are
    they located with pandas.
    """
    if not set(KEY) <= set(df.columns) or len(df) < 2:
        return df.index[:0]
    combined, span = np.zeros(len(df), dtype=np.int64), 1
    for column in KEY:  # each column as integers from ``low``; missing values (-1 codes) included
        series = df[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes, low, size = series.cat.codes.to_numpy(), -1, len(series.cat.categories) + 1
        elif pd.api.types.is_integer_dtype(series.dtype):  # years: offsets, no hashing
            codes, low = series.to_numpy(), int(series.min())
            size = int(series.max()) - low + 1
        else:
            codes, uniques = pd.factorize(series)
            low, size = -1, len(uniques) + 1
        span *= size
        if span >= 2**62:  # too many combinations for one integer: let pandas do it
            return df.index[df.duplicated(KEY, keep=False)]
        combined *= size
        np.add(combined, codes, out=combined, casting="unsafe")  # in place, no overflow of small codes
        combined -= low
    combined.sort()
    if not (combined[1:] == combined[:-1]).any():
        return df.index[:0]
    return df.index[df.duplicated(KEY, keep=False)]


def _schema_problems(df: pd.DataFrame) -> list[Problem]:
    try:
        TIDY_SCHEMA.validate(df, lazy=True, inplace=True)  # no copy of a large table
    except pa.errors.SchemaErrors as err:
        problems = []
        for case in err.failure_cases.itertuples(index=False):
            index = case.index if pd.notna(case.index) else None
            file, line = _locate(df, index)
            column, value = str(case.column), case.failure_case
            problems.append(Problem(file, line, column, value, _expected(str(case.column), str(case.check))))
    else:
        problems = []
    for index in _duplicate_rows(df):
        value = "/".join(str(v) for v in df.loc[index, KEY])
        problems.append(
            Problem(*_locate(df, index), "+".join(KEY), value, _expected("", "multiple_fields_uniqueness"))
        )
    return problems


def _range_problems(
    df: pd.DataFrame, units: dict[str, str] | None, check_ranges: bool = True
) -> list[Problem]:
    problems: list[Problem] = []
    value = pd.to_numeric(df["value"], errors="coerce")
    pct = df["unit"].isin(PERCENT_UNITS) & ((value < 0) | (value > 100)) & check_ranges
    neg = df["unit"].isin(NON_NEGATIVE_UNITS) & (value < 0) & check_ranges
    for idx in df.index[pct]:
        problems.append(
            Problem(*_locate(df, idx), "value", df.at[idx, "value"], "a percentage between 0 and 100")
        )
    for idx in df.index[neg & ~pct]:
        problems.append(
            Problem(*_locate(df, idx), "value", df.at[idx, "value"], f"a non-negative {df.at[idx, 'unit']}")
        )
    if units:
        known = df["indicator"].map(units)
        bad = known.notna() & (known != df["unit"])
        for idx in df.index[bad]:
            problems.append(
                Problem(
                    *_locate(df, idx),
                    "unit",
                    df.at[idx, "unit"],
                    f"'{known[idx]}' as the indicator registry states for {df.at[idx, 'indicator']}",
                )
            )
        mixed = df.groupby("indicator")["unit"].nunique()
        for ind in mixed[mixed > 1].index:
            rows = df[df["indicator"] == ind]
            problems.append(
                Problem(
                    *_locate(df, rows.index[0]),
                    "unit",
                    sorted(rows["unit"].unique()),
                    f"one unit per indicator ({ind} mixes units)",
                )
            )
    return problems


def validate_tidy(
    df: pd.DataFrame, units: dict[str, str] | None = None, context: str = "", check_ranges: bool = True
) -> pd.DataFrame:
    """Check a tidy table and return it with coerced dtypes; raise listing every problem.

    ``units`` maps indicator id -> the unit the registry expects for it. ``check_ranges=False``
    leaves out the value-range checks (percentages 0-100, non-negative units): the caller
    then screens values itself and sets impossible ones aside with a reason
    (``analysis.quality``) instead of stopping on them. Structure is always checked.
    """
    missing = [c for c in TIDY_COLUMNS if c not in df.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(context or "<table>", None, c, "<missing>", "this column to be present")
                for c in missing
            ],
            context,
        )
    problems = _schema_problems(df) + _range_problems(df, units, check_ranges) + _absurd_problems(df)
    if problems:
        raise DataValidationError(problems, context)
    # _schema_problems validated in place: dtypes are coerced, no second pass or copy needed
    return df[TIDY_COLUMNS].reset_index(drop=True)


#: Structural limits on ``|value|`` per unit, far beyond anything a Swedish region can report
#: (the largest real kr/inv is about 50 000): a value past them is a broken file (a lost decimal
#: comma, an exponent), not data. Plausible ranges per indicator are stricter and live in the
#: analysis sheet; these only stop absurd numbers. Other units get ``ABSURD_DEFAULT``.
ABSURD_LIMITS: dict[str, float] = {
    "kr/inv": 1e6,
    "kr/inv (netto)": 1e6,
    "kr/viktad vårdkontakt": 1e6,
    "antal/1 000 inv": 1e6,
    "antal/100 000 inv": 1e8,
    "antal/100 vårdplatser": 1e5,
    "vårddygn/1 000 inv": 366_000.0,
}
ABSURD_DEFAULT = 1e10


def _absurd_problems(df: pd.DataFrame) -> list[Problem]:
    """Non-finite numbers anywhere and values beyond the structural limit of their unit.

    Percentages are left to the 0–100 check above.
    """
    problems: list[Problem] = []
    value = pd.to_numeric(df["value"], errors="coerce")
    limit = df["unit"].map(ABSURD_LIMITS).fillna(ABSURD_DEFAULT).astype(float)
    bad = (np.isinf(value) | (value.abs() > limit)) & ~(df["unit"].isin(PERCENT_UNITS) & np.isfinite(value))
    for idx in df.index[bad]:
        problems.append(
            Problem(
                *_locate(df, idx),
                "value",
                df.at[idx, "value"],
                f"a finite number of at most {limit[idx]:g} in absolute value for unit "
                f"'{df.at[idx, 'unit']}' (an absurd value: a broken file, not data)",
            )
        )
    for col in ("numerator", "denominator", "ci_low", "ci_high"):
        if col not in df.columns:
            continue
        numbers = pd.to_numeric(df[col], errors="coerce")
        for idx in df.index[np.isinf(numbers) | (numbers.abs() > ABSURD_DEFAULT)]:
            problems.append(
                Problem(
                    *_locate(df, idx), col, df.at[idx, col], f"a finite number of at most {ABSURD_DEFAULT:g}"
                )
            )
    return problems


def require_complete_file(path) -> None:
    """Raise unless the text file ``path`` ends with a newline.

    A download cut inside its last number (``6,2`` arriving as ``6``) still parses; every data
    file the project reads is written line by line, so a missing final newline means it is
    truncated. The error names the file and the last row (1-based, header = 1).
    """
    data = Path(path).read_bytes()
    if not data or data.endswith((b"\n", b"\r")):
        return
    row = data.count(b"\n") + 1
    tail = data[data.rfind(b"\n") + 1 :].decode("utf-8", "replace")
    tail = tail if len(tail) <= 80 else "…" + tail[-79:]
    raise DataValidationError(
        [
            Problem(
                str(path),
                row,
                "<end of file>",
                tail,
                "a newline after the last row (the file ends inside a row: it looks truncated; fetch it again)",
            )
        ],
        context=str(path),
    )


def coverage_gaps(df: pd.DataFrame, regions: tuple[str, ...] | None = None) -> pd.DataFrame:
    """List region × year cells missing for each indicator within its own year span.

    Returns a frame with ``indicator, region_code, year``; an empty frame means complete.
    Gaps are reported, never filled.
    """
    rows = []
    for (source, indicator), g in df[df["sex"] == "T"].groupby(["source", "indicator"]):
        years = range(int(g["year"].min()), int(g["year"].max()) + 1)
        codes = regions or tuple(sorted(set(g["region_code"])))
        present = set(zip(g["region_code"], g["year"], strict=True))
        for code in codes:
            for year in years:
                if (code, year) not in present:
                    rows.append((source, indicator, code, year))
    return pd.DataFrame(rows, columns=["source", "indicator", "region_code", "year"])


def empty_tidy() -> pd.DataFrame:
    """An empty tidy table with the right columns (for sources with nothing to contribute)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in TIDY_COLUMNS})
