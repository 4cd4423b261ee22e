"""Internal consistency of the report-001 transcriptions (VoO, *Omtag för omställning*, 2025).

The generic checks (schema, values present in the seed) are in ``test_transcriptions.py``; here
the printed totals, shares and counts of 001 are checked against each other, and the coverage of
the report map (``../shared/docs/report-map.md`` §6.1 and §3) is enforced.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.regions import ALL_CODES, to_region_code
from analysis.sources.transcriptions import (
    CATEGORICAL_COLUMNS,
    COLUMNS,
    load_transcriptions,
    read_transcription_file,
)
from analysis.validation import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTIONS = ROOT / "data-raw" / "transcriptions"
CATEGORICAL = ROOT / "data-raw" / "categorical"

# The spec: report map §6.1, "Per-element classes in 001" (FULL and PARTIAL), and the prose items §3.
FULL_001 = [
    *(f"Fig {i}" for i in (28, 40, 44, 51, 66, 68, 70, 71)),
    *(f"Tabell {i}" for i in (4, 5, 8, 9, 13, 14, 15, 16, 20, 23, 24, 25)),
]
PARTIAL_001 = [
    *(f"Fig {i}" for i in (6, 9, 10, 11, 12, 13, 15, 16, 26, 29, 30, 31, 32, 33, 34, 36, 37, 38, 41, 42, 45)),
    *(f"Fig {i}" for i in (47, 48, 49, 50, 64, 67, 69, 72, 73, 74, 75)),
]
PROSE_001 = [f"P{i:02d}" for i in range(1, 27)]
CATEGORICAL_TABLES = {
    "Tabell 13": 126,
    "Tabell 14": None,
    "Tabell 15": 32,
    "Tabell 16": None,
    "Tabell 25": 30,
}


@pytest.fixture(scope="module")
def t001() -> pd.DataFrame:
    df = load_transcriptions(TRANSCRIPTIONS)
    return df[df["report"] == "001"].copy()


@pytest.fixture(scope="module")
def cat001() -> pd.DataFrame:
    files = sorted(CATEGORICAL.glob("001_*.csv"))
    assert files, f"no 001 categorical files in {CATEGORICAL}"
    return pd.concat([pd.read_csv(f, dtype=str, keep_default_na=False) for f in files], ignore_index=True)


def pick(df: pd.DataFrame, element: str, series: str | None = None, **eq) -> pd.DataFrame:
    out = df[df["element"] == element]
    if series is not None:
        out = out[out["series"] == series]
    for col, val in eq.items():
        out = out[out[col] == val]
    return out


def one(df: pd.DataFrame, element: str, series: str | None = None, **eq) -> float:
    rows = pick(df, element, series, **eq)
    assert len(rows) == 1, f"expected one row for {element} {series} {eq}, got {len(rows)}"
    return float(rows["value"].iloc[0])


# --- coverage of the report map ---------------------------------------------------------------


@pytest.mark.parametrize("element", FULL_001 + PARTIAL_001)
def test_full_and_partial_elements_are_transcribed(t001, cat001, element):
    assert element in set(t001["element"]) | set(cat001["element"])


@pytest.mark.parametrize(
    "element", FULL_001 + PARTIAL_001 + ["Tabell 13", "Tabell 14", "Tabell 15", "Tabell 16", "Tabell 25"]
)
def test_full_and_partial_elements_have_numeric_rows(t001, element):
    """Also the categorical tables carry at least one number (counts) in the transcriptions."""
    assert element in set(t001["element"])


@pytest.mark.parametrize("item", PROSE_001)
def test_prose_items_are_transcribed(t001, item):
    assert item in set(t001["element"])


def test_one_report_per_001_file():
    for path in TRANSCRIPTIONS.glob("001_*.csv"):
        assert set(read_transcription_file(path)["report"]) == {"001"}, path.name


def test_pages_increase_with_lines(t001):
    rows = t001.dropna(subset=["page", "line"]).sort_values("line")
    assert rows["page"].is_monotonic_increasing
    assert rows["page"].between(18, 326).all()


def test_key_is_unique(t001):
    key = ["element", "series", "group_type", "group", "region_code", "year"]
    dup = t001[t001.duplicated(key, keep=False)]
    assert dup.empty, dup[key + ["value", "source_file", "source_row"]].to_string()


# --- Tabell 4, 8, 9: grants ------------------------------------------------------------------------


def test_tabell4_rows_sum_to_totals(t001):
    grants = pick(t001, "Tabell 4", "state_grants")
    wide = grants.pivot_table(index="year", columns="group", values="value", aggfunc="sum").fillna(0)
    assert list(wide.index) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert (wide[["Regioner", "Kommuner", "SKR"]].sum(axis=1) == wide["Totalt"]).all()


def test_tabell4_columns_sum_to_summa_and_andel(t001):
    grants = pick(t001, "Tabell 4", "state_grants")
    sums = grants.groupby("group")["value"].sum()
    for group in ("Regioner", "Kommuner", "SKR", "Totalt"):
        assert sums[group] == one(t001, "Tabell 4", "state_grants_sum_2019_2024", group=group)
    total = sums["Totalt"]
    for group in ("Regioner", "Kommuner", "SKR", "Totalt"):
        share = one(t001, "Tabell 4", "state_grants_share_2019_2024", group=group)
        assert round(100 * sums[group] / total) == share
    # prose P04: "omkring 31,5 miljarder"
    assert abs(total / 1000 - one(t001, "P04", "state_grants_total_2019_2024")) < 0.1


def test_tabell8_total_is_70(t001):
    years = pick(t001, "Tabell 8", "nrf_glesbygd_grant")
    assert sorted(years["year"]) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert years["value"].sum() == one(t001, "Tabell 8", "nrf_glesbygd_grant_total_2019_2024") == 70


def test_tabell9_columns_sum_to_totals(t001):
    t9 = pick(t001, "Tabell 9", "grants_to_regions_by_area")
    areas = t9[t9["group"] != "Totalt"]
    totals = t9[t9["group"] == "Totalt"].set_index("year")["value"]
    assert areas.groupby("year")["value"].sum().to_dict() == pytest.approx(totals.to_dict())


def test_tabell9_vs_tabell4_regions(t001):
    """Known inconsistency (map §6.2 item 2): 2020 and 2021 agree, 2022 does not (5 070 vs 5 195)."""
    t9 = pick(t001, "Tabell 9", "grants_to_regions_by_area", group="Totalt").set_index("year")["value"]
    t4 = pick(t001, "Tabell 4", "state_grants", group="Regioner").set_index("year")["value"]
    assert abs(t9[2020] - t4[2020]) <= 1  # 5 698,5 vs 5 699 (rounding)
    assert t9[2021] == t4[2021]
    assert (t9[2022], t4[2022]) == (5070, 5195)


def test_tabell5_is_msek(t001):
    t5 = pick(t001, "Tabell 5", "municipal_hsv_cost", unit="mnkr")
    assert sorted(t5["year"]) == list(range(2016, 2023))
    assert (t5["status"] == "corrected").all() and t5["note"].str.contains("miljarder").all()
    value_2022 = float(t5.loc[t5["year"] == 2022, "value"].iloc[0])
    assert round(value_2022 / 1000) == one(t001, "Tabell 5", "municipal_hsv_cost", unit="mdkr")


# --- audit figures (Fig 67-74) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("element", "n", "complete"),
    [
        ("Fig 68", 10, True),
        ("Fig 69", 7, True),
        ("Fig 70", 6, True),
        ("Fig 71", 5, True),
        ("Fig 72", 4, True),
        ("Fig 73", 8, False),
        ("Fig 74", 7, True),
    ],
)
def test_audit_counts(t001, element, n, complete):
    counts = pick(t001, element, "audit_rating")
    assert (counts["n"] == n).all()
    total = counts["value"].sum()
    assert total == n if complete else total < n
    antal = pick(t001, "Fig 67", "audit_reports_with_question")["value"]
    assert n in set(antal)


def test_fig68_ratings(t001):
    ratings = pick(t001, "Fig 68", "audit_rating").set_index("group")["value"].to_dict()
    assert ratings == {"Helt": 1, "Till stor del": 2, "Till viss del": 5, "Inte": 2}


def test_fig67_has_seven_questions_and_at_most_ten_reports(t001):
    antal = pick(t001, "Fig 67", "audit_reports_with_question")["value"]
    assert len(antal) == 7 and antal.max() == one(t001, "Tabell 25", "audit_reports") == 10


# --- region counts -------------------------------------------------------------------------------------


def test_region_counts_at_most_21(t001):
    counts = t001[t001["unit"] == "antal regioner"]
    assert len(counts) > 50
    assert counts["value"].between(0, 21).all()
    assert counts["n"].dropna().le(21).all()
    assert (counts["value"] <= counts["n"].fillna(21)).all()


def test_region_rows_have_codes(t001):
    regional = t001[t001["group_type"] == "region"]
    assert not regional.empty
    for row in regional.itertuples():
        assert row.region_code == to_region_code(row.group), row


# --- Tabell 20 (weights), 23, 24 (regressions) --------------------------------------------------------


def test_tabell20_blocks_sum_to_100(t001):
    t20 = pick(t001, "Tabell 20")
    sums = t20.groupby(["series", "group_type"])["value"].sum()
    assert len(sums) == 15
    for (series, block), total in sums.items():
        expected = (
            101 if (series, block) == ("sample_share_unweighted", "education") else 100
        )  # printed as 101
        assert total == expected, (series, block)


def test_tabell20_misprinted_age_label_is_flagged(t001):
    youngest = pick(t001, "Tabell 20", group="16–29 år")
    assert len(youngest) == 3
    assert (youngest["status"] == "corrected").all() and youngest["note"].str.contains("16–19").all()


@pytest.mark.parametrize(("element", "terms"), [("Tabell 23", 17), ("Tabell 24", 18)])
def test_regression_tables(t001, element, terms):
    table = pick(t001, element)
    coefs = table[table["group"] != "Antal svar"]
    assert coefs.groupby("series").size().eq(terms).all() and coefs["series"].nunique() == 3
    assert coefs["note"].str.startswith(("significance:", "label printed")).all()
    assert coefs["note"].str.contains("significance: ").all()
    ns = table[table["group"] == "Antal svar"]
    assert len(ns) == 3
    for row in ns.itertuples():
        model = coefs[coefs["series"].str.rsplit("_", n=1).str[0] == row.series.rsplit("_", 1)[0]]
        assert (model["n"] == row.value).all()


def test_odds_ratios_positive(t001):
    assert (pick(t001, "Tabell 24", unit="oddskvot")["value"] > 0).all()


# --- patients ------------------------------------------------------------------------------------------


def test_fig28_survey_sizes(t001):
    panels = pick(t001, "Fig 28", "survey_patients").set_index("year")["value"]
    assert panels.loc[[2014, 2016, 2020, 2022]].tolist() == [9188, 9596, 9508, 5027]
    assert sorted(panels.loc[2024].tolist()) == [4298, 10006]
    analysed = pick(t001, "P19", "respondents_analysed", group="Webbpanel 2024")["value"].iloc[0]
    assert analysed == 9472 < panels.loc[2024].max()
    rates = pick(t001, "Fig 28", "survey_response_rate")["value"]
    assert rates.between(0, 100).all() and len(rates) == 8
    hsb = pick(t001, "Fig 28", "survey_respondents", group="Hälso- och sjukvårdsbarometern")
    assert sorted(hsb["year"]) == list(range(2018, 2024))


def test_fig44_series(t001):
    series = pick(t001, "Fig 44", "has_regular_care_contact").set_index("year")["value"].to_dict()
    assert series == {2020: 16, 2022: 7, 2024: 17}


def test_fig40_need_vs_access(t001):
    need = one(t001, "Fig 40", "needs_regular_doctor")
    has_need = one(t001, "Fig 40", "has_regular_doctor", group="Behöver fast läkare")
    has_no_need = one(t001, "Fig 40", "has_regular_doctor", group="Behöver inte fast läkare")
    implied = need / 100 * has_need + (1 - need / 100) * has_no_need
    assert 30 < implied < 40  # consistent with the befolkningspanel's 34 % (Fig 41)
    assert abs(implied - one(t001, "Fig 41", "has_regular_doctor_vc", group="Befolkningspanel")) < 2


@pytest.mark.parametrize(
    ("element", "level", "change", "year"),
    [
        ("Fig 66", "health_talk_diet", "health_talk_diet_change", 2020),
        ("Fig 66", "health_talk_physical_activity", "health_talk_physical_activity_change", 2020),
        ("Fig 47", "has_ordinary_doctor_65plus", "has_ordinary_doctor_65plus_change", 2017),
    ],
)
def test_derived_levels(t001, element, level, change, year):
    rows = pick(t001, element, level).set_index("year")
    assert rows.loc[year, "status"] == "derived"
    latest = rows.drop(index=year)["value"].iloc[0]
    assert rows.loc[year, "value"] == latest - one(t001, element, change)


def test_shares_are_percentages(t001):
    shares = t001[t001["unit"] == "procent"]
    assert shares["value"].between(-100, 100).all()


def test_non_printed_rows_explain_themselves(t001):
    other = t001[t001["status"] != "printed"]
    assert (other["note"].str.len() > 15).all()
    approx = other[other["status"] == "approximate"]
    assert approx["note"].str.contains("'").all(), "approximate rows quote the words"


# --- categorical region tables ------------------------------------------------------------------------


def test_categorical_files(cat001):
    for path in sorted(CATEGORICAL.glob("001_*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert list(df.columns[:7]) == CATEGORICAL_COLUMNS[:7] and df.columns[-1] == "note", path.name
        assert set(df["report"]) == {"001"} and df["element"].nunique() == 1
        assert df["region_code"].isin(ALL_CODES).all()
        assert (df["value"].str.strip() != "").all()
    for element, rows in CATEGORICAL_TABLES.items():
        table = cat001[cat001["element"] == element]
        assert not table.empty, element
        if rows is not None:
            assert len(table) == rows, element


def test_categorical_region_codes_match_names(cat001):
    for row in cat001.drop_duplicates(["region", "region_code"]).itertuples():
        name = row.region.removeprefix("Region ")
        assert to_region_code(name) == row.region_code, row.region


def test_tabell13_against_chapter_7(cat001, t001):
    t13 = cat001[cat001["element"] == "Tabell 13"]
    assert t13["region_code"].nunique() == 21 and t13["attribute"].nunique() == 6
    counts = t13.groupby(["attribute", "value"]).size()
    printed = {
        ("Rehabilitering", "Grunduppdrag vårdcentral"): "regions_rehab_in_basic_mission",
        ("Rehabilitering", "Fristående vårdval (LOV)"): "regions_rehab_separate_lov",
        ("Barnhälsovård (BVC)", "Grunduppdrag vårdcentral"): "regions_bvc_basic_mission",
        ("Barnhälsovård (BVC)", "Frivilligt tilläggsuppdrag vårdcentral"): "regions_bvc_voluntary_addon",
        ("Barnhälsovård (BVC)", "Fristående vårdval (LOV)"): "regions_bvc_separate_lov",
        ("Barnhälsovård (BVC)", "Primärvård i regional regi"): "regions_bvc_own_regi",
        ("Mödrahälsovård (MVC)", "Grunduppdrag vårdcentral"): "regions_mvc_basic_mission",
        ("Mödrahälsovård (MVC)", "Frivilligt tilläggsuppdrag vårdcentral"): "regions_mvc_voluntary_addon",
        ("Mödrahälsovård (MVC)", "Fristående vårdval (LOV)"): "regions_mvc_separate_lov",
        (
            "Läkarmedverkan på kommunala boendeenheter",
            "Frivilligt tilläggsuppdrag vårdcentral",
        ): "regions_doctor_input_voluntary_addon",
    }
    for key, series in printed.items():
        element = "P06" if series == "regions_doctor_input_voluntary_addon" else "P05"
        assert counts[key] == one(t001, element, series), key
    assert (
        counts[("Allmänmedicinsk verksamhet", "Grunduppdrag vårdcentral")]
        == one(t001, "P05", "regions_gp_care_in_basic_mission")
        == 21
    )
    # Documented disagreements: MVC outside primary care printed 9 (Tabell 13: 8 + Jönköping in
    # kvinnosjukvården, coded RR); all six areas in the VC mission printed 8 (Tabell 13: 7).
    assert counts[("Mödrahälsovård (MVC)", "Verksamhet utanför primärvårdens uppdrag")] + 1 == one(
        t001, "P05", "regions_mvc_outside_pc"
    )
    assert one(t001, "Tabell 13", "regions_all_areas_in_vc_mission") + 1 == one(
        t001, "P05", "regions_all_areas_in_vc_mission"
    )


def test_tabell14_counts(cat001, t001):
    t14 = cat001[cat001["element"] == "Tabell 14"].copy()
    t14["count"] = t14["count"].astype(int)
    per_region = t14.groupby("region_code")["count"].first()
    assert len(per_region) == 21
    schemes = t14[t14["count"] > 0].groupby("region_code").size()
    assert (schemes == per_region[per_region > 0]).all()
    assert (per_region == 0).sum() == one(t001, "P05", "regions_without_supplementary_lov") == 11
    assert (per_region > 0).sum() == one(t001, "P05", "regions_with_supplementary_lov") == 10
    assert (
        per_region["01"]
        == per_region.max()
        == one(t001, "P05", "supplementary_lov_schemes", region_code="01")
    )
    numeric = pick(t001, "Tabell 14", "supplementary_lov_schemes").set_index("region_code")["value"]
    assert numeric.sort_index().tolist() == per_region.sort_index().tolist()


def test_tabell15_and_16(cat001, t001):
    t15 = cat001[cat001["element"] == "Tabell 15"]
    assert t15["region_code"].nunique() == one(t001, "Tabell 15", "regions_reviewed") == 8
    t16 = cat001[cat001["element"] == "Tabell 16"]
    assert t16["region_code"].nunique() == one(t001, "Tabell 16", "regions_printed") == 11
    assert one(t001, "Tabell 16", "regions_reviewed") == 12
    adults = t16[t16["value"].str.startswith("Ja, gäller enbart vuxna")]
    assert len(adults) == one(t001, "P06", "regions_children_excluded_mental_health") == 5


def test_tabell25(cat001):
    t25 = cat001[cat001["element"] == "Tabell 25"]
    assert t25["region_code"].nunique() == 10
    years = t25[t25["attribute"] == "Publicerad"]["value"].astype(int)
    assert years.between(2022, 2024).all()


# --- the loader refuses unexplained derivations -------------------------------------------------------


def test_loader_rejects_derived_without_note(tmp_path):
    row = {c: "" for c in COLUMNS}
    row.update(
        report="001",
        element="Fig 66",
        page="264",
        line="10039",
        series="health_talk_diet",
        group_type="total",
        group="Riket",
        year="2020",
        value="20",
        unit="procent",
        status="derived",
        note="",
    )
    path = tmp_path / "001_bad.csv"
    pd.DataFrame([row], columns=COLUMNS).to_csv(path, index=False)
    with pytest.raises(DataValidationError) as err:
        read_transcription_file(path)
    assert "note" in str(err.value)
    row["note"] = "2023 value 25 minus +5 pp change"
    pd.DataFrame([row], columns=COLUMNS).to_csv(path, index=False)
    assert len(read_transcription_file(path)) == 1
