"""Data strings glued as Markdown render as their own text (no stored script injection)."""

import html

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from analysis import figures
from analysis.presentation.text import escape_md

# Synthetic hostile titles (test data, not from any source).
HOSTILE = [
    "<script>alert(1)</script>",
    'Väntetid <img src=x onerror="alert(1)"> & annat',
    "[klicka](javascript:alert(1))",
    "**fet** _kursiv_ `kod` ~~struken~~",
    "{glue:md}`x` och {{ subst }}",
    "$x^2$ kr/inv",
    "# rubrik",
    "1. inte en lista",
    "- inte heller",
    "% inte en kommentar",
    "rad ett\n\n# rad två\n- punkt",
    "Kvinnors & mäns förtroende (%), 'citat' \"citat\" \\ bakstreck",
    "&lt;redan kodat&gt; &amp;",
    "<!-- kommentar --> <div>block</div>",
    "Region Västra Götaland: 6,2\u00a0% (95\u00a0% KI 5,9–6,5)",
]


@pytest.fixture(scope="module")
def myst():
    """The Markdown parser the book uses, with the project's MyST extensions."""
    config = MdParserConfig(enable_extensions={"colon_fence", "dollarmath", "substitution", "deflist"})
    return create_md_parser(config, RendererHTML)


@pytest.mark.parametrize("title", HOSTILE)
def test_escaped_title_renders_as_its_own_text(myst, title):
    rendered = myst.render(escape_md(title))
    # One paragraph, no tags but <p>, and exactly the title's characters (line breaks as spaces).
    assert rendered.startswith("<p>") and rendered.rstrip().endswith("</p>")
    body = rendered.strip()[3:-4]
    assert "<" not in body.replace("&lt;", "")
    flat = " ".join(part.strip() for part in title.splitlines() if part.strip())
    assert html.unescape(body) == flat


def test_escaped_title_inside_chapter_markup_keeps_the_markup(myst):
    rendered = myst.render(f"*{escape_md('<b>försämrad</b>')}* för 3 av 5 serier")
    assert rendered.strip() == "<p><em>&lt;b&gt;försämrad&lt;/b&gt;</em> för 3 av 5 serier</p>"


def test_provenance_line_escapes_source_and_vintage(myst):
    line = figures.provenance_line(
        "x", "<script>alert(1)</script>", "analysis.trends.fit_survey_trend", vintage="[2025](javascript:x)"
    )
    rendered = myst.render(line)
    assert "<script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert 'href="javascript' not in rendered
    assert '<a href="_static/data/x.csv">x.csv</a>' in rendered


@pytest.mark.browser
def test_injected_title_is_text_in_chromium():
    """A page rendered by MyST (docutils, as Sphinx does) with a hostile glued title runs no script."""
    import shutil
    from pathlib import Path

    from docutils.core import publish_string
    from myst_parser.parsers.docutils_ import Parser

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Debian chromium is not installed (scripts/bootstrap.sh installs it)")
    from playwright.sync_api import sync_playwright

    titles = [t for t in HOSTILE if "\n" not in t]
    source = "# Sida\n\n" + "\n\n".join(f"Indikator: *{escape_md(t)}*." for t in titles) + "\n"
    page_html = publish_string(
        source,
        parser=Parser(),
        writer_name="html5",
        settings_overrides={
            "myst_enable_extensions": ["dollarmath", "substitution", "deflist", "colon_fence"]
        },
    ).decode()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.set_content(page_html)
            page.wait_for_timeout(300)
            shown = page.locator("em").all_inner_texts()
            assert page.locator("script, img, a, div.math, span.math").count() == 0
        finally:
            browser.close()
    assert dialogs == []
    assert shown == titles
