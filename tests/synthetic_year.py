"""SYNTHETIC TEST DATA: a copy of the data snapshot with one extra Kolada year appended.

Used by ``pytest --synthetic-year`` (see ``conftest.py``): the whole test suite runs on a copy
of the real snapshot to which one year is added, each analysis-sheet indicator repeating its
last year's values with a small deterministic drift. The point is the promise that a new data
year needs no code change and breaks no test; the values are invented and never published.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

KOLADA_VALUES = Path("kolada") / "kolada_values.csv"


def append_synthetic_year(data_dir: Path, sheet_ids: set[str]) -> int:
    """Append one year to ``data_dir``'s Kolada values for the ids in ``sheet_ids``; return it.

    Each (indicator, region, gender) series repeats its last value, moved by +0,1 % of itself
    (rounded like the source), so trends continue smoothly and every range check still holds.
    """
    path = data_dir / KOLADA_VALUES
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    col = {c: i for i, c in enumerate(header)}
    mine = [r for r in body if r[col["kpi"]] in sheet_ids]
    new_year = max(int(r[col["year"]]) for r in mine) + 1
    last: dict[str, int] = {}
    for r in mine:
        last[r[col["kpi"]]] = max(last.get(r[col["kpi"]], 0), int(r[col["year"]]))
    extra = []
    for r in mine:
        if int(r[col["year"]]) != last[r[col["kpi"]]]:
            continue
        row = list(r)
        row[col["year"]] = str(new_year)
        if row[col["value"]].strip():
            value = float(row[col["value"]])
            decimals = len(row[col["value"]].split(".")[1]) if "." in row[col["value"]] else 0
            row[col["value"]] = f"{value * 1.001:.{decimals}f}"
        extra.append(row)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *body, *extra])
    return new_year


def synthetic_snapshot(source: Path, target: Path, sheet_csv: Path) -> int:
    """Copy the snapshot ``source`` to ``target`` and append a synthetic year; return the year."""
    shutil.copytree(source, target)
    with sheet_csv.open(encoding="utf-8", newline="") as fh:
        ids = {row["id"] for row in csv.DictReader(fh)}
    return append_synthetic_year(target, ids)
