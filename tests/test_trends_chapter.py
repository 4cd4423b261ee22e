"""Tests of chapter 14's and 15's data shaping and words (analysis.trends.chapter,
analysis.trends.system, analysis.presentation.trends, .system, .trend_figures), on SYNTHETIC tables."""

from __future__ import annotations

import importlib
import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from analysis.declarations import read_definitions
from analysis.presentation import system as sys_words
from analysis.presentation import trend_figures as figs
from analysis.presentation import trends as words
from analysis.presentation.verdicts import special_wave_note
from analysis.trends.chapter import TrendTables
from analysis.trends.system import (
    element_series,
    first_last_change,
    national_and_range,
    report_value,
)
from analysis.validation import DataValidationError

matplotlib.use("Agg")


# --- synthetic results -------------------------------------------------------------------


def _sheet():
    return pd.DataFrame(
        {
            "id": ["A1", "A2", "T1", "T2", "S1"],
            "name_sv": [
                "Tillgång ett",
                "Tillgång två",
                "Förtroende för sjukhus",
                "Förtroende för vårdcentral",
                "Sys",
            ],
            "family": ["access", "access", "trust", "trust", "system"],
            "provider": ["kolada"] * 5,
            "analyses": ["trend", "trend;profile", "trend;did_control", "trend;did_treated", "trend;system"],
            "unit": ["procent"] * 4 + ["antal/1 000 inv"],
        }
    )


def _verdicts():
    names = _sheet().set_index("id")["name_sv"]
    rows = []
    for ind in ["A1", "T1", "T2"]:  # A2 is in the sheet but was not modelled
        fam = "access" if ind.startswith("A") else "trust"
        rows.append({"indicator": ind, "spec": "riket", "verdict": "ingen säker förändring", "verdict_fdr": "",
                     "name_sv": names[ind], "family": fam, "first_year": 2016, "last_year": 2024, "n_obs": 9})  # fmt: skip
        for code, v, vf in [("01", "förbättrad", "förbättrad"), ("03", "förbättrad", "ingen säker förändring"),
                            ("04", "försämrad", "ingen säker förändring")]:  # fmt: skip
            rows.append({"indicator": ind, "spec": f"region:{code}", "verdict": v, "verdict_fdr": vf,
                         "name_sv": names[ind], "family": fam, "first_year": 2016, "last_year": 2024, "n_obs": 9})  # fmt: skip
    return pd.DataFrame(rows).assign(reform_start=2019)


def _robust():
    return pd.DataFrame(
        {
            "indicator": ["A1", "T1", "T2", "p1", "S1"],
            "family": ["access", "trust", "trust", "access", "system"],
            "kind": ["kolada", "kolada", "kolada", "panel", "kolada"],
            "verdict": [
                "ingen säker förändring",
                "förbättrad",
                "ingen säker förändring",
                "ingen säker förändring",
                "minskning",
            ],  # fmt: skip
            "name_sv": ["A1", "T1", "T2", "p1", "S1"],
            "slope_pp": [0.5, 1.0, np.nan, -1.0, -2.0],
            "slope_low_pp": [-0.1, 0.2, np.nan, -3.0, -3.0],
            "slope_high_pp": [1.1, 1.8, np.nan, 1.0, -1.0],
            "pp_scale": [25.0, 25.0, 25.0, 20.0, 100.0],
        }
    )


def _tables(**over):
    empty = pd.DataFrame()
    kolada = pd.DataFrame(
        {
            "indicator": "A1",
            "region_code": "00",
            "sex": "T",
            "year": [2016, 2017, 2018, 2025],
            "value": [50.0, 52, 51, 60],
        }
    )
    fitted = pd.DataFrame(
        {
            "indicator": "A1",
            "spec": "riket",
            "year": [2016, 2017, 2018],
            "fit": [50.5, 51, 51.5],
            "fit_low": [49.0, 50, 50],
            "fit_high": [52.0, 52, 53],
        }  # fmt: skip
    )
    panel = pd.DataFrame(
        {
            "figure": ["Fig 40"] * 3,
            "series": ["needs_regular_doctor", "has_regular_doctor", "has_regular_doctor"],
            "label_sv": ["Behöver", "Har givet behov", "Har givet behov"],
            "group_type": ["total", "need", "need"],
            "group": ["Patienter", "Behöver fast läkare", "Behöver inte fast läkare"],
            "value": [70.0, 44, 11],
            "page": [236, 236, 236],
            "ci_low": [68.6, np.nan, np.nan],
            "ci_high": [71.4, np.nan, np.nan],
            "year": 2024,
            "n": [4298.0, np.nan, np.nan],
            "status": "printed",
            "line": [9284, 9286, 9287],
            "population": ["patienter", "delpopulation", "delpopulation"],
        }
    )
    base = dict(estimates=empty, fitted=fitted, verdicts=_verdicts(), robust=_robust(), sensitivity=empty, did=empty,
                gap=empty, contrasts=empty, panel=panel, instruments=empty, targets=empty, status=empty,
                kolada=kolada, sheet=_sheet())  # fmt: skip
    base.update(over)
    return TrendTables(**base)


# --- analysis.trends.chapter --------------------------------------------------------------


def test_series_come_from_the_sheet_and_the_models():
    t = _tables()
    assert t.kolada_ids("access") == ["A1"]  # A2 not modelled
    assert t.kolada_ids("trust") == ["T1", "T2"]  # sheet order
    assert t.role("did_treated") == "T2"
    assert t.robust.index.name == "indicator"


def test_region_counts_before_and_after_bh():
    assert _tables().region_counts("T1") == {"better": 2, "worse": 1, "better_fdr": 1, "worse_fdr": 0, "n": 3}


def test_national_fit_marks_years_outside_the_model():
    d = _tables().national_fit("A1")
    assert d["year"].tolist() == [2016, 2017, 2018, 2025]
    assert d["in_model"].tolist() == [True, True, True, False]
    assert d.loc[d["year"] == 2025, "observed"].item() == 60 and np.isnan(
        d.loc[d["year"] == 2025, "fit"].item()
    )


def test_outside_text_names_years_left_out_for_coverage_and_for_a_break():
    kolada = pd.DataFrame(
        {
            "indicator": "A1",
            "region_code": "00",
            "sex": "T",
            "year": [2015, 2016, 2017, 2018, 2025, 2026],
            "value": [48.0, 50, 52, 51, 60, 61],
        }  # fmt: skip
    )
    sheet = _sheet().assign(breaks=["2025: metodbyte", "", "", "", ""])
    text = words.outside_text(_tables(kolada=kolada, sheet=sheet), "A1")
    assert text == (
        "Riksvärdet för 2015 ingår inte i modellen, eftersom för få regioner rapporterade det året. "
        "Värdena från 2025 ingår inte heller, eftersom mätmetoden byttes då."
    )
    no_break = words.outside_text(_tables(kolada=kolada), "A1")
    assert no_break.startswith("Riksvärdena för 2015, 2025 och 2026 ingår inte") and "de åren" in no_break
    assert words.outside_text(_tables(kolada=kolada[kolada["year"].between(2016, 2018)]), "A1") == ""


def test_a_special_wave_is_named_with_its_reason_only_in_its_year():
    sheet = _sheet().assign(waves=["", "", "", "2020: bara hösten; 2024: ovanligt hopp", ""])
    note = special_wave_note(sheet, "T2", 2024)
    assert note.startswith("Mätningen 2024 räknas som särskild (ovanligt hopp)")
    assert special_wave_note(sheet, "T2", 2023) == "" == special_wave_note(_sheet(), "T2", 2024)


def test_need_and_access_implies_the_total_share():
    n = _tables().need_and_access()
    assert n["total"] == pytest.approx(0.70 * 44 + 0.30 * 11)


def test_chapter_series_leave_system_series_to_chapter_15():
    rb = _tables().chapter_series()
    assert "S1" not in set(rb["indicator"])
    assert rb["family"].tolist() == ["access", "access", "trust", "trust"]  # family order, then kind
    counts = _tables().verdicts_by_family()
    assert counts.loc["trust", "förbättrad"] == 1


# --- analysis.presentation.trends ---------------------------------------------------------


def test_small_phrases():
    assert (
        words.word_counts(pd.Series(["a", "a", "b"]), "fråga", "frågor") == "a för 2 frågor och b för 1 fråga"
    )
    assert words.pe(1.0) == "1 procentenhet" and words.pe(-3.0) == "−3 procentenheter"
    assert words.regions_phrase(0) == "ingen region" and words.regions_phrase(3) == "3 regioner"
    assert (
        words.dropped_sv("year_post: för få år; pandemic: inga data")
        == "år efter reformstart: för få år; pandemiår: inga data"
    )
    assert words.cell(2.44, 0.3, 4.51) == "2,4 (0,3 till 4,5)"  # the table binds the interval
    assert words.cell(-4.0, np.nan, np.nan) == "−4 (utan intervall)" and words.cell(np.nan, 1, 2) == "–"
    # a panel difference names its waves: both may lie after the reform start
    assert words.cell(-3.0, np.nan, np.nan, span="2020–2024") == "−3 (2020–2024, utan intervall)"
    panel = pd.Series({"kind": "panel", "first_year": 2020, "last_year": 2024})
    assert words._waves(panel) == "2020–2024" and words._waves(panel.replace("panel", "kolada")) == ""


def test_trust_texts_say_higher_or_lower_from_the_interval():
    contrasts = pd.DataFrame(
        {
            "indicator": ["T1", "T1", "T1", "T2", "T2"],
            "comparison": [
                "pandemiökning",
                "2023 mot 2019",
                "2024 mot 2019",
                "2024 mot 2019",
                "2024 mot åren före pandemin",
            ],
            "diff_pp": [2.0, 1.0, 1.5, -1.0, -1.0],
            "diff_pp_low": [1.0, -0.5, 0.5, -2.0, -2.0],
            "diff_pp_high": [3.0, 2.5, 2.5, -0.2, 0.1],
        }
    )
    est = pd.DataFrame(
        {
            "indicator": ["T1", "T2"],
            "spec": "riket",
            "term": "pandemic",
            "estimate": [0.2, 0.1],
            "ci_low": [0.1, -0.1],
            "ci_high": [0.3, 0.3],
        }
    )
    out = words.trust_texts(_tables(contrasts=contrasts, estimates=est))
    # the pandemic level of each series in percentage points (logit term x 25 at the level 50 %)
    assert out["kap14-pandemi-nivaer"] == (
        "t1 +5,0\u00a0procentenheter (95\u00a0% KI 2,5 till 7,5) och t2 +2,5\u00a0procentenheter (95\u00a0% KI −2,5 till 7,5)"
    )
    assert out["kap14-t1-bump"] == "+2,0" and out["kap14-t1-2023-ki"] == "−0,5 till 2,5"
    assert out["kap14-retur"] == (
        "Från 2019 till 2024 ändrades förtroendet med +1,5\u00a0procentenheter (95\u00a0% KI"
        " 0,5 till 2,5) för sjukhus; −1,0\u00a0procentenheter (95\u00a0% KI −2,0 till −0,2) för vårdcentral."
    )  # each comparison's effect and interval, and no direction word (no survey-round error in
    # the interval); the years from the data
    later = contrasts.assign(comparison=[*contrasts["comparison"][:3], "2025 mot 2019", "x"])
    out = words.trust_texts(_tables(contrasts=later, estimates=est))
    assert out["kap14-retur"].startswith("Förtroendet ändrades med +1,5")
    assert "för sjukhus (2019 till 2024); −1,0" in out["kap14-retur"]
    assert out["kap14-retur"].endswith("för vårdcentral (2019 till 2025).")
    assert "högre" not in out["kap14-retur"] and "lägre" not in out["kap14-retur"]
    assert out["kap14-pandemi-antal"] == "1 av 2"


def test_access_panel_conclusion_depends_on_the_robust_words():
    verd = pd.DataFrame(
        {"family": ["access"] * 2, "spec": ["panel"] * 2, "verdict": ["försämrad", "ingen säker förändring"]}
    )
    robust = _robust()
    out = words.access_panel_texts(_tables(verdicts=verd, robust=robust))
    assert (
        out["kap14-panel-access-naiv"] == "1"
        and "varken bekräftas eller avfärdas" in out["kap14-panel-access-slutsats"]
    )
    robust.loc[robust["indicator"] == "p1", "verdict"] = "försämrad"
    out = words.access_panel_texts(_tables(verdicts=verd, robust=robust))
    assert out["kap14-panel-access-slutsats"] == "Försämringen håller för 1 fråga även med den variationen."


def test_figures_return_what_publish_needs():
    t = _tables()
    for make in (figs.access_kolada, figs.need_and_access):
        kw = make(t)
        assert {"fig", "data", "name", "source", "alt", "code"} <= set(kw)
        assert len(kw["data"]) > 0
    assert figs.need_and_access(t)["source"].startswith(
        "Vårdanalys (2025), Omtag för omställning, figur 40 (s. 236)"
    )


# --- analysis.trends.system and analysis.presentation.system ------------------------------


def test_read_definitions_accepts_the_committed_file_and_names_bad_cells(tmp_path):
    d = read_definitions(ROOT / "data-raw" / "system_definitions.csv")
    assert d["element"].str.startswith("Fig ").all() and (d["scale_to_report"] > 0).all()
    bad = (
        (ROOT / "data-raw" / "system_definitions.csv")
        .read_text(encoding="utf-8")
        .replace(",närliggande,", ",ungefär,", 1)
    )
    path = tmp_path / "defs.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"row 2, column match: 'ungefär'"):
        read_definitions(path)


def test_national_and_range_and_element_scaling():
    kolada = pd.DataFrame(
        {
            "indicator": "K",
            "sex": "T",
            "region_code": ["00", "01", "03", "00", "01", "03"],
            "year": [2016, 2016, 2016, 2017, 2017, 2017],
            "value": [5.0, 4.0, 7.0, 6.0, 3.0, np.nan],
        }
    )
    r = national_and_range(kolada, ["K"], min_regions=2)
    assert r[["national", "region_min", "region_max", "n_regions"]].fillna(-1).values.tolist() == [
        [5, 4, 7, 2],
        [6, -1, -1, 1],  # one region is no regions' range
    ]
    assert national_and_range(kolada, ["K"], min_regions=1)["region_min"].tolist() == [4, 3]
    defs = pd.DataFrame(
        [
            {
                "element": "Fig 62",
                "indicator": "K",
                "scale_to_report": 100.0,
                "report_unit": "antal/100 000 inv",
                "match": "delvis",
                "page": 259,
            }
        ]  # fmt: skip
    )
    e = element_series(r, defs)
    assert e["national"].tolist() == [500, 600] and e["region_max"].fillna(-1).tolist() == [700, -1]
    assert set(e["element"]) == {"Fig 62"}


def _report():
    return pd.DataFrame(
        {
            "report": "001",
            "element": ["Fig 64", "Fig 64", "P21"],
            "series": ["pc_physical_doctor_visits", "pc_physical_doctor_visits", "video"],
            "year": [2016, 2023, 2019],
            "value": [144000.0, 111000.0, 8.0],
            "page": [260, 260, 262],
        }
    )


def test_report_values_and_changes():
    c = first_last_change(_report(), "Fig 64", "pc_physical_doctor_visits")
    assert (c["first_year"], c["last_year"], c["change"]) == (2016, 2023, -33000)
    assert c["change_pct"] == pytest.approx(-22.9166, abs=1e-3)
    assert report_value(_report(), "P21", "video", 2019) == 8
    with pytest.raises(LookupError, match="Fig 99"):
        report_value(_report(), "Fig 99", "x")
    with pytest.raises(ValueError, match="expected one row"):
        report_value(_report(), "Fig 64", "pc_physical_doctor_visits")


def test_definitions_table_cites_like_readers_do():
    d = read_definitions(ROOT / "data-raw" / "system_definitions.csv")
    first = sys_words.definitions_table(d)["table"]["Rapportens figur"].iloc[0]
    assert re.fullmatch(r"Vårdanalys \(2025\), figur \d+, (omkring )?s\. \d+", first)


# --- code links -------------------------------------------------------------------------------

CODE = re.compile(r"""["']code["']\s*:\s*["'](analysis\.[\w.]+)["']|code=["'](analysis\.[\w.]+)["']""")


@pytest.mark.parametrize(
    "path",
    [
        "analysis/presentation/trends.py",
        "analysis/presentation/trend_figures.py",
        "analysis/presentation/system.py",
    ],
)
def test_every_code_link_names_an_existing_function(path):
    found = [a or b for a, b in CODE.findall((ROOT / path).read_text(encoding="utf-8"))]
    assert found
    for dotted in found:
        module, _, name = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module), name), dotted
        assert (ROOT / (module.replace(".", "/") + ".py")).is_file(), (
            f"{dotted}: the site links a module file"
        )


def test_data_sources_pair_respondents_with_response_rates():
    from analysis.trends.report_points import data_sources

    report = pd.DataFrame(
        {
            "report": "001",
            "element": "Fig 28",
            "series": [
                "survey_patients",
                "survey_respondents",
                "survey_response_rate",
                "survey_patients_approx",
            ],
            "group": ["Panel 2014", "IHP 65+", "IHP 65+", "Alla"],
            "year": pd.array([2014, 2017, 2017, None], dtype="Int64"),
            "value": [9188.0, 7000, 29, 9500],
            "page": [220, 220, 221, 220],
        }
    )
    d = data_sources(report)
    assert d["source"].tolist() == ["Panel 2014", "IHP 65+"]
    assert d["respondents"].tolist() == [9188, 7000]
    assert np.isnan(d["response_rate"].iloc[0]) and d["response_rate"].iloc[1] == 29


def test_borrowed_dispersion_text_counts_what_less_dispersion_would_show():
    """SYNTHETIC: three two-wave panels borrow 300; with the least estimated (120) one interval
    excludes zero (a decline of a higher-is-better series), with sampling error alone two."""
    robust = pd.DataFrame(
        {
            "indicator": ["p1", "p2", "p3", "p4"],
            "kind": "panel",
            "dispersion_used": [300.0, 300.0, 300.0, 1.0],
            "direction": "higher_better",
        }
    )
    verdicts = pd.DataFrame(
        {
            "indicator": ["p1", "p2", "p3", "p4", "p5"],
            "spec": "panel",
            "df_resid": [0.0, 0.0, 0.0, 1.0, 1.0],
            "dispersion": [np.nan, np.nan, np.nan, 300.0, 120.0],
            "verdict": ["försämrad", "förbättrad", "ingen säker förändring", "ingen säker förändring", "x"],
        }
    )
    sensitivity = pd.DataFrame(
        {
            "indicator": ["p1", "p2", "p3"],
            "variant": "minsta_spridning",
            "ci_low": [-2.0, -1.0, -0.5],
            "ci_high": [-0.1, 1.0, 0.5],
        }
    )
    text = words.borrowed_dispersion_text(_tables(robust=robust, verdicts=verdicts, sensitivity=sensitivity))
    assert text.startswith("Som lånad spridning används den största av panelernas skattningar;")
    assert (
        "Med den minsta (120 gånger) blir 1 av de 3 serierna med två mätningar säkra (1 som försämring)"
        in text
    )
    assert text.endswith("Med enbart urvalsfel skulle 2 av dem bli säkra (1 som försämring).")
    none = sensitivity.assign(ci_low=-1.0, ci_high=1.0)
    quiet = verdicts.assign(verdict="ingen säker förändring")
    text = words.borrowed_dispersion_text(_tables(robust=robust, verdicts=quiet, sensitivity=none))
    assert "Valet ändrar inga utslag: även med den minsta (120 gånger) blir ingen av de 3 serierna" in text
    assert text.endswith("Inte heller med enbart urvalsfel blir någon av dem säker.")
    assert words.borrowed_dispersion_text(_tables(robust=robust.assign(dispersion_used=1.0))) == ""


def test_a_table_cell_names_a_slope_interval_beyond_the_scale():
    """SYNTHETIC values: the cell of a share's slope drops an interval no share can take."""
    from analysis.presentation.text import BEYOND_SCALE, beyond_scale

    assert beyond_scale(17.0, -30.7, 31.3) and beyond_scale(95.0, -1.0, 5.5)
    assert not beyond_scale(50.0, -30.7, 31.3) and not beyond_scale(float("nan"), -1.0, 1.0)
    assert words.cell(0.3, -30.7, 31.3, level=17.0) == f"0,3 ({BEYOND_SCALE})"
    assert "−30,7" in words.cell(0.3, -30.7, 31.3)  # no level: not a share's points
    assert words.pp_level(pd.Series({"slope_unit": "procentenheter per år", "last_value": 17.0})) == 17.0
    assert words.pp_level(pd.Series({"slope_unit": "procent per år", "last_value": 17.0})) is None


def test_a_figures_different_notes_each_name_their_question():
    from analysis.trends.report_points import figure_note

    same = pd.DataFrame({"label_sv": ["A", "B", "C"], "note_sv": ["Bara 2024.", "Bara 2024.", ""]})
    assert figure_note(same) == "Bara 2024."
    different = pd.DataFrame(
        {"label_sv": ["Lätt att nå", "Lätt att träffa"], "note_sv": ["Bara 2014.", "2016 och 2024."]}
    )
    assert figure_note(different) == "Lätt att nå: bara 2014. Lätt att träffa: 2016 och 2024."
    assert figure_note(same.assign(note_sv="")) == ""


def test_plan_text_states_figure_49s_first_and_last_printed_values():
    panel = pd.DataFrame({"series": "received_individual_plan", "year": [2024, 2014], "value": [75.0, 37.0]})
    assert words.plan_texts(_tables(panel=panel)) == {
        "kap14-plan": "37\u00a0procent 2014 och 75\u00a0procent 2024"
    }
    with pytest.raises(ValueError, match="figure 49"):
        words.plan_texts(_tables(panel=panel.iloc[:1]))


def test_the_system_figure_names_the_series_it_shows_without_a_verdict():
    sheet = pd.DataFrame(  # SYNTHETIC sheet rows
        {
            "id": ["A", "B", "C"],
            "name_sv": ["Serie A", "Överbeläggningar", "Serie C"],
            "analyses": ["trend;system", "system", "trend"],
        }
    )
    judged = pd.DataFrame({"indicator": ["A"], "verdict": ["ingen säker förändring"]})
    text = sys_words.descriptive_sentence(sheet, judged)
    assert text.startswith(
        "Tabellen bedömer 1 av figurens 2 serier; ”överbeläggningar” visas bara beskrivande"
    )
    assert sys_words.descriptive_sentence(sheet[sheet["id"] != "B"], judged) == ""


def test_a_gap_between_sampling_intervals_is_not_read_as_a_method_effect_under_wave_variation():
    assert words.overlap_sentence(True, 290.0).endswith("så skillnaden kan vara slump.")
    gap = words.overlap_sentence(False, 289.7)
    assert "upp till 290 gånger urvalsfelets" in gap and "går inte att avgöra" in gap
    assert "speglar mätsätten." in words.overlap_sentence(False, 1.0)  # no wave variation beyond sampling


def test_the_corrected_families_are_named_with_their_sizes():
    kinds = pd.DataFrame({"kind": ["kolada"] * 15 + ["panel"] * 9})
    assert words.bh_families(kinds) == "de 15 serierna ur Kolada för sig och de 9 panelserierna för sig"
    assert words.bh_families(pd.DataFrame({"kind": ["panel"]})) == "den enda panelserien"


def test_an_assessment_cell_gives_the_word_its_reason_and_the_adjusted_p_value():
    from analysis.robust import NO_CHANGE

    cell = words.assessment_cell(NO_CHANGE, "huvudmodellens intervall omfattar noll", 0.2534)
    assert cell.endswith(f"{NO_CHANGE} (huvudmodellens intervall omfattar noll; justerat p-värde 0,253)")
    assert words.assessment_cell(NO_CHANGE, "", 0.0004).endswith("(justerat p-värde <0,001)")
    assert words.assessment_cell(NO_CHANGE, np.nan, np.nan).endswith(NO_CHANGE)
