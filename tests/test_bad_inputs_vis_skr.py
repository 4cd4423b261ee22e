"""Every file in the synthetic bad-input corpora (tests/bad_inputs/vis, tests/bad_inputs/skr)
raises DataValidationError naming the file, the row, the column and the value found."""

from pathlib import Path

import pytest

from analysis.sources.skr import read_skr_costs
from analysis.sources.vis import read_vis_export
from analysis.validation import DataValidationError

BAD = Path(__file__).parent / "bad_inputs"

# file -> (row, column, value found (or a fragment of it), fragment of what was expected)
VIS_CASES = {
    "comma_delimiter.csv": (1, "<header>", "Datum och tid för uttag,Register/källa", "semicolon-separated"),
    "latin1_encoding.csv": (1, "<header>", "Datum och tid för uttag", "looks Latin-1/Windows-1252"),
    "utf16_encoding.csv": (1, "<encoding>", "\\xff\\xfe", "the file is UTF-16 little-endian"),
    "cut_utf8_character.csv": (3, "Enhetsnamn", "Uppsala l", "at byte offset 688: a UTF-8 character cut short"),
    "renamed_column.csv": (1, "Värde", "Varde", "a column named 'Värde' (renamed?)"),
    "missing_column.csv": (1, "Täljare", "<missing>", "a column named 'Täljare'"),
    "unknown_lanskod.csv": (3, "Länskod", "99", "a län code"),
    "lanskod_name_mismatch.csv": (3, "Enhetsnamn", "Uppsala län", "the name of län 1 (Stockholm)"),
    "duplicate_key.csv": (5, "Titel+Ålder+Mätperiod+Länskod+Kön/Totalt", "vis:syntetisk_andel / 01 / 2015 / T", "already on row 2"),
    "text_in_value.csv": (3, "Värde", "ca 60", "a number with decimal comma"),
    "decimal_point.csv": (4, "Värde", "51.0", "found a decimal point"),
    "percent_over_100.csv": (2, "Värde", "150,0", "a percentage between 0 and 100"),
    "empty.csv": (1, "<header>", "", "a header line"),
    "header_only.csv": (2, "<rows>", "<end of file>", "at least one data row"),
    "year_not_year.csv": (3, "Mätperiod", "20x5", "a year YYYY"),
    "mixed_units.csv": (4, "Måttenhet", "Antal per tusen", "one unit per indicator"),
    "negative_denominator.csv": (3, "Nämnare/antal fall", "-500", "a non-negative count"),
    "numerator_gt_denominator.csv": (2, "Täljare", "1500", "at most the denominator (Nämnare/antal fall = 1000)"),
    "ci_low_gt_high.csv": (4, "KI-Låg", "54,1", "at most KI-Hög (47,9)"),
    "unknown_sex.csv": (3, "Kön/Totalt", "Båda", "'Totalt', 'Kvinnor' or 'Män'"),
    "truncated_last_line.csv": (4, "Kön/Totalt", "Stockholms län;Al", "truncated last line"),
    "cut_in_last_field.csv": (4, "Område", "Uppsala län;Alla", "a newline after the last row"),
}  # fmt: skip

SKR_CASES = {
    "comma_delimiter.csv": (1, "<header>", "Huvudområde,Område,Delområde", "semicolon-separated"),
    "latin1_row.csv": (3, "Huvudområde", "Hälso- och sjukvård", "looks Latin-1/Windows-1252"),
    "utf16_encoding.csv": (1, "<encoding>", "\\xff\\xfe", "the file is UTF-16 little-endian"),
    "cut_utf8_character.csv": (3, "Region", "stra Götaland", "at byte offset 252: a UTF-8 character cut short"),
    "renamed_column.csv": (1, "Region", "Regionnamn", "a column named 'Region' (renamed?)"),
    "missing_column.csv": (1, "Region", "<missing>", "a column named 'Region'"),
    "unknown_region.csv": (3, "Region", "Norrland", "a region name"),
    "duplicate_key.csv": (6, "Huvudområde+Område+Delområde+Underkonto+År+Region", "skr:primarvard/barnhalsovard / 01 / 2015", "already on row 2"),
    "text_in_value.csv": (2, "Värde", "uppgift saknas", "a number with decimal comma"),
    "empty.csv": (1, "<header>", "", "a header line"),
    "header_only.csv": (2, "<rows>", "<end of file>", "at least one data row"),
    "year_not_year.csv": (3, "År", "2015/16", "a year YYYY"),
    "extra_field.csv": (3, "<extra field>", "180,25;12", "7 ';'-separated fields"),
    "truncated_last_line.csv": (5, "Värde", "2015;Riket exk", "truncated last line"),
    "cut_in_last_number.csv": (5, "Värde", "Riket exkl gotland;200", "a newline after the last row"),
    "unknown_account.csv": (3, "Underkonto", "Nettokostnad inkl läkemedel", "one of the known accounts"),
    "absurd_value.csv": (4, "value", "1000000000000000", "an absurd value"),
}  # fmt: skip

READERS = {"vis": read_vis_export, "skr": read_skr_costs}
CASES = [("vis", f, *spec) for f, spec in VIS_CASES.items()] + [
    ("skr", f, *spec) for f, spec in SKR_CASES.items()
]


def test_corpus_is_complete():
    """Every corpus file has an expectation, every expectation a file, and there are >= 12 kinds."""
    for kind, cases in (("vis", VIS_CASES), ("skr", SKR_CASES)):
        on_disk = {p.name for p in (BAD / kind).glob("*.csv")}
        assert on_disk == set(cases), kind
    assert len(VIS_CASES) + len(SKR_CASES) >= 12


@pytest.mark.parametrize(("kind", "name", "row", "column", "value", "expected"), CASES)
def test_bad_input_raises_precise_error(kind, name, row, column, value, expected):
    path = BAD / kind / name
    with pytest.raises(DataValidationError) as info:
        READERS[kind](path)
    err = info.value
    assert len(err.problems) == 1, str(err)
    problem = err.problems[0]
    assert problem.file == str(path)
    assert problem.row == row
    assert problem.column == column
    assert value in str(problem.value) if value else problem.value == ""
    assert expected in problem.expected
    message = str(err)
    assert name in message and f"row {row}" in message and f"column '{column}'" in message
    assert value in message
