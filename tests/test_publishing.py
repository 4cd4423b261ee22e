"""Atomic publishing of the site, fixed build dates and stable executed notebooks."""

import os
import subprocess
from pathlib import Path

import nbformat
import pytest

from analysis import book
from analysis.provenance import _without_paths, colophon


def make_site(root: Path, text: str) -> Path:
    (root / "html").mkdir(parents=True)
    (root / "html" / "index.html").write_text(text)
    (root / "latex").mkdir()
    (root / "latex" / "god-och-nara-vard.pdf").write_text(text + " pdf")
    return root


def test_publish_replaces_the_old_site_completely(tmp_path):
    target = make_site(tmp_path / "_build", "old")
    (target / "html" / "stale.html").write_text("gone after publishing")
    new = make_site(tmp_path / "results" / "book_out" / "_build", "new")
    book.publish_atomically(new, target)
    assert (target / "html" / "index.html").read_text() == "new"
    assert not (target / "html" / "stale.html").exists() and not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_build", "results"]


def test_publish_into_an_empty_place(tmp_path):
    new = make_site(tmp_path / "new", "new")
    book.publish_atomically(new, tmp_path / "_build")
    assert (tmp_path / "_build" / "latex" / "god-och-nara-vard.pdf").read_text() == "new pdf"


def test_publish_without_a_finished_build_keeps_the_old_site(tmp_path):
    target = make_site(tmp_path / "_build", "old")
    with pytest.raises(FileNotFoundError):
        book.publish_atomically(tmp_path / "missing", target)
    assert (target / "html" / "index.html").read_text() == "old"


def test_failed_book_build_leaves_the_published_site(tmp_path, monkeypatch):
    """A LaTeX failure (simulated) stops before anything under _build/ is touched."""
    project = tmp_path / "project"
    make_site(project / "_build", "old")
    for name in ("_config.yml", "_toc.yml", "references.bib"):
        (project / name).write_text("")
    (project / "analysis").mkdir()
    (project / "results" / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nbformat.write(nb, project / "results" / "notebooks" / "index.ipynb")

    def failing_run(cmd, log_file):
        raise subprocess.CalledProcessError(1, cmd)

    monkeypatch.setattr(book, "_run", failing_run)
    with pytest.raises(subprocess.CalledProcessError):
        book.build_book(project, project / "results" / "book", ["index"], project / "logs" / "book.log")
    assert (project / "_build" / "html" / "index.html").read_text() == "old"
    assert (project / "_build" / "latex" / "god-och-nara-vard.pdf").read_text() == "old pdf"


def test_source_date_epoch_prefers_env_then_git_then_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert book.source_date_epoch(tmp_path) == 1700000000
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("x\n")
    os.utime(data / "a.csv", (1600000000, 1600000000))
    assert book.source_date_epoch(tmp_path / "no-git", data) == 1600000000  # not a git checkout
    assert book.source_date_epoch(tmp_path / "no-git") is None


def test_colophon_date_comes_from_source_date_epoch_and_has_no_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = colophon(tmp_path, "snapshot directory beside the checkout: /work/shared/data")
    assert info["build_date"] == "2023-11-14"
    assert info["data"] == "snapshot directory beside the checkout: data"
    assert _without_paths("GNV_DATA_DIR: /a/b/c.csv") == "GNV_DATA_DIR: c.csv"


#: Front matter of the synthetic chapters below.
FRONT = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {name: python3, display_name: Python 3, language: python}
---
"""

CHAPTER = (
    FRONT
    + """
# Syntetiskt kapitel

```{code-cell} ipython3
import time

time.sleep(0.05)
print(sum(range(10)))
```

Text.

```{code-cell} ipython3
2 + 2
```
"""
)


def test_executing_a_chapter_twice_gives_identical_notebooks(tmp_path):
    md = tmp_path / "syntetiskt.md"
    md.write_text(CHAPTER)
    first, second = tmp_path / "a.ipynb", tmp_path / "b.ipynb"
    book.execute_chapter(md, first, workdir=tmp_path)
    book.execute_chapter(md, second, workdir=tmp_path)
    assert first.read_bytes() == second.read_bytes()
    nb = nbformat.read(first, as_version=4)
    assert [c["id"] for c in nb.cells] == [f"cell-{i}" for i in range(len(nb.cells))]
    assert all("execution" not in c.get("metadata", {}) for c in nb.cells)
    assert nb.cells[1]["outputs"][0]["text"] == "45\n"


@pytest.mark.integration
def test_killed_build_recovers_by_itself_and_the_old_site_stays(build, tmp_path):
    """SIGKILL a rebuild inside the book stage; a plain ./build.sh then finishes the job, and the
    previously published site and PDF exist at every moment in between."""
    import shutil
    import signal
    import sys
    import threading
    import time

    project = tmp_path / "project"
    shutil.copytree(build.project, project, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    (project / ".venv").symlink_to(Path(sys.prefix))  # this environment; bootstrap finds it current
    index, pdf = (
        project / "_build" / "html" / "index.html",
        project / "_build" / "latex" / "god-och-nara-vard.pdf",
    )
    old_index, old_pdf = index.read_bytes(), pdf.read_bytes()
    env = {**os.environ, "GNV_DATA_DIR": str(build.data), "CORES": "2"}

    gaps: list[str] = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            if not (index.exists() and pdf.exists()):
                gaps.append(time.strftime("%H:%M:%S"))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        # Force the book to be rebuilt (a chapter changes), then kill the run inside the book stage.
        kolofon = project / "chapters" / "kolofon.md"
        kolofon.write_text(kolofon.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        with open(tmp_path / "killed.log", "w") as log:
            proc = subprocess.Popen(
                ["./build.sh"],
                cwd=project,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            deadline = time.monotonic() + 600
            started = [project / "logs" / "book_html.log", project / "logs" / "book_pdf.log"]
            for log_file in started:
                log_file.unlink(missing_ok=True)
            while not any(f.exists() for f in started):
                assert proc.poll() is None, (tmp_path / "killed.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "the book stage never started"
                time.sleep(0.1)
            time.sleep(3)  # well inside jupyter-book
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        time.sleep(0.5)
        assert index.read_bytes() == old_index and pdf.read_bytes() == old_pdf
        assert list((project / ".snakemake" / "locks").iterdir()), "expected the killed run's lock"

        done = subprocess.run(["./build.sh"], cwd=project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
        assert "removing the lock left by an interrupted run" in done.stderr
        # Nothing changed since: the next ./build.sh ends before Snakemake starts.
        again = subprocess.run(["./build.sh"], cwd=project, env=env, capture_output=True, text=True)
        assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
        assert "nothing changed since the last complete build" in again.stderr
        assert "Building DAG" not in again.stdout + again.stderr
    finally:
        stop.set()
        watcher.join()
    assert gaps == [], f"site or PDF missing at {gaps[:5]}"
    assert index.exists() and pdf.exists() and (project / "results" / "book_published.json").exists()
    assert (project / "_build" / "html" / "_static" / "snakemake-rapport.html").exists()
    assert not (project / "results" / "book_out").exists()


@pytest.mark.integration
def test_two_clean_builds_are_byte_identical(build, tmp_path):
    """A second build from clean of the same project and data gives the same results, site and PDF.

    Compared: every file under ``results/`` and ``_build/html`` and the PDF. Not compared: Sphinx's
    and latexmk's private caches (``_build/.doctrees``, ``_build/latex`` auxiliaries) and the
    Snakemake report, which records its own creation time.
    """
    import shutil

    from conftest import IGNORE, run_snakemake

    project = tmp_path / "project"
    shutil.copytree(build.project, project, ignore=IGNORE)
    run_snakemake(project, env=build.env)

    assert build_differences(build.project, project) == []


REPORT = "_static/snakemake-rapport.html"  # Snakemake's report records its own creation time


def build_differences(a: Path, b: Path) -> list[str]:
    """Files under ``results/``, ``_build/html`` (and the PDF) that are missing or differ."""
    import filecmp

    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} - {REPORT}

    differ = []
    for sub in ("results", "_build/html"):
        names_a, names_b = files(a / sub), files(b / sub)
        differ += [f"{sub}/{n} (only in one build)" for n in sorted(names_a ^ names_b)]
        differ += [
            f"{sub}/{n}"
            for n in sorted(names_a & names_b)
            if not filecmp.cmp(a / sub / n, b / sub / n, shallow=False)
        ]
    pdf = "_build/latex/god-och-nara-vard.pdf"
    if not filecmp.cmp(a / pdf, b / pdf, shallow=False):
        differ.append(pdf)
    return differ


def test_build_differences_finds_a_changed_or_missing_file(tmp_path):
    for name in ("a", "b"):
        make_site(tmp_path / name / "_build", "same")
        (tmp_path / name / "results").mkdir()
        (tmp_path / name / "results" / "x.parquet").write_text("same")
        (tmp_path / name / "_build" / "html" / REPORT).parent.mkdir(parents=True)
        (tmp_path / name / "_build" / "html" / REPORT).write_text(name)  # ignored
    assert build_differences(tmp_path / "a", tmp_path / "b") == []
    (tmp_path / "b" / "results" / "x.parquet").write_text("other")
    (tmp_path / "b" / "results" / "y.parquet").write_text("new")
    (tmp_path / "b" / "_build" / "latex" / "god-och-nara-vard.pdf").write_text("other")
    assert build_differences(tmp_path / "a", tmp_path / "b") == [
        "results/y.parquet (only in one build)",
        "results/x.parquet",
        "_build/latex/god-och-nara-vard.pdf",
    ]


def test_sync_tree_rewrites_only_changed_files_and_removes_stale_ones(tmp_path):
    """The incremental site build relies on unchanged staged files keeping their mtime."""
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("a")
    (src / "sub" / "b.txt").write_text("b")
    assert sorted(book.sync_tree(src, dst)) == ["a.txt", "sub/b.txt"]
    old = tmp_path / "dst" / "gone" / "old.txt"
    old.parent.mkdir()
    old.write_text("old")
    os.utime(dst / "a.txt", (1_000_000, 1_000_000))
    (src / "sub" / "b.txt").write_text("B")
    assert sorted(book.sync_tree(src, dst)) == ["gone/old.txt", "sub/b.txt"]
    assert (dst / "a.txt").stat().st_mtime == 1_000_000  # unchanged: untouched
    assert (dst / "sub" / "b.txt").read_text() == "B"
    assert not (dst / "gone").exists()


TEMPLATE = (
    FRONT
    + """
# Sida {{name}}

```{code-cell} ipython3
import pandas as pd

from analysis.figures import publish_table

print("seen before:", "leftover" in dir())
leftover = "{{name}}"
publish_table(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [1]}), "tabell-{{name}}", source="Syntetiska testdata", code="analysis.figures.publish_table")
```
"""
)


def test_pages_of_one_template_share_a_kernel_but_nothing_else(tmp_path):
    """Each page sees a clean namespace, writes its figure data to its own folder, and gets the
    notebook a page executed alone would get."""
    md = tmp_path / "mall.md"
    md.write_text(TEMPLATE)
    pages = [({"name": n}, tmp_path / "nb" / f"sida_{n}.ipynb", tmp_path / "fig" / f"sida_{n}") for n in "ab"]
    book.execute_pages(md, pages, workdir=tmp_path)
    for params, notebook, figdata in pages:
        nb = nbformat.read(notebook, as_version=4)
        assert nb.cells[1]["outputs"][0]["text"] == "seen before: False\n"
        assert nb.cells[1]["execution_count"] == 1
        names = sorted(p.name for p in figdata.iterdir())
        assert f"tabell-{params['name']}.csv" in names and f"sida_{params['name']}-data.zip" in names
        assert all(params["name"] in n for n in names), names  # nothing of the other page
    alone = tmp_path / "alone.ipynb"
    book.execute_chapter(md, alone, workdir=tmp_path, params={"name": "b"})
    assert alone.read_bytes() == pages[1][1].read_bytes()


def _tiny_book(project: Path, paragraphs: int) -> None:
    """A SYNTHETIC two-page book with the project's configuration; ``paragraphs`` varies page two."""
    root = Path(__file__).resolve().parent.parent
    if not project.exists():
        (project / "results" / "notebooks").mkdir(parents=True)
        for name in ("_config.yml", "references.bib"):
            (project / name).write_text((root / name).read_text(encoding="utf-8"), encoding="utf-8")
        (project / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: kap\n")
        (project / "analysis").symlink_to(root / "analysis")
    pages = {
        "index": "# Syntetisk bok\n\nSe {numref}`tab-syntetisk`.",
        "kap": "# Kapitel\n\n"
        + "\n\n".join(f"Stycke {i}." for i in range(paragraphs))
        + "\n\n```{list-table} Syntetisk tabell\n:name: tab-syntetisk\n\n* - a\n  - b\n```\n",
    }
    for stem, text in pages.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
        nb.cells[0]["id"] = "cell-0"
        nbformat.write(nb, project / "results" / "notebooks" / f"{stem}.ipynb")


def test_incremental_pdf_is_the_cold_pdf_in_fewer_latex_passes(tmp_path, monkeypatch):
    """The PDF cache is kept between builds: after a changed page the PDF equals a cold build's."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("FORCE_SOURCE_DATE", "1")
    project, stems = tmp_path / "project", ["index", "kap"]

    def passes(log: Path) -> int:
        return log.read_text().count("Running 'xelatex")

    _tiny_book(project, paragraphs=2)
    book.build_pdf(project, stems, tmp_path / "cache", tmp_path / "first.log")
    _tiny_book(project, paragraphs=3)
    again = book.build_pdf(project, stems, tmp_path / "cache", tmp_path / "again.log")
    cold = book.build_pdf(project, stems, tmp_path / "cold", tmp_path / "cold.log")
    assert again == cold
    assert 1 <= passes(tmp_path / "again.log") < passes(tmp_path / "cold.log")
    assert "staged: 1 file(s) changed" in (tmp_path / "again.log").read_text()


def _figure_page(project: Path, colour: str) -> None:
    """Page two of the SYNTHETIC book shows one SVG figure drawn in ``colour``."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="{colour}"/></svg>'
    cell = nbformat.v4.new_code_cell("figur()")
    cell["id"] = "cell-0"
    cell["outputs"] = [
        nbformat.v4.new_output("display_data", data={"image/svg+xml": svg, "text/plain": "figur"})
    ]
    nb = nbformat.v4.new_notebook(
        cells=[cell],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    nbformat.write(nb, project / "results" / "notebooks" / "kap.ipynb")


def test_a_kept_site_holds_only_the_images_its_pages_show(tmp_path, monkeypatch):
    """A changed figure's earlier drawing leaves the site: after the rebuild the images are a cold build's."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project, stems = tmp_path / "project", ["index", "kap"]
    _tiny_book(project, paragraphs=1)
    _figure_page(project, "red")
    book.build_html(project, stems, tmp_path / "cache", tmp_path / "first.log")
    images = tmp_path / "cache" / "_build" / "html" / "_images"
    first = {p.name for p in images.iterdir()}
    assert len(first) == 1
    _figure_page(project, "blue")
    book.build_html(project, stems, tmp_path / "cache", tmp_path / "again.log")
    again = {p.name for p in images.iterdir()}
    book.build_html(project, stems, tmp_path / "cold", tmp_path / "cold.log")
    assert again == {p.name for p in (tmp_path / "cold" / "_build" / "html" / "_images").iterdir()}
    assert again.isdisjoint(first)
    assert "pruned: 1 image(s)" in (tmp_path / "again.log").read_text()


def test_a_kept_book_cache_is_discarded_when_the_book_code_changed(tmp_path, monkeypatch):
    """Sphinx re-writes only pages whose source changed, so a cache built by other extension or
    template code must not be kept: it is rebuilt cold, and kept while the code is the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project, stems, cache = tmp_path / "project", ["index", "kap"], tmp_path / "cache"
    _tiny_book(project, paragraphs=1)
    book.build_html(project, stems, cache, tmp_path / "first.log")
    assert (cache / ".book-code").read_text() == book.book_code_key(project)
    (cache / "kvar").write_text("")
    book.build_html(project, stems, cache, tmp_path / "same.log")
    assert (cache / "kvar").exists()  # same code: the cache is kept
    (cache / ".book-code").write_text("a key of other code")
    book.build_html(project, stems, cache, tmp_path / "other.log")
    assert not (cache / "kvar").exists()
    assert (cache / "_build" / "html" / "kap.html").is_file()


@pytest.mark.parametrize("broken", ["missing source", "table of contents names a missing page"])
def test_a_failing_jupyter_book_fails_the_book_rule(tmp_path, broken):
    """A failing jupyter-book fails the book rule, and its log says why."""
    cache = tmp_path / "cache"
    if broken != "missing source":
        (cache / "source").mkdir(parents=True)
        (cache / "source" / "_config.yml").write_text("title: t\n")
        (cache / "source" / "_toc.yml").write_text("format: jb-book\nroot: saknas\n")
    log = tmp_path / "book.log"
    with open(log, "w") as log_file, pytest.raises(subprocess.CalledProcessError):
        book._jupyter_book_build(cache, "html", log_file)
    assert "saknas" in log.read_text() or "does not exist" in log.read_text()


def test_jupyter_book_runs_from_the_installed_package_not_the_working_folder(tmp_path):
    """A folder with its own ``jupyter_book`` (as a project copy has its own ``analysis/``) is
    not imported from: the book of two copies of a project is built by the same code, so
    their sites are identical (``.buildinfo`` once held each copy's absolute paths)."""
    shadow = tmp_path / "jupyter_book" / "cli"
    shadow.mkdir(parents=True)
    (tmp_path / "jupyter_book" / "__init__.py").write_text("")
    (shadow / "__init__.py").write_text("")
    (shadow / "main.py").write_text("def main(*a, **k):\n    raise SystemExit(7)\n")
    done = subprocess.run(
        book.jupyter_book_command(["--version"]), cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Jupyter Book" in done.stdout
