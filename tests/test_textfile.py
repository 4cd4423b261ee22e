"""Decoding failures and split rows are reported with their real cause (issue 16)."""

import pytest

from analysis.sources.textfile import decimal_comma_split, decode_utf8
from analysis.validation import DataValidationError

TEXT = "a;b;c\n1;Skåne;3\n"


def problem(data: bytes):
    with pytest.raises(DataValidationError) as info:
        decode_utf8(data, "f.csv", ";")
    (found,) = info.value.problems
    return found


def test_utf8_with_and_without_bom_decodes():
    assert decode_utf8(TEXT.encode(), "f.csv", ";") == TEXT
    assert decode_utf8(b"\xef\xbb\xbf" + TEXT.encode(), "f.csv", ";") == TEXT


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named_with_or_without_bom(codec):
    found = problem(TEXT.encode(codec))
    assert (found.row, found.column) == (1, "<encoding>")
    assert "UTF-16" in found.expected and "Latin-1" not in found.expected


def test_latin1_is_named_with_row_and_column():
    found = problem(TEXT.encode("latin-1"))
    assert (found.row, found.column, found.value) == (2, "b", "Skåne")
    assert "Latin-1" in found.expected


def test_cut_character_in_the_middle_and_at_the_end():
    raw = TEXT.encode()
    lead = raw.index("å".encode())
    middle = problem(raw[: lead + 1] + raw[lead + 2 :])
    assert (middle.row, middle.column) == (2, "b")
    assert f"byte offset {lead}: a UTF-8 character cut short" in middle.expected
    end = problem(raw[: lead + 1])
    assert "the file ends inside a 2-byte UTF-8 character" in end.expected and "truncated" in end.expected
    euro = "a;b\n1;5 €\n".encode()
    cut = euro[:-2] + b"\n"  # the last byte of the 3-byte euro sign lost
    assert "lead byte 0xE2 announces 3 bytes, 2 arrived" in problem(cut).expected


def test_decimal_comma_split_explains_one_extra_field():
    header = ["kpi", "year", "value"]
    assert decimal_comma_split(["U1", "2020", "6", "2"], header, ["value"]) == ("value", "6,2")
    assert decimal_comma_split(["U1", "2020", "6", "x"], header, ["value"]) is None
    assert decimal_comma_split(["U1", "2020", "6"], header, ["value"]) is None
