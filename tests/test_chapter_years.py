"""No hard-coded years in chapters, outside citations (issue 15, "no stale words").

A year that the data decide (the last year, a period, a comparison) must come from results;
written into a chapter it goes stale with the next data year. Citations of publications
("Vårdanalys (2025)", "(SKR 2019)", "Prop. 2019/20:164") are skipped. What remains today is
mostly the survey years of the reports' transcribed figures and dates of events (laws,
agreements), which do not change with new data; they have not been reviewed one by one yet,
so ``tests/chapter_years_allowed.csv`` caps each chapter at today's count: a new hard-coded
year fails here, and the cap is lowered as chapters are cleaned.
"""

from __future__ import annotations

import csv
import re

from conftest import ROOT

from analysis.book import FRONT_MATTER

YEAR = re.compile(r"(?<![\w.,/:-])(19[5-9]\d|20[0-4]\d)(?![\w/:]|[.,]\d)")
#: "Name (2025)", "Name m.fl. (2025a)", "(Name 2025)", "(Name, 2025)", "Name 2025, s. 12"
_CITATION = re.compile(
    r"[A-ZÅÄÖ][\wåäöÅÄÖ\-]+(?: [a-zåäö.]+)?(?: m\.fl\.)? \(\s*(19|20)\d\d[a-z]?\)"
    r"|\([A-ZÅÄÖ][^()]{0,60}?,? (19|20)\d\d[a-z]?(?:[,;][^()]*)?\)"
)


def uncited_years(text: str) -> list[tuple[int, str]]:
    """(line number, year) of every four-digit year in a chapter outside its front matter and citations."""
    body = FRONT_MATTER.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for number, line in enumerate(body.splitlines(), start=1):
        stripped = _CITATION.sub(lambda m: " " * len(m.group(0)), line)
        found += [(number, m.group(1)) for m in YEAR.finditer(stripped)]
    return found


def count_by_chapter(chapters) -> dict[str, int]:
    """Chapter stem -> number of uncited years in ``chapters/*.md``."""
    return {p.stem: len(uncited_years(p.read_text(encoding="utf-8"))) for p in sorted(chapters.glob("*.md"))}


ALLOWED = ROOT / "tests" / "chapter_years_allowed.csv"


def test_citations_and_non_years_are_not_counted():
    text = "Vårdanalys (2025) och (SKR 2019, s. 4) samt Prop. 2019/20:164; 2 019,5 kr; perioden 2011–2024."
    assert [y for _, y in uncited_years(text)] == ["2011", "2024"]
    front = "---\ncompendium:\n  year: 2024\n---\nText 2016.\n"
    assert uncited_years(front) == [(5, "2016")]


def test_chapters_hold_no_more_hard_coded_years_than_allowed():
    with ALLOWED.open(encoding="utf-8") as fh:
        allowed = {row["chapter"]: int(row["max"]) for row in csv.DictReader(fh)}
    counts = count_by_chapter(ROOT / "chapters")
    over = {
        stem: f"{n} > {allowed.get(stem, 0)}: "
        + ", ".join(
            f"line {line}: {year}"
            for line, year in uncited_years((ROOT / "chapters" / f"{stem}.md").read_text(encoding="utf-8"))[
                :8
            ]
        )
        for stem, n in counts.items()
        if n > allowed.get(stem, 0)
    }
    assert over == {}, (
        "years written into chapters (glue them from results, or cite the publication): " + str(over)
    )
