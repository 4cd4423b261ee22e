"""Vården i siffror reader: synthetic fixtures always, the real 2019 exports when present."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.regions import REGION_CODES
from analysis.sources.vis import (
    combine_vis,
    parse_period,
    parse_vis_export,
    pool_half_years,
    read_vis_export,
    slugify,
    vis_indicator_metadata,
    vis_unit,
)
from analysis.validation import KEY, TIDY_COLUMNS, DataValidationError

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "vis"
INDIKATORER = DATA / "vis_export_2019-03-27_indikatorer.csv"
KOSTNADER = DATA / "vis_export_2019-03-27_kostnader.csv"
real = pytest.mark.skipif(not INDIKATORER.exists(), reason="../shared/data not available")

HEADER = (
    "Datum och tid för uttag;Register/källa;Titel;Diagramrubrik;Indikator-Id;Mätperiod;Länskod;Enhetskod;"
    "Enhetstyp;Enhetsnamn;Ålder;Kön/Totalt;Måttenhet;Värde;Täljare;Nämnare/antal fall;KI-Låg;KI-Hög;"
    "Täckningsgrad i %;Bortfall i %;Önskat värde;Högsta målnivå;Utgivare målnivå;Område"
)


def row(
    title, period, lk, name, sex, unit, v, t="-", n="0", lo="-", hi="-", age="Alla", kind="Län", rubrik=""
):
    return ";".join(
        [
            "2019-03-27 13:24",
            "Syntetisk källa",
            title,
            rubrik or title,
            "uuid-" + sex,
            period,
            lk,
            lk,
            kind,
            name,
        ]
        + [age, sex, unit, v, t, n, lo, hi, "0", "-", "Högt", "-", "-", "Syntetiskt"]
    )


# fmt: off
SYNTHETIC = [  # made-up values for tests only
    row("Syntetisk andel", "2015", "1", "Stockholms län", "Totalt", "%", "50,0", "500", "1000", "47,0", "53,0"),
    row("Syntetisk andel", "2015", "1", "Stockholms län", "Kvinnor", "%", "52,0", "260", "500", "47,6", "56,4"),
    row("Syntetisk andel", "2015", "0", "Riket", "Totalt", "%", "55,5", "-", "0", kind="Riket"),
    row("Syntetisk väntetid", "2016 H1", "3", "Uppsala län", "Totalt", "%", "90,0", "90", "100"),
    row("Syntetisk väntetid", "2016 H2", "3", "Uppsala län", "Totalt", "%", "80,0", "240", "300"),
    row("Syntetisk väntetid", "2016 H1", "1", "Stockholms län", "Totalt", "%", "70,0", "70", "100"),
    row("Syntetisk väntetid", "2016 oktober", "3", "Uppsala län", "Totalt", "%", "UNK", "-", "-"),
    row("Syntetisk väntetid", "2016 mars", "3", "Uppsala län", "Totalt", "%", "85,0", "85", "100"),
    row("Syntetisk kostnad", "2017", "25", "Norrbotten", "Totalt", "Kronor", "4321", rubrik="Kostnad per invånare."),
    row("Syntetiskt index", "2017", "9", "Gotland", "Totalt", "Index", "0"),
    row("Syntetisk andel", "2015", "1", "Stockholms län", "Totalt", "%", "40,0", "40", "100", age="65+ år"),
]
# fmt: on


@pytest.fixture
def synthetic(tmp_path):
    path = tmp_path / "vis_synthetic.csv"
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *SYNTHETIC]) + "\r\n").encode("utf-8"))
    return path


def test_slug_and_periods():
    assert slugify("Stort förtroende för vårdcentraler") == "stort_fortroende_for_vardcentraler"
    assert slugify("Positivt helhetsintryck hos patienter.") == "positivt_helhetsintryck_hos_patienter"
    assert parse_period("2015") == (2015, "", "year")
    assert parse_period("2012 H2") == (2012, "/h2", "half-year")
    assert parse_period("2018 september") == (2018, "/m09", "month")
    assert parse_period("2015-2016") == (2016, "/2ar", "multi-year")
    for bad in ["20x5", "15", "2015 Q1", "1815", "2016-2015"]:
        with pytest.raises(ValueError):
            parse_period(bad)


def test_units_read_the_titles():
    assert vis_unit("%", "", "") == "procent"
    assert vis_unit("Kronor", "Nettokostnad", "Nettokostnad per invånare för primärvård") == "kr/inv"
    assert (
        vis_unit("Kronor", "Kostnad per vårdkontakt", "kostnader per viktad vårdkontakt")
        == "kr/viktad vårdkontakt"
    )
    assert vis_unit("Kronor", "Kostnad", "Kostnad") == "kronor"
    assert vis_unit("Antal per tusen", "Läkarbesök", "Antal besök per 1 000 invånare") == "antal/1 000 inv"
    assert (
        vis_unit("Antal per hundra tusen", "Vårdtillfällen per 100 000 invånare", "") == "antal/100 000 inv"
    )
    assert vis_unit("Promille", "", "") is None


def test_synthetic_export(synthetic):
    tidy, report = parse_vis_export(synthetic)
    assert list(tidy.columns) == TIDY_COLUMNS
    assert not tidy.duplicated(KEY).any()
    by = tidy.set_index(["indicator", "region_code", "year", "sex"])
    share = by.loc[("vis:syntetisk_andel", "01", 2015, "T")]
    assert (share["value"], share["numerator"], share["denominator"]) == (50.0, 500, 1000)
    assert (share["ci_low"], share["ci_high"], share["source_row"]) == (47.0, 53.0, 2)
    assert by.loc[("vis:syntetisk_andel", "01", 2015, "K"), "value"] == 52.0
    riket = by.loc[("vis:syntetisk_andel", "00", 2015, "T")]
    assert riket["value"] == 55.5 and np.isnan(riket["numerator"]) and np.isnan(riket["denominator"])
    assert by.loc[("vis:syntetisk_andel/alder_65_plus_ar", "01", 2015, "T"), "value"] == 40.0
    assert by.loc[("vis:syntetisk_vantetid/h1", "03", 2016, "T"), "value"] == 90.0
    assert by.loc[("vis:syntetisk_vantetid/m03", "03", 2016, "T"), "value"] == 85.0
    assert by.loc[("vis:syntetisk_kostnad", "25", 2017, "T"), "unit"] == "kr/inv"
    # Excluded rows are reported with their line and reason, not dropped silently.
    assert report.n_rows == len(SYNTHETIC) and report.n_kept == len(tidy) == len(SYNTHETIC) - 2
    assert sorted(report.excluded["source_row"]) == [8, 11]
    assert report.counts() == {
        "value not published ('UNK')": 1,
        "index value 0 = no result for the region (placeholder)": 1,
    }
    assert "vis:syntetisk_vantetid/m10" in set(report.excluded["indicator"])


def test_pool_half_years(synthetic):
    pooled = pool_half_years(read_vis_export(synthetic))
    assert list(pooled.columns) == TIDY_COLUMNS
    assert len(pooled) == 1  # Stockholm has H1 only: not pooled
    got = pooled.iloc[0]
    assert got["indicator"] == "vis:syntetisk_vantetid/helar" and got["region_code"] == "03"
    assert (got["numerator"], got["denominator"]) == (330, 400)
    assert got["value"] == pytest.approx(82.5)  # not the mean of 90 and 80
    assert got["source_row"] == 0


def test_metadata_synthetic(synthetic):
    meta = vis_indicator_metadata(synthetic).set_index(["indicator", "sex"])
    share = meta.loc[("vis:syntetisk_andel", "T")]
    assert share["vis_id"] == "uuid-Totalt" and share["unit"] == "procent" and share["has_denominator"]
    assert meta.loc[("vis:syntetisk_vantetid/m10", "T"), "n_excluded"] == 1
    assert meta.loc[("vis:syntetisk_vantetid/h1", "T"), "period_kind"] == "half-year"


def test_combine_vis_drops_identical_and_rejects_conflicts(synthetic):
    a = read_vis_export(synthetic)
    both = combine_vis([a, a.copy()])
    assert len(both) == len(a)
    b = a.copy()
    b.loc[0, "value"] = 51.0
    with pytest.raises(DataValidationError, match="same indicator, region, year and sex"):
        combine_vis([a, b])


# --- the real 2019-03-27 exports ---------------------------------------------------------------


@pytest.fixture(scope="module")
def indikatorer():
    return parse_vis_export(INDIKATORER)


@pytest.fixture(scope="module")
def kostnader():
    return parse_vis_export(KOSTNADER)


@real
def test_real_row_counts(indikatorer, kostnader):
    """Every data row of an export is either a tidy row or excluded with a counted reason."""
    for path, (tidy, report) in ((INDIKATORER, indikatorer), (KOSTNADER, kostnader)):
        with path.open(encoding="utf-8-sig") as fh:
            n_lines = sum(1 for line in fh if line.strip()) - 1
        assert report.n_rows == n_lines
        assert len(tidy) + report.n_excluded == report.n_rows
        assert sum(report.counts().values()) == report.n_excluded
        assert set(report.counts()) <= {
            "value not published ('UNK')",
            "index value 0 = no result for the region (placeholder)",
        }


@real
def test_real_regions_and_keys(indikatorer, kostnader):
    for tidy, _ in (indikatorer, kostnader):
        assert set(tidy["region_code"]) == set(REGION_CODES)  # 21 regions; the exports have no Riket row
        assert not tidy.duplicated(KEY).any()
        assert set(tidy["sex"]) <= {"T", "K", "M"}


@real
def test_real_known_value(indikatorer):
    tidy, _ = indikatorer
    hit = tidy[
        (tidy["indicator"] == "vis:stort_fortroende_for_vardcentraler")
        & (tidy["region_code"] == "01")
        & (tidy["year"] == 2015)
        & (tidy["sex"] == "T")
    ]
    assert len(hit) == 1
    got = hit.iloc[0]
    assert (got["value"], got["numerator"], got["denominator"]) == (63.5, 4846, 7604)
    assert (got["ci_low"], got["ci_high"], got["unit"], got["source_row"]) == (62.4, 64.7, "procent", 2)


@real
def test_real_counts_agree_with_values(indikatorer):
    tidy, _ = indikatorer
    both = tidy[tidy["numerator"].notna() & tidy["denominator"].notna()]
    assert (both["numerator"] <= both["denominator"]).all()
    diff = (100 * both["numerator"] / both["denominator"] - both["value"]).abs()
    wait = both["indicator"].str.startswith(("vis:genomforda_lakarbesok", "vis:primarvardens_tillganglighet"))
    assert wait.any()
    assert diff[wait].max() <= 0.05 + 1e-9  # Väntetider: value = 100·T/N rounded to one decimal
    # Vårdbarometern shares are weighted: close to 100·T/N, but not equal.
    assert diff[~wait].median() < 0.1 and diff[~wait].max() < 7
    ci = tidy[tidy["ci_low"].notna()]
    assert ((ci["ci_low"] <= ci["value"]) & (ci["value"] <= ci["ci_high"])).all()


@real
def test_real_sub_annual_ids(indikatorer):
    tidy, _ = indikatorer
    ids = set(tidy["indicator"])
    assert "vis:primarvardens_tillganglighet_per_telefon/h1" in ids
    assert "vis:genomforda_lakarbesok_inom_sju_dagar_i_primarvard/m12" in ids
    assert not {i for i in ids if i.startswith("vis:primarvardens_tillganglighet_per_telefon")} & {
        "vis:primarvardens_tillganglighet_per_telefon"
    }
    pooled = pool_half_years(tidy)
    assert set(pooled["indicator"]) == {
        "vis:primarvardens_tillganglighet_per_telefon/helar",
        "vis:genomforda_lakarbesok_inom_sju_dagar_i_primarvard/helar",
    }


@real
def test_real_metadata_and_units(kostnader):
    meta = vis_indicator_metadata(INDIKATORER)
    totals = meta[meta["sex"] == "T"].set_index("indicator")
    assert (
        totals.loc["vis:stort_fortroende_for_vardcentraler", "vis_id"]
        == "fa71c2b4-a471-4950-8ac7-c1195b31f76a"
    )
    assert totals.loc["vis:stort_fortroende_for_vardcentraler", "periods"] == "2011, 2012, 2013, 2014, 2015"
    assert totals.loc["vis:vardtillfallen_per_100_000_invanare", "unit"] == "antal/100 000 inv"
    assert totals.loc["vis:kostnad_per_vardkontakt_i_primarvarden", "unit"] == "kr/viktad vårdkontakt"
    # HSB 2016-2018 rows carry Täljare/Nämnare 0;0: no counts published.
    assert not totals.loc["vis:fortroende_for_vard_eller_halsocentral", "has_denominator"]
    tidy_k, _ = kostnader
    assert set(tidy_k.groupby("indicator")["unit"].first()) == {"kr/inv", "kr/viktad vårdkontakt"}


@real
def test_real_exports_overlap_identically(indikatorer, kostnader):
    both = combine_vis([indikatorer[0], kostnader[0]])
    shared = indikatorer[0].merge(kostnader[0], on=KEY)
    assert len(shared) and (shared["value_x"] == shared["value_y"]).all()
    assert len(both) == len(indikatorer[0]) + len(kostnader[0]) - len(shared)
    assert isinstance(both, pd.DataFrame)
