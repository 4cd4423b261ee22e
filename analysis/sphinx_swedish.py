"""Sphinx extension that makes the site and the PDF Swedish and usable on phones.

The book theme ships no Swedish for its own interface ("Skip to main content", "Search this
book…", "Toggle primary sidebar"), binds its menu buttons to hidden duplicates (so ☰ and ≣
do nothing on a phone), and the LaTeX defaults print an English-style date, "Technical
Report" and "(continues on next page)". This extension:

- adds Swedish for the theme's strings as a fallback catalogue and overrides the two
  toggle-button templates whose titles are not translatable;
- ships ``gnv.js`` (menu buttons that work, scroll wrappers for tables) and ``gnv.css``;
- sets the title-page date in Swedish from ``SOURCE_DATE_EPOCH`` (reproducible builds) or,
  without it, from the last commit, and Swedish LaTeX continuation texts, contents heading
  and PDF metadata;
- keeps a table's caption paragraph on the page of its table in the PDF, and a table's last
  row on the page of the row before it (:func:`keep_last_row_translator`);
- keeps "95 % KI" and numbers such as "100 000" on one line wherever they are written (:func:`bind_no_break`).
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
import subprocess
from pathlib import Path

from analysis.calendar_sv import swedish_date

ASSETS = Path(__file__).resolve().parent / "site_assets"

SEARCH_TEXT = "Sök i kompendiet…"

#: The theme's interface strings (pydata/book theme, Sphinx) that have no Swedish catalogue.
THEME_SV = {
    "Skip to main content": "Hoppa till huvudinnehållet",
    # the permalinks' tooltips (Sphinx's Swedish catalogue predates them)
    "Link to this heading": "Länk till rubriken",
    "Link to this image": "Länk till bilden",
    "Link to this table": "Länk till tabellen",
    "Link to this code": "Länk till koden",
    "Link to this definition": "Länk till definitionen",
    "Link to this equation": "Länk till formeln",
    "Back to top": "Tillbaka till början",
    "Site navigation": "Webbplatsens navigering",
    "Section Navigation": "Navigering i avsnittet",
    "On this page": "På den här sidan",
    "Search": "Sök",
    "Color mode": "Färgläge",
    "Light": "Ljust",
    "Dark": "Mörkt",
    "System Settings": "Systeminställning",
    "Breadcrumb": "Brödsmulor",
    "Home": "Startsida",
    "previous": "föregående",
    "next": "nästa",
    "previous page": "föregående sida",
    "next page": "nästa sida",
    "Announcement": "Meddelande",
    "Expand Sidebar": "Visa sidopanelen",
    "Collapse Sidebar": "Dölj sidopanelen",
    "Show Source": "Visa källan",
    "Indices": "Register",
    "Version warning": "Versionsvarning",
    "Contents": "Innehåll",
    "By": "Av",
    "Last updated on": "Senast uppdaterad",
    "continued from previous page": "fortsättning från föregående sida",
    "continues on next page": "fortsätter på nästa sida",
    "Search Results": "Sökresultat",
    "Searching": "Söker",
    "Preparing search...": "Förbereder sökningen …",
    "Search finished, found ${resultCount} page(s) matching the search query.": (
        "Sökningen är klar: ${resultCount} sidor matchar."
    ),
    "Your search did not match any documents. Please make sure that all words are spelled "
    "correctly and that you've selected enough categories.": (
        "Sökningen gav ingen träff. Kontrollera stavningen eller pröva andra ord."
    ),
}


#: LaTeX: Swedish continuation texts, contents heading and no empty "Utgåva" line on the title page.
LATEX_PREAMBLE = r"""
\renewcommand*\literalblockcontinuedname{fortsättning från föregående sida}
\renewcommand*\literalblockcontinuesname{fortsätter på nästa sida}
\makeatletter
\g@addto@macro\sphinxtableofcontentshook{\renewcommand{\contentsname}{Innehåll}}
\makeatother
\AtBeginDocument{\edef\gnvsecnumdepth{\the\value{secnumdepth}}}
\usepackage{newunicodechar}
\newunicodechar{^^^^200b}{\hskip0pt\relax}
"""


class _SwedishFallback(gettext.NullTranslations):
    """Looked up after Sphinx's own Swedish catalogue, for the strings it does not hold."""

    def gettext(self, message):
        return THEME_SV.get(message, message)

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


def build_date(project_root: Path | None = None) -> dt.date:
    """The date a build stands for: ``SOURCE_DATE_EPOCH`` if set, else the last commit, else today.

    Using the commit (not the clock) keeps rebuilds of the same commit identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        try:
            epoch = subprocess.run(
                ["git", "log", "-1", "--format=%ct"],
                cwd=project_root or Path.cwd(),
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            epoch = ""
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def _config_inited(app, config) -> None:
    config.html_theme_options = {**(config.html_theme_options or {}), "search_bar_text": SEARCH_TEXT}
    config.html_static_path = [*config.html_static_path, str(ASSETS / "static")]
    config.templates_path = [str(ASSETS / "templates"), *config.templates_path]
    date = swedish_date(build_date(Path.cwd()))
    config.today = date
    config.html_last_updated_fmt = None
    latex = dict(config.latex_elements or {})
    latex["preamble"] = latex.get("preamble", "") + LATEX_PREAMBLE
    latex["releasename"] = ""
    latex.setdefault("extraclassoptions", "openany,oneside")
    title = config.project or ""
    author = (config.author or "").replace("\\", "")
    latex["hyperref"] = (
        "\\usepackage{hyperref}\n"
        f"\\hypersetup{{pdftitle={{{title}}}, pdfauthor={{{author}}}, pdflang={{sv-SE}}, "
        "pdfsubject={God och nära vård}, unicode=true}\n"
        "\\usepackage{hypcap}"
    )
    config.latex_elements = latex


#: The appendices' LaTeX: lettered chapters, and figures and tables numbered with the letter
#: ("Figur H.1"). Sphinx numbers them with ``\arabic{chapter}``, so appendix H's first figure
#: was "Figur 8.1", the number of a figure in chapter 8.
APPENDIX = (
    r"\appendix"
    r"\renewcommand{\thefigure}{\thechapter.\arabic{figure}}"
    r"\renewcommand{\thetable}{\thechapter.\arabic{table}}"
)


def part_starts(toc: dict) -> dict[str, str]:
    """Where the PDF's numbering changes, from ``_toc.yml``: docname -> LaTeX to put first.

    The root page and the unnumbered parts before the first numbered part are front
    matter (unnumbered, still in the contents); the first numbered part restarts chapter
    numbers at 1, so the report's chapters keep their numbers; the first lettered appendix
    (:func:`appendix_letters`) starts the appendices.
    """
    starts = {toc["root"]: r"\setcounter{secnumdepth}{-1}"}
    numbered = [part for part in toc.get("parts", []) if part.get("numbered") and part.get("chapters")]
    if numbered:
        starts[numbered[0]["chapters"][0]["file"]] = (
            r"\setcounter{secnumdepth}{\gnvsecnumdepth}\setcounter{chapter}{0}"
        )
    first_appendix = next(iter(appendix_letters(toc)), None)
    if first_appendix is not None:
        starts[first_appendix] = APPENDIX
    return starts


def appendix_letters(toc: dict) -> dict[str, str]:
    """Docname -> the letter the PDF gives it as an appendix, from ``_toc.yml``.

    Every chapter from the first unnumbered part after a numbered one is lettered A, B, … in
    order (:func:`part_starts` puts ``\\appendix`` before the first; tables there are typed
    with the letter, tests/test_table_numbers.py). LaTeX letters only 26 appendices.
    """
    import string

    docs: list[str] = []
    seen_numbered = False
    for part in toc.get("parts", []):
        seen_numbered = seen_numbered or bool(part.get("numbered"))
        if docs or (seen_numbered and not part.get("numbered")):
            docs += [chapter["file"] for chapter in part.get("chapters") or []]
    if len(docs) > len(string.ascii_uppercase):
        raise ValueError(f"_toc.yml has {len(docs)} appendices; LaTeX letters at most 26 (A–Z)")
    return dict(zip(docs, string.ascii_uppercase, strict=False))


def _read_part_starts(app) -> None:
    """Read ``_toc.yml`` once per build (not once per page read: 25 ms a page)."""
    import yaml

    toc_path = Path(app.srcdir) / "_toc.yml"
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) if toc_path.exists() else {}
    app.gnv_part_starts = part_starts(toc) if toc and toc.get("root") else {}
    app.gnv_appendix_letters = appendix_letters(toc) if toc and toc.get("root") else {}


def _unletter_appendices(_app, env, _docnames) -> None:
    """Give Sphinx back its own figure numbers before it numbers again (see
    :func:`_letter_appendices`), so that a page whose numbers did not change is not rewritten."""
    for doc, numbers in getattr(env, "gnv_sphinx_fignumbers", {}).items():
        if doc in env.toc_fignumbers:
            env.toc_fignumbers[doc] = numbers


def appendix_secnumbers(toc, letter: str) -> dict[str, tuple]:
    """Anchor -> number of each heading in one page's table of contents (``env.tocs``): the title
    gets the letter, its sections ``(letter, 1)``, ``(letter, 2)``, … and so on down, as the PDF
    numbers an appendix. The reference nodes get the number too, for the site's menus."""
    from docutils import nodes
    from sphinx import addnodes

    numbers: dict[str, tuple] = {}

    def walk(listing, parent: tuple) -> None:
        k = 0
        for item in listing.children:
            if not isinstance(item, nodes.list_item):
                continue
            number = parent
            for child in item.children:
                if isinstance(child, addnodes.compact_paragraph) and child.children:
                    k += 1
                    number = (*parent, k) if parent else (letter,)
                    numbers[child[0]["anchorname"]] = number
                    child[0]["secnumber"] = number
                elif isinstance(child, nodes.bullet_list):
                    walk(child, number)

    walk(toc, ())
    return numbers


def _letter_appendices(app, env) -> list[str]:
    """On the site, number the appendices as the PDF does: "H. Metod: …", "H.1 Täckning …",
    "Figur H.1" (letters from :func:`appendix_letters`).

    Sphinx leaves the pages of an unnumbered part unnumbered and counts their figures on from
    one page to the next ("Figur 4" as a page's first figure), while the PDF letters them.
    Runs after Sphinx has numbered the pages.
    """
    if app.builder.format != "html":
        return []
    kept = {}
    for doc, letter in getattr(app, "gnv_appendix_letters", {}).items():
        if doc not in env.tocs:
            continue
        figures = env.toc_fignumbers.get(doc, {})
        kept[doc] = figures
        env.toc_fignumbers[doc] = {
            kind: {key: (letter, k) for k, key in enumerate(sorted(ids, key=ids.get), start=1)}
            for kind, ids in figures.items()
        }
        env.toc_secnumbers[doc] = appendix_secnumbers(env.tocs[doc], letter)
    env.gnv_sphinx_fignumbers = kept
    return []


def _mark_part_starts(app, doctree) -> None:
    from docutils import nodes

    latex = getattr(app, "gnv_part_starts", {}).get(app.env.docname)
    if latex:
        doctree.insert(0, nodes.raw("", latex, format="latex"))


#: A paragraph that opens in bold and is at most this long is a caption when a table follows it
#: (one that opens with "Tabell …" is one at any length).
CAPTION_CHARS = 400


#: Lines a long table's first rows need below its caption (its header and a wrapped row).
LONG_TABLE_START = 8


def caption_lines(caption: str) -> int:
    """Text lines a caption paragraph takes in the PDF, by the table module's estimate."""
    import math

    from analysis.presentation.tables import CHAR_PT, LINE_PT

    return math.ceil(len(caption) * CHAR_PT["normal"] / LINE_PT)


def needed_lines(caption: str, table) -> int | None:
    """Text lines a caption and its table take in the PDF, by the table module's own estimate
    (:func:`analysis.presentation.tables.estimated_lines`) and two for the space between;
    None for a long table, which breaks across pages and needs only its caption and first rows."""

    import pandas as pd
    from docutils import nodes

    from analysis.presentation.tables import LONG_ROWS, WIDE_COLUMNS, estimated_lines

    rows = [[entry.astext() for entry in row.findall(nodes.entry)] for row in table.findall(nodes.row)]
    if not rows or "longtable" in table.get("classes", []) or len(rows) - 1 > LONG_ROWS:
        return None  # Sphinx sets a table of more than LONG_ROWS rows as a long table too
    if len({len(r) for r in rows}) > 1:  # spanning cells: no estimate, ask for the default room
        return None
    cells = pd.DataFrame(rows[1:], columns=rows[0])
    lines = estimated_lines(cells, small=len(rows[0]) > WIDE_COLUMNS)
    return caption_lines(caption) + lines + 2


def keep_captions_with_tables(doctree) -> int:
    """Keep a table's caption paragraph on the page of its table (PDF only).

    The chapters write a table's caption as a short paragraph opening in bold ("Tabell 15.B.",
    "Riket under olika mål"), followed by the glued table. A table that cannot break across
    pages moves whole to the next page when it does not fit and leaves its caption behind. Before the caption this asks
    for the room caption and table need (``\\gnvneedspace`` in ``_config.yml``, which also sees
    the room left below figures already placed at the top of the page; :func:`needed_lines`)
    and starts a new page only when they would not fit; after it, ``\\nopagebreak`` keeps a
    long table's first rows with its caption. Returns how many captions were kept.
    """
    from docutils import nodes

    kept = 0
    for para in list(doctree.findall(nodes.paragraph)):
        first = next((c for c in para.children if not (isinstance(c, nodes.Text) and not c.strip())), None)
        if not isinstance(first, nodes.strong):
            continue
        if len(para.astext()) > CAPTION_CHARS and not first.astext().startswith("Tabell "):
            continue  # a long paragraph opening in bold, not a caption (a numbered one may be long)
        following = para.next_node(descend=False, siblings=True, ascend=False)
        table = next(following.findall(nodes.table), None) if following is not None else None
        if table is None:
            continue
        # a long table breaks across pages: its caption needs only its own lines and the first rows
        lines = needed_lines(para.astext(), table) or caption_lines(para.astext()) + LONG_TABLE_START
        at = para.parent.index(para)
        para.parent.insert(at + 1, nodes.raw("", "\\nopagebreak\n", format="latex"))
        para.parent.insert(at, nodes.raw("", f"\\gnvneedspace{{{lines}\\baselineskip}}\n", format="latex"))
        kept += 1
    return kept


_INTERVAL_LABEL = re.compile(r"(\d)[ \u00a0]%\s+KI\b")
#: A digit group written with an ordinary space, "100 000": never a year (four digits).
_THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3})[ \u00a0](?=\d{3}(?!\d))")


def bind_no_break(doctree) -> int:
    """Join "95 % KI" and the digit groups of a number ("per 100 000") with no-break spaces in
    every text of a page; return how many were joined.

    Chapters write them in prose and tables in headers, with ordinary spaces or a line break;
    either lets the PDF and a phone break a line inside the label or the number. Digit groups
    get the narrow no-break space that numbers from the package carry. Literal text (code) is
    left as written.
    """
    from docutils import nodes

    joined = 0
    for text in list(doctree.findall(nodes.Text)):
        if isinstance(text.parent, nodes.FixedTextElement | nodes.literal):
            continue
        new, n = _INTERVAL_LABEL.subn("\\1\u00a0%\u00a0KI", str(text))
        new, m = _THOUSANDS.subn("\\1\u202f", new)
        if n + m:
            text.parent.replace(text, nodes.Text(new))
            joined += n + m
    return joined


def _builder_inited(app) -> None:
    translator = getattr(app, "translator", None)
    if translator is not None and hasattr(translator, "add_fallback"):
        translator.add_fallback(_SwedishFallback())
    if app.builder.format == "html":
        app.add_css_file("gnv.css")
        app.add_js_file("gnv.js")


def keep_last_row_translator():
    """Sphinx's LaTeX translator, forbidding a page break after a table's next-to-last row.

    A long table could otherwise leave its last row alone at the head of a page, under the
    repeated header (the core-indicator table in chapter 5). The row ends with
    ``\\\\\\noalign{\\nobreak}``: longtable's ``\\\\*`` is ignored when the last cell is a
    ragged-right paragraph column, whose ``\\\\`` is the array package's.
    """
    from docutils import nodes
    from sphinx.writers.latex import CR, LaTeXTranslator

    class KeepLastRow(LaTeXTranslator):
        def depart_row(self, node):
            at = len(self.body)
            super().depart_row(node)
            body = node.parent
            if (
                isinstance(body, nodes.tbody)
                and len(body) >= 2
                and body.index(node) == len(body) - 2
                and self.body[at] == r"\\" + CR
            ):
                self.body[at] = r"\\\noalign{\nobreak}" + CR

    return KeepLastRow


def setup(app):
    app.set_translator("latex", keep_last_row_translator())
    app.connect("config-inited", _config_inited, priority=900)
    app.connect("builder-inited", _builder_inited)
    app.connect("builder-inited", _read_part_starts)
    app.connect("env-before-read-docs", _unletter_appendices)
    app.connect("env-get-updated", _letter_appendices, priority=900)
    app.connect("doctree-read", _mark_part_starts)
    app.connect("doctree-read", lambda _app, doctree: keep_captions_with_tables(doctree))
    app.connect("doctree-read", lambda _app, doctree: bind_no_break(doctree))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
