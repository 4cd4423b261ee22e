"""The technical appendix: tables folded in their chapter on the web, collected in the PDF.

Unit tests of :mod:`analysis.appendix` (copying glued outputs between notebooks) and checks
of the built book: each technical table sits in a closed fold on its chapter's page, and in
the LaTeX source it is printed in the appendix and not in its chapter.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from analysis.appendix import add_borrowed_glue, borrow_glue, glued_outputs, referenced_keys

ROOT = Path(__file__).resolve().parents[1]
APPENDIX = "bilaga_tekniska_tabeller"


def glued(name: str, text: str) -> dict:
    return nbformat.v4.new_output(
        "display_data",
        data={"application/papermill.record/text/markdown": text},
        metadata={"scrapbook": {"name": name, "mime_prefix": "application/papermill.record/"}},
    )


def chapter(*outputs, markdown: str = "Text.") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("show()")
    code["outputs"] = list(outputs)
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), code]
    return nb


APPENDIX_MD = "```{glue:} t-a\n```\n\n{glue:md}`t-a-prov` och {glue:text}`egen`\n"


def test_referenced_keys_finds_directives_and_roles_in_order():
    nb = chapter(markdown=APPENDIX_MD + "\n:::{glue:} t-b\n:::\n```{glue:figure} fig-x\n```\n")
    assert referenced_keys(nb) == ["t-a", "t-b", "fig-x", "t-a-prov", "egen"]


def test_borrow_glue_copies_exactly_the_pasted_outputs_into_a_hidden_cell():
    source = chapter(glued("t-a", "| a |\n|---|\n| 1 |"), glued("t-a-prov", "Källa"), glued("annat", "x"))
    target = chapter(glued("egen", "own"), markdown=APPENDIX_MD)
    borrowed = borrow_glue(target, {"kap": source})
    assert borrowed == ["t-a", "t-a-prov"]
    cell = target.cells[-1]
    assert cell.metadata["tags"] == ["remove-cell"]
    assert [o.metadata["scrapbook"]["name"] for o in cell.outputs] == ["t-a", "t-a-prov"]
    assert glued_outputs(target)["t-a"] == glued_outputs(source)["t-a"]
    assert "annat" not in glued_outputs(target)


def test_borrow_glue_names_a_key_no_chapter_glues_or_two_chapters_glue():
    target = chapter(markdown=APPENDIX_MD)
    with pytest.raises(KeyError, match="t-a"):
        borrow_glue(target, {"kap": chapter(glued("t-a-prov", "Källa"))})
    both = chapter(glued("t-a", "x"), glued("t-a-prov", "y"))
    with pytest.raises(KeyError, match="kap1, kap2"):
        borrow_glue(chapter(markdown=APPENDIX_MD), {"kap1": both, "kap2": both})


def test_add_borrowed_glue_fills_only_notebooks_that_declare_glue_from(tmp_path):
    nbformat.write(
        chapter(glued("t-a", "x"), glued("t-a-prov", "y"), glued("egen", "z")), tmp_path / "kap.ipynb"
    )
    appendix = chapter(markdown=APPENDIX_MD)
    appendix.metadata["compendium"] = {"glue_from": ["kap"]}
    nbformat.write(appendix, tmp_path / "app.ipynb")
    other = chapter(markdown=APPENDIX_MD)  # pastes keys it does not glue, but declares nothing
    nbformat.write(other, tmp_path / "other.ipynb")
    assert add_borrowed_glue(tmp_path) == {"app": ["t-a", "t-a-prov", "egen"]}
    assert len(nbformat.read(tmp_path / "other.ipynb", as_version=4).cells) == 2
    appendix.metadata["compendium"] = {"glue_from": ["saknas"]}
    nbformat.write(appendix, tmp_path / "app.ipynb")
    with pytest.raises(FileNotFoundError, match="saknas"):
        add_borrowed_glue(tmp_path)


def technical_tables() -> dict[str, str]:
    """The appendix's tables (glue key -> the chapter that glues and folds it)."""
    nb = jupytext.read(ROOT / "chapters" / f"{APPENDIX}.md")
    keys = [k for k in referenced_keys(nb) if not k.endswith("-prov")]
    owners = {}
    for key in keys:
        found = [
            p.stem
            for p in sorted((ROOT / "chapters").glob("*.md"))
            if p.stem != APPENDIX
            and re.search(rf"\{{glue:\}} {re.escape(key)}\n", p.read_text(encoding="utf-8"))
        ]
        assert len(found) == 1, f"{key} is glued on {found}"
        owners[key] = found[0]
    return owners


def test_the_appendix_collects_the_chapters_technical_tables():
    owners = technical_tables()
    assert {"kap14-modeller", "kap14-figurstatus"} <= set(owners)
    assert set(owners.values()) <= set(
        jupytext.read(ROOT / "chapters" / f"{APPENDIX}.md").metadata["compendium"]["glue_from"]
    )


@pytest.mark.integration
def test_technical_tables_are_in_a_closed_fold_on_their_chapter_page(build):
    from bs4 import BeautifulSoup

    for key, stem in technical_tables().items():
        soup = BeautifulSoup((build.html / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
        links = soup.select(f'a[href$="/{key}.csv"]')
        assert links, f"{stem}: no data link of {key}"
        for link in links:
            fold = link.find_parent("details")
            assert fold is not None, f"{stem}: {key} is not folded"
            assert not fold.has_attr("open"), f"{stem}: the fold of {key} is open"
            assert fold.find("table") is not None, f"{stem}: the fold of {key} holds no table"
    # on the web the appendix only points to the folds: no tables, no empty PDF-only headings
    page = BeautifulSoup((build.html / f"{APPENDIX}.html").read_text(encoding="utf-8"), "html.parser")
    article = page.find("article")
    assert article.find("table") is None and article.find("h2") is None
    assert article.select('a[href*="kap14_patienters_erfarenheter.html#"]')


def _latex_chapters(tex: str) -> dict[str, str]:
    """The LaTeX source split at each chapter, keyed by the chapter's title."""
    parts = re.split(r"\\chapter\*?\{", tex)
    return {p.split("}", 1)[0]: p for p in parts[1:]}


@pytest.mark.integration
def test_technical_tables_are_printed_in_the_pdf_appendix_not_in_their_chapter(build):
    import subprocess

    tex = build.pdf.with_suffix(".tex").read_text(encoding="utf-8")
    chapters = _latex_chapters(tex)
    appendix = chapters["Tekniska tabeller"]
    titles = {}
    for stem in set(technical_tables().values()):
        md = (ROOT / "chapters" / f"{stem}.md").read_text(encoding="utf-8")
        titles[stem] = re.search(r"^# (.+)$", md, flags=re.MULTILINE).group(1).strip()
    for key, stem in technical_tables().items():
        assert f"{key}.csv" in appendix, f"{key} is not in the appendix"
        assert f"{key}.csv" not in chapters[titles[stem]], f"{key} is still printed in {stem}"
        assert "sec-tekniska-tabeller" in chapters[titles[stem]], f"{stem} does not point to the appendix"
    assert tex.index(r"\appendix") < tex.index(r"\chapter{Tekniska tabeller}")
    text = subprocess.run(
        ["pdftotext", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Tabell 14\.8 finns i bilaga [A-Z]\b", text)
