"""The Kolada snapshot reader's peak memory stays near the file size (issue 16: a 1 000 000-row
file peaked at 1,28 GB, 35 times its size). Measured as the peak resident-memory increase of a
fresh subprocess, after a warm-up read of a tiny file (pyarrow's one-time set-up, ~20 MB, is
not per-file memory). Measured on the build machine: about 2,4 times the file size."""

import subprocess
import sys
import textwrap
from pathlib import Path

from analysis.regions import region_name
from analysis.sources.kolada import KOLADA_REGION_IDS

BOUND = 3.0  # times the file size (the row-by-row reader needed 32)


def write_synthetic_snapshot(path: Path, rows: int) -> None:
    """A SYNTHETIC Kolada snapshot: made-up KPI ids (U7xxxx) and values, real region ids and names."""
    regions = sorted(KOLADA_REGION_IDS.items())
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("kpi,region_code,region,year,gender,value\n")
        written = 0
        for k in range(100_000):
            for rid, code in regions:
                for year in range(1995, 2031):
                    for sex in "TKM":
                        if written == rows:
                            return
                        out.write(
                            f"U{70000 + k},{rid},{region_name(code)},{year},{sex},{written % 997 / 10}\n"
                        )
                        written += 1


MEASURE = textwrap.dedent(
    """
    import sys, threading, time
    import psutil
    from analysis.sources.kolada import read_snapshot
    read_snapshot(sys.argv[2], check_ranges=False)  # warm-up
    proc = psutil.Process()
    base = peak = proc.memory_info().rss
    done = False
    def watch():
        global peak
        while not done:
            peak = max(peak, proc.memory_info().rss)
            time.sleep(0.002)
    watcher = threading.Thread(target=watch)
    watcher.start()
    table = read_snapshot(sys.argv[1], check_ranges=False)
    done = True
    watcher.join()
    print(len(table), peak - base)
    """
)


def test_reading_a_million_rows_peaks_within_a_few_times_the_file_size(tmp_path):
    big, tiny = tmp_path / "synthetic_kolada_1m.csv", tmp_path / "synthetic_kolada_tiny.csv"
    write_synthetic_snapshot(big, 1_000_000)
    write_synthetic_snapshot(tiny, 100)
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(big), str(tiny)], capture_output=True, text=True, check=True
    ).stdout.split()
    rows, peak = int(out[0]), int(out[1])
    assert rows == 1_000_000
    size = big.stat().st_size
    assert peak <= BOUND * size, (
        f"peak {peak / 1e6:.0f} MB = {peak / size:.1f} x the file ({size / 1e6:.0f} MB)"
    )


def test_lean_reader_gives_the_same_table_as_the_row_by_row_reader(tmp_path, monkeypatch):
    """Same values, rows, lines and dtypes (after ``plain_text``) on a synthetic file with a
    duplicate-free mix of KPIs, regions, years and sexes; and the lean path is really taken."""
    import pandas as pd

    from analysis.sources import kolada
    from analysis.sources.kolada_fast import plain_text

    path = tmp_path / "synthetic_kolada.csv"
    write_synthetic_snapshot(path, 5_000)
    lean = kolada.read_snapshot(path, units={"U70000": "procent"}, check_ranges=False)
    assert isinstance(lean["indicator"].dtype, pd.CategoricalDtype)
    monkeypatch.setattr(kolada, "read_snapshot_fast", lambda *args, **kwargs: None)
    slow = kolada.read_snapshot(path, units={"U70000": "procent"}, check_ranges=False)
    pd.testing.assert_frame_equal(plain_text(lean), slow)
