"""Benchmarks of the build and the tests (not timed tests: targets are reported, not asserted).

Runs, in a temporary copy of the project on a copy of the data snapshot:
  1. a cold full build (`snakemake --cores 2`),
  2. a no-op rebuild,
  3. a rebuild after changing one value in the Kolada snapshot table,
  4. the test suite (`pytest`, in the checkout),
and prints whole-process wall time and peak memory (sum of resident memory over the process
tree, sampled every 0.2 s with psutil) as a Markdown table for the README.
Targets (issue 2): cold build < 3 min after dependencies are installed, peak memory < 2 GB,
no-op rebuild < 5 s.

Usage: .venv/bin/python benchmarks/run.py [--skip-tests]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from analysis.config import resolve_snapshot_dir  # noqa: E402


def measure(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, int]:
    """Run ``cmd``; return (wall seconds, peak tree RSS in MB, exit code)."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs if p.is_running())
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    code = proc.wait()
    done.set()
    thread.join()
    return time.perf_counter() - start, peak / 2**20, code


def page_weight(build: Path) -> dict[str, int]:
    """Largest HTML page (with the images it embeds), total site size, and PDF size, in bytes."""
    html = build / "html"
    pages = {p: p.stat().st_size for p in html.glob("*.html")}
    largest = max(pages, key=pages.get)
    images = sum((html / "_images" / m).stat().st_size for m in set(_image_refs(largest.read_text())))
    return {
        f"Largest page ({largest.name}, with its images)": pages[largest] + images,
        "Total site": sum(f.stat().st_size for f in html.rglob("*") if f.is_file()),
        "PDF": (build / "latex" / "god-och-nara-vard.pdf").stat().st_size,
    }


def _image_refs(text: str) -> list[str]:
    import re

    return re.findall(r'src="_images/([^"]+)"', text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-tests", action="store_true")
    args = parser.parse_args()
    snapshot, _ = resolve_snapshot_dir(None, project_root=ROOT)
    if snapshot is None:
        sys.exit("no data snapshot found (set GNV_DATA_DIR)")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        project, data = Path(tmp) / "project", Path(tmp) / "data"
        shutil.copytree(
            ROOT,
            project,
            ignore=shutil.ignore_patterns(".venv", ".git", "results", "_build", ".snakemake", "logs"),
        )
        shutil.copytree(snapshot, data)
        env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "GNV_DATA_DIR": str(data)}
        smk = [str(BIN / "snakemake"), "--cores", "2", "--quiet"]
        rows.append(("Cold full build (after dependencies are installed)", *measure(smk, project, env)))
        weight = page_weight(project / "_build")
        rows.append(("No-op rebuild", *measure(smk, project, env)))
        values = data / "kolada" / "kolada_values.csv"
        lines = values.read_text(encoding="utf-8").splitlines(keepends=True)
        head, value = lines[1].rstrip("\n").rsplit(",", 1)
        lines[1] = f"{head},{float(value) + 0.1}\n"
        values.write_text("".join(lines), encoding="utf-8")
        rows.append(("Rebuild after changing one input table (Kolada)", *measure(smk, project, env)))
    if not args.skip_tests:
        env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
        rows.append(
            ("Test suite (`pytest`)", *measure([str(BIN / "python"), "-m", "pytest", "-q"], ROOT, env))
        )
    print("| Step | Wall time | Peak memory | Exit code |\n|---|---|---|---|")
    for name, wall, peak, code in rows:
        print(f"| {name} | {wall:.1f} s | {peak:.0f} MB | {code} |")
    print("\n| Page weight | Size |\n|---|---|")
    for name, size in weight.items():
        print(f"| {name} | {size / 1024:.0f} kB |")


if __name__ == "__main__":
    main()
