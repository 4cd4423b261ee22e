"""Chapter execution and book staging, called by the workflow's chapter and book rules.

Snakemake owns execution: each chapter (a MyST-Markdown notebook in ``chapters/``) is
executed by its own rule whose inputs are the result files declared in the chapter's front
matter (``compendium.inputs``). The book rules then only assemble: they copy the executed
notebooks, the figure data and the package source into a staging folder that Jupyter Book
builds with ``execute_notebooks: off`` — site and PDF incrementally in persistent caches (only
changed pages are read and written, and latexmk reuses its auxiliary files), each as its own
rule — and a third rule publishes both atomically.
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

from analysis import reuse
from analysis.appendix import add_borrowed_glue

#: libyaml's loader when PyYAML has it (the workflow reads every page's front matter at start).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
RESULT_PATH = re.compile(r"""["'](results/[^"']+)["']""")


def front_matter(md_path: Path) -> dict:
    """The YAML front matter of a MyST-Markdown file (empty dict when there is none)."""
    match = FRONT_MATTER.match(Path(md_path).read_text(encoding="utf-8"))
    if match is None:
        return {}
    return yaml.load(match.group(1), Loader=_LOADER) or {}


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


def fill_template(text: str, params: dict[str, str]) -> str:
    """Replace a chapter template's ``{{name}}`` placeholders; raises on one without a value."""

    def value(match: re.Match) -> str:
        key = match.group(1)
        if key not in params:
            raise KeyError(f"template placeholder {{{{{key}}}}} has no value (given: {', '.join(params)})")
        return params[key]

    return re.sub(r"\{\{\s*(\w+)\s*\}\}", value, text)


def _read_chapter(md_path: Path, params: dict[str, str] | None):
    """The chapter (or the template filled with ``params``) as a notebook with fixed cell ids."""
    import jupytext

    if params is None:
        nb = jupytext.read(md_path)
    else:
        nb = jupytext.reads(fill_template(Path(md_path).read_text(encoding="utf-8"), params), fmt="md:myst")
    for i, cell in enumerate(nb.cells):  # fixed ids (nbformat would draw random ones)
        cell["id"] = f"cell-{i}"
    return nb


_KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _client(nb, workdir: Path, timeout: int):
    from nbclient import NotebookClient

    nb.metadata["kernelspec"] = dict(_KERNELSPEC)
    return NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
        record_timing=False,  # no execution timestamps in the notebook
        # Every output has arrived when the last cell replies: stop the kernel at once instead
        # of waiting for its orderly exit (0,1 s less per chapter, the same notebook).
        shutdown_kernel="immediate",
    )


def _write_notebook(nb, out_path: Path) -> None:
    import nbformat

    out_path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_path)


def execute_chapter(
    md_path: Path, out_path: Path, workdir: Path, timeout: int = 600, params: dict[str, str] | None = None
) -> None:
    """Convert a MyST chapter to a notebook, execute it in ``workdir`` and write it.

    With ``params`` the chapter is a template whose ``{{name}}`` placeholders are filled
    first. Raises ``nbclient.exceptions.CellExecutionError`` naming the failing cell, so a
    broken chapter stops the build instead of publishing an error trace.
    """
    nb = _read_chapter(md_path, params)
    if any(cell.cell_type == "code" for cell in nb.cells):
        _client(nb, workdir, timeout).execute()
    _write_notebook(nb, out_path)


#: Run in the shared kernel before each page: a clean namespace, counts from 1, the page's figure folder.
_PAGE_PRELUDE = """\
get_ipython().run_line_magic("reset", "-f")
get_ipython().execution_count = 1
import os as _os, pathlib as _pathlib, matplotlib.pyplot as _plt, analysis.figures as _figures
_plt.close("all")
_os.environ["GNV_FIGDATA_DIR"] = {figdata!r}
_figures.FIGDATA_DIR = _pathlib.Path({figdata!r})
del _os, _pathlib, _plt, _figures
"""


def execute_pages(
    md_path: Path, pages: list[tuple[dict[str, str], Path, Path]], workdir: Path, timeout: int = 600
) -> None:
    """Execute the template ``md_path`` once per ``(params, notebook, figdata dir)`` in one kernel.

    The region pages differ only in their parameters, so one kernel that imports pandas,
    matplotlib and the package once replaces a kernel per page (most of a page's cost). Before
    each page the kernel's namespace is reset, open figures are closed and the page's figure
    folder is set, so a page sees nothing of the one before; each notebook is written as
    :func:`execute_chapter` would write it.
    """
    from contextlib import ExitStack

    with ExitStack() as stack:
        client = None
        for params, out_path, figdata in pages:
            nb = _read_chapter(md_path, params)
            Path(figdata).mkdir(parents=True, exist_ok=True)
            if client is None:
                client = _client(nb, workdir, timeout)
                stack.enter_context(client.setup_kernel())
                info = client.wait_for_reply(client.kc.kernel_info())
                language_info = info["content"]["language_info"]
            client.nb = nb
            nb.metadata["kernelspec"] = dict(_KERNELSPEC)
            client.reset_execution_trackers()
            reply = client.wait_for_reply(
                client.kc.execute(_PAGE_PRELUDE.format(figdata=str(figdata)), store_history=False)
            )
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"could not prepare the kernel for {out_path}: {reply['content']}")
            nb.metadata["language_info"] = language_info
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            _write_notebook(nb, Path(out_path))
            _zip_figdata(Path(figdata), Path(out_path).stem)


#: Read by chapters through the package's defaults (small): part of every chapter's key.
SHARED_INPUTS = ("data-raw", "config")


def execution_key(md_path: Path, region: str | None = None, data: str | None = None) -> str:
    """The content key of executing ``md_path`` (:mod:`analysis.reuse`): its source, declared
    inputs, the shared sheets, the package code it and this executor import, and the environment.

    ``data``: a digest of what the page reads of its declared inputs, which then stands in for
    the whole files (the region pages: :func:`analysis.presentation.region_pages.page_data_keys`).
    """
    from analysis.codedeps import code_deps

    paths = [
        Path(md_path),
        *(map(Path, chapter_inputs(md_path)) if data is None else ()),
        *map(Path, SHARED_INPUTS),
        *map(Path, code_deps(str(md_path))),
        *map(Path, code_deps("analysis/book.py")),
    ]
    return reuse.content_key(paths, {**reuse.environment(), "region": region or "", "data": data or ""})


class ChangedDuringExecution(RuntimeError):
    """A file a page depends on changed while the page was executed."""


def check_unchanged(key: str, now: str, md_path: Path, notebooks: list[Path]) -> None:
    """Refuse a notebook executed from files that changed under it (``key`` before, ``now`` after).

    Snakemake notes an input's content when a job ends, so a chapter or module edited while its
    page runs would count as built from the new text: the notebook is removed and the job fails,
    and the next ``./build.sh`` executes the page again.
    """
    if key == now:
        return
    for notebook in notebooks:
        Path(notebook).unlink(missing_ok=True)
    raise ChangedDuringExecution(
        f"{md_path}: the page or a module it imports changed while it was executed; "
        "the notebook is removed, run ./build.sh again"
    )


def _zip_figdata(figdata: Path, stem: str) -> None:
    """The page's figure data in one file (``<stem>-data.zip``) beside the CSVs, if it has any."""
    if figdata.is_dir() and any(figdata.glob("*.csv")):
        from analysis.presentation.downloads import zip_folder

        zip_folder(figdata, f"{stem}-data")


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
        # no .css/.js: Jupyter Book links every stylesheet and script under _static into every
        # page, so a copy of the site assets here would load them twice
        ignore=shutil.ignore_patterns("__pycache__", "*.css", "*.js"),
    )
    if pdf is not None and pdf.exists():
        shutil.copy2(pdf, stage / "_static" / pdf.name)
    manifest = {
        name: hashlib.sha256((stage / "_static" / "data" / name).read_bytes()).hexdigest()
        for name in sorted(seen)
    }
    (stage / "_static" / "data" / "manifest.json").write_text(json.dumps(manifest, indent=1))
    add_data_table(stage / "data.ipynb", stage / "_static" / "data")
    add_borrowed_glue(stage)  # the technical appendix pastes tables glued by the chapters
    return manifest


def data_table_markdown(data_dir: Path) -> str:
    """The Data page's list of every figure/table CSV: link, rows, size, source and checksum."""
    import pandas as pd

    from analysis.presentation.tables import table_markdown

    rows = []
    for csv in sorted(Path(data_dir).glob("*.csv")):
        sidecar = csv.with_suffix(".json")
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        xlsx = csv.with_suffix(".xlsx")
        rows.append(
            {
                "Fil": f"[{csv.name}](_static/data/{csv.name})",
                "Excel": f"[xlsx](_static/data/{xlsx.name})" if xlsx.exists() else "–",
                "Slag": {"figure": "figur", "table": "tabell"}.get(meta.get("kind"), "–"),
                "Rader": meta.get("rows"),
                "Storlek (kB)": round(csv.stat().st_size / 1024, 1),
                "Källa": meta.get("source") or "–",
                "SHA-256 (början)": hashlib.sha256(csv.read_bytes()).hexdigest()[:16],
            }
        )
    if not rows:
        return "*Inga datafiler i detta bygge.*\n"
    table = table_markdown(
        pd.DataFrame(rows), markdown_columns=("Fil", "Excel"), decimals={"Storlek (kB)": 1}
    )
    zips = [
        {
            "Kapitlets data": f"[{z.name}](_static/data/{z.name})",
            "Storlek (kB)": round(z.stat().st_size / 1024, 1),
            "SHA-256 (början)": hashlib.sha256(z.read_bytes()).hexdigest()[:16],
        }
        for z in sorted(Path(data_dir).glob("*-data.zip"))
    ]
    if zips:
        zipped = table_markdown(
            pd.DataFrame(zips), markdown_columns=("Kapitlets data",), decimals={"Storlek (kB)": 1}
        )
        table += "\nAlla filer för ett kapitel i en zip-fil:\n\n" + zipped
    manifest = "Hela kontrollsummorna för alla filer finns i [manifest.json](_static/data/manifest.json)."
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
    """Page stems in ``_toc.yml`` order, the root page first; a chapter's sections follow it."""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))

    def entries(items: list[dict]) -> list[str]:
        out = []
        for c in items:
            out += [c["file"], *entries(c.get("sections", []))]
        return out

    stems = [toc["root"]]
    for part in toc.get("parts", []):
        stems += entries(part.get("chapters", []))
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


def sync_tree(src: Path, dst: Path) -> list[str]:
    """Make ``dst`` hold exactly the files of ``src``, rewriting only files whose bytes differ.

    Unchanged files keep their modification time, which is what Sphinx's incremental build
    compares: only pages whose staged source changed are read and written again. Returns the
    relative paths written or removed.
    """
    src, dst = Path(src), Path(dst)
    changed = []
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        a, b = src / rel, dst / rel
        if b.is_file() and b.stat().st_size == a.stat().st_size and b.read_bytes() == a.read_bytes():
            continue
        b.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(a, b)
        changed.append(str(rel))
    if dst.exists():
        for p in sorted(dst.rglob("*"), reverse=True):
            if p.is_file() and p.relative_to(dst) not in wanted:
                p.unlink()
                changed.append(str(p.relative_to(dst)))
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    return changed


def _set_source_date(project_root: Path) -> None:
    epoch = source_date_epoch(project_root)
    if epoch is not None:  # dates in Sphinx, LaTeX (\today) and the PDF's dates and ID
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        os.environ["FORCE_SOURCE_DATE"] = "1"


def _stage_into(project_root: Path, stems: list[str], source: Path) -> list[str]:
    """Stage the book freshly beside ``source``, then sync it in (see :func:`sync_tree`)."""
    fresh = source.with_name(source.name + ".new")
    if fresh.exists():
        shutil.rmtree(fresh)
    stage_book(
        project_root=project_root,
        notebooks=[project_root / "results" / "notebooks" / f"{s}.ipynb" for s in stems],
        figdata_dirs=[project_root / "results" / "figdata" / s for s in stems],
        extra_files=[Path("_config.yml"), Path("_toc.yml"), Path("references.bib")],
        stage=fresh,
    )
    changed = sync_tree(fresh, source)
    shutil.rmtree(fresh)
    return changed


#: ``jupyter-book`` in a process that ends without tearing down its objects: a Python exit
#: frees Sphinx's whole environment one object at a time, 2-5 s after the last file is
#: written, in the build's tail every time (measured in the nineteenth and twentieth
#: sessions). Every file is closed by then and no exit handler it registers writes one (log
#: handlers are flushed here); the exit code is jupyter-book's own.
_JUPYTER_BOOK = """\
import logging, os, sys
from jupyter_book.cli.main import main
code = 0
try:
    main(sys.argv[1:], prog_name="jupyter-book")
except SystemExit as done:
    if isinstance(done.code, int):
        code = done.code
    elif done.code is not None:
        print(done.code, file=sys.stderr)
        code = 1
logging.shutdown()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
"""


def jupyter_book_command(args: list[str]) -> list[str]:
    """The command that runs ``jupyter-book <args>`` and ends without Python's teardown.

    ``-P``: the working folder (a project, with its own ``analysis/``) is not put on
    ``sys.path``, so the Sphinx extensions come from the installed package, as under the
    ``jupyter-book`` script. Without it, two copies of a project built their sites with
    different absolute asset paths and so different ``.buildinfo`` hashes (found in CI,
    nineteenth session).
    """
    import sys

    return [sys.executable, "-P", "-c", _JUPYTER_BOOK, *args]


def _jupyter_book_build(cache: Path, builder: str, log_file) -> None:
    """``jupyter-book build`` of the stage ``cache/source`` into ``cache/_build/<builder>``."""
    args = ["build", str(cache / "source"), "--path-output", str(cache), "--builder", builder]
    _run(jupyter_book_command(args), log_file)


def _record(path: Path | None, record: dict) -> None:
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(record, indent=1) + "\n")


#: What shapes every page besides its source: the Sphinx extensions, the site's templates and
#: assets, and this module (staging). Sphinx re-reads a page only when its source changed.
BOOK_CODE = (
    "analysis/sphinx_offline.py",
    "analysis/sphinx_swedish.py",
    "analysis/sphinx_doctrees.py",
    "analysis/site_assets",
    "analysis/book.py",
)


def book_code_key(project_root: Path) -> str:
    """Content key of :data:`BOOK_CODE`, the package code it imports and the environment.

    A kept book cache built under another key is discarded: a changed extension or template
    would otherwise reach only the pages whose source changed.
    """
    from analysis.codedeps import code_deps

    root = Path(project_root)
    files = [root / f for f in BOOK_CODE]
    for f in BOOK_CODE:
        if f.endswith(".py") and (root / f).is_file():
            files += [root / d for d in code_deps(f, str(root))]
    return reuse.content_key(files, reuse.environment(), root=root)


def _build_in_cache(project_root: Path, stems: list[str], cache: Path, log_path: Path, builder: str) -> Path:
    """Stage the book into ``cache`` and build it there with ``builder``; return the output folder.

    The cache persists between builds, so Sphinx reads and writes only the pages whose staged
    source changed, and latexmk starts from the last run's auxiliary files (one LaTeX pass
    instead of three when no page reference moved; the PDF is byte-identical to a cold build's,
    see tests/test_publishing.py). It is a cache, never the published book: on any failure, or
    when an earlier build was killed midway, it is removed and the next build starts cold.
    """
    _set_source_date(project_root)
    cache = Path(cache)
    marker, code = cache / ".building", cache / ".book-code"
    if marker.exists():  # an earlier build was killed midway: its cache is not trusted
        shutil.rmtree(cache)
    key = book_code_key(project_root)
    if cache.exists() and (not code.is_file() or code.read_text() != key):
        shutil.rmtree(cache)  # Sphinx re-writes no unchanged page when only the theme changed
    cache.mkdir(parents=True, exist_ok=True)
    code.write_text(key)
    marker.touch()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(log_path, "w") as log_file:
            changed = _stage_into(project_root, stems, cache / "source")
            log_file.write(f"staged: {len(changed)} file(s) changed\n")
            _jupyter_book_build(cache, builder, log_file)
    except BaseException:
        shutil.rmtree(cache, ignore_errors=True)
        raise
    marker.unlink()
    return cache / "_build" / ("latex" if builder == "pdflatex" else builder)


def prune_images(html: Path) -> list[str]:
    """Remove the images in ``html/_images`` that no page shows; return their names.

    Sphinx copies the images of the pages it writes and never removes any, so in a kept site
    every changed figure left its earlier drawing behind: the published site grew with each
    rebuild and served figures of superseded data. After pruning it holds what a cold build
    holds (tests/test_publishing.py).
    """
    from urllib.parse import unquote

    images = Path(html) / "_images"
    if not images.is_dir():
        return []
    shown: set[str] = set()
    for page in Path(html).rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        shown.update(unquote(name) for name in _IMAGE_REF.findall(text))
    removed = sorted(f.name for f in images.iterdir() if f.is_file() and f.name not in shown)
    for name in removed:
        (images / name).unlink()
    return removed


_IMAGE_REF = re.compile(r"""_images/([^"'?#)\s]+)""")


def build_html(
    project_root: Path, stems: list[str], cache: Path, log_path: Path, record: Path | None = None
) -> dict:
    """Build the site incrementally in ``cache`` (see :func:`_build_in_cache`).

    Returns (and writes to ``record``) the checksum of the built index page.
    """
    index = _build_in_cache(project_root, stems, cache, log_path, "html") / "index.html"
    if not index.exists():
        raise FileNotFoundError(f"the HTML build did not produce {index}; see {log_path}")
    removed = prune_images(index.parent)
    with open(log_path, "a") as log_file:
        log_file.write(f"pruned: {len(removed)} image(s) no page shows\n")
    out = {"html": str(index.relative_to(project_root)) if index.is_relative_to(project_root) else str(index)}
    out["sha256_index"] = hashlib.sha256(index.read_bytes()).hexdigest()
    _record(record, out)
    return out


def build_pdf(
    project_root: Path, stems: list[str], cache: Path, log_path: Path, record: Path | None = None
) -> dict:
    """Build the PDF incrementally in ``cache`` (see :func:`_build_in_cache`); return its checksum."""
    pdf = _build_in_cache(project_root, stems, cache, log_path, "pdflatex") / PDF_NAME
    if not pdf.exists():
        raise FileNotFoundError(f"the LaTeX build did not produce {pdf}; see {log_path}")
    out = {"sha256_pdf": hashlib.sha256(pdf.read_bytes()).hexdigest()}
    _record(record, out)
    return out


PDF_NAME = "god-och-nara-vard.pdf"


def publish_book(
    project_root: Path, html_cache: Path, pdf_cache: Path, published: Path | None = None
) -> dict:
    """Assemble site and PDF in ``results/book_out/_build`` and swap it in for ``_build``.

    The site links the PDF as ``_static/god-och-nara-vard.pdf``, so the PDF is copied into the
    site here. Only a complete assembly is published (:func:`publish_atomically`).
    """
    html = Path(html_cache) / "_build" / "html"
    latex = Path(pdf_cache) / "_build" / "latex"
    if not (html / "index.html").exists() or not (latex / PDF_NAME).exists():
        raise FileNotFoundError(f"no built site or PDF in {html_cache} and {pdf_cache}: build them first")
    work = project_root / "results" / "book_out"
    if work.exists():  # left over from an interrupted build
        shutil.rmtree(work)
    new = work / "_build"
    shutil.copytree(html, new / "html")
    shutil.copytree(latex, new / "latex")
    shutil.copy2(latex / PDF_NAME, new / "html" / "_static" / PDF_NAME)
    record = {
        "html": "_build/html/index.html",
        "pdf": f"_build/latex/{PDF_NAME}",
        "sha256_index": hashlib.sha256((new / "html" / "index.html").read_bytes()).hexdigest(),
        "sha256_pdf": hashlib.sha256((new / "latex" / PDF_NAME).read_bytes()).hexdigest(),
    }
    publish_atomically(new, project_root / "_build")
    shutil.rmtree(work, ignore_errors=True)
    _record(published, record)
    return record


def build_book(
    project_root: Path, cache: Path, stems: list[str], log_path: Path, published: Path | None = None
) -> None:
    """The whole book in one call: PDF, site (incremental in ``cache``/html), then publish.

    The workflow runs the three steps as separate rules; this is the same sequence for use
    outside it. A failure in either build leaves the published ``_build`` untouched.
    """
    cache = Path(cache)
    build_pdf(project_root, stems, cache / "pdf", log_path.with_name(log_path.stem + "_pdf.log"))
    build_html(project_root, stems, cache / "html", log_path)
    publish_book(project_root, cache / "html", cache / "pdf", published)
    with open(log_path, "a") as log_file:
        log_file.write(f"published _build/html/index.html and _build/latex/{PDF_NAME}\n")


def execute_region_pages(
    template: Path,
    notebooks: Path,
    figdata: Path,
    codes: list[str] | None = None,
    store: Path | None = None,
    workdir: Path | None = None,
) -> list[str]:
    """Execute the region page ``template`` for ``codes`` (default: every region) in one kernel.

    With a ``store`` of earlier executions (:mod:`analysis.reuse`), a page whose own rows and
    figures are unchanged (:func:`analysis.presentation.region_pages.page_data_keys`) is
    restored instead, and no kernel starts when every page is. Notebooks go to
    ``notebooks/<stem>.ipynb``, figure data to ``figdata/<stem>/``. Returns the codes executed.
    """
    from analysis.pages import REGION_CODES, page_stem
    from analysis.presentation.region_pages import page_data_keys, template_params

    codes = codes or list(REGION_CODES)
    data = page_data_keys(codes) if store is not None else {}
    pages, keys = [], {}
    for c in codes:
        notebook, folder = notebooks / f"{page_stem(c)}.ipynb", figdata / page_stem(c)
        if store is not None:
            keys[c] = execution_key(template, c, data[c])
            if reuse.restore(store / page_stem(c), keys[c], notebook, folder):
                print(f"{page_stem(c)}: its rows are unchanged since its last execution; notebook restored")
                continue
        pages.append((c, notebook, folder))
    before = execution_key(template)
    execute_pages(template, [(template_params(c), n, f) for c, n, f in pages], workdir=workdir or Path.cwd())
    check_unchanged(before, execution_key(template), template, [n for _, n, _ in pages])
    if store is not None:
        for c, notebook, folder in pages:
            reuse.save(store / page_stem(c), keys[c], notebook, folder)
    return [c for c, _, _ in pages]


def main(argv: list[str] | None = None) -> None:
    """Command line used by the workflow: ``python -m analysis.book execute|execute-regions|html|pdf|publish ...``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m analysis.book")
    sub = parser.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("execute", help="execute one chapter into a notebook")
    ex.add_argument("chapter", type=Path)
    ex.add_argument("notebook", type=Path)
    ex.add_argument("--region", help="execute the region page template for this region code")
    ex.add_argument(
        "--reuse",
        type=Path,
        help="store of earlier executions: restore one with the same inputs (analysis.reuse)",
    )
    er = sub.add_parser(
        "execute-regions", help="execute the region page template for several regions, in one kernel"
    )
    er.add_argument("template", type=Path)
    er.add_argument("notebooks", type=Path, help="folder of the notebooks (<stem>.ipynb)")
    er.add_argument("figdata", type=Path, help="folder of the pages' figure data folders (<stem>/)")
    er.add_argument("--regions", nargs="+", help="region codes (default: every region)")
    er.add_argument(
        "--reuse", type=Path, help="store of earlier executions: restore pages whose rows are unchanged"
    )
    for name, what in (("html", "the site"), ("pdf", "the PDF")):
        p = sub.add_parser(name, help=f"stage the executed chapters and build {what}, incrementally")
        p.add_argument("--cache", type=Path, default=Path(f".cache/book/{name}"))
        p.add_argument("--log", type=Path, default=Path(f"logs/book_{name}.log"))
        p.add_argument("--record", type=Path, default=None, help="record of the build (rule output)")
    pb = sub.add_parser("publish", help="swap the built site and PDF in for _build")
    pb.add_argument("--html-cache", type=Path, default=Path(".cache/book/html"))
    pb.add_argument("--pdf-cache", type=Path, default=Path(".cache/book/pdf"))
    pb.add_argument("--published", type=Path, default=None, help="record of the published site (rule output)")
    bd = sub.add_parser("build", help="PDF, site and publish in one go")
    bd.add_argument("--cache", type=Path, default=Path(".cache/book"))
    bd.add_argument("--log", type=Path, default=Path("logs/book.log"))
    bd.add_argument("--published", type=Path, default=None)
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.cmd == "execute":
        params = None
        if args.region:
            from analysis.presentation.region_pages import template_params

            params = template_params(args.region)
        figdata = Path(os.environ["GNV_FIGDATA_DIR"]) if os.environ.get("GNV_FIGDATA_DIR") else None
        key, store = execution_key(args.chapter, args.region), None
        if args.reuse is not None:
            store = args.reuse / args.notebook.stem
            if reuse.restore(store, key, args.notebook, figdata):
                print(f"{args.chapter}: inputs unchanged since its last execution; notebook restored")
                return
        execute_chapter(args.chapter, args.notebook, workdir=root, params=params)
        check_unchanged(key, execution_key(args.chapter, args.region), args.chapter, [args.notebook])
        if figdata is not None:
            _zip_figdata(figdata, args.notebook.stem)
        if store is not None:
            reuse.save(store, key, args.notebook, figdata)
        return
    if args.cmd == "execute-regions":
        execute_region_pages(args.template, args.notebooks, args.figdata, args.regions, args.reuse, root)
        return
    stems = toc_stems(root / "_toc.yml")
    if args.cmd == "html":
        build_html(root, stems, args.cache, args.log, args.record)
    elif args.cmd == "pdf":
        build_pdf(root, stems, args.cache, args.log, args.record)
    elif args.cmd == "publish":
        publish_book(root, args.html_cache, args.pdf_cache, args.published)
    else:
        build_book(root, args.cache, stems, args.log, args.published)


if __name__ == "__main__":
    main()
