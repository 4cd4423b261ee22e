"""Shared fixtures: the project root, the data snapshot, and one end-to-end build.

The end-to-end build runs the whole workflow (data → models → chapters → HTML + PDF) in a
temporary copy of the project, on a temporary copy of the data snapshot, so tests can
change inputs without touching the checkout or ``../shared/data``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.config import resolve_snapshot_dir

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "results",
    "_build",
    ".snakemake",
    ".cache",
    "logs",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
)


def pytest_addoption(parser):
    parser.addoption(
        "--synthetic-year",
        action="store_true",
        help="run every test on a copy of the data snapshot with one SYNTHETIC extra Kolada year",
    )


def pytest_configure(config):
    """With ``--synthetic-year``, point the whole session at a snapshot copy with an extra year."""
    if not config.getoption("--synthetic-year"):
        return
    from synthetic_year import synthetic_snapshot

    source, _ = resolve_snapshot_dir(None, project_root=ROOT)
    if source is None:
        raise pytest.UsageError("--synthetic-year needs the data snapshot (GNV_DATA_DIR or ../shared/data)")
    target = Path(tempfile.mkdtemp(prefix="synthetic-year-")) / "data"
    year = synthetic_snapshot(source, target, ROOT / "data-raw" / "indicators.csv")
    os.environ["GNV_DATA_DIR"] = str(target)
    config.synthetic_year = year


def pytest_report_header(config):
    year = getattr(config, "synthetic_year", None)
    return f"data: SYNTHETIC extra year {year} appended to a copy of the snapshot" if year else None


@pytest.fixture(scope="session", autouse=True)
def _caches_outside_the_checkout(tmp_path_factory):
    """Figures and xlsx files that tests draw in this process are kept in a temporary store,
    not in the checkout's .cache (builds in project copies keep their own)."""
    from analysis import figure_cache
    from analysis.presentation import downloads

    store = tmp_path_factory.mktemp("caches")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(figure_cache, "STORE", store / "figures")
        mp.setattr(downloads, "XLSX_STORE", store / "xlsx")
        yield


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def snapshot_dir() -> Path:
    """The real data snapshot (config > GNV_DATA_DIR > ../shared/data); skip if none exists."""
    path, reason = resolve_snapshot_dir(None, project_root=ROOT)
    if path is None:
        pytest.skip("no data snapshot found (set GNV_DATA_DIR or place it in ../shared/data)")
    return path


def run_snakemake(workdir: Path, *args: str, env: dict | None = None, check: bool = True):
    """Run Snakemake from this environment in ``workdir``; return the completed process."""
    full_env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}", **(env or {})}
    proc = subprocess.run(
        [str(BIN / "snakemake"), "--cores", "2", *args],
        cwd=workdir,
        env=full_env,
        capture_output=True,
        text=True,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"snakemake {' '.join(args)} failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
        )
    return proc


@dataclass(frozen=True)
class Build:
    """A finished end-to-end build: the project copy, its data copy and the env to reuse them."""

    project: Path
    data: Path

    @property
    def env(self) -> dict:
        return {"GNV_DATA_DIR": str(self.data)}

    @property
    def html(self) -> Path:
        return self.project / "_build" / "html"

    @property
    def pdf(self) -> Path:
        return self.project / "_build" / "latex" / "god-och-nara-vard.pdf"


@pytest.fixture(scope="session")
def build(tmp_path_factory, snapshot_dir) -> Build:
    """A full build of a copy of the project on a copy of the snapshot (done once per session)."""
    base = tmp_path_factory.mktemp("e2e")
    result = Build(project=base / "project", data=base / "data")
    shutil.copytree(ROOT, result.project, ignore=IGNORE)
    shutil.copytree(snapshot_dir, result.data)
    run_snakemake(result.project, env=result.env)
    run_snakemake(result.project, "--report", "_build/html/_static/snakemake-rapport.html", env=result.env)
    return result
