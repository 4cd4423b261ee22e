"""Headline sentences, the goal scoreboard and the key-indicator table from model results."""

import numpy as np
import pandas as pd
import pytest

from analysis import findings
from analysis import robust as rb
from analysis.presentation.text import BEYOND_SCALE, fmt_num

ROBUST = pd.DataFrame(
    [
        # synthetic test rows (labelled): one improving, one flat Kolada series, one panel series
        dict(
            indicator="A1",
            name_sv="Förtroende A",
            goal="nav",
            kind="kolada",
            unit="procent",
            verdict=rb.IMPROVED,
            effect=2.5,
            effect_low=0.5,
            effect_high=4.5,
            effect_pre_years="2016–2018",
            effect_last_years="2022, 2023, 2024",
            slope_pp=0.6,
            slope_low_pp=0.2,
            slope_high_pp=1.0,
            slope_unit="procentenheter per år",
        ),
        dict(
            indicator="B1",
            name_sv="Tillgång B",
            goal="tillganglighet",
            kind="kolada",
            unit="procent",
            verdict=rb.NO_CHANGE,
            effect=1.0,
            effect_low=-2.0,
            effect_high=4.0,
            effect_pre_years="2016–2018",
            effect_last_years="2022, 2023, 2024",
            slope_pp=0.2,
            slope_low_pp=-0.3,
            slope_high_pp=0.7,
            slope_unit="procentenheter per år",
        ),
        dict(
            indicator="p1",
            name_sv="Panelfråga",
            goal="tillganglighet",
            kind="panel",
            unit="procent",
            verdict=rb.NO_CHANGE,
            effect=-4.0,
            effect_low=np.nan,
            effect_high=np.nan,
            effect_pre_years="",
            effect_last_years="",
            slope_pp=-0.5,
            slope_low_pp=-2.0,
            slope_high_pp=1.0,
            slope_unit="procentenheter per år",
        ),
    ]
)
SHEET = pd.DataFrame(
    {
        "id": ["A1", "B1", "C1"],
        "goal": ["nav", "tillganglighet", ""],
        "family": ["trust", "access", "system"],
        "analyses": ["trend;did_treated;key", "trend", "key"],
    }
)
GOALS = pd.DataFrame(
    {
        "goal": ["tillganglighet", "nav", "effektivitet"],
        "name_sv": ["Tillgänglighet", "Nav", "Effektivitet"],
        "report_assessment": ["x", "y", "z"],
        "report_source": ["s"] * 3,
        "data_needed": ["", "", "Kostnad per vårdepisod"],
    }
)


def test_series_sentence_puts_the_effect_and_interval_first():
    text = findings.series_sentence(ROBUST.iloc[0])
    assert text.startswith(
        "Förtroende A: +2,5\u00a0procentenheter (95\u00a0% KI 0,5 till 4,5), 2022–2024 mot 2016–2018"
    )
    # the verdict is read off the slope, so the slope and its interval stand beside it
    assert text.endswith(
        "; lutning +0,6\u00a0procentenheter per år (95\u00a0% KI 0,2 till 1,0) efter reformstarten."
        " Bedömning utifrån lutningen: förbättrad."
    )


def test_series_sentence_falls_back_to_the_slope():
    text = findings.series_sentence(ROBUST.iloc[2])
    assert "procentenheter per år" in text and "efter reformstarten" in text
    assert text.count("efter reformstarten") == 1 and text.endswith(
        f"bedömning: {ROBUST.iloc[2]['verdict']}."
    )


def test_summary_word_for_mixed_flat_and_empty_groups():
    assert findings.summary_word(pd.Series([rb.IMPROVED, rb.WORSENED])).startswith("Blandad bild")
    assert (
        findings.summary_word(pd.Series([rb.NO_CHANGE, rb.NO_CHANGE])) == "Ingen säker förändring (2 serier)"
    )
    assert (
        findings.summary_word(pd.Series([rb.SIGN_IMPROVED, rb.NO_CHANGE]))
        == "Tecken på förbättring i 1 av 2 serier"
    )
    assert findings.summary_word(pd.Series([], dtype=str)) == "Inga data"
    # the series that changed are named (the front page promises it for "tecken på")
    assert (
        findings.summary_word(
            pd.Series([rb.SIGN_IMPROVED, rb.NO_CHANGE]), pd.Series(["Rimlig väntetid", "Telefon"])
        )
        == "Tecken på förbättring i 1 av 2 serier (rimlig väntetid)"
    )
    assert findings.summary_word(pd.Series([rb.WORSENED]), pd.Series(["Kontinuitet"])) == (
        "Försämrad i den enda serien (kontinuitet)"
    )


def test_goal_scoreboard_has_one_row_per_goal_and_says_what_data_are_missing():
    board = findings.goal_scoreboard(GOALS, SHEET, ROBUST)
    assert list(board["goal"]) == list(GOALS["goal"])
    row = board.set_index("goal")
    assert row.at["tillganglighet", "n_series"] == 2  # the sheet's series and the mapped panel series
    assert row.at["nav", "compendium_assessment"] == "Förbättrad i den enda serien (förtroende A)"
    assert row.at["effektivitet", "compendium_assessment"] == "Inga data"
    assert row.at["effektivitet", "data_needed"] == "Kostnad per vårdepisod"
    assert not row["described_only"].any()  # no descriptive evidence given
    # what an assessment rests on, free of its wording (compared by "Vad är nytt")
    assert row.at["nav", "basis"] == f"A1: {rb.IMPROVED}"
    assert row.at["tillganglighet", "basis"] == f"B1: {rb.NO_CHANGE}; p1: {rb.NO_CHANGE}"
    assert row.at["effektivitet", "basis"] == "inga data"
    described = findings.goal_scoreboard(GOALS, SHEET, ROBUST, {"effektivitet": "Kostnader, beskrivna"})
    assert described.set_index("goal")["described_only"].to_dict() == {
        "tillganglighet": False,
        "nav": False,
        "effektivitet": True,
    }
    assert described.set_index("goal").at["effektivitet", "basis"] == "beskrivande"


def test_headlines_change_when_the_verdict_changes():
    verdicts = pd.DataFrame(
        {
            "indicator": ["B1"] * 2,
            "spec": ["region:01", "region:02"],
            "verdict": [rb.IMPROVED] * 2,
            "verdict_fdr": [rb.IMPROVED, rb.NO_CHANGE],
        }
    )
    change = pd.DataFrame(
        {
            "definition": ["d"] * 2,
            "region_code": ["00", "01"],
            "share_start": [0.224, 0.2],
            "share_end": [0.217, 0.21],
            "change_pp": [-0.7, 1.0],
            "start_year": [2019] * 2,
            "end_year": [2024] * 2,
        }
    )
    rows = findings.headline_rows(ROBUST, verdicts, SHEET, change, "d").set_index("key")["text_sv"]
    assert "förbättrad" in rows["fortroende"]
    assert (
        "det bättre i 1 region av 2; utan korrektion" in rows["regioner"]
        and "i 2 regioner." in rows["regioner"]
    )
    assert "21,70\u00a0procent" in rows["andel"] and "1 region av 1" in rows["andel"]
    assert "och Norrbotten saknar uppgifter)." in rows["andel"]  # the regions not counted are named
    flipped = ROBUST.assign(verdict=[rb.NO_CHANGE, rb.NO_CHANGE, rb.NO_CHANGE])
    again = findings.headline_rows(flipped, verdicts, SHEET, change, "d").set_index("key")["text_sv"]
    assert "ingen säker förändring" in again["fortroende"]
    assert again["panel"].startswith("Ingen av rapportens 1 enkätserie med minst två tryckta mätningar visar")
    worse = ROBUST.assign(verdict=[rb.NO_CHANGE, rb.NO_CHANGE, rb.SIGN_WORSENED])
    panel = (
        findings.headline_rows(worse, verdicts, SHEET, change, "d").set_index("key").at["panel", "text_sv"]
    )
    assert panel.startswith(
        "Av rapportens 1 enkätserie med minst två tryckta mätningar visar 1 en försämring"
    )


@pytest.mark.parametrize(
    ("verdict", "reason", "said"),
    [
        (rb.IMPROVED, rb.HOLDS_EVERYWHERE, ""),
        (rb.NO_CHANGE, rb.MAIN_INCLUDES_ZERO, ""),  # the interval shown says it
        (rb.NO_CHANGE, rb.NOT_AFTER_FDR, "inte efter korrektion för att många serier prövas samtidigt"),
        (rb.NO_CHANGE, rb.DIRECTION_FLIPS, "riktningen vänder i någon känslighetsanalys"),
        (rb.SIGN_IMPROVED, rb.FAILS_IN + "Pandemiåren", "i känslighetsanalysen ”Pandemiåren”"),
        (rb.SIGN_IMPROVED, rb.FAILS_IN + "A; B; C", "i känslighetsanalyserna ”A”, ”B” och ”C”"),
    ],
)
def test_a_verdict_the_interval_shown_does_not_explain_gives_its_reason(verdict, reason, said):
    row = ROBUST.iloc[0].copy()
    row["verdict"], row["reason"] = verdict, reason
    found = findings.verdict_reason(row)
    assert (said in found) if said else found == ""
    sentence = findings.series_sentence(row)
    assert sentence.endswith(f"{verdict}, {found}.") if found else sentence.endswith(f"{verdict}.")


def test_latest_spread_uses_the_latest_year_per_indicator():
    kolada = pd.DataFrame(
        {
            "indicator": "X",
            "sex": "T",
            "year": [2023, 2024, 2024, 2024],
            "region_code": ["00", "00", "01", "02"],
            "value": [1.0, 2.0, 1.5, 3.0],
        }
    )
    out = findings.latest_spread(kolada, ["X", "missing"], min_regions=2).iloc[0]
    assert (out["year"], out["national"], out["region_min"], out["region_max"]) == (2024, 2.0, 1.5, 3.0)
    # too few regions that year: the national value stands, the regions' range does not
    thin = findings.latest_spread(kolada, ["X"], min_regions=3).iloc[0]
    assert (thin["national"], thin["n_regions"]) == (2.0, 2)
    assert np.isnan([thin["region_min"], thin["region_median"], thin["region_max"]]).all()


def test_goal_series_lists_each_goals_series_with_its_effect():
    rows = findings.goal_series(GOALS, SHEET, ROBUST)
    assert set(rows["goal"]) == {"tillganglighet", "nav"}
    assert rows.loc[rows["indicator"] == "A1", "effect_text"].iloc[0].startswith("+2,5")
    assert rows.loc[rows["indicator"] == "A1", "trend_text"].iloc[0].endswith("efter reformstarten")
    assert rows.loc[rows["indicator"] == "p1", "effect_text"].iloc[0] == "–"  # a slope is not a level change


def _with_break(row: pd.Series, pre: float, change: tuple[float, float, float]) -> pd.Series:
    """SYNTHETIC: a robust row with a slope before the reform and a change in slope (pp/year)."""
    est, low, high = change
    values = {
        "slope_pre_pp": pre,
        "slope_change_pp": est,
        "slope_change_low_pp": low,
        "slope_change_high_pp": high,
        "slope_pre": pre / 10,  # the same signs on the model's scale
        "slope": row["slope_pp"] / 10,
        "slope_change_low": low / 10,
        "slope_change_high": high / 10,
    }
    return pd.concat([row, pd.Series(values)])


def test_trend_break_phrase_puts_the_slope_the_verdict_rests_on_first():
    row = _with_break(ROBUST.iloc[0], -0.9, (1.5, 0.1, 2.9))
    assert findings.trend_break_phrase(row) == (
        "+0,6\u00a0procentenheter per år (95\u00a0% KI 0,2 till 1,0) efter reformstarten, mot −0,9 före;"
        " skillnad +1,5\u00a0procentenheter per år (95\u00a0% KI 0,1 till 2,9)"
    )
    # a count's growth rates differ in points too: "procent per år" after, "procentenheter" between
    counts = row.copy()
    counts["slope_unit"], counts["unit"] = "procent per år", "antal/1 000 inv"
    phrase = findings.trend_break_phrase(counts)
    assert "procent per år (95" in phrase and "skillnad +1,5\u00a0procentenheter per år" in phrase
    # no slope before the start: the slope after it alone
    assert findings.trend_break_phrase(ROBUST.iloc[2]) == findings.slope_phrase(ROBUST.iloc[2])
    assert findings.trend_break_phrase(ROBUST.iloc[0].drop(["slope_pp"])) == "–"


def test_a_shared_break_note_needs_every_series_to_have_gone_on_as_before():
    went_on = _with_break(ROBUST.iloc[0], 0.5, (0.1, -0.4, 0.6))
    turned = _with_break(ROBUST.iloc[0], -0.9, (1.5, 0.1, 2.9))
    flat_before = _with_break(ROBUST.iloc[0], -0.1, (0.7, -0.2, 1.6))
    assert findings.shared_break_note(pd.DataFrame([went_on, went_on])) == findings.WENT_ON
    assert findings.shared_break_note(pd.DataFrame([went_on, flat_before])) == findings.NO_BREAK
    assert findings.shared_break_note(pd.DataFrame([went_on, turned])) == ""  # one changed course
    assert findings.shared_break_note(pd.DataFrame(columns=ROBUST.columns)) == ""


def test_level_phrase_is_the_level_effect_only():
    assert findings.level_phrase(ROBUST.iloc[0]).startswith("+2,5\u00a0procentenheter (95\u00a0% KI")
    assert findings.level_phrase(ROBUST.iloc[2]) == ""  # a panel series: no level effect with an interval
    assert findings.effect_phrase(ROBUST.iloc[2]) == findings.slope_phrase(ROBUST.iloc[2])


def test_a_sure_change_without_a_sure_break_says_whether_it_predates_the_reform():
    went_on = _with_break(ROBUST.iloc[0], 0.5, (0.1, -0.4, 0.6))
    turned = _with_break(ROBUST.iloc[0], -0.9, (1.5, 0.1, 2.9))
    flat_before = _with_break(ROBUST.iloc[0], -0.1, (0.7, -0.2, 1.6))
    assert findings.trend_break_note(went_on) == findings.WENT_ON
    assert findings.trend_break_note(flat_before) == findings.NO_BREAK  # it did not go on: it was flat
    assert findings.trend_break_note(turned) == ""
    assert findings.trend_break_note(_with_break(ROBUST.iloc[1], 0.2, (0.0, -0.5, 0.5))) == ""  # not sure
    for row, said in ((went_on, findings.WENT_ON), (turned, ""), (flat_before, findings.NO_BREAK)):
        robust = pd.DataFrame([row, ROBUST.iloc[1], ROBUST.iloc[2]])
        text = (
            findings.goal_scoreboard(GOALS, SHEET, robust)
            .set_index("goal")
            .at["nav", "compendium_assessment"]
        )
        assert text == "Förbättrad i den enda serien (förtroende A)" + (f"; {said}" if said else "")
    assert findings.series_sentence(went_on).endswith(
        f"Bedömning utifrån lutningen: förbättrad, {findings.WENT_ON}."
    )


def test_key_table_reads_in_swedish_with_a_dash_for_a_missing_range():
    from analysis.presentation.key_indicators import key_table

    key = pd.DataFrame(
        {
            "name_sv": ["Förtroende", "Invånare per specialist"],
            "year": [2024, 2023],
            "national": [63.04, 1520.4],
            "region_min": [55.3, np.nan],
            "region_max": [74.6, np.nan],
            "unit": ["procent", "invånare per specialist"],
            "change": ["+1,0", "–"],
            "verdict": ["ingen säker förändring", ""],
            "source": ["Kolada", "Kolada"],
        }
    )
    t = key_table(key)
    assert t["Riket"].tolist()[0].startswith("63,0")
    assert t["Regionerna, lägst–högst"].tolist() == ["55,3–74,6", "–"]  # a span, not an interval
    assert t["År"].tolist() == ["2024", "2023"]


def test_the_cost_share_change_is_the_same_and_adds_up_wherever_it_is_stated():
    """SYNTHETIC shares 22,44 % and 21,66 %: with two decimals the levels and the unrounded change
    (−0,78) agree, in the sentence and in the key table (one decimal would give 22,4 and 21,7
    beside −0,8)."""
    change = pd.DataFrame(
        [
            {"definition": "d", "region_code": "00", "start_year": 2019, "end_year": 2024,
             "share_start": 0.2244, "share_end": 0.2166, "change_pp": -0.78},
            {"definition": "d", "region_code": "01", "start_year": 2019, "end_year": 2024,
             "share_start": 0.20, "share_end": 0.21, "change_pp": 1.0},
        ]
    )  # fmt: skip
    sentence = findings.share_sentence(change, "d")
    assert "22,44\u00a0procent 2019 och 21,66\u00a0procent 2024 (−0,78 procentenheter)" in sentence
    empty = pd.DataFrame(columns=ROBUST.columns)
    report = pd.DataFrame(columns=["report", "series", "year", "value"])
    table = findings.key_indicator_table(empty, pd.DataFrame(columns=["indicator"]), report, change, "d")
    assert table.set_index("key").loc["kostnadsandel", "change"] == "−0,78 procentenheter sedan 2019"
    # the same definition, in the same words, in the sentence and the table
    assert table.set_index("key").loc["kostnadsandel", "name_sv"].startswith(findings.COST_SHARE_NAME)
    assert sentence.startswith(f"{findings.COST_SHARE_NAME} ({findings.COST_SHARE_NOTE})")


def test_the_specialist_row_states_a_change_and_the_target_apart():
    """SYNTHETIC printed values: the change column holds a change, the target in brackets."""
    report = pd.DataFrame(
        [
            {"report": "001", "series": "inhabitants_per_gp_specialist", "year": 2017, "value": 1879.0},
            {"report": "001", "series": "inhabitants_per_gp_specialist", "year": 2023, "value": 2039.0},
            {"report": "001", "series": "riktvarde_patients_per_gp", "year": np.nan, "value": 1100.0},
        ]
    )
    empty = pd.DataFrame(columns=ROBUST.columns)
    change = pd.DataFrame(columns=["definition", "region_code"])
    table = findings.key_indicator_table(empty, pd.DataFrame(columns=["indicator"]), report, change, "d")
    row = table.set_index("key").loc["specialister"]
    assert row["change"] == f"+160 sedan 2017 (riktvärde {fmt_num(1100, 0)})"
    assert (row["year"], row["national"]) == (2023, 2039.0)


def test_chapter_15_counts_a_verdict_with_the_caution_when_its_series_went_on_as_before():
    from analysis.presentation.system import _verdict_count

    went_on = _with_break(ROBUST.iloc[0], 0.5, (0.1, -0.4, 0.6))
    judged = pd.DataFrame([went_on, ROBUST.iloc[1]])
    assert _verdict_count(judged, rb.IMPROVED, 1) == f"{rb.IMPROVED} för 1 av 2 serier ({findings.WENT_ON})"
    turned = _with_break(ROBUST.iloc[0], -0.9, (1.5, 0.1, 2.9))
    assert (
        _verdict_count(pd.DataFrame([turned, ROBUST.iloc[1]]), rb.IMPROVED, 1)
        == f"{rb.IMPROVED} för 1 av 2 serier"
    )


def test_a_slope_interval_beyond_the_scale_is_named_not_printed():
    """SYNTHETIC row: −31 to +31 percentage points a year from 17 % is no range a share can take."""
    wide = pd.concat([ROBUST.iloc[0], pd.Series({"last_value": 17.0})])
    wide[["slope_pp", "slope_low_pp", "slope_high_pp"]] = [0.3, -30.7, 31.3]
    phrase = findings.slope_phrase(wide)
    assert BEYOND_SCALE in phrase and "30,7" not in phrase and phrase.startswith("+0,3")
    wide["last_value"] = 50.0  # the same interval from 50 % stays within 0–100 %: printed
    assert "−30,7 till 31,3" in findings.slope_phrase(wide)
    other = wide.copy()
    other[["slope_unit", "last_value"]] = ["procent per år", 1.0]  # not a share's points: printed
    assert "−30,7 till 31,3" in findings.slope_phrase(other)


def test_key_rows_in_a_special_survey_wave_carry_its_caveat():
    from analysis.presentation.key_indicators import wave_notes

    key = pd.DataFrame(
        {
            "key": ["T", "R", "x"],
            "name_sv": ["Förtroende", "Återinskrivning", "Andel"],
            "year": [2024, 2024, np.nan],
        }
    )
    sheet = pd.DataFrame({"id": ["T", "R"], "waves": ["2024: ovanligt hopp", ""]})
    assert wave_notes(key, sheet).startswith("Förtroende: mätningen 2024 räknas som särskild (ovanligt hopp)")
    assert "Återinskrivning" not in wave_notes(key, sheet)
    assert wave_notes(key.assign(year=2023), sheet) == ""
    # two rows with the same caveat share one sentence
    both = sheet.assign(waves="2024: ovanligt hopp")
    assert wave_notes(key, both).startswith("Förtroende och återinskrivning: mätningen 2024")
    assert wave_notes(key, both).count("mätningen 2024") == 1


def test_regions_sentence_leads_with_the_corrected_count_and_gives_no_verdict_word():
    from analysis import robust as rb
    from analysis.findings import regions_sentence

    verdicts = pd.DataFrame(  # SYNTHETIC: three regions, two up before correction, one after
        {
            "indicator": ["X"] * 3,
            "spec": ["region:01", "region:03", "region:04"],
            "verdict": [rb.IMPROVED, rb.IMPROVED, "ingen säker förändring"],
            "verdict_fdr": [rb.IMPROVED, "ingen säker förändring", "ingen säker förändring"],
        }
    )
    text = regions_sentence(verdicts, "X", "Serie X")
    assert text.startswith("Serie X: efter korrektion för att alla regioner prövas samtidigt")
    assert (
        "mot det bättre i 1 region av 3; utan korrektion utesluter intervallet noll åt det hållet i 2 regioner"
        in text
    )
    assert "säkert" not in text and "inga bedömningsord" in text


def test_a_key_indicator_verdict_names_the_slope_it_rests_on():
    """SYNTHETIC rows: the level change sits in its own column, so the verdict cell carries the
    slope the word rests on (a level interval covering zero beside 'förbättrad' would mislead)."""
    latest = pd.DataFrame(
        {"indicator": ["A1", "B1"], "year": [2024, 2024], "national": [60.0, 50.0],
         "region_min": [50.0, 40.0], "region_max": [70.0, 60.0]}
    )  # fmt: skip
    report = pd.DataFrame(columns=["report", "series", "year", "value"])
    change = pd.DataFrame(columns=["definition", "region_code"])
    table = findings.key_indicator_table(ROBUST, latest, report, change, "d").set_index("key")
    assert table.loc["A1", "verdict"] == (
        f"{rb.IMPROVED}, utifrån lutningen +0,6\u00a0procentenheter per år (95\u00a0% KI 0,2 till 1,0)"
        " efter reformstarten"
    )
    assert table.loc["B1", "verdict"].startswith(f"{rb.NO_CHANGE}, utifrån lutningen +0,2")
    assert table.loc["A1", "change"].startswith("+2,5")  # the level change stays in its column


def test_the_leave_one_out_sentence_names_the_region_that_moves_the_change_most():
    """SYNTHETIC national change −0,76 pp; without region 14 it is −0,47, without 01 −0,56."""
    loo = pd.DataFrame(
        {"definition": "d", "start_year": 2019, "end_year": 2024, "dropped": ["", "01", "14"],
         "region": ["", "Stockholm", "Västra Götaland"], "n_regions": [20, 19, 19],
         "change_pp": [-0.76, -0.56, -0.47]}
    )  # fmt: skip
    change = pd.DataFrame({"definition": "d", "region_code": ["14"], "change_pp": [-2.4]})
    text = findings.leave_one_out_sentence(loo, change, "d")
    assert (
        "ligger förändringen 2019–2024 mellan −0,56 och −0,47 procentenheter (med alla 20 regionerna −0,76)"
        in text
    )
    assert "Mest betyder Västra Götaland, vars egen andel ändrades med −2,4 procentenheter" in text
    assert text.endswith("Andelen minskade alltså också utan vilken enskild region som helst.")
    assert findings.leave_one_out_sentence(loo, change, "d", brief=True) == (
        "Utan en region i taget ligger förändringen mellan −0,56 och −0,47 procentenheter; "
        "mest betyder Västra Götaland."
    )
    flips = loo.assign(change_pp=[-0.2, -0.3, 0.1])
    assert findings.leave_one_out_sentence(flips, change, "d").endswith("byter förändringen riktning.")
    assert findings.leave_one_out_sentence(loo.iloc[:0], change, "d") == ""
