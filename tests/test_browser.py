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
    # an appendix figure carries its letter (Figur H.1)
    pdf_figures = len(re.findall(r"^Figur (?:\d+|[A-Z])(?:\.\d+)*:", text, flags=re.MULTILINE))
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


# --------------------------------------------------------------------------------------
# Readers on phones and in Swedish (issue 14)
# --------------------------------------------------------------------------------------

#: English interface strings of the theme and Sphinx that must not reach readers.
ENGLISH_UI = [
    "Skip to main content",
    "Search this book",
    "Search the docs",
    "Toggle primary sidebar",
    "Toggle secondary sidebar",
    "Back to top",
    "Technical Report",
    "continues on next page",
    "Contents",
    "By Kompendiegruppen",
]
#: The theme's hard-coded English aria-labels (read aloud by screen readers).
ENGLISH_LABELS = {"Main", "Page"}

#: Internal ids and dump artefacts that must not reach readers. ``00[0-4]`` is the internal
#: report number; digits after a thousands separator or decimal comma (``2 003``, ``0,001``) are numbers.
INTERNAL_PATTERNS = {
    "seed": re.compile(r"\bseed\b", re.IGNORECASE),
    "rapportnummer": re.compile(r"(?<!\d[\u202f\u00a0 ])(?<![\d,.:/\-])\b00[0-4]\b(?![,.]\d)"),
    "SCB_": re.compile(r"SCB_"),
    "Kolada-id": re.compile(r"\b[UN]\d{5}\b"),
    "rows ×": re.compile(r"rows\s*×"),
    # a glued object pasted with the wrong role ({glue:text} for Markdown) shows its repr
    "Python-objekt": re.compile(r"<[\w.]+ object(?: at 0x[0-9a-f]+)?>"),
}

#: Pages that may still show a pattern, with the reason. Keep short; every entry is a known gap.
ALLOWED: dict[tuple[str, str], str] = {
    ("datakallor.html", "Kolada-id"): "the indicator register's id column: Kolada's public ids, for"
    " readers who fetch a series themselves",
}

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _open_in(context, url: str):
    page = context.new_page()

    def guard(route):
        ok = urlparse(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:")
        route.continue_() if ok else route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="networkidle")
    return page


def test_no_page_is_wider_than_a_phone(build, site, browser):
    """At 390 px (phone emulation, so a wide page would zoom out) no page scrolls sideways."""
    context = browser.new_context(**PHONE)
    too_wide = []
    for name in pages(build):
        page = _open_in(context, site + name)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > 390 or inner > 390:
            culprit = page.evaluate(
                """() => { let m = 0, who = ''; for (const e of document.querySelectorAll('article *')) {
                     const r = e.getBoundingClientRect(); if (r.right > m) { m = r.right; who = e.tagName + '.' + e.className; } }
                   return who; }"""
            )
            too_wide.append(f"{name}: {width} px (widest element {culprit})")
        page.close()
    context.close()
    assert too_wide == [], "\n".join(too_wide)


_PREV_NEXT = """() => Array.from(document.querySelectorAll('.prev-next-area a')).map(a => {
    const r = a.getBoundingClientRect();
    const t = a.querySelector('.prev-next-title').getBoundingClientRect();
    return {text: a.textContent.replace(/\\s+/g, ' ').trim(), left: r.left, right: r.right,
            titleLeft: t.left, titleRight: t.right, clipped: a.scrollWidth > a.clientWidth + 1}; })"""


def test_prev_next_links_lie_inside_a_phone_screen_on_every_page(build, site, browser):
    """At 390 px the previous/next links under the article, long titles included, are whole and on screen."""
    context = browser.new_context(**PHONE)
    faults = []
    for name in pages(build):
        page = _open_in(context, site + name)
        for link in page.evaluate(_PREV_NEXT):
            inside = link["left"] >= 0 and link["right"] <= 390 and link["titleRight"] <= link["right"] + 0.5
            if not inside or link["clipped"]:
                faults.append(f"{name}: {link}")
        page.close()
    context.close()
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize(
    ("page_name", "least"),
    [("kap08_resurstilldelning", 2), ("datakallor", 2), ("malen_i_siffror", 2)],
    ids=["kap08", "datakallor", "malen"],
)
def test_stacked_comparison_tables_need_no_sideways_scrolling_on_a_phone(
    build, site, browser, page_name, least
):
    """Wide tables (class gnv-stack: kap08's comparisons, Datakällor's files and register) show
    each row as a block at 390 px: no scrolling."""
    context = browser.new_context(**PHONE)
    page = _open_in(context, site + f"{page_name}.html")
    tables = page.evaluate(
        """() => Array.from(document.querySelectorAll('article table.gnv-stack')).map(t => ({
             width: t.scrollWidth, room: t.parentElement.clientWidth,
             labelled: Array.from(t.querySelectorAll('tbody td')).filter(td => td.dataset.label).length,
             cells: t.querySelectorAll('tbody td').length}))"""
    )
    context.close()
    assert len(tables) >= least, f"{page_name} should show its wide tables stacked"
    for t in tables:
        assert t["width"] <= t["room"] + 1, t
        assert t["labelled"] == t["cells"], t  # each cell knows its column's header


def test_a_table_that_scrolls_sideways_shows_that_columns_lie_beyond_the_edge(build, site, browser):
    """At 390 px a table wider than its box fades out at the right edge (class gnv-more) until
    it is scrolled to its end; a table that fits does not fade."""
    context = browser.new_context(**PHONE)
    page = _open_in(context, site + "resursallokering.html")
    boxes = "Array.from(document.querySelectorAll('article table')).map(t => t.parentElement)"
    state = page.evaluate(
        f"() => {boxes}.map(b => [b.scrollWidth > b.clientWidth + 1, b.classList.contains('gnv-more')])"
    )
    assert any(wide for wide, _ in state), "resursallokering has a table wider than a phone"
    assert all(wide == cued for wide, cued in state), state
    page.evaluate(
        f"() => {boxes}.forEach(b => {{ b.scrollLeft = b.scrollWidth; b.dispatchEvent(new Event('scroll')); }})"
    )
    assert not page.evaluate(f"() => {boxes}.some(b => b.classList.contains('gnv-more'))")
    context.close()


@pytest.mark.parametrize("page_name", ["kap14_patienters_erfarenheter", "resursallokering"])
def test_a_tapped_figure_is_shown_alone_at_its_drawn_size_on_a_phone(build, site, browser, page_name):
    """At 390 px each figure is a link to its own image (served), with a hint under it; a tap
    shows the figure alone at its drawn width, and Escape closes the view."""
    context = browser.new_context(**PHONE)
    page = _open_in(context, site + f"{page_name}.html")
    figures = page.evaluate(
        """() => Array.from(document.querySelectorAll('article figure img')).map(img => {
             const a = img.closest('a.gnv-zoom');
             return {src: img.src, href: a ? a.href : null, natural: img.naturalWidth,
                     hint: a ? getComputedStyle(a, '::after').content : ''}; })"""
    )
    assert figures, f"{page_name} has figures"
    for f in figures:
        assert f["href"] == f["src"] and "full storlek" in f["hint"], f
        with urllib.request.urlopen(f["href"]) as response:
            assert response.status == 200
    first = page.locator("article figure img").first
    first.scroll_into_view_if_needed()
    first.tap()
    view = page.locator(".gnv-lightbox img")
    view.wait_for()
    assert view.bounding_box()["width"] >= min(figures[0]["natural"], 1100) - 1
    assert page.url.endswith(f"{page_name}.html")  # the page stays; the view lies over it
    page.keyboard.press("Escape")
    assert page.locator(".gnv-lightbox").count() == 0
    context.close()


def test_a_table_too_wide_for_its_column_breaks_numbers_before_an_interval_never_inside(build, site, browser):
    """At 1400 px kap14's sensitivity table (a long phrase in its number column) fits once its
    number cells may wrap; wherever they may, an interval's own spaces do not break."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = _open_in(context, site + "kap14_patienters_erfarenheter.html")
    tables = page.evaluate(
        """() => Array.from(document.querySelectorAll('article table.gnv-fit')).map(t => ({
             heads: t.querySelector('thead').textContent, width: t.scrollWidth,
             room: t.parentElement.clientWidth,
             intervals: Array.from(t.querySelectorAll('td.text-right')).map(td => td.textContent)
                          .flatMap(x => x.match(/\\([^()]*\\still\\s[^()]*\\)/g) || [])}))"""
    )
    context.close()
    sensitivity = [t for t in tables if "Variant" in t["heads"]]
    assert sensitivity and sensitivity[0]["width"] <= sensitivity[0]["room"] + 1, tables
    intervals = [i for t in tables for i in t["intervals"]]
    assert intervals and all(" " not in i for i in intervals), intervals


def _toc_chapter_pages(build) -> list[str]:
    import yaml

    toc = yaml.safe_load((build.project / "_toc.yml").read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_phone_menu_opens_and_lists_the_chapters(build, site, browser):
    context = browser.new_context(**PHONE)
    page = _open_in(context, site + "kap14_patienters_erfarenheter.html")
    button = page.locator(".primary-toggle:visible")
    assert button.count() >= 1, "no visible menu button at 390 px"
    button.first.click()
    dialog = page.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=5000)
    hrefs = page.eval_on_selector_all(
        "#pst-primary-sidebar-modal a[href]",
        "els => els.filter(e => e.offsetParent).map(e => e.getAttribute('href'))",
    )
    context.close()
    # the current page is listed with href="#"
    listed = {h.split("#")[0].removesuffix(".html") or "kap14_patienters_erfarenheter" for h in hrefs}
    missing = [stem for stem in _toc_chapter_pages(build) if stem not in listed]
    assert missing == [], f"the phone menu does not list {missing}"


def test_desktop_menu_button_collapses_the_sidebar(site, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = _open_in(context, site + "kap14_patienters_erfarenheter.html")
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator(".primary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    hidden = not sidebar.is_visible() or sidebar.bounding_box()["width"] < 5
    context.close()
    assert hidden, "☰ does not collapse the sidebar at 1400 px"


def test_no_english_interface_strings_or_internal_ids_on_any_page(build, site, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    found = []
    for name in pages(build):
        page = _open_in(context, site + name)
        text = page.evaluate(
            """() => document.body.innerText + '\\n' + [...document.querySelectorAll('[title],[placeholder],[aria-label]')]
                 .map(e => [e.getAttribute('title'), e.getAttribute('placeholder'), e.getAttribute('aria-label')].join(' ')).join('\\n')"""
        )
        labels = set(
            page.evaluate(
                "() => [...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))"
            )
        )
        page.close()
        found += [f"{name}: aria-label {s!r}" for s in sorted(labels & ENGLISH_LABELS)]
        for s in ENGLISH_UI:
            if s in text:
                found.append(f"{name}: {s!r}")
        for label, pattern in INTERNAL_PATTERNS.items():
            hits = sorted({m.group(0) for m in pattern.finditer(text)})
            if hits and (name, label) not in ALLOWED:
                i = pattern.search(text).start()
                found.append(f"{name}: {label} {text[max(0, i - 40) : i + 40]!r}")
    context.close()
    assert found == [], "\n".join(found)


def _pdf_text(build) -> str:
    return subprocess.run(
        ["pdftotext", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_has_no_text_dumps_and_swedish_contents(build):
    text = _pdf_text(build)
    assert "↪" not in text
    assert not re.search(r"<[\w.]+ object(?: at 0x[0-9a-f]+)?>", text), "a glued object printed as its repr"
    assert "continues on next page" not in text.lower()
    assert not re.search(r"rows\s*×", text)
    first_pages = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "4", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Innehåll" in first_pages
    assert "Technical Report" not in text


def test_pdf_chapter_numbers_are_unique(build):
    toc = (build.pdf.parent / build.pdf.with_suffix(".toc").name).read_text(encoding="utf-8")
    numbers = re.findall(r"\\contentsline \{chapter\}\{\\numberline \{([^}]*)\}", toc)
    assert numbers, "no numbered chapters in the PDF"
    assert len(numbers) == len(set(numbers)), f"chapter numbers repeat: {numbers}"
    assert numbers[:16] == [str(i) for i in range(1, 17)], "the report's chapters are not numbered 1–16"


def _looks_like_table_dump(block: str) -> bool:
    lines = [ln for ln in block.splitlines() if ln.strip()]
    columnar = [ln for ln in lines if re.search(r"\S {3,}\S", ln)]
    return len(lines) >= 3 and len(columnar) >= 0.6 * len(lines)


def test_latex_source_has_no_verbatim_table_dumps(build):
    tex = build.pdf.with_suffix(".tex").read_text(encoding="utf-8")
    blocks = re.findall(r"\\begin\{sphinxVerbatim\}.*?\n(.*?)\\end\{sphinxVerbatim\}", tex, flags=re.DOTALL)
    dumps = [b[:200] for b in blocks if _looks_like_table_dump(b)]
    assert dumps == []


def test_table_dump_detector_on_synthetic_blocks():
    pandas_like = "      Antal   Andel\nÅr\n2019     2 406    12\n2020     5 699    14\n"
    shell = "./build.sh\n.venv/bin/python -m pytest -q\nsnakemake -n\n"
    assert _looks_like_table_dump(pandas_like)
    assert not _looks_like_table_dump(shell)


def test_glued_numbers_are_set_in_the_weight_of_their_sentence(site, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = _open_in(context, site + "kap14_patienters_erfarenheter.html")
    bold = page.eval_on_selector_all(
        "article span.pasted-text",
        """els => els.filter(e => getComputedStyle(e).fontWeight !== getComputedStyle(e.parentElement).fontWeight)
                   .map(e => e.textContent)""",
    )
    total = page.locator("article span.pasted-text").count()
    context.close()
    assert total > 0 and bold == []


def test_data_page_lists_every_data_file_with_checksum(build):
    page = (build.html / "data.html").read_text(encoding="utf-8")
    files = sorted((build.html / "_static" / "data").glob("*.csv"))
    assert files
    # MyST turns links to local files into download links (_downloads/<hash>/<name>); both work offline
    linked = set(re.findall(r'href="(?:_static/data|_downloads/[0-9a-f]+)/([^"/]+\.csv)"', page))
    missing = [f.name for f in files if f.name not in linked]
    assert missing == []
    import hashlib

    first = files[0]
    assert hashlib.sha256(first.read_bytes()).hexdigest()[:16] in page
