"""Benchmarks of the build and the tests (not timed tests: targets are reported, not asserted).

Runs, in one temporary copy of the project on a copy of the data snapshot, one after another:
  1. a cold full build (`snakemake --cores 2`),
  2. a no-op rebuild, with Snakemake and with ./build.sh (after one untimed ./build.sh, which
     adds the provenance report and records the fingerprint of the complete build),
  3. a rebuild after revising one value of one analysis-sheet indicator (the primary-care trust
     series, one region, one year: SYNTHETIC change to a copy of the data),
  4. a rebuild after a new data year (SYNTHETIC: every sheet indicator's last year repeated
     as the next year, appended to the copy),
  5. optionally the test suite (`pytest`, in the checkout; `--with-tests`, about 15 minutes),
and prints whole-process wall time and peak memory (sum of resident memory over the process
tree, sampled every 0.2 s with psutil) as a Markdown table for the README, with the rebuilds'
ratios to the cold build measured in the same run, and for each step the rules whose jobs
ran with their summed job-seconds (where the time went). Targets (issues 2 and 15): cold build
< 3 min, peak memory < 2 GB, no-op rebuild <= 2 s, one revised value <= 0.25 of cold, a new
year <= 0.5 of cold.

Usage: .venv/bin/python benchmarks/run.py [--runs N] [--with-tests] [--rules FILE.csv]

``--runs N`` repeats steps 1-4, each time in a fresh copy, and prints each rebuild's median
ratio over the runs with the lowest and highest: one run's ratio moves by as much as the
distance to the targets, so the median of several runs is what is compared with them.
``--rules`` also writes every rule's job-seconds per run and step (columns run, step, rule,
seconds), to see where a step's time went beyond the largest rules printed.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
#: Where the measured command's output goes.
LOG = Path(tempfile.gettempdir()) / "gnv-benchmark.log"

from analysis.book import source_date_epoch  # noqa: E402
from analysis.config import resolve_snapshot_dir, source_path  # noqa: E402


def measure(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, int]:
    """Run ``cmd``; return (wall seconds, peak tree RSS in MB, exit code).

    The command's output goes to :data:`LOG`, outside the project (a file inside it would count
    as a change to ``./build.sh``'s no-op check); a failing step prints its tail,
    so a benchmark that measured a broken build says so instead of reporting its time.
    """
    start = time.perf_counter()
    log = LOG.open("w")
    proc = psutil.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
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
    log.close()
    if code != 0:
        tail = LOG.read_text(errors="replace")[-4000:]
        print(f"step {' '.join(cmd[-3:])} failed with exit code {code}:\n{tail}", file=sys.stderr)
    return time.perf_counter() - start, peak / 2**20, code


def job_seconds(project: Path, since: float) -> dict[str, float]:
    """Rule -> summed seconds of the jobs that started after ``since`` (from Snakemake's metadata).

    Says where a rebuild's time went; one job writing several outputs is counted once.
    """
    import json

    jobs: dict[tuple, tuple[str, float]] = {}
    for path in (project / ".snakemake" / "metadata").glob("*"):
        try:
            meta = json.loads(path.read_text())
        except (ValueError, OSError):
            continue
        start, end = meta.get("starttime"), meta.get("endtime")
        if start is not None and end is not None and start >= since:
            jobs[(meta.get("rule"), meta.get("job_hash"))] = (meta.get("rule"), end - start)
    totals: dict[str, float] = {}
    for rule, seconds in jobs.values():
        totals[rule] = totals.get(rule, 0.0) + seconds
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def page_weight(build: Path) -> dict[str, int]:
    """Largest HTML page (with the images it embeds), total site size, and PDF size, in bytes."""
    html = build / "html"
    pages = {p: p.stat().st_size for p in html.glob("*.html")}
    if not pages:
        return {"Site (not built)": 0}
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


def _read(values: Path) -> tuple[list[str], list[list[str]]]:
    with values.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write(values: Path, header: list[str], body: list[list[str]]) -> None:
    with values.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *body])


def revise_one_value(values: Path, sheet_path: Path) -> None:
    """SYNTHETIC: revise the latest total value of region 03 of the sheet's primary-care trust series."""
    from analysis.registry import load_registry, the_id

    indicator = the_id(load_registry(sheet_path), "did_treated")
    header, body = _read(values)
    col = {c: i for i, c in enumerate(header)}
    mine = [r for r in body if r[col["kpi"]] == indicator and r[col["region_code"]] == "0003"]
    target = max((r for r in mine if r[col["gender"]] == "T"), key=lambda r: int(r[col["year"]]))
    target[col["value"]] = f"{float(target[col['value']]) + 1.3:.1f}"
    _write(values, header, body)


def append_new_year(values: Path, sheet_path: Path) -> None:
    """SYNTHETIC: every sheet indicator's last year repeated as the next year (as test_data_year)."""
    from analysis.registry import load_registry

    ids = set(load_registry(sheet_path)["id"])
    header, body = _read(values)
    col = {c: i for i, c in enumerate(header)}
    last: dict[str, int] = {}
    for r in body:
        if r[col["kpi"]] in ids:
            last[r[col["kpi"]]] = max(last.get(r[col["kpi"]], 0), int(r[col["year"]]))
    extra = [list(r) for r in body if r[col["kpi"]] in ids and int(r[col["year"]]) == last[r[col["kpi"]]]]
    for r in extra:
        r[col["year"]] = str(int(r[col["year"]]) + 1)
    _write(values, header, [*body, *extra])


def one_run(snapshot: Path) -> tuple[list[tuple], dict[str, dict[str, float]], dict[str, int]]:
    """The four steps in a fresh copy of the project and the data: (rows, job-seconds, page weight).

    Each row is (step, wall seconds, peak MB, exit code); the first is the cold build that the
    rebuilds' ratios are taken against.
    """
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        project, data = Path(tmp) / "project", Path(tmp) / "data"
        shutil.copytree(
            ROOT,
            project,
            ignore=shutil.ignore_patterns(
                ".venv", ".git", "results", "_build", ".snakemake", "logs", ".cache"
            ),
        )
        shutil.copytree(snapshot, data)
        env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "GNV_DATA_DIR": str(data)}
        # The copy has no .git: date it by the checkout's commit, as a build in the checkout
        # is (analysis.book.source_date_epoch), not by the data files' times, which the
        # revision steps change.
        epoch = source_date_epoch(ROOT)
        if epoch is not None:
            env["SOURCE_DATE_EPOCH"] = str(epoch)
        smk = [str(BIN / "snakemake"), "--cores", "2", "--quiet"]
        breakdown = {}

        def step(name: str, cmd: list[str] = smk) -> None:
            since = time.time()
            rows.append((name, *measure(cmd, project, env)))
            breakdown[name] = job_seconds(project, since)

        step("Cold full build (after dependencies are installed)")
        weight = page_weight(project / "_build")
        step("No-op rebuild")
        # What an analyst runs: ./build.sh in this environment. Its first run adds the provenance
        # report and records the build's fingerprint; the second finds nothing changed.
        (project / ".venv").symlink_to(BIN.parent)
        subprocess.run(
            ["./build.sh"], cwd=project, env={**env, "CORES": "2"}, capture_output=True, check=True
        )
        step("No-op rebuild with ./build.sh", ["./build.sh"])
        config = yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))
        values = source_path(config, "kolada", data, project)
        revise_one_value(values, project / "data-raw" / "indicators.csv")
        step("Rebuild after revising one value of one indicator")
        append_new_year(values, project / "data-raw" / "indicators.csv")
        step("Rebuild after a new data year")
    return rows, breakdown, weight


def summary(runs: list[list[tuple]]) -> list[tuple[str, float, float, float]]:
    """Per step over several runs: (step, median ratio to its own run's cold build, lowest, highest).

    Each ratio is taken within one run (rebuild and cold build on the same machine state).
    """
    out = []
    for i, (name, *_rest) in enumerate(runs[0]):
        ratios = [run[i][1] / run[0][1] for run in runs]
        out.append((name, statistics.median(ratios), min(ratios), max(ratios)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--with-tests", action="store_true", help="also time the whole test suite")
    parser.add_argument("--rules", type=Path, help="write every rule's job-seconds per step to this CSV")
    parser.add_argument("--runs", type=int, default=1, help="repeat the four steps; print the median ratios")
    args = parser.parse_args()
    snapshot, _ = resolve_snapshot_dir(None, project_root=ROOT)
    if snapshot is None:
        sys.exit("no data snapshot found (set GNV_DATA_DIR)")
    runs, breakdowns = [], []
    for k in range(args.runs):
        rows, breakdown, weight = one_run(snapshot)
        runs.append(rows)
        breakdowns.append(breakdown)
        print(f"\nRun {k + 1} of {args.runs}", flush=True)
        print_run(rows, breakdown)
    if args.runs > 1:
        print(
            f"\n| Step | Median ratio to cold over {args.runs} runs | Lowest | Highest |\n|---|---|---|---|"
        )
        for name, median, low, high in summary(runs):
            print(f"| {name} | {median:.3f} | {low:.3f} | {high:.3f} |")
    if args.with_tests:
        env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
        wall, peak, code = measure([str(BIN / "python"), "-m", "pytest", "-q"], ROOT, env)
        print(f"\n| Test suite (`pytest`) | {wall:.1f} s | {peak:.0f} MB | exit code {code} |")
    if args.rules:
        with args.rules.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh, lineterminator="\n")
            out.writerow(["run", "step", "rule", "seconds"])
            out.writerows(
                [k, name, rule, f"{sec:.1f}"]
                for k, breakdown in enumerate(breakdowns, start=1)
                for name, totals in breakdown.items()
                for rule, sec in totals.items()
            )
    print("\n| Page weight | Size |\n|---|---|")
    for name, size in weight.items():
        print(f"| {name} | {size / 1024:.0f} kB |")


def print_run(rows: list[tuple], breakdown: dict[str, dict[str, float]]) -> None:
    """One run's table (wall time, ratio to its cold build, peak memory) and its largest rules."""
    cold = rows[0][1]
    print("| Step | Wall time | Ratio to cold | Peak memory | Exit code |\n|---|---|---|---|---|")
    for name, wall, peak, code in rows:
        print(f"| {name} | {wall:.1f} s | {wall / cold:.3f} | {peak:.0f} MB | {code} |")
    for name, totals in breakdown.items():
        if totals:
            top = ", ".join(f"{rule} {sec:.0f}" for rule, sec in list(totals.items())[:8])
            print(f"\n{name}: {len(totals)} rules, {sum(totals.values()):.0f} job-seconds; largest: {top}")


if __name__ == "__main__":
    main()
