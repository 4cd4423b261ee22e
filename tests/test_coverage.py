"""Coverage table and source fingerprints (synthetic tables; real VIS file when present)."""

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.coverage import COVERAGE_COLUMNS, coverage_table, source_metadata
from analysis.regions import REGION_CODES

VIS_FILE = (
    Path(__file__).resolve().parents[1]
    / ".."
    / "shared"
    / "data"
    / "vis"
    / "vis_export_2019-03-27_kostnader.csv"
)


def tidy(rows):
    out = pd.DataFrame(rows, columns=["source", "indicator", "region_code", "year", "sex", "value"])
    out["unit"] = "procent"
    for c in ["numerator", "denominator", "ci_low", "ci_high"]:
        out[c] = np.nan
    out["source_file"], out["source_row"] = "synthetic", 0
    return out


def test_complete_indicator_has_no_gaps():
    rows = [("x", "x:a", code, year, "T", 1.0) for code in REGION_CODES for year in (2015, 2016)]
    rows += [("x", "x:a", "00", 2015, "T", 1.0), ("x", "x:a", "01", 2015, "K", 1.0)]
    cov = coverage_table(tidy(rows))
    assert list(cov.columns) == COVERAGE_COLUMNS
    got = cov.iloc[0]
    assert (got["first_year"], got["last_year"], got["n_years"], got["n_regions"]) == (2015, 2016, 2, 21)
    assert got["has_riket"] and got["sexes"] == "TK" and got["n_values"] == 44
    assert got["gaps"] == 0 and got["gap_detail"] == ""


def test_gaps_are_counted_over_all_regions_and_the_span():
    rows = [("x", "x:b", code, year, "T", 1.0) for code in REGION_CODES[:-1] for year in (2014, 2016)]
    rows += [("x", "x:b", "25", 2014, "T", 1.0)]
    got = coverage_table(tidy(rows)).iloc[0]
    assert got["n_years"] == 2 and got["n_regions"] == 21
    # 2015 missing everywhere (21 cells) + Norrbotten 2016.
    assert got["gaps"] == 22
    assert got["gap_detail"].startswith("01: 2015; 03: 2015")
    assert "regioner)" in got["gap_detail"]


def test_riket_only_indicator():
    rows = [("skr", "skr:a@riket_exkl_gotland", "00", y, "T", 1.0) for y in (2008, 2009, 2011)]
    got = coverage_table(tidy(rows)).iloc[0]
    assert got["n_regions"] == 0 and got["has_riket"]
    assert got["gaps"] == 1 and got["gap_detail"] == "00: 2010"


def test_source_metadata(tmp_path):
    path = tmp_path / "tiny.csv"
    content = b"a;b\n1;2\n\n3;4\n"
    path.write_bytes(content)
    meta = source_metadata(path, kind="vis", licence="CC BY 4.0", attribution="Källa: syntetisk")
    assert meta["sha256"] == hashlib.sha256(content).hexdigest()
    assert meta["size_bytes"] == len(content) and meta["n_rows"] == 2
    assert (
        meta["kind"] == "vis" and meta["licence"] == "CC BY 4.0" and meta["attribution"] == "Källa: syntetisk"
    )
    assert meta["vintage"] is None and meta["path"] == str(path)  # no stated date; never the clock


def test_stated_date_comes_from_a_manifest_or_the_file_name_never_the_clock(tmp_path):
    from analysis.coverage import stated_date

    export = tmp_path / "vis_export_2019-03-27_indikatorer.csv"
    plain = tmp_path / "kolada" / "kolada_values.csv"
    plain.parent.mkdir()
    for f in (export, plain):
        f.write_text("a\n1\n")
    assert stated_date(export) == "2019-03-27"
    assert stated_date(plain) is None
    (tmp_path / "manifest.json").write_text(
        json.dumps({"created": "2026-11-30T04:00:00+00:00", "files": {"kolada/kolada_values.csv": "ab"}})
    )
    assert stated_date(plain) == "2026-11-30"  # a refreshed snapshot, one folder up
    assert stated_date(export) == "2019-03-27"  # not listed in the manifest: its own name
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ValueError, match="manifest.json: not a snapshot manifest"):
        stated_date(plain)


@pytest.mark.skipif(not VIS_FILE.exists(), reason="../shared/data not available")
def test_real_vis_costs_coverage():
    from analysis.sources.vis import read_vis_export

    tidy = read_vis_export(VIS_FILE)
    cov = coverage_table(tidy).set_index("indicator")
    got = cov.loc["vis:nettokostnad_for_halso_och_sjukvard"]
    own = tidy[tidy["indicator"] == "vis:nettokostnad_for_halso_och_sjukvard"]
    assert (got["first_year"], got["last_year"]) == (own["year"].min(), own["year"].max())
    assert (got["n_regions"], got["gaps"]) == (21, 0)
    assert (cov["n_values"].sum(), cov["n_regions"].max()) == (len(tidy), 21)
    with VIS_FILE.open(encoding="utf-8-sig") as fh:
        n_lines = sum(1 for line in fh if line.strip()) - 1
    assert source_metadata(VIS_FILE, "vis", "CC BY 4.0", "Källa: Vården i siffror")["n_rows"] == n_lines


def test_national_years_reports_thin_years():
    from analysis.quality import national_years as covered_years
    from analysis.regions import REGION_CODES

    full = [(c, 2020, 1.0) for c in REGION_CODES] + [("00", 2020, 1.0)]
    thin = [(c, 2019, 1.0) for c in REGION_CODES[:13]] + [("00", 2019, 1.0)]
    rows = pd.DataFrame(full + thin, columns=["region_code", "year", "value"]).assign(indicator="X", sex="T")
    assert covered_years(rows, 0.8) == ([2020], [2019])
    assert covered_years(rows, 0.5) == ([2019, 2020], [])
