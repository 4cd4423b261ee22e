"""Downloads for Swedish readers: Excel-ready CSV, xlsx with Swedish headers, per-chapter zips."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.book import data_table_markdown
from analysis.presentation import downloads

DATA = pd.DataFrame(
    {
        "region_code": ["01", "09"],
        "year": [2023, 2024],
        "value": [89.00000000000001, 35421.123456789],
        "unit": ["procent", "kr/inv"],
        "rank_low": [1.0, float("nan")],
        "spec_growth_required": [0.5, 0.25],
    }
)


@pytest.fixture(autouse=True)
def xlsx_store(monkeypatch, tmp_path):
    """Each test keeps its xlsx files in its own store, not in the checkout's .cache."""
    monkeypatch.setattr(downloads, "XLSX_STORE", tmp_path / "xlsx-store")
    return tmp_path / "xlsx-store"


def test_an_unchanged_xlsx_is_kept_and_is_the_file_it_would_write(tmp_path, monkeypatch, xlsx_store):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    made = []
    real = downloads.xlsx_bytes
    monkeypatch.setattr(downloads, "xlsx_bytes", lambda *a, **k: made.append(1) or real(*a, **k))
    downloads.write_xlsx(DATA, tmp_path / "a.xlsx", title="T")
    downloads.write_xlsx(DATA.copy(), tmp_path / "a.xlsx", title="T")  # the same again: kept
    assert len(made) == 1
    assert (tmp_path / "a.xlsx").read_bytes() == real(DATA, title="T")
    downloads.write_xlsx(DATA.assign(year=[2023, 2025]), tmp_path / "a.xlsx", title="T")  # a value
    downloads.write_xlsx(DATA.assign(year=["2023", "2025"]), tmp_path / "a.xlsx", title="T")  # a type
    downloads.write_xlsx(DATA.assign(year=["2023", "2025"]), tmp_path / "a.xlsx", title="U")  # a title
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the files' date
    downloads.write_xlsx(DATA.assign(year=["2023", "2025"]), tmp_path / "a.xlsx", title="U")
    assert len(made) == 5
    (xlsx_store / "a.xlsx.key").write_text("another key")  # a stale entry is written anew
    downloads.write_xlsx(DATA.assign(year=["2023", "2025"]), tmp_path / "a.xlsx", title="U")
    assert len(made) == 6


def test_csv_opens_in_swedish_excel(tmp_path):
    path = tmp_path / "x.csv"
    downloads.write_csv(DATA, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads å, ä, ö
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "region_code;year;value;unit;rank_low;spec_growth_required"
    assert lines[1] == "01;2023;89,0;procent;1,0;0,5"
    assert "35421,123457" in lines[2]  # rounded to six decimals, decimal comma
    back = downloads.read_csv(path)
    assert back["value"].tolist() == pytest.approx([89.0, 35421.123457])
    assert back["region_code"].astype(str).str.zfill(2).tolist() == ["01", "09"]


def test_xlsx_opens_with_pandas_and_openpyxl_and_has_swedish_headers_and_units(tmp_path):
    path = tmp_path / "x.xlsx"
    downloads.write_xlsx(DATA, path, title="Testfigur", source="Kolada (RKA)")
    frame = pd.read_excel(path, sheet_name="Data")
    assert list(frame.columns) == [
        "Regionkod",
        "År",
        "Värde",
        "Enhet",
        "Rang, nedre gräns",
        "Specialiserad vård tillväxt som krävs",
    ]
    assert frame["Enhet"].tolist() == ["procent", "kr per invånare"]
    assert frame["Värde"].tolist() == pytest.approx([89.0, 35421.123457])
    book = load_workbook(path)
    assert [c.value for c in book["Data"]["A"]][1:] == ["01", "09"]  # codes stay text
    assert book.sheetnames == ["Data", "Om filen"]
    about = [[c.value for c in row] for row in book["Om filen"].iter_rows()]
    assert ["Källa", "Kolada (RKA)"] in about and ["Regionkod", "region_code"] in about


def test_downloads_carry_no_build_time(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = downloads.xlsx_bytes(DATA)
    monkeypatch.setattr(downloads, "_epoch", downloads._epoch)  # same date, later clock
    assert downloads.xlsx_bytes(DATA) == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert downloads.xlsx_bytes(DATA) != first  # the date does come from SOURCE_DATE_EPOCH


def test_headers_are_swedish_for_known_and_composed_names():
    assert downloads.swedish_header("year") == "År"
    assert downloads.swedish_header("extra_pc_mnkr") == "Extra primärvård miljoner kronor"
    assert downloads.swedish_header("Verksamhetsområde") == "Verksamhetsområde"  # already Swedish


def test_chapter_zip_holds_its_csv_and_xlsx_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    downloads.write_csv(DATA, tmp_path / "a.csv")
    downloads.write_xlsx(DATA, tmp_path / "a.xlsx")
    (tmp_path / "a.json").write_text("{}")
    target = downloads.zip_folder(tmp_path, "kap-data")
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as z:
        assert z.namelist() == ["a.csv", "a.xlsx"]
        assert z.read("a.csv") == (tmp_path / "a.csv").read_bytes()
    again = downloads.zip_folder(tmp_path, "kap-data").read_bytes()  # the old zip is not zipped
    assert again == target.read_bytes()


def test_data_page_links_xlsx_and_chapter_zips_with_checksums(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    downloads.write_csv(DATA, tmp_path / "a.csv")
    downloads.write_xlsx(DATA, tmp_path / "a.xlsx")
    downloads.zip_folder(tmp_path, "kap-data")
    text = data_table_markdown(tmp_path)
    assert "[a.csv](_static/data/a.csv)" in text and "[xlsx](_static/data/a.xlsx)" in text
    assert "[kap-data.zip](_static/data/kap-data.zip)" in text
    import hashlib

    assert hashlib.sha256((tmp_path / "kap-data.zip").read_bytes()).hexdigest()[:16] in text
