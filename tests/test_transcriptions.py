"""Generic checks for every report transcription in ``data-raw/transcriptions``.

1. Every file passes the loader's schema (``load_transcriptions``).
2. When the plain-text seeds are available (``../shared/seeds``), every row with status
   ``printed`` has its value in the seed within a few lines of ``line``.

Matching rules (see ``value_pattern``): Swedish number formats are accepted (decimal comma or
point, blank / no-break / narrow no-break space as thousands separator), the sign is ignored
(reports often give direction in words: "minskat med 5 procent"), and small integers may be
written as words ("tre av tio"). For the OCR'd report 004 the match is looser (``ocr_normalise``
and a wider window), but a value whose digits are absent from the window still fails.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from analysis.sources.transcriptions import load_transcriptions, read_transcription_file

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTIONS = ROOT / "data-raw" / "transcriptions"
SEEDS = ROOT.parent / "shared" / "seeds"

#: Reports whose seed text is OCR output (garbled diacritics, misread digits).
OCR_REPORTS = {"003", "004"}
#: Lines either side of ``line`` searched for the value.
WINDOW = 2
WINDOW_OCR = 6

NUMBER_WORDS = {
    0: ("noll",),
    1: ("en", "ett"),
    2: ("två",),
    3: ("tre",),
    4: ("fyra",),
    5: ("fem",),
    6: ("sex",),
    7: ("sju",),
    8: ("åtta",),
    9: ("nio",),
    10: ("tio",),
    11: ("elva",),
    12: ("tolv",),
    13: ("tretton",),
    14: ("fjorton",),
    15: ("femton",),
    16: ("sexton",),
    17: ("sjutton",),
    18: ("arton",),
    19: ("nitton",),
    20: ("tjugo",),
}

_SEP = "[ \u00a0\u202f]{0,2}"  # optional thousands separator (extraction may double it)


def _grouped(digits: str) -> str:
    """Regex for an integer part with optional thousands separators ("29698" ~ "29 698")."""
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return _SEP.join(groups)


def fold(text: str) -> str:
    """Strip diacritics ("två" -> "tva"); the OCR'd seeds lose them inconsistently."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def value_pattern(value: float, *, ocr: bool = False) -> re.Pattern[str]:
    """Regex matching ``value`` as it may be printed in a Swedish report (sign ignored).

    With ``ocr=True`` number words are matched without diacritics (the text is folded too).
    """
    magnitude = abs(float(value))
    if abs(magnitude - round(magnitude)) < 1e-9:
        number = _grouped(str(int(round(magnitude)))) + r"(?:[,.]0+)?"
        words = NUMBER_WORDS.get(int(round(magnitude)), ())
    else:
        whole, decimals = f"{magnitude:.6f}".rstrip("0").split(".")
        number = _grouped(whole) + "[,.]" + decimals + "0*"
        words = ()
    if ocr:
        words = tuple(fold(w) for w in words)
    alternatives = [r"(?<![\d,.])" + number + r"(?![\d]|[,.]\d)"]
    alternatives += [r"(?<!\w)" + w + r"(?!\w)" for w in words]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def ocr_normalise(text: str) -> str:
    """Loosen OCR'd text (003/004) before matching.

    Undoes the commonest digit confusions (O/o read for 0, l/I/| read for 1; only letters touching
    a digit are replaced, so ordinary words are left alone), strips diacritics and joins lines, so
    that a number broken over a line ("278" / "000") still matches.
    """
    text = fold(text).replace("\n", " ")
    text = re.sub(r"(?<=\d)[Oo]|[Oo](?=\d)", "0", text)
    return re.sub(r"(?<=\d)[lI|]|[lI|](?=\d)", "1", text)


@cache
def seed_lines(report: str) -> tuple[str, ...]:
    """Lines of the seed text of ``report`` (found by glob ``<report>_*.txt``)."""
    matches = sorted(SEEDS.glob(f"{report}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"expected one seed for report {report} in {SEEDS}, found {matches}")
    return tuple(matches[0].read_text(encoding="utf-8").split("\n"))


def value_near_line(value: float, lines: tuple[str, ...], line: int, *, ocr: bool = False) -> bool:
    """Whether ``value`` is printed within the window around 1-based ``line``."""
    window = WINDOW_OCR if ocr else WINDOW
    text = "\n".join(lines[max(line - 1 - window, 0) : line + window])
    if ocr:
        text = ocr_normalise(text)
    return value_pattern(value, ocr=ocr).search(text) is not None


def transcription_files() -> list[Path]:
    return sorted(TRANSCRIPTIONS.glob("*.csv"))


# --- the matcher itself must be able to fail ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        (29698, "HSL Kommuner 29 698 30 139", True),
        (29698, "HSL Kommuner 29\u00a0698", True),
        (29698, "HSL Kommuner 29 689", False),
        (114.5, "Ökad tillgänglighet 114,5 * *", True),
        (114.5, "Ökad tillgänglighet 1145 * *", False),
        (-0.035, "Kvinna 0,026 0,111*** -0,035*", True),
        (-0.035, "Kvinna 0,026 0,111*** -0,0355*", False),
        (3, "I tre av tio regioner", True),
        (3, "I trettio regioner", False),
        (16, "fast vårdkontakt 16", True),
        (16, "fast vårdkontakt 160", False),
        (6, "utan 0,6 och 2016", False),
    ],
)
def test_value_pattern(value, text, expected):
    assert (value_pattern(value).search(text) is not None) is expected


def test_ocr_normalise_only_touches_digits():
    assert ocr_normalise("Sjukskoterskor 1O3 Ol l2") == "Sjukskoterskor 103 Ol 12"
    assert ocr_normalise("Blekinge Oskarshamn") == "Blekinge Oskarshamn"
    assert (
        ocr_normalise("dokumenterades 278\n000 överenskommelser") == "dokumenterades 278 000 overenskommelser"
    )


def test_ocr_matching_is_looser_but_can_fail():
    lines = ("i alla lan forutom tva.", "dokumenterades 278", "000 overenskommelser")
    assert value_near_line(2, lines, 1, ocr=True)
    assert not value_near_line(2, lines, 1)
    assert value_near_line(278000, lines, 2, ocr=True)
    assert not value_near_line(287000, lines, 2, ocr=True)


def test_value_near_line_respects_window():
    lines = tuple(f"rad {i}" for i in range(1, 21)) + ("värdet 4 321",)
    assert value_near_line(4321, lines, 21)
    assert value_near_line(4321, lines, 21 - WINDOW)
    assert not value_near_line(4321, lines, 21 - WINDOW - 1)


# --- the transcription files -------------------------------------------------------------------


def test_transcription_files_exist():
    assert transcription_files(), f"no CSV files in {TRANSCRIPTIONS}"


@pytest.mark.parametrize("path", transcription_files(), ids=lambda p: p.name)
def test_file_loads(path):
    df = read_transcription_file(path)
    assert len(df) > 0
    prefixes = set(re.findall(r"(?<![^_])(\d{3})(?=_)", path.name))
    reports = set(df["report"])
    assert reports <= prefixes, f"reports {sorted(reports - prefixes)} not named in the file name {path.name}"


def test_all_files_load_together():
    df = load_transcriptions(TRANSCRIPTIONS)
    assert len(df) == sum(len(read_transcription_file(p)) for p in transcription_files())


@pytest.mark.parametrize("path", transcription_files(), ids=lambda p: p.name)
def test_printed_values_appear_in_seed(path):
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not available at {SEEDS}")
    df = read_transcription_file(path)
    printed = df[df["status"] == "printed"]
    missing = []
    for row in printed.itertuples(index=False):
        if pd.isna(row.line):
            missing.append(f"row {row.source_row}: status printed but no line")
            continue
        lines = seed_lines(row.report)
        if not value_near_line(row.value, lines, int(row.line), ocr=row.report in OCR_REPORTS):
            missing.append(
                f"row {row.source_row}: {row.element} {row.series} {row.value} not near line {row.line}"
            )
    assert not missing, f"{path.name}:\n" + "\n".join(missing)
