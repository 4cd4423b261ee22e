"""Early cutoff: work whose inputs have the same content as at its last run is not redone.

Snakemake decides which jobs run before any of them runs, so a chapter re-runs whenever a job
upstream of it runs, even when that job rewrites its results with the same bytes (a revised
trust value re-fits the trend models, but the national verdicts several chapters read stay
the same). Executing a chapter is a function of its source, its declared inputs
(``compendium.inputs``, checked by ``tests/test_workflow.py``), the package code it and the
executor import, the build date (``SOURCE_DATE_EPOCH``) and the Python environment; their
content is the key (:func:`content_key`, :func:`environment`), and the same key gives the same
notebook (builds are byte-identical), so the last execution is restored (:func:`restore`).
The region figures keep a region's drawing the same way (``workflow/scripts/region_figures.py``).
The stores are caches under ``.cache/``: deleting them only makes the next build slower.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

KEY = "key"
NOTEBOOK = "notebook.ipynb"
FIGDATA = "figdata"


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def content_key(paths: Iterable[Path], extra: Mapping[str, str], root: Path = Path(".")) -> str:
    """SHA-256 of the files under ``paths`` (names relative to ``root``, and bytes) and ``extra``.

    Modification times are not part of it: a file rewritten with the same bytes keeps the key.
    A missing path is keyed as missing, so it cannot match a key made when it existed.
    """
    digest = hashlib.sha256()
    for name, value in sorted(extra.items()):
        digest.update(f"extra\0{name}\0{value}\0".encode())
    for path in sorted({Path(p) for p in paths}):
        if not path.exists():
            digest.update(f"missing\0{path}\0".encode())
            continue
        for file in _files(path):
            rel = file.relative_to(root) if file.is_relative_to(root) else file
            digest.update(f"file\0{rel}\0{file.stat().st_size}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def environment() -> dict[str, str]:
    """What besides files shapes an execution: the interpreter, the locked packages, the date."""
    import os

    lock = Path("requirements.lock")
    return {
        "python": sys.version,
        "lock": hashlib.sha256(lock.read_bytes()).hexdigest() if lock.is_file() else "",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
    }


def restore(store: Path, key: str, notebook: Path, figdata: Path | None) -> bool:
    """Copy the stored execution to ``notebook`` and ``figdata`` if it was made under ``key``."""
    store = Path(store)
    try:
        if (store / KEY).read_text(encoding="utf-8") != key:
            return False
    except OSError:
        return False
    notebook.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store / NOTEBOOK, notebook)
    if figdata is not None:
        figdata.mkdir(parents=True, exist_ok=True)
        shutil.copytree(store / FIGDATA, figdata, dirs_exist_ok=True)
    return True


def save(store: Path, key: str, notebook: Path, figdata: Path | None) -> None:
    """Keep this execution under ``key``; the key is written last, so a partial store never matches."""
    store = Path(store)
    if store.exists():
        shutil.rmtree(store)
    store.mkdir(parents=True)
    shutil.copyfile(notebook, store / NOTEBOOK)
    if figdata is not None and figdata.is_dir():
        shutil.copytree(figdata, store / FIGDATA)
    else:
        (store / FIGDATA).mkdir()
    (store / KEY).write_text(key, encoding="utf-8")
