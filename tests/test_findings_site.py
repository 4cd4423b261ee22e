"""The findings reach readers: front page, scoreboard and key indicators in the site and the PDF."""

from __future__ import annotations

import subprocess

import pandas as pd
import pytest
from test_browser import browser, open_page, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_front_page_leads_with_linked_findings(build, site, browser):  # noqa: F811
    page, errors, _ = open_page(browser, site + "index.html")
    section = page.locator("#det-har-visar-siffrorna")
    items = section.locator("li")
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    links = section.locator("li a").count()
    headline = section.locator("h2").first.inner_text()
    page.close()
    assert errors == []
    assert headline.startswith("Det här visar siffrorna")
    assert len(texts) >= 6 and links >= 6
    from analysis.presentation.chapter import HEADLINE_KEYS

    expected = pd.read_parquet(build.project / "results" / "findings" / "headlines.parquet")
    for sentence in expected.loc[expected["key"].isin(HEADLINE_KEYS), "text_sv"]:
        assert any(sentence[:40] in t for t in texts), sentence  # generated, not hand-written
    assert any("KI" in t for t in texts)  # effects come with intervals


def test_scoreboard_has_nine_goals_with_both_assessments(build, site, browser):  # noqa: F811
    page, errors, _ = open_page(browser, site + "malen_i_siffror.html")
    rows = page.locator("table").first.locator("tbody tr")  # Tabell 17.1, one row per goal
    n = rows.count()
    first = rows.first.inner_text()
    page.close()
    assert errors == []
    assert n == 9
    goals = pd.read_csv(build.project / "data-raw" / "goals.csv")
    assert goals["name_sv"].iloc[0].split()[0] in first


def test_findings_scoreboard_and_key_indicators_are_in_the_pdf(build):
    text = subprocess.run(
        ["pdftotext", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    squashed = " ".join(text.split())
    assert "Det här visar siffrorna" in squashed
    assert "Målen i siffror" in squashed
    assert "Regeringens fyra nyckelindikatorer" in squashed
    assert "Metod: prövning av modellerna på simulerade data" in squashed
