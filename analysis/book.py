"""Chapter execution and book staging, called by the workflow's chapter and book rules.

Snakemake owns execution: each chapter (a MyST-Markdown notebook in ``chapters/``) is
executed by its own rule whose inputs are the result files declared in the chapter's front
matter (``compendium.inputs``). The book rule then only assembles: it copies the executed
notebooks, the figure data and the package source into a staging folder that Jupyter Book
builds with ``execute_notebooks: off``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
RESULT_PATH = re.compile(r"""["'](results/[^"']+)["']""")


def front_matter(md_path: Path) -> dict:
    """The YAML front matter of a MyST-Markdown file (empty dict when there is none)."""
    match = FRONT_MATTER.match(Path(md_path).read_text(encoding="utf-8"))
    if match is None:
        return {}
    return yaml.safe_load(match.group(1)) or {}


def chapter_inputs(md_path: Path) -> list[str]:
    """Files a chapter declares in ``compendium.inputs`` (its rule's inputs): results, or data-raw sheets."""
    inputs = (front_matter(md_path).get("compendium") or {}).get("inputs") or []
    if not all(isinstance(p, str) and p.startswith(("results/", "data-raw/")) for p in inputs):
        raise ValueError(f"{md_path}: compendium.inputs must be a list of paths under results/ or data-raw/")
    return list(inputs)


def undeclared_reads(md_path: Path) -> list[str]:
    """``results/...`` paths used in a chapter's code cells but not declared as its inputs."""
    import jupytext

    nb = jupytext.read(md_path)
    used = {m for cell in nb.cells if cell.cell_type == "code" for m in RESULT_PATH.findall(cell.source)}
    declared = set(chapter_inputs(md_path))
    return sorted(p for p in used if p not in declared and not p.startswith("results/figdata"))


def source_date_epoch(project_root: Path, data_dir: Path | None = None) -> int | None:
    """The date every build of the same inputs stamps on its outputs (``SOURCE_DATE_EPOCH``).

    An explicit ``SOURCE_DATE_EPOCH`` wins; otherwise the commit date of ``HEAD``; outside git,
    the data vintage (the newest modification time among the snapshot files). Never the clock,
    so that two builds of the same inputs are byte-identical. None when there is neither.
    """
    import subprocess

    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=project_root, capture_output=True, text=True, check=True
        ).stdout.strip()
        if out.isdigit():
            return int(out)
    except (OSError, subprocess.CalledProcessError):
        pass
    if data_dir is not None and Path(data_dir).is_dir():
        times = [int(f.stat().st_mtime) for f in Path(data_dir).rglob("*") if f.is_file()]
        if times:
            return max(times)
    return None


def has_code(md_path: Path) -> bool:
    """Whether a chapter has code cells (chapters without code are converted, not executed)."""
    import jupytext

    return any(cell.cell_type == "code" for cell in jupytext.read(md_path).cells)


def execute_chapter(md_path: Path, out_path: Path, workdir: Path, timeout: int = 600) -> None:
    """Convert a MyST chapter to a notebook, execute it in ``workdir`` and write it.

    Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell, so a broken
    chapter stops the build instead of publishing an error trace.
    """
    import jupytext
    import nbformat

    nb = jupytext.read(md_path)
    for i, cell in enumerate(nb.cells):  # fixed ids (nbformat would draw random ones)
        cell["id"] = f"cell-{i}"
    if any(cell.cell_type == "code" for cell in nb.cells):
        from nbclient import NotebookClient

        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(workdir)}},
            record_timing=False,  # no execution timestamps in the notebook
        ).execute()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_path)


def stage_book(
    *,
    project_root: Path,
    notebooks: list[Path],
    figdata_dirs: list[Path],
    extra_files: list[Path],
    stage: Path,
    pdf: Path | None = None,
) -> dict:
    """Assemble the book source in ``stage``; return a manifest of what was staged.

    Chapters land at the stage root (flat), so site-relative links such as
    ``_static/data/x.csv`` work from every page. Figure data from all chapters go to
    ``_static/data`` (names must be unique across chapters); the package source goes to
    ``_static/code`` so that every figure's code link works offline.
    """
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "_static" / "data").mkdir(parents=True)
    for f in extra_files:
        shutil.copy2(project_root / f, stage / Path(f).name)
    for nb in notebooks:
        shutil.copy2(nb, stage / nb.name)
    seen: dict[str, Path] = {}
    for d in figdata_dirs:
        for f in sorted(Path(d).glob("*.*")):
            if f.name.startswith("."):
                continue
            if f.name in seen:
                raise ValueError(f"figure data name {f.name} is used by both {seen[f.name]} and {d}")
            seen[f.name] = d
            shutil.copy2(f, stage / "_static" / "data" / f.name)
    shutil.copytree(
        project_root / "analysis",
        stage / "_static" / "code" / "analysis",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    if pdf is not None and pdf.exists():
        shutil.copy2(pdf, stage / "_static" / pdf.name)
    manifest = {
        name: hashlib.sha256((stage / "_static" / "data" / name).read_bytes()).hexdigest()
        for name in sorted(seen)
    }
    (stage / "_static" / "data" / "manifest.json").write_text(json.dumps(manifest, indent=1))
    add_data_table(stage / "data.ipynb", stage / "_static" / "data")
    return manifest


def data_table_markdown(data_dir: Path) -> str:
    """The Data page's list of every figure/table CSV: link, rows, size, source and checksum."""
    import pandas as pd

    from analysis.presentation.tables import table_markdown

    rows = []
    for csv in sorted(Path(data_dir).glob("*.csv")):
        sidecar = csv.with_suffix(".json")
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        rows.append(
            {
                "Fil": f"[{csv.name}](_static/data/{csv.name})",
                "Slag": {"figure": "figur", "table": "tabell"}.get(meta.get("kind"), "–"),
                "Rader": meta.get("rows"),
                "Storlek (kB)": round(csv.stat().st_size / 1024, 1),
                "Källa": meta.get("source") or "–",
                "SHA-256 (början)": hashlib.sha256(csv.read_bytes()).hexdigest()[:16],
            }
        )
    if not rows:
        return "*Inga datafiler i detta bygge.*\n"
    table = table_markdown(pd.DataFrame(rows), markdown_columns=("Fil",), decimals={"Storlek (kB)": 1})
    manifest = "Hela kontrollsummorna finns i [manifest.json](_static/data/manifest.json)."
    return f"{table}\n{manifest}\n"


def add_data_table(notebook: Path, data_dir: Path) -> None:
    """Append the file list to the staged Data page (a no-op when the book has no Data page)."""
    if not notebook.exists():
        return
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_markdown_cell(data_table_markdown(data_dir))
    cell["id"] = "data-file-list"  # fixed, not random: two builds of the same data are byte-identical
    nb.cells.append(cell)
    nbformat.write(nb, notebook)


def toc_stems(toc_path: Path) -> list[str]:
    """Chapter stems in ``_toc.yml`` order, the root page first."""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    stems = [toc["root"]]
    for part in toc.get("parts", []):
        stems += [c["file"] for c in part.get("chapters", [])]
    return stems


def _run(cmd: list[str], log_file) -> None:
    import subprocess

    log_file.write("$ " + " ".join(cmd) + "\n")
    log_file.flush()
    subprocess.run(cmd, check=True, stdout=log_file, stderr=subprocess.STDOUT)


_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one atomic step (Linux >= 3.15)
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap the directories ``a`` and ``b``; False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def publish_atomically(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target``; readers never see a partial site.

    Where the kernel supports it the two folders are exchanged in one step; otherwise the old
    folder is renamed aside and the new one renamed in (two renames, no copying). The previous
    folder is removed afterwards. ``new`` and ``target`` must be on the same file system.
    """
    new, target = Path(new), Path(target)
    if not new.is_dir():
        raise FileNotFoundError(f"nothing to publish: {new} is not a folder")
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)  # now holds the previous site
        return
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old)


def build_book(
    project_root: Path, stage: Path, stems: list[str], log_path: Path, published: Path | None = None
) -> None:
    """Stage the executed chapters, build the PDF, then the HTML site that links to it.

    Both are built into ``results/book_out/_build`` and swapped in for ``_build`` only when
    both succeeded, so a failing build leaves the previously published site and PDF in place.
    ``published`` (the workflow's output) records what was published.
    """
    import sys

    jb = str(Path(sys.executable).parent / "jupyter-book")
    epoch = source_date_epoch(project_root)
    if epoch is not None:  # dates in Sphinx, LaTeX (\today) and the PDF's dates and ID
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        os.environ["FORCE_SOURCE_DATE"] = "1"
    notebooks = [project_root / "results" / "notebooks" / f"{s}.ipynb" for s in stems]
    figdata = [project_root / "results" / "figdata" / s for s in stems]
    extra = [Path("_config.yml"), Path("_toc.yml"), Path("references.bib")]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    work = project_root / "results" / "book_out"
    new = work / "_build"
    with open(log_path, "w") as log_file:
        stage_book(
            project_root=project_root,
            notebooks=notebooks,
            figdata_dirs=figdata,
            extra_files=extra,
            stage=stage,
        )
        if work.exists():  # left over from an interrupted build
            shutil.rmtree(work)
        work.mkdir(parents=True)
        _run([jb, "build", str(stage), "--path-output", str(work), "--builder", "pdflatex"], log_file)
        pdf = new / "latex" / "god-och-nara-vard.pdf"
        if not pdf.exists():
            raise FileNotFoundError(f"the LaTeX build did not produce {pdf}; see {log_path}")
        shutil.copy2(pdf, stage / "_static" / pdf.name)
        _run([jb, "build", str(stage), "--path-output", str(work), "--builder", "html"], log_file)
        index = new / "html" / "index.html"
        if not index.exists():
            raise FileNotFoundError(f"the HTML build did not produce {index}; see {log_path}")
        record = {
            "html": "_build/html/index.html",
            "pdf": "_build/latex/god-och-nara-vard.pdf",
            "sha256_index": hashlib.sha256(index.read_bytes()).hexdigest(),
            "sha256_pdf": hashlib.sha256(pdf.read_bytes()).hexdigest(),
        }
        publish_atomically(new, project_root / "_build")
        shutil.rmtree(work, ignore_errors=True)
        log_file.write(f"published {record['html']} and {record['pdf']}\n")
    if published is not None:
        Path(published).parent.mkdir(parents=True, exist_ok=True)
        Path(published).write_text(json.dumps(record, indent=1) + "\n")


def main(argv: list[str] | None = None) -> None:
    """Command line used by the workflow: ``python -m analysis.book execute|build ...``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m analysis.book")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("execute", help="execute one chapter into a notebook")
    ex.add_argument("chapter", type=Path)
    ex.add_argument("notebook", type=Path)
    bd = sub.add_parser("build", help="stage the executed chapters and build PDF + HTML")
    bd.add_argument("--stage", type=Path, default=Path("results/book"))
    bd.add_argument("--log", type=Path, default=Path("logs/book.log"))
    bd.add_argument("--published", type=Path, default=None, help="record of the published site (rule output)")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.cmd == "execute":
        execute_chapter(args.chapter, args.notebook, workdir=root)
    else:
        build_book(root, args.stage, toc_stems(root / "_toc.yml"), args.log, args.published)


if __name__ == "__main__":
    main()
