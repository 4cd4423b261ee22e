"""Decoding data files and naming the real cause when it fails.

Every source file the project reads is UTF-8 (a BOM is allowed). When decoding fails, the
message must say why, because the remedy differs: a UTF-16 file (Excel's "Unicode text")
must be re-saved as UTF-8; a Latin-1/Windows-1252 file converted; a multibyte character cut
in two means the file is damaged or truncated and must be fetched again. The same goes for a
decimal comma in an unquoted field of a comma-separated file: it splits the row into one field
too many, which is worth saying in those words rather than as a field count.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from analysis.validation import DataValidationError, Problem

_BOMS_UTF16 = {b"\xff\xfe": "UTF-16 little-endian", b"\xfe\xff": "UTF-16 big-endian"}
#: Lead bytes of the multibyte characters in Swedish UTF-8 text (å ä ö é ... and – “ ” €). As
#: Windows-1252 they are "Ã" and "â", which Swedish text does not contain.
_SWEDISH_UTF8_LEADS = {0xC3, 0xE2}


def _utf16(data: bytes) -> str | None:
    for bom, name in _BOMS_UTF16.items():
        if data.startswith(bom):
            return f"{name} with a byte-order mark"
    head = data[:200]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        return "UTF-16 (every other byte is zero)"
    return None


def _expected_length(lead: int) -> int:
    return 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 1


def _cut_character(data: bytes, err: UnicodeDecodeError) -> str | None:
    """Why the bytes at ``err.start`` look like a UTF-8 character cut short, or None."""
    lead = data[err.start]
    need = _expected_length(lead)
    if need == 1:
        return None
    follow = 0
    while (
        follow < need - 1
        and err.start + 1 + follow < len(data)
        and 0x80 <= data[err.start + 1 + follow] <= 0xBF
    ):
        follow += 1
    if err.start + 1 + follow >= len(data):
        return (
            f"the file ends inside a {need}-byte UTF-8 character (lead byte 0x{lead:02X} with "
            f"{follow} of its {need - 1} continuation byte(s)): the file is truncated; fetch it again"
        )
    if follow > 0 or lead in _SWEDISH_UTF8_LEADS:
        return (
            f"a UTF-8 character cut short (lead byte 0x{lead:02X} announces {need} bytes, {follow + 1} "
            "arrived): the file is damaged, e.g. cut and joined; fetch or export it again"
        )
    return None


def decode_utf8(data: bytes, file: str, delimiter: str) -> str:
    """Decode ``data`` as UTF-8 (BOM optional) or raise naming file, row, column and the cause.

    The row is the 1-based line (header = 1); the column is the header's name of the field
    holding the bad bytes (``"<header>"`` on line 1). Causes told apart: UTF-16, a cut
    multibyte character (at the end: truncation), and Latin-1/Windows-1252 bytes.
    """
    utf16 = _utf16(data)
    if utf16:
        raise DataValidationError(
            [
                Problem(
                    file,
                    1,
                    "<encoding>",
                    data[:4],
                    f"UTF-8 text, but the file is {utf16}; re-save it as UTF-8 (e.g. 'CSV UTF-8')",
                )
            ],
            context=file,
        )
    shift = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    body = data[shift:]
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        line = body.count(b"\n", 0, err.start) + 1
        start = body.rfind(b"\n", 0, err.start) + 1
        end = body.find(b"\n", err.start)
        end = len(body) if end < 0 else end
        header = body.split(b"\n", 1)[0].decode("utf-8", errors="replace").rstrip("\r").split(delimiter)
        index = body.count(delimiter.encode(), start, err.start)
        fields = body[start:end].rstrip(b"\r").split(delimiter.encode())
        column = header[index].strip() if line > 1 and index < len(header) else "<header>"
        offset = err.start + shift
        cut = _cut_character(body, err)
        if cut:
            value = fields[index].decode("utf-8", errors="replace") if index < len(fields) else ""
            expected = f"UTF-8 text; at byte offset {offset}: {cut}"
        else:
            value = fields[index].decode("cp1252", errors="replace") if index < len(fields) else ""
            expected = (
                f"UTF-8 text, but byte {body[err.start : err.start + 1]!r} at byte offset {offset} is not "
                "UTF-8 (the file looks Latin-1/Windows-1252 encoded; re-export or convert it to UTF-8)"
            )
        raise DataValidationError([Problem(file, line, column, value, expected)], context=file) from None


_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")


def decimal_comma_split(
    fields: Sequence[str], header: Sequence[str], numeric: Collection[str]
) -> tuple[str, str] | None:
    """``(column, number)`` when one unquoted decimal comma explains a row with one field too many.

    In a comma-separated file ``...,T,6,2`` reads as seven fields where the header has six:
    joining a numeric column's field with the next gives a number with a decimal comma.
    """
    if len(fields) != len(header) + 1:
        return None
    for i, name in enumerate(header):
        if name in numeric and _DECIMAL_COMMA.fullmatch(f"{fields[i].strip()},{fields[i + 1].strip()}"):
            return name, f"{fields[i]},{fields[i + 1]}"
    return None
