"""Chapter execution and book staging, called by the workflow's chapter and book rules.

Snakemake owns execution: each chapter (a MyST-Markdown notebook in ``chapters/``) is
executed by its own rule whose inputs are the result files declared in the chapter's front
matter (``compendium.inputs``). The book rule then only assembles: it copies the executed
notebooks, the figure data and the package source into a staging folder that Jupyter Book
builds with ``execute_notebooks: off``.
"""

from __future__ import annotations

import hashlib
import json
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
    """Result files a chapter declares in ``compendium.inputs`` (its rule's inputs)."""
    inputs = (front_matter(md_path).get("compendium") or {}).get("inputs") or []
    if not all(isinstance(p, str) and p.startswith("results/") for p in inputs):
        raise ValueError(f"{md_path}: compendium.inputs must be a list of paths under results/")
    return list(inputs)


def undeclared_reads(md_path: Path) -> list[str]:
    """``results/...`` paths used in a chapter's code cells but not declared as its inputs."""
    import jupytext

    nb = jupytext.read(md_path)
    used = {m for cell in nb.cells if cell.cell_type == "code" for m in RESULT_PATH.findall(cell.source)}
    declared = set(chapter_inputs(md_path))
    return sorted(p for p in used if p not in declared and not p.startswith("results/figdata"))


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
    if any(cell.cell_type == "code" for cell in nb.cells):
        from nbclient import NotebookClient

        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
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
    nb.cells.append(nbformat.v4.new_markdown_cell(data_table_markdown(data_dir)))
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


def build_book(project_root: Path, stage: Path, stems: list[str], log_path: Path) -> None:
    """Stage the executed chapters, build the PDF, then the HTML site that links to it."""
    import sys

    jb = str(Path(sys.executable).parent / "jupyter-book")
    notebooks = [project_root / "results" / "notebooks" / f"{s}.ipynb" for s in stems]
    figdata = [project_root / "results" / "figdata" / s for s in stems]
    extra = [Path("_config.yml"), Path("_toc.yml"), Path("references.bib")]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log_file:
        stage_book(
            project_root=project_root,
            notebooks=notebooks,
            figdata_dirs=figdata,
            extra_files=extra,
            stage=stage,
        )
        out = project_root / "_build"
        if out.exists():
            shutil.rmtree(out)
        _run([jb, "build", str(stage), "--path-output", str(project_root), "--builder", "pdflatex"], log_file)
        pdf = out / "latex" / "god-och-nara-vard.pdf"
        if not pdf.exists():
            raise FileNotFoundError(f"the LaTeX build did not produce {pdf}; see {log_path}")
        shutil.copy2(pdf, stage / "_static" / pdf.name)
        _run([jb, "build", str(stage), "--path-output", str(project_root), "--builder", "html"], log_file)


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
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.cmd == "execute":
        execute_chapter(args.chapter, args.notebook, workdir=root)
    else:
        build_book(root, args.stage, toc_stems(root / "_toc.yml"), args.log)


if __name__ == "__main__":
    main()
