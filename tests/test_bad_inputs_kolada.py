"""Broken Kolada snapshot files (``tests/bad_inputs/kolada/``) must fail with messages that say
which file, row and column is wrong and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.registry import load_registry, units_by_id
from analysis.sources.kolada import read_snapshot
from analysis.validation import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "bad_inputs" / "kolada"
UNITS = units_by_id(load_registry(ROOT / "data-raw" / "indicators.csv"))

# file -> (row or None, column, text the expectation must contain)
CASES: dict[str, tuple[int | None, str, str]] = {
    "empty.csv": (None, "<file>", "a header 'kpi,region_code,region,year,gender,value'"),
    "header_only.csv": (None, "<file>", "at least one data row"),
    "missing_column.csv": (
        1,
        "gender",
        "a column 'gender' in the header (found: kpi, region_code, region, year, value)",
    ),
    "renamed_column.csv": (1, "region_code", "(found: kpi, region_id, region, year, gender, value)"),
    "semicolon_delimiter.csv": (
        1,
        "<header>",
        "comma-separated columns kpi,region_code,region,year,gender,value; found semicolons",
    ),
    "latin1_encoding.csv": (3, "region", "looks Latin-1/Windows-1252 encoded"),
    "utf16_encoding.csv": (1, "<encoding>", "the file is UTF-16 little-endian with a byte-order mark"),
    "cut_utf8_character.csv": (3, "region", "at byte offset 87: a UTF-8 character cut short"),
    "cut_utf8_at_end.csv": (3, "region", "at byte offset 87: the file ends inside a 2-byte UTF-8 character"),
    "unquoted_decimal_comma.csv": (
        3,
        "value",
        "not a decimal comma (unquoted, it splits the row into 7 fields)",
    ),
    "ragged_row.csv": (3, "<row>", "6 comma-separated fields as in the header"),
    "bad_kpi_id.csv": (3, "kpi", "a Kolada KPI id such as U70447"),
    "unknown_region_code.csv": (3, "region_code", "a Kolada region id: 0000 (Riket)"),
    "region_name_mismatch.csv": (2, "region", "the name of region 0013 (Halland)"),
    "bad_year.csv": (3, "year", "a four-digit year between 1990 and 2100"),
    "bad_gender.csv": (3, "gender", "'T' (total), 'K' (women) or 'M' (men)"),
    "text_in_value.csv": (3, "value", "expected a number"),
    "decimal_comma.csv": (3, "value", "not a decimal comma"),
    "empty_value.csv": (3, "value", "leave the row out when Kolada has no value"),
    "duplicate_key.csv": (4, "source+indicator+region_code+year+sex", "this key occurs more than once"),
    "percent_out_of_range.csv": (3, "value", "a percentage between 0 and 100"),
    "negative_cost.csv": (3, "value", "a non-negative kr/inv"),
    "absurd_cost.csv": (3, "value", "at most 1e+06 in absolute value for unit 'kr/inv' (an absurd value"),
}


def error_for(name: str) -> DataValidationError:
    with pytest.raises(DataValidationError) as err:
        read_snapshot(BAD / name, units=UNITS)
    return err.value


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_snapshot_names_file_row_and_column(name):
    row, column, expected = CASES[name]
    message = str(error_for(name))
    where = f"{name}, row {row}, column '{column}'" if row is not None else f"{name}, column '{column}'"
    assert where in message, message
    assert expected in message, message


def test_error_lists_every_problem_in_the_file():
    err = error_for("several_problems.csv")
    found = {(p.row, p.column) for p in err.problems}
    assert found == {(3, "region_code"), (4, "gender"), (5, "value")}
    assert "3 data problem(s) in" in str(err) and "several_problems.csv" in str(err)


def test_duplicate_key_reports_both_rows():
    rows = {p.row for p in error_for("duplicate_key.csv").problems}
    assert rows == {2, 4}


def test_bad_year_reports_format_and_range():
    problems = {(p.row, p.value) for p in error_for("bad_year.csv").problems}
    assert problems == {(3, "20x0"), (4, "1850")}


def test_every_fixture_has_a_test():
    fixtures = {p.name for p in BAD.glob("*.csv")}
    assert fixtures == set(CASES) | {"several_problems.csv"}
    assert len(CASES) >= 8


@pytest.mark.parametrize("name, row", [("percent_out_of_range.csv", 3), ("negative_cost.csv", 3)])
def test_impossible_values_are_quarantined_in_the_build_path(name, row):
    """The build reads ranges leniently and sets impossible values aside with file and row."""
    from analysis.quality import range_table, screen

    df = read_snapshot(BAD / name, units=UNITS, check_ranges=False)
    kept, trail = screen(df, range_table(UNITS))
    assert len(kept) == len(df) - 1
    assert trail["source_row"].tolist() == [row] and trail["source_file"].iloc[0].endswith(name)
    assert trail["action"].tolist() == ["quarantine"]


def test_structural_problems_still_stop_the_lenient_read():
    with pytest.raises(DataValidationError, match="region_code"):
        read_snapshot(BAD / "unknown_region_code.csv", units=UNITS, check_ranges=False)
