"""SKR cost-per-inhabitant reader: synthetic fixtures always, the real file when present."""

from pathlib import Path

import pytest

from analysis.regions import REGION_CODES
from analysis.sources.skr import UNIT, parse_skr_costs, skr_indicator_metadata, skr_indicator_names
from analysis.sources.vis import read_vis_export
from analysis.validation import KEY, TIDY_COLUMNS

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SKR_FILE = DATA / "skr" / "skr_kostnad_per_invanare_per_verksamhetsomrade_2008-2017.csv"
VIS_COSTS = DATA / "vis" / "vis_export_2019-03-27_kostnader.csv"
real = pytest.mark.skipif(not SKR_FILE.exists(), reason="../shared/data not available")

HEADER = "Huvudområde;Område;Delområde;Underkonto;År;Region;Värde"
NET = "Nettokostnad exkl läkemedel"
SYNTHETIC = [  # made-up values for tests only
    f"Hälso- och sjukvård;Primärvård;Barnhälsovård;{NET};2015;Stockholm;200",
    f"Hälso- och sjukvård;Primärvård;Mödrahälsovård;{NET};2015;Stockholm;100,5",
    f"Hälso- och sjukvård;Primärvård;Sluten primärvård;{NET};2015;Uppsala;-2,5",
    f"Hälso- och sjukvård;Primärvård;Barnhälsovård;{NET};2015;Uppsala;3,06507E-05",
    "Hälso- och sjukvård;Primärvård;Barnhälsovård;därav läkemedelskostnader på rekvisition;2015;Stockholm;7",
    f"Hälso- och sjukvård;Primärvård;Barnhälsovård;{NET};2015;Riket;150",
    f"Hälso- och sjukvård;Primärvård;Barnhälsovård;{NET};2015;Riket exkl gotland;151",
    f"Hälso- och sjukvård;Politisk verksamhet;Politisk verks. avs hälso- och sjukvård;{NET};2015;Stockholm;20",
    f"Regional utveckling;Politisk verksamhet;Politisk verks. avseende regional utveckling;{NET};2015;Stockholm;30",
    "Landstinget totalt;Landstinget totalt;Totalt;Interna ränteintäkter;2015;Stockholm;-40",
]


@pytest.fixture
def synthetic(tmp_path):
    path = tmp_path / "skr_synthetic.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *SYNTHETIC]) + "\r\n").encode("utf-8"))
    return path


def test_synthetic_ids_values_and_sums(synthetic):
    tidy, report = parse_skr_costs(synthetic)
    assert list(tidy.columns) == TIDY_COLUMNS
    assert not tidy.duplicated(KEY).any()
    assert set(tidy["unit"]) == {UNIT} and set(tidy["sex"]) == {"T"}
    v = tidy.set_index(["indicator", "region_code", "year"])
    assert v.loc[("skr:primarvard/barnhalsovard", "01", 2015), "value"] == 200
    assert v.loc[("skr:primarvard/barnhalsovard", "01", 2015), "source_row"] == 2
    assert v.loc[("skr:primarvard/barnhalsovard", "03", 2015), "value"] == pytest.approx(3.06507e-05)
    assert v.loc[("skr:primarvard/barnhalsovard/darav_lakemedel_rekvisition", "01", 2015), "value"] == 7
    assert v.loc[("skr:primarvard/barnhalsovard", "00", 2015), "value"] == 150
    # Riket exkl Gotland is an indicator variant for "00", not a region.
    assert v.loc[("skr:primarvard/barnhalsovard@riket_exkl_gotland", "00", 2015), "value"] == 151
    assert v.loc[("skr:primarvard@riket_exkl_gotland", "00", 2015), "value"] == 151
    # Område totals are sums of Delområde net costs, drugs ("därav") not added again.
    total = v.loc[("skr:primarvard", "01", 2015)]
    assert total["value"] == pytest.approx(300.5) and total["source_row"] == 0
    assert v.loc[("skr:primarvard", "03", 2015), "value"] == pytest.approx(-2.5 + 3.06507e-05)
    # An Område used under two Huvudområden is qualified.
    assert v.loc[("skr:politisk_verksamhet_inom_halso_och_sjukvard", "01", 2015), "value"] == 20
    assert v.loc[("skr:politisk_verksamhet_inom_regional_utveckling", "01", 2015), "value"] == 30
    assert v.loc[("skr:landstinget_totalt/totalt/interna_ranteintakter", "01", 2015), "value"] == -40
    sums = report.area_sums.set_index(["indicator", "region_code", "year"])
    assert sums.loc[("skr:primarvard", "01", 2015), "n_parts"] == 2
    assert sums.loc[("skr:primarvard", "01", 2015), "missing_parts"] == "Sluten primärvård"
    assert report.total_check.empty and report.n_excluded == 0
    assert any("no Område-level totals" in n for n in report.notes)


def test_published_totals_are_checked(synthetic, tmp_path):
    path = tmp_path / "with_total.csv"
    extra = f"Hälso- och sjukvård;Primärvård;Totalt;{NET};2015;Stockholm;310"
    path.write_text("\n".join([HEADER, *SYNTHETIC, extra]) + "\n", encoding="utf-8")
    _tidy, report = parse_skr_costs(path)
    check = report.total_check.set_index(["indicator", "region_code", "year"])
    assert check.loc[("skr:primarvard", "01", 2015), "difference"] == pytest.approx(310 - 300.5)


@pytest.fixture(scope="module")
def skr():
    return parse_skr_costs(SKR_FILE)


@real
def test_real_counts_and_regions(skr):
    """Counts derived from the file itself, so that a new export passes as long as it is read whole."""
    tidy, report = skr
    with SKR_FILE.open(encoding="utf-8-sig") as fh:
        n_lines = sum(1 for line in fh if line.strip()) - 1
    assert report.n_rows == n_lines and report.n_excluded == 0
    published = tidy[tidy["source_row"] > 0]
    assert len(published) == report.n_rows and len(tidy) > len(published)  # plus derived area totals
    assert set(tidy["region_code"]) == {"00", *REGION_CODES}
    assert not tidy.duplicated(KEY).any()
    negative = published[published["value"] < 0]
    assert len(negative) and (negative["unit"] == "kr/inv (netto)").all()  # net costs can be negative
    variant = tidy["indicator"].str.endswith("@riket_exkl_gotland")
    assert (tidy.loc[variant, "region_code"] == "00").all() and (variant & (tidy["source_row"] > 0)).any()


@real
def test_real_known_values(skr):
    tidy, _ = skr
    v = tidy.set_index(["indicator", "region_code", "year"])["value"]
    assert v[
        ("skr:politisk_verksamhet_inom_halso_och_sjukvard/politisk_verks_avs_halso_och_sjukvard", "10", 2008)
    ] == (pytest.approx(201.6301171))
    assert v[("skr:primarvard/barnhalsovard", "01", 2017)] == pytest.approx(207.526137, abs=1e-6)
    parts = tidy[
        tidy["indicator"].str.fullmatch(r"skr:primarvard/[a-z_]+")
        & (tidy["region_code"] == "01")
        & (tidy["year"] == 2017)
    ]
    assert len(parts) == 7  # Stockholm has no sluten primärvård row
    assert v[("skr:primarvard", "01", 2017)] == pytest.approx(parts["value"].sum())


@real
def test_real_area_sums_report(skr):
    _, report = skr
    sums = report.area_sums
    assert report.total_check.empty  # the file publishes no Område totals
    pv = sums[(sums["indicator"] == "skr:primarvard") & (sums["region_code"] == "23")]
    assert set(pv["missing_parts"].str.split(", ").explode()) >= {"Primärvårdsansluten hemsjukvård"}


@real
def test_real_agrees_with_vis_primary_care_cost(skr):
    """SKR primärvård excl. home care ~ VIS 'Nettokostnad för primärvård' (same definition, other vintage)."""
    tidy, _ = skr
    vis = read_vis_export(VIS_COSTS)
    v = vis[vis["indicator"] == "vis:nettokostnad_for_primarvard"].set_index(["region_code", "year"])["value"]
    s = tidy.set_index(["indicator", "region_code", "year"])["value"]
    total = s["skr:primarvard"]
    home = s["skr:primarvard/primarvardsansluten_hemsjukvard"].reindex(total.index, fill_value=0)
    rel = ((total - home) / v - 1).abs().dropna()
    assert len(rel) >= 21  # at least one overlapping year for every region
    assert rel.median() < 0.02


@real
def test_real_metadata():
    meta = skr_indicator_metadata(SKR_FILE).set_index("indicator")
    assert meta.loc["skr:primarvard", "derived"]
    assert not meta.loc["skr:primarvard/barnhalsovard", "derived"]
    assert meta.loc["skr:primarvard/barnhalsovard", "delomrade"] == "Barnhälsovård"
    assert (meta.loc["skr:primarvard", "first_year"], meta.loc["skr:primarvard", "last_year"]) == (2008, 2017)


@real
def test_real_names_read_like_the_files_headings():
    names = skr_indicator_names(SKR_FILE).set_index("indicator")["name"]
    assert names["skr:primarvard/barnhalsovard"] == "Primärvård: Barnhälsovård"
    assert names["skr:primarvard"] == "Primärvård"
    assert names["skr:primarvard/barnhalsovard@riket_exkl_gotland"].endswith("(riket utom Gotland)")
    assert names.index.is_unique
    # the workflow passes the table it has already parsed: the same names, one parse fewer
    parsed = parse_skr_costs(SKR_FILE)[0]
    assert skr_indicator_names(SKR_FILE, parsed).set_index("indicator")["name"].equals(names)


def test_hsb_respondents_read_national_counts_and_name_bad_cells(tmp_path):
    """Synthetic test files: text counts are read, a cell without a number stops with file, row and column."""
    from analysis.sources.hsb import read_hsb_respondents, respondents_by_year
    from analysis.validation import DataValidationError

    good = tmp_path / "hsb.csv"
    good.write_text(
        "year,scope,respondents\n2016,Riket,drygt 40 000 (planned)\n2020,Riket,50854\n"
        "2022,Västernorrland,1 000 (planned)\n2022,Riket,48304\n",
        encoding="utf-8",
    )
    counts = read_hsb_respondents(good)
    assert counts.to_dict() == {2016: 40000.0, 2020: 50854.0, 2022: 48304.0}
    assert respondents_by_year(counts, [2020, 2021]).tolist() == [50854.0, 48304.0]
    bad = tmp_path / "bad.csv"
    bad.write_text("year,scope,respondents\n2020,Riket,okänt\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row 2.*respondents|respondents.*row 2") as err:
        read_hsb_respondents(bad)
    assert "bad.csv" in str(err.value)
