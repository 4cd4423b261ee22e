"""The published data vintage and the changelog against it (synthetic tables, labelled as such)."""

from __future__ import annotations

import json
import os
import time

import pandas as pd
import pytest

from analysis import vintage as V
from analysis.validation import TIDY_COLUMNS


def table(source: str, values: dict[tuple[str, str, int], float]) -> pd.DataFrame:
    """A tidy table of synthetic test values keyed (indicator, region, year)."""
    rows = [
        {"source": source, "indicator": i, "region_code": r, "year": y, "sex": "T", "value": v}
        for (i, r, y), v in values.items()
    ]
    df = pd.DataFrame(rows)
    for col in TIDY_COLUMNS:
        if col not in df:
            df[col] = float("nan") if col not in ("unit", "source_file") else ""
    df["source_row"] = 0
    return df[TIDY_COLUMNS]


BASE = {("U1", "01", 2023): 50.0, ("U1", "01", 2024): 51.0, ("U1", "03", 2024): 60.0}
NAMES = {"U1": "Förtroende för vårdcentralen", "V1": "Väntetid"}


def record(tables, **kw):
    return V.make_record(tables, {"kolada/kolada_values.csv": "abc"}, published="2026-11-01", **kw)


def test_record_round_trips_through_the_committed_file(tmp_path):
    rec = record([table("kolada", BASE), table("vis", {("V1", "01", 2017): 3.0})])
    V.write_record(rec, tmp_path / "published.json")
    back = V.read_record(tmp_path / "published.json")
    assert back == json.loads(json.dumps(rec))
    assert len(V.record_manifest(back)) == 3  # only Kolada values are stored in full
    assert set(back["digests"]) == {"kolada|U1", "vis|V1"}


def test_no_record_means_nothing_to_compare(tmp_path):
    assert V.read_record(tmp_path / "missing.json") is None


def test_changelog_shows_revision_old_to_new_with_names_and_new_years():
    rec = record([table("kolada", BASE)])
    now = {**BASE, ("U1", "03", 2024): 62.5, ("U1", "01", 2025): 52.0}
    log = V.changelog(rec, [table("kolada", now)], NAMES)
    revised = log[log["change"] == "revised"].iloc[0]
    assert (revised["indicator_name"], revised["region_name"], revised["year"]) == (
        "Förtroende för vårdcentralen",
        "Uppsala",
        2024,
    )
    assert (revised["value_prev"], revised["value_cur"]) == (60.0, 62.5)
    new_year = log[log["change"] == "new_year"].iloc[0]
    assert (new_year["year"], new_year["value_cur"]) == (2025, 52.0)
    assert len(log) == 2


def test_changelog_of_unchanged_data_is_empty():
    tables = [table("kolada", BASE), table("skr", {("S1", "01", 2010): 7.0})]
    assert V.changelog(record(tables), tables, NAMES).empty


def test_digest_sources_report_changed_new_and_removed_indicators():
    old = [table("vis", {("V1", "01", 2017): 3.0, ("V2", "01", 2017): 1.0})]
    new = [table("vis", {("V1", "01", 2017): 3.5, ("V3", "01", 2017): 1.0})]
    log = V.changelog(record(old), new, NAMES).set_index("indicator")["change"].to_dict()
    assert log == {"V1": "changed_values", "V2": "removed_indicator", "V3": "new_indicator"}


def test_new_quarantines_are_those_not_in_the_record():
    q = pd.DataFrame(
        {
            "source": ["kolada", "kolada"],
            "indicator": ["U1", "U1"],
            "region_code": ["01", "03"],
            "year": [2024, 2025],
            "sex": ["T", "T"],
            "action": ["quarantine", "quarantine"],
        }
    )
    rec = record([table("kolada", BASE)], quarantined=q.iloc[:1])
    assert V.new_quarantines(rec, q).tolist() == [False, True]
    assert V.new_quarantines(None, q).tolist() == [True, True]


def test_changed_files():
    rec = record([table("kolada", BASE)])
    assert V.changed_files(rec, {"kolada/kolada_values.csv": "abc"}).empty
    got = V.changed_files(rec, {"kolada/kolada_values.csv": "def", "vis/x.csv": "1"})
    assert got.to_dict("records") == [
        {"file": "kolada/kolada_values.csv", "change": "changed"},
        {"file": "vis/x.csv", "change": "new"},
    ]


def _fake_build(root, site_age: float):
    tidy = root / "results" / "tidy"
    tidy.mkdir(parents=True)
    for s in V.SOURCES:
        table(s, BASE if s == "kolada" else {("X", "01", 2010): 1.0}).to_parquet(tidy / f"{s}.parquet")
        (tidy / f"{s}_meta.json").write_text(json.dumps([{"name": f"{s}.csv", "sha256": s * 3}]))
    pd.DataFrame({c: [] for c in ["source", "indicator", "region_code", "year", "sex", "action"]}).to_parquet(
        tidy / "quarantine.parquet"
    )
    for sub, frame in (
        ("trends/robust.parquet", pd.DataFrame({"indicator": ["X"], "verdict": ["förbättrad"]})),
        (
            "findings/goals.parquet",
            pd.DataFrame({"goal": ["nav"], "compendium_assessment": ["Inga data"], "basis": ["inga data"]}),
        ),
    ):
        (root / "results" / sub).parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(root / "results" / sub)
    site = root / "_build" / "html" / "index.html"
    site.parent.mkdir(parents=True)
    site.write_text("<html></html>")
    t = time.time() + site_age
    os.utime(site, (t, t))


def test_publish_writes_the_record_of_a_finished_build(tmp_path):
    _fake_build(tmp_path, site_age=+10)
    out = tmp_path / "data-raw" / "vintage" / "published.json"
    V.publish(tmp_path, out)
    rec = V.read_record(out)
    assert rec["files"] == {
        "kolada/kolada.csv": "koladakoladakolada",
        "skr/skr.csv": "skrskrskr",
        "vis/vis.csv": "visvisvis",
    }
    assert len(V.record_manifest(rec)) == 3
    assert rec["conclusions"] == {"bedömning|X": "förbättrad", "mål|nav": "Inga data"}


def test_publish_refuses_a_build_that_did_not_finish(tmp_path):
    _fake_build(tmp_path, site_age=-100)  # results newer than the site: the last build failed
    with pytest.raises(SystemExit, match="did not finish"):
        V.publish(tmp_path, tmp_path / "published.json")
    assert not (tmp_path / "published.json").exists()


def test_changed_conclusions_are_reported_with_names():
    import pandas as pd

    from analysis.vintage import changed_conclusions, conclusions

    robust = pd.DataFrame({"indicator": ["A", "B"], "verdict": ["förbättrad", "ingen säker förändring"]})
    goals = pd.DataFrame({"goal": ["nav"], "compendium_assessment": ["Inga data"]})
    now = conclusions(robust, goals)
    record = {"conclusions": {**now, "bedömning|A": "tecken på förbättring", "bedömning|C": "försämrad"}}
    out = changed_conclusions(record, now, {"bedömning|A": "Serie A"}).set_index("key")
    assert out.loc["A", ["name", "before", "after"]].tolist() == [
        "Serie A",
        "tecken på förbättring",
        "förbättrad",
    ]
    assert out.loc["C", "after"] == "" and "B" not in out.index
    assert changed_conclusions(None, now, {}).empty


def test_a_reworded_conclusion_on_the_same_basis_is_not_a_change():
    import pandas as pd

    from analysis.vintage import changed_conclusions, conclusion_basis, conclusions

    robust = pd.DataFrame({"indicator": ["A"], "verdict": ["förbättrad"]})
    goals = pd.DataFrame(
        {
            "goal": ["nav"],
            "compendium_assessment": ["Säker förbättring i den enda serien"],
            "basis": ["A: förbättrad"],
        }
    )
    now, basis = conclusions(robust, goals), conclusion_basis(robust, goals)
    reworded = {
        "conclusions": {**now, "mål|nav": "Säker förbättring i 1 av 1 serier"},
        "conclusion_basis": basis,
    }
    assert changed_conclusions(reworded, now, {}, basis).empty
    # a record without bases (written before they were kept) is compared by its sentences
    assert changed_conclusions({"conclusions": reworded["conclusions"]}, now, {}, basis)["key"].tolist() == [
        "nav"
    ]
    # the same sentence on another basis is a change
    moved = {"conclusions": now, "conclusion_basis": {**basis, "mål|nav": "A: tecken på förbättring"}}
    out = changed_conclusions(moved, now, {"mål|nav": "Navet"}, basis)
    assert out[["name", "before", "after"]].values.tolist() == [["Navet", now["mål|nav"], now["mål|nav"]]]
