"""The synthetic extra year used by ``pytest --synthetic-year`` (test data, never published)."""

from __future__ import annotations

import csv

from synthetic_year import append_synthetic_year

HEADER = ["kpi", "region_code", "region", "year", "gender", "value"]


def _write(path, rows):
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([HEADER, *rows])


def test_appends_one_year_for_sheet_ids_only(tmp_path):
    _write(
        tmp_path / "kolada" / "kolada_values.csv",
        [
            ["A1", "0000", "Riket", "2022", "T", "50.0"],
            ["A1", "0000", "Riket", "2023", "T", "60.0"],
            ["B2", "0001", "Stockholm", "2021", "T", "7"],
            ["Z9", "0000", "Riket", "2030", "T", "1.0"],
        ],
    )
    year = append_synthetic_year(tmp_path, {"A1", "B2"})
    assert year == 2024  # one after the latest year of the sheet's own series, not of Z9
    with (tmp_path / "kolada" / "kolada_values.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    new = {(r["kpi"], r["region_code"]): r["value"] for r in rows if r["year"] == "2024"}
    assert new == {("A1", "0000"): "60.1", ("B2", "0001"): "7"}
    assert len(rows) == 6
