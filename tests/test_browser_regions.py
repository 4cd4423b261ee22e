"""The region explorer and the region pages in the built site (Chromium) and the PDF.

Uses the served site and browser of ``test_browser.py``: every request to a host other than
127.0.0.1 is recorded and aborted, so the explorer must work offline.
"""

from __future__ import annotations

import subprocess

import pytest
from test_browser import browser, open_page, site  # noqa: F401  (fixtures)

from analysis.pages import page_stems

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def check_explorer(browser, url: str, width: int = 1400) -> None:  # noqa: F811
    """Choose a region and an indicator; the figure and the hover readout follow, offline."""
    page, errors, external = open_page(browser, url)
    page.set_viewport_size({"width": width, "height": 900})
    # the explorer redraws 150 ms after a resize (gnv-explorer.js), replacing its SVG: let that
    # pass first, or the figure can vanish between finding it and measuring it
    page.wait_for_timeout(400)
    figure = page.locator("#gnv-explorer-figure")
    assert figure.get_attribute("data-region") == "01"
    first_path = page.locator("#gnv-explorer-figure path.gnv-region").get_attribute("d")
    options = page.eval_on_selector_all("#gnv-explorer-indicator option", "os => os.map(o => o.value)")
    assert len(options) > 1
    page.select_option("#gnv-explorer-region", "09")
    page.select_option("#gnv-explorer-indicator", options[-1])
    assert figure.get_attribute("data-region") == "09"
    assert figure.get_attribute("data-indicator") == options[-1]
    assert page.locator("#gnv-explorer-figure path.gnv-region").get_attribute("d") != first_path
    assert "Gotland" in page.locator("#gnv-explorer-title").inner_text()
    # the band is the regions' range the page's data give: one polygon per run of years with a
    # range, none across a year too few regions report or a series break (as on the region
    # pages); the region's line is one stroke per run of values, none across a break either
    for option in options:
        page.select_option("#gnv-explorer-indicator", option)
        runs, strokes = page.evaluate(
            """(id) => {
                const ind = JSON.parse(document.getElementById('gnv-explorer-data').textContent)
                    .indicators.find(i => i.id === id);
                const starts = (xs) => xs.filter((v, k) => v !== null
                    && (k === 0 || xs[k - 1] === null || ind.breaks.includes(k))).length;
                return [starts(ind.range), starts(ind.values['09'])];
            }""",
            option,
        )
        assert page.locator("#gnv-explorer-figure polygon.gnv-band").count() == runs, option
        path = page.locator("#gnv-explorer-figure path.gnv-region").get_attribute("d") or ""
        assert path.count("M") == strokes, option
    svg = page.locator("#gnv-explorer-figure svg")
    svg.wait_for(state="visible")
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.5)
    readout = page.locator("#gnv-explorer-readout").inner_text()
    assert "Gotland" in readout and "riket" in readout, readout
    page_width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert errors == [], errors
    assert external == [], f"the explorer requested other hosts: {external}"
    assert page_width <= width


def test_explorer_redraws_for_the_chosen_region_and_indicator_offline(site, browser):  # noqa: F811
    check_explorer(browser, site + "regionutforskaren.html")
    check_explorer(browser, site + "regionutforskaren.html", width=390)


def test_every_region_has_a_page_linked_from_regionala_skillnader(build):
    chapter = (build.html / "regionala_skillnader.html").read_text(encoding="utf-8")
    for stem in page_stems():
        assert (build.html / f"{stem}.html").is_file(), stem
        assert f'href="{stem}.html' in chapter, f"regionala_skillnader does not link {stem}"
    gotland = (build.html / "region_gotland.html").read_text(encoding="utf-8")
    assert "i Region Gotland" in gotland and "i Gotland" not in gotland
    assert "kr per invånare" in gotland


def test_pdf_has_the_region_pages_and_the_explorers_static_summary(build):
    text = subprocess.run(
        ["pdftotext", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Region Gotland" in text and "Västra Götalandsregionen" in text
    assert "I PDF-versionen kan figuren inte väljas om" in text
    assert "Peka på figuren" not in text  # the interactive part is the site's only
