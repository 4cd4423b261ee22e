"""The benchmark's own logic: the SYNTHETIC edits it makes to a copy of the data, and its summary."""

import csv
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "data-raw" / "indicators.csv"
HEADER = ["kpi", "region_code", "gender", "year", "value"]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([HEADER, *rows])


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))[1:]


def test_summary_takes_each_ratio_within_its_run_then_the_median(bench):
    runs = [
        [("cold", 200.0), ("new year", 100.0)],
        [("cold", 100.0), ("new year", 60.0)],
        [("cold", 180.0), ("new year", 72.0)],
    ]
    cold, year = bench.summary(runs)
    assert cold == ("cold", 1.0, 1.0, 1.0)
    assert year[0] == "new year"
    assert year[1:] == pytest.approx((0.5, 0.4, 0.6))


def test_revise_one_value_changes_only_the_latest_total_of_region_03(bench, tmp_path):
    from analysis.registry import load_registry, the_id

    kpi = the_id(load_registry(SHEET), "did_treated")
    rows = [
        [kpi, "0003", "T", "2023", "60.0"],
        [kpi, "0003", "T", "2024", "61.0"],
        [kpi, "0003", "K", "2024", "62.0"],
        [kpi, "0001", "T", "2024", "63.0"],
    ]
    values = tmp_path / "values.csv"
    _write(values, rows)
    bench.revise_one_value(values, SHEET)
    expected = [list(r) for r in rows]
    expected[1][-1] = "62.3"
    assert _read(values) == expected


def test_append_new_year_repeats_each_sheet_indicators_last_year(bench, tmp_path):
    from analysis.registry import load_registry

    kpi = load_registry(SHEET)["id"].iloc[0]  # on the analysis sheet
    rows = [
        [kpi, "0001", "T", "2023", "1.0"],
        [kpi, "0001", "T", "2024", "2.0"],
        ["X99999", "0001", "T", "2024", "3.0"],  # not on the sheet: left alone
    ]
    values = tmp_path / "values.csv"
    _write(values, rows)
    bench.append_new_year(values, SHEET)
    assert _read(values) == [*rows, [kpi, "0001", "T", "2025", "2.0"]]
