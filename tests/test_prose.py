"""The chapters summarise the report in our own words: no long verbatim runs from it.

Headings are exempt (the chapters deliberately mirror the report's section titles), as are
code cells. A run of 12 or more consecutive words that also occurs in the report's text
counts as copied prose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUN = 12


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def copied_runs(chapter_text: str, report_words: list[str], run: int = RUN) -> list[str]:
    """Runs of ``run`` words in a chapter's prose that also occur in the report."""
    text = re.sub(r"```.*?```", " ", chapter_text, flags=re.DOTALL)
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    grams = {tuple(report_words[i : i + run]) for i in range(len(report_words) - run + 1)}
    words = _words(text)
    return [
        " ".join(words[i : i + run])
        for i in range(len(words) - run + 1)
        if tuple(words[i : i + run]) in grams
    ]


def test_detector_finds_a_copied_sentence():
    report = _words("Det här är en mening ur rapporten som någon har kopierat ord för ord in i ett kapitel.")
    assert copied_runs(
        "Inledning. Det här är en mening ur rapporten som någon har kopierat ord för ord.", report
    )
    assert not copied_runs("# Det här är en mening ur rapporten som någon har kopierat ord för ord", report)


def test_chapters_do_not_copy_the_report():
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("001_*.txt"))
    if not seeds:
        pytest.skip("the report text (../shared/seeds) is not available")
    report = _words(seeds[0].read_text(encoding="utf-8"))
    copied = {
        md.name: runs[:3]
        for md in sorted((ROOT / "chapters").glob("*.md"))
        if (runs := copied_runs(md.read_text(), report))
    }
    assert copied == {}


def test_shares_show_one_decimal_and_counts_whole_numbers():
    from analysis.presentation.text import fmt_num, unit_decimals

    assert fmt_num(67.34, unit_decimals("procent")) == "67,3"
    assert fmt_num(2039.0, unit_decimals("invånare per specialist")) == "2\u202f039"
    assert fmt_num(35421.4, unit_decimals("kr/inv")) == "35\u202f421"


def test_with_unit_takes_the_singular_after_exactly_one():
    from analysis.presentation.text import with_unit

    assert with_unit("1", "procentenheter") == "1 procentenhet"
    assert with_unit("−1", "procentenheter") == "−1 procentenhet"
    assert with_unit("1,0", "procentenheter") == "1,0 procentenheter"
    assert with_unit("3", "regioner") == "3 regioner"
    assert with_unit("1", "procent") == "1 procent"


def test_an_estimate_reads_with_its_interval_and_a_change_with_its_sign():
    from analysis.presentation.text import NBSP, fmt_estimate

    assert (
        fmt_estimate(2.14, 0.4, 3.8, 1, "procentenheter")
        == f"2,1{NBSP}procentenheter (95{NBSP}% KI 0,4 till 3,8)"
    )
    assert fmt_estimate(2.14, 0.4, 3.8, 1, "procentenheter", signed=True).startswith("+2,1")
    assert fmt_estimate(-0.5, -1.0, 0.2, signed=True).startswith("−0,5 (95")
    assert fmt_estimate(0.04, -1.0, 1.0, signed=True).startswith("0,0 ")  # no sign on a rounded zero
    assert fmt_estimate(1.0, float("nan"), 2.0) == "1,0"


def test_a_span_of_values_takes_a_dash_and_an_interval_takes_till():
    from analysis.presentation.text import MINUS, NBSP, fmt_interval, fmt_span

    assert fmt_span(23.4, 94.2, unit="procent") == f"23–94{NBSP}procent"
    assert fmt_span(-1.25, 3.0, 1) == f"{MINUS}1,2–3,0"
    assert fmt_span(float("nan"), 5.0, unit="procent") == "–"
    assert fmt_interval(23.4, 94.2, 0, "procent") == f"23 till 94{NBSP}procent"


def test_units_and_titles_read_as_swedish_text_and_keep_numbers_whole():
    from analysis.presentation.text import THIN_NBSP, reader_title, unit_label

    # the digit groups of "100 000" never break across lines, as fmt_num writes them
    assert unit_label("antal/100 000 inv") == f"per 100{THIN_NBSP}000 invånare"
    assert unit_label("antal/1000 inv") == unit_label("antal/1 000 inv") == f"per 1{THIN_NBSP}000 invånare"
    assert unit_label("en okänd enhet") == "en okänd enhet"
    assert (
        reader_title("Besök på akutmottagning - 80 år och äldre")
        == "Besök på akutmottagning – 80 år och äldre"
    )
    assert reader_title("Hälso- och sjukvård") == "Hälso- och sjukvård"  # a hyphen in a word stays


def test_a_level_change_of_a_count_is_written_in_the_readers_unit():
    from analysis.findings import level_phrase
    from analysis.presentation.text import THIN_NBSP

    row = {"unit": "antal/100 000 inv", "effect": -149.3, "effect_low": -198.0, "effect_high": -100.6}
    assert level_phrase(row).startswith(f"−149,3\u00a0per 100{THIN_NBSP}000 invånare (95")


def test_a_p_value_below_its_last_decimal_is_written_as_less_than():
    from analysis.presentation.text import fmt_p

    assert fmt_p(0.0123) == "0,012"
    assert fmt_p(0.0004) == "<0,001" and fmt_p(0.0) == "<0,001"
    assert fmt_p(0.04, 1) == "<0,1"
    assert fmt_p(float("nan")) == "–"


def test_a_title_inside_a_sentence_loses_only_its_first_capital():
    from analysis.presentation.text import lower_first

    assert lower_first("Förtroende för SKR") == "förtroende för SKR"
    assert lower_first("") == ""
