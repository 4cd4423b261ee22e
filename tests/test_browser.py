"""End-to-end checks of the built site in Debian's Chromium, driven by Playwright.

The site is served from 127.0.0.1; every request to any other host is recorded and
aborted, so a page that needs the internet fails here. Chromium is launched through
``executable_path`` (never ``playwright install``).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="module")
def site(build):
    """Serve the built HTML on an ephemeral 127.0.0.1 port; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(build.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/bootstrap.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def pages(build) -> list[str]:
    return sorted(p.name for p in build.html.glob("*.html"))


def open_page(browser, url: str):
    """Open ``url``; return (page, console errors, external requests)."""
    page = browser.new_page()
    errors: list[str] = []
    external: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def guard(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="networkidle")
    return page, errors, external


def test_every_page_loads_offline_without_console_errors(build, site, browser):
    problems = []
    for name in pages(build):
        page, errors, external = open_page(browser, site + name)
        lang = page.evaluate("document.documentElement.lang")
        page.close()
        if errors or external or lang != "sv":
            problems.append(f"{name}: console errors {errors}, external requests {external}, lang={lang!r}")
    assert problems == []


def test_search_finds_kontinuitet(site, browser):
    page, errors, _ = open_page(browser, site + "search.html?q=kontinuitet")
    page.wait_for_selector("ul.search li", timeout=15000)
    hits = page.locator("ul.search li").count()
    page.close()
    assert hits > 0 and errors == []


def _links(build, site, browser) -> dict[str, list[str]]:
    found = {}
    for name in pages(build):
        page, _, _ = open_page(browser, site + name)
        found[name] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        page.close()
    return found


def test_no_broken_internal_links(build, site, browser):
    broken = []
    checked: set[str] = set()
    for name, hrefs in _links(build, site, browser).items():
        for href in hrefs:
            if href.startswith(("http://", "https://", "mailto:", "#", "javascript:")):
                continue
            target = urljoin(site + name, href).split("#")[0]
            if target in checked:
                continue
            checked.add(target)
            try:
                urllib.request.urlopen(target, timeout=10).close()
            except urllib.error.HTTPError as err:
                broken.append(f"{name} -> {href} ({err.code})")
    assert broken == []
    assert checked, "no internal links found at all"


def test_figure_csv_links_resolve_and_match_results(build, site, browser):
    figdata = {p.name: p for p in (build.project / "results" / "figdata").glob("*/*.csv")}
    linked = 0
    for name, hrefs in _links(build, site, browser).items():
        for href in hrefs:
            if "_static/data/" not in href or not href.endswith(".csv"):
                continue
            linked += 1
            body = urllib.request.urlopen(urljoin(site + name, href), timeout=10).read()
            csv_name = href.rsplit("/", 1)[1]
            assert csv_name in figdata, f"{name} links {href}, which no chapter rule wrote"
            assert body == figdata[csv_name].read_bytes(), f"{href} differs from the results"
    assert linked >= len(figdata) > 0, "some figure data files are not linked from any page"


def test_pdf_contains_every_figure(build):
    html_figures = 0
    for html in build.html.glob("*.html"):
        html_figures += len(
            re.findall(r'<span class="caption-number">Figur ', html.read_text(encoding="utf-8"))
        )
    text = subprocess.run(
        ["pdftotext", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pdf_figures = len(re.findall(r"^Figur \d+(?:\.\d+)*:", text, flags=re.MULTILINE))
    assert html_figures > 0
    assert pdf_figures == html_figures


def test_heading_order_and_alt_text(build, site, browser):
    """One h1 per page, no skipped heading levels in the article, alt text on every figure image."""
    problems = []
    for name in pages(build):
        if name in ("genindex.html", "search.html"):
            continue
        page, _, _ = open_page(browser, site + name)
        levels = page.eval_on_selector_all(
            "article h1, article h2, article h3, article h4, article h5", "els => els.map(e => +e.tagName[1])"
        )
        missing_alt = page.eval_on_selector_all(
            "article figure img", "els => els.filter(e => !(e.getAttribute('alt') || '').trim()).length"
        )
        page.close()
        if levels.count(1) != 1:
            problems.append(f"{name}: {levels.count(1)} h1 headings")
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        if skips:
            problems.append(f"{name}: heading levels skip {skips}")
        if missing_alt:
            problems.append(f"{name}: {missing_alt} figure image(s) without alt text")
    assert problems == []


def test_every_figure_caption_has_source_data_and_code_links(build, site, browser):
    """Provenance under every figure: a source line, its CSV and the code that made it."""
    missing = []
    for name in pages(build):
        page, _, _ = open_page(browser, site + name)
        captions = page.eval_on_selector_all(
            "figure figcaption",
            "els => els.map(e => [e.innerText, [...e.querySelectorAll('a')].map(a => a.getAttribute('href'))])",
        )
        page.close()
        for text, hrefs in captions:
            has_csv = any("_static/data/" in h and h.endswith(".csv") for h in hrefs)
            has_code = any("_static/code/analysis/" in h for h in hrefs)
            if "Källa:" not in text or not has_csv or not has_code:
                missing.append(f"{name}: {text[:80]!r}")
    assert missing == []
