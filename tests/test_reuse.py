"""Early cutoff for chapters (analysis.reuse): the same inputs restore, other inputs execute.

The chapters here are SYNTHETIC: one prints the clock, so a restored notebook is told from a
fresh execution by its bytes.
"""

import os
from pathlib import Path

import pytest
from conftest import ROOT

from analysis import book, reuse


def test_content_key_follows_bytes_not_modification_times(tmp_path):
    a = tmp_path / "a.csv"
    a.write_text("x\n1\n")
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "b.txt").write_text("b")
    key = reuse.content_key([a, folder], {"epoch": "1"}, root=tmp_path)
    os.utime(a, (1, 1))
    a.write_text("x\n1\n")  # rewritten with the same bytes, newer time
    assert reuse.content_key([folder, a, a], {"epoch": "1"}, root=tmp_path) == key
    assert reuse.content_key([a, folder], {"epoch": "2"}, root=tmp_path) != key
    (folder / "c.txt").write_text("")
    assert reuse.content_key([a, folder], {"epoch": "1"}, root=tmp_path) != key
    (folder / "c.txt").unlink()
    a.write_text("x\n2\n")
    assert reuse.content_key([a, folder], {"epoch": "1"}, root=tmp_path) != key
    a.unlink()
    assert reuse.content_key([a, folder], {"epoch": "1"}, root=tmp_path) != key


def test_save_then_restore_gives_the_same_files_and_only_under_the_same_key(tmp_path):
    nb, figdata = tmp_path / "out" / "x.ipynb", tmp_path / "out" / "figdata"
    nb.parent.mkdir()
    nb.write_text("{}")
    figdata.mkdir()
    (figdata / "f.csv").write_text("a\n1\n")
    store = tmp_path / "store"
    reuse.save(store, "k1", nb, figdata)
    back_nb, back_fig = tmp_path / "back" / "x.ipynb", tmp_path / "back" / "figdata"
    assert not reuse.restore(store, "k2", back_nb, back_fig)
    assert not back_nb.exists()
    assert reuse.restore(store, "k1", back_nb, back_fig)
    assert back_nb.read_text() == "{}"
    assert (back_fig / "f.csv").read_text() == "a\n1\n"
    (store / reuse.KEY).unlink()  # a store left half-written by a killed job never matches
    assert not reuse.restore(store, "k1", back_nb, back_fig)
    assert not reuse.restore(tmp_path / "nothing", "k1", back_nb, back_fig)


CHAPTER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {name: python3, display_name: Python 3, language: python}
compendium:
  inputs:
    - results/syntetisk.csv
---

# Syntetiskt kapitel

```{code-cell} ipython3
import time

print(open("results/syntetisk.csv").read(), time.time_ns())
```
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A SYNTHETIC project: one chapter reading one result file, and the package beside it."""
    (tmp_path / "analysis").symlink_to(ROOT / "analysis")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "syntetiskt.md").write_text(CHAPTER)
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "syntetisk.csv").write_text("värde\n1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GNV_FIGDATA_DIR", str(tmp_path / "results" / "figdata" / "syntetiskt"))
    return tmp_path


def _execute(project: Path) -> bytes:
    out = project / "results" / "notebooks" / "syntetiskt.ipynb"
    out.unlink(missing_ok=True)  # as Snakemake removes a job's outputs before it runs
    book.main(
        ["execute", "chapters/syntetiskt.md", str(out.relative_to(project)), "--reuse", ".cache/chapters"]
    )
    return out.read_bytes()


def test_a_chapter_with_unchanged_inputs_is_restored_and_a_changed_input_executes_it(project):
    first = _execute(project)
    assert b"1\\n" in first
    data = project / "results" / "syntetisk.csv"
    data.write_text("värde\n1\n")  # the upstream job ran again and wrote the same bytes
    assert _execute(project) == first  # restored: the clock in the output did not move
    data.write_text("värde\n2\n")
    second = _execute(project)
    assert second != first and b"2\\n" in second
    (project / "chapters" / "syntetiskt.md").write_text(CHAPTER.replace("# Syntetiskt", "# Ändrat"))
    assert _execute(project) != second  # the chapter's own text is part of the key


def test_region_pages_whose_rows_are_unchanged_are_restored_and_start_no_kernel(project, monkeypatch):
    """SYNTHETIC page digests: only the page whose digest changed is executed again."""
    from analysis.pages import page_stem
    from analysis.presentation import region_pages

    digests = {"01": "a", "03": "b"}
    monkeypatch.setattr(region_pages, "page_data_keys", lambda codes: {c: digests[c] for c in codes})
    executed: list[list[str]] = []

    def execute_pages(md, pages, workdir):  # stands in for the kernel: writes what it was given
        executed.append([params["region_code"] for params, _, _ in pages])
        for params, notebook, figdata in pages:
            notebook.parent.mkdir(parents=True, exist_ok=True)
            notebook.write_text(digests[params["region_code"]])
            figdata.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(book, "execute_pages", execute_pages)
    cmd = ["execute-regions", "chapters/syntetiskt.md", "nb", "fig", "--regions", "01", "03"]
    book.main([*cmd, "--reuse", ".cache/chapters"])
    digests["03"] = "c"
    for notebook in Path("nb").iterdir():
        notebook.unlink()  # as Snakemake removes a job's outputs before it runs
    book.main([*cmd, "--reuse", ".cache/chapters"])
    assert (Path("nb") / f"{page_stem('01')}.ipynb").read_text() == "a"  # restored
    assert (Path("nb") / f"{page_stem('03')}.ipynb").read_text() == "c"
    book.main([*cmd, "--reuse", ".cache/chapters"])
    book.main(cmd)  # without a store every page executes
    assert executed == [["01", "03"], ["03"], [], ["01", "03"]]
    args = (Path("chapters/syntetiskt.md"), Path("nb"), Path("fig"), ["01", "03"])
    assert book.execute_region_pages(*args, store=Path(".cache/chapters")) == []  # all restored


def test_a_chapter_edited_while_it_runs_leaves_no_notebook_and_runs_again(project):
    """SYNTHETIC: the chapter's cell edits its own source, as an analyst saving mid-build."""
    source = project / "chapters" / "syntetiskt.md"
    edit = 'open("chapters/syntetiskt.md", "a").write("\\nNy rad.\\n")'
    source.write_text(CHAPTER.replace("import time\n", f"import time\n{edit}\n"))
    out = project / "results" / "notebooks" / "syntetiskt.ipynb"
    with pytest.raises(book.ChangedDuringExecution, match="syntetiskt.md"):
        _execute(project)
    assert not out.exists()  # Snakemake sees a failed job, and the next build executes it
    source.write_text(CHAPTER)
    assert b"1\\n" in _execute(project)
