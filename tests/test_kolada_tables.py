"""The Kolada tables per analysis-sheet family and their content keys (targeted re-runs)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.quality import empty_trail
from analysis.sources.kolada_tables import (
    combined_key,
    content_keys,
    gather_families,
    read_split,
)

SNAPSHOT = """kpi,region_code,region,year,gender,value
A1,0001,Stockholm,2023,T,50.0
A1,0001,Stockholm,2024,T,51.0
B2,0001,Stockholm,2024,T,7.0
X9,0001,Stockholm,2024,T,1.5
"""


@pytest.fixture
def files(tmp_path):
    snap = tmp_path / "values.csv"
    snap.write_text(SNAPSHOT)
    ranges = tmp_path / "ranges.csv"
    ranges.write_text("id,min,max,reason\nB2,0,10,test\n")
    exceptions = tmp_path / "exceptions.csv"
    exceptions.write_text("indicator,region,year,sex,action,value,reason,source,date\n")
    code = tmp_path / "tidy.py"
    code.write_text("x = 1\n")
    sheet = pd.DataFrame({"id": ["A1", "B2"], "unit": ["procent", "antal"]})
    return {"snap": snap, "ranges": ranges, "exceptions": exceptions, "code": code, "sheet": sheet}


def keys(f, settings=None):
    return content_keys(
        f["snap"],
        ["A1", "B2"],
        sheet=f["sheet"],
        ranges=f["ranges"],
        exceptions=f["exceptions"],
        settings=settings or {"quality": {"strict": False}},
        code=[f["code"]],
    )


def test_revising_one_value_changes_only_that_indicators_key(files):
    before = keys(files)
    files["snap"].write_text(SNAPSHOT.replace("2024,T,51.0", "2024,T,52.0"))
    after = keys(files)
    assert after["A1"] != before["A1"]
    assert after["B2"] == before["B2"]
    assert combined_key(after, ["B2"]) == combined_key(before, ["B2"])
    assert combined_key(after, ["A1", "B2"]) != combined_key(before, ["A1", "B2"])


def test_ranges_exceptions_sheet_settings_and_code_enter_the_key(files):
    before = keys(files)
    files["ranges"].write_text("id,min,max,reason\nB2,0,20,test\n")
    assert keys(files)["B2"] != before["B2"] and keys(files)["A1"] == before["A1"]
    files["exceptions"].write_text(
        "indicator,region,year,sex,action,value,reason,source,date\nA1,Stockholm,2024,T,exclude,,r,s,d\n"
    )
    assert keys(files)["A1"] != before["A1"]
    now = keys(files)
    files["sheet"].loc[1, "unit"] = "procent"
    assert keys(files)["B2"] != now["B2"] and keys(files)["A1"] == now["A1"]
    now = keys(files)
    assert keys(files, {"quality": {"strict": True}}) != now  # settings change every key
    files["code"].write_text("x = 2\n")
    assert all(keys(files)[i] != now[i] for i in now)


def test_a_moved_line_changes_the_key_because_source_row_does(files):
    before = keys(files)
    lines = SNAPSHOT.splitlines(keepends=True)
    files["snap"].write_text("".join([lines[0], lines[3], lines[1], lines[2], lines[4]]))
    assert keys(files)["A1"] != before["A1"]


def test_wrong_first_column_is_refused(files):
    files["snap"].write_text(SNAPSHOT.replace("kpi,", "id,", 1))
    with pytest.raises(ValueError, match="first column"):
        keys(files)


def tidy(rows):
    return pd.DataFrame(rows, columns=["indicator", "year", "value", "source_file", "source_row"])


def test_gather_joins_families_in_file_order_with_one_source_entry(tmp_path):
    a = tidy([("A1", 2023, 50.0, "v.csv", 2), ("A1", 2024, 51.0, "v.csv", 3)])
    b = tidy([("B2", 2024, 7.0, "v.csv", 1)])
    empty = tidy([])
    paths = []
    for name, frame in {"a": a, "b": b, "c": empty}.items():
        frame.to_parquet(tmp_path / f"{name}.parquet", index=False)
        paths.append(tmp_path / f"{name}.parquet")
        empty_trail().to_parquet(tmp_path / f"{name}_q.parquet", index=False)
        pd.DataFrame({"n_values": []}).to_parquet(tmp_path / f"{name}_y.parquet", index=False)
    source = {"kind": "snapshot", "path": "v.csv", "url": None, "sha256": "x", "missing_kpis": []}
    table, trail, years, meta = gather_families(
        paths,
        [tmp_path / f"{n}_q.parquet" for n in "abc"],
        [tmp_path / f"{n}_y.parquet" for n in "abc"],
        [[{**source, "snapshot_only_not_loaded": []}], [dict(source)], [{"snapshot_only_not_loaded": []}]],
        quality={"min_region_share": 0.4, "strict": False},
        configured_last_year=None,
    )
    assert list(table["source_row"]) == [1, 2, 3]
    assert len(trail) == 0 and len(years) == 0
    assert len(meta) == 1
    assert (meta[0]["n_values"], meta[0]["first_year"], meta[0]["last_year"]) == (3, 2023, 2024)


def test_read_split_concatenates_and_refuses_nothing(tmp_path):
    a = tidy([("A1", 2023, 50.0, "v.csv", 2)])
    a.to_parquet(tmp_path / "a.parquet", index=False)
    tidy([]).to_parquet(tmp_path / "e.parquet", index=False)
    assert len(read_split([tmp_path / "a.parquet", tmp_path / "e.parquet"])) == 1
    assert len(read_split(str(tmp_path / "a.parquet"))) == 1
    with pytest.raises(ValueError):
        read_split([])


def test_keys_do_not_depend_on_where_the_project_lies(files, tmp_path):
    """Relative code paths: a copy of the project (tests, benchmarks) keeps its keys."""
    copies = []
    for name in ("a", "b"):
        root = tmp_path / name
        (root / "workflow").mkdir(parents=True)
        (root / "workflow" / "tidy.py").write_text("x = 1\n")
        copies.append(
            content_keys(
                files["snap"],
                ["A1"],
                sheet=files["sheet"],
                ranges=files["ranges"],
                exceptions=files["exceptions"],
                settings={},
                code=["workflow/tidy.py"],
                root=root,
            )
        )
    assert copies[0] == copies[1]


def test_year_rules_keep_the_rules_and_leave_out_the_provenance():
    from analysis.sources.kolada_tables import RULE_KEYS, year_rules

    meta = [{"sha256": "abc", "path": "/x", "first_year": 2011, "last_year": 2024, "min_region_share": 0.4}]
    rules = year_rules(meta)
    assert set(rules) == set(RULE_KEYS)
    assert (rules["first_year"], rules["last_year"], rules["strict"]) == (2011, 2024, None)
    assert (
        year_rules([{**meta[0], "sha256": "def"}]) == rules
    )  # a revised value leaves the rules as they were
