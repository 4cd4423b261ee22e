"""Chapter helpers for transcribed report values and the appendix-2 tables (``analysis.presentation``)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.presentation import organisation as O
from analysis.presentation.report import Transcribed, pages_text


def _values():
    return pd.DataFrame(
        {
            "report": ["001", "001", "001", "004"],
            "element": ["Fig 10", "Fig 10", "Fig 11", "Fig 10"],
            "series": ["a", "a", "b", "a"],
            "group": ["Riket", "Stockholm", "Riket", "Riket"],
            "year": [2024, 2024, 2023, 2024],
            "value": [16.0, 3.0, 17.5, 99.0],
            "page": [124, 126, 125, 10],
        }
    )


def test_transcribed_finds_one_value_and_says_what_is_missing():
    r = Transcribed(_values(), "001")
    assert r.one("Fig 10", "a", "Stockholm") == 3.0
    assert r.one("Fig 11", "b", year=2023) == 17.5
    assert r.text("Fig 11", "b", decimals=1) == "17,5"
    with pytest.raises(ValueError, match="väntade en rad, fick 2"):
        r.one("Fig 10", "a")
    with pytest.raises(LookupError, match="Fig 12.*transkribera"):
        r.element("Fig 12")
    assert len(r.element("Fig 10")) == 2  # another report's rows are not mixed in


def test_printed_table_holds_every_printed_value_and_marks_the_element():
    v = _values().assign(unit="antal personer", status=["printed", "approximate", "printed", "printed"])
    r = Transcribed(v, "001")
    d = r.printed_table("Fig 10", {"a": "Anställda"}, "t")
    assert d["shows"] == ["001 Fig 10"] and d["name"] == "t" and len(d["data"]) == 2
    t = d["table"]
    assert list(t.index) == ["Anställda: Riket", "Anställda: Stockholm"]  # one series, two groups
    assert list(t["Värde"]) == ["16 personer", "ungefär 3 personer"]
    one = r.printed_table("Fig 11", {"b": "Andel"}, "u", decimals=1)["table"]
    assert list(one.index) == ["Andel"] and one["Värde"].iloc[0] == "17,5 personer"
    with pytest.raises(KeyError, match="ingen text"):
        r.printed_table("Fig 10", {}, "t")  # a series without a label would go unshown


def test_source_line_names_report_label_and_pages():
    r = Transcribed(_values(), "001")
    line = r.source(r.element("Fig 10"), "figur 10")
    assert (
        line == "Vårdanalys (2025), Omtag för omställning, figur 10, s. 124–126 (kompendiets transkription)"
    )
    assert pages_text(["12", None, "12"]) == "s. 12" and pages_text([]) == ""


def _t13():
    rows = []
    for region, forms in {
        "Region Stockholm": ["Grunduppdrag vårdcentral", "Fristående vårdval (LOV)"],
        "Västra Götalandsregionen": ["Grunduppdrag vårdcentral", "Obligatoriskt tilläggsuppdrag vårdcentral"],
    }.items():
        for area, form in zip(["Allmänmedicinsk verksamhet", "Barnhälsovård (BVC)"], forms, strict=True):
            rows.append({"region": region, "attribute": area, "value": form, "note": ""})
    rows[1]["note"] = "fotnot"
    return pd.DataFrame(rows)


def test_appendix2_tabell13_counts_codes_and_regions_fully_in_the_mission():
    shown, data = O.mission_counts(_t13())
    assert shown.loc["Grunduppdrag vårdcentral", "Allmänmedicin"] == 2
    assert shown.loc["Fristående vårdval (LOV)", "BVC"] == 1
    assert int(data.drop(columns="Organiseringsform").to_numpy().sum()) == 4
    codes = O.mission_codes(_t13())
    assert codes.loc["Stockholm", "BVC"] == "LOV*" and codes.loc["Västra Götaland", "BVC"] == "OT"
    assert O.regions_all_in_vc(_t13()) == 1
    with pytest.raises(ValueError, match="okända"):
        O.mission_counts(_t13().assign(value="Något nytt"))


def test_appendix2_vardval_and_doctor_input_and_age_limits():
    t14 = pd.DataFrame(
        {"region": ["Region A", "Region A", "Region B"], "value": ["Hudvård", "Fotvård", "Inga vårdval"]}
    )
    v = O.vardval_per_region(t14)
    assert list(v["region_kort"]) == ["B", "A"] and list(v["antal_kompletterande_vardval"]) == [0, 2]
    assert v["vardval"].iloc[1] == "Hudvård; Fotvård"
    assert O.simplify_doctor_input("Grunduppdrag. Listningsansvar. (Frivilligt områdesansvar)") == (
        "grunduppdrag: lista"
    )
    assert O.simplify_doctor_input("Nämns ej") == "nämns ej"
    assert O.simplify_doctor_input("Frivilligt tilläggsuppdrag") == "friv. tillägg: ej angivet"
    t16 = pd.DataFrame(
        {
            "region": ["Region A"],
            "attribute": ["Är vårdcentralens ansvar avgränsat efter ålder?"],
            "value": ["Ja"],
        }
    )
    assert O.age_limits(t16).loc["A", "Åldersavgränsning"] == "Ja"
    with pytest.raises(LookupError):
        O.age_limits(t16.assign(attribute="annat"))


def test_the_chapter_values_sheet_is_valid_and_every_row_finds_one_value():
    """Every glued value of the committed sheet exists exactly once in the transcriptions."""
    from pathlib import Path

    from analysis.presentation.report import CHAPTER_VALUES, read_chapter_values
    from analysis.sources.transcriptions import load_transcriptions

    root = Path(__file__).resolve().parents[1]
    sheet = read_chapter_values(root / CHAPTER_VALUES)
    stems = {p.stem for p in (root / "chapters").glob("*.md")}
    assert set(sheet["chapter"]) <= stems
    r = Transcribed(load_transcriptions(root / "data-raw" / "transcriptions"), "001")
    for row in sheet.itertuples(index=False):
        where = {"year": int(row.year)} if row.year else {}
        r.one(row.element, row.series, row.group or None, **where)


def test_a_broken_sheet_is_refused(tmp_path):
    from analysis.presentation.report import read_chapter_values

    head = "chapter,key,element,series,group,year,region_code,decimals\n"
    (tmp_path / "dup.csv").write_text(head + "k,a,Fig 1,s,,,,0\nk,a,Fig 1,s,,,,0\n")
    with pytest.raises(ValueError, match="flera gånger"):
        read_chapter_values(tmp_path / "dup.csv")
    (tmp_path / "year.csv").write_text(head + "k,a,Fig 1,s,,2024.0,,0\n")
    with pytest.raises(ValueError, match="heltal"):
        read_chapter_values(tmp_path / "year.csv")


def test_governance_tables_check_what_the_report_prints():
    from analysis.presentation import governance as G

    rows = []
    for year, parts in {2019: (10, 5, 1), 2020: (20, 5, 0)}.items():
        for g, v in zip(["Regioner", "Kommuner", "SKR"], parts, strict=True):
            rows.append({"series": "state_grants", "group": g, "year": year, "value": v})
        rows.append({"series": "state_grants", "group": "Totalt", "year": year, "value": sum(parts)})
    for g, s, sh in [("Regioner", 30, 73.2), ("Kommuner", 10, 24.4), ("SKR", 1, 2.4), ("Totalt", 41, 100)]:
        rows.append({"series": "state_grants_sum_2019_2024", "group": g, "year": None, "value": s})
        rows.append({"series": "state_grants_share_2019_2024", "group": g, "year": None, "value": sh})
    t4 = pd.DataFrame(rows)
    shown, data = G.state_grants_table(t4)
    assert list(shown.index) == ["2019", "2020", "Summa 2019–2024", "Andel av summan"]
    assert (
        shown.loc["Summa 2019–2024", "Totalt"] == "41"
        and shown.loc["Andel av summan", "Regioner"] == "73\xa0%"
    )
    texts = G.state_grants_texts(t4)
    assert texts["kap06-peak-year"] == "2020" and texts["kap06-peak-total"] == "25"
    bad = t4.copy()
    bad.loc[(bad["series"] == "state_grants_sum_2019_2024") & (bad["group"] == "Totalt"), "value"] = 50
    with pytest.raises(ValueError, match="summerar"):
        G.state_grants(bad)
    p01 = pd.DataFrame(
        {
            "series": [
                "inhabitants_per_gp_specialist",
                "inhabitants_per_gp_specialist",
                "riktvarde_patients_per_gp",
            ],
            "year": [2017, 2023, None],
            "value": [1650.0, 1540.0, 1100.0],
        }
    )
    need = G.specialists_needed(p01)
    assert need["okning_som_behovs_procent"].round(1).tolist() == [50.0, 40.0]


def test_survey_tables_keep_stars_order_and_checks():
    from analysis.presentation import surveys as S

    assert S.stars("significance: ** (p<0.01)") == "**" and S.stars("") == ""
    rows = pd.DataFrame(
        {
            "series": ["access_index_coef", "access_index_coef", "access_index_n"],
            "group_type": ["sex", "model", "model"],
            "group": ["Kön: kvinna", "Konstant", "Antal svar"],
            "value": [0.1234, 2.5, 1500.0],
            "note": ["significance: *** x", "", ""],
            "unit": ["koefficient", "koefficient", "antal"],
        }
    )
    t = S.regression_table(rows, {"access_index": "Tillgänglighet"})
    assert list(t.index) == ["Kön: kvinna", "Konstant", "Antal svar"]
    assert (
        t.loc["Kön: kvinna", "Tillgänglighet"] == "0,123***"
        and t.loc["Antal svar", "Tillgänglighet"] == "1\u202f500"
    )
    f75 = pd.DataFrame(
        {
            "group_type": ["municipality_type"] * 3 + ["total"],
            "group": [*S.MUNICIPALITY_TYPES, "Riket"],
            "value": [92.0, 89.0, 85.0, 87.0],
        }
    )
    assert S.response_by_type(f75)["kommuntyp"].iloc[-1] == "Samtliga kommuner"
    with pytest.raises(LookupError):
        S.response_by_type(f75.iloc[1:])


def test_bar_helpers_draw_one_bar_and_one_label_per_value():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.figures import grouped_bars, hbars

    fig, ax = plt.subplots()
    hbars(ax, ["a", "b"], [1.5, 20], xmax=100, decimals=1)
    assert len(ax.patches) == 2 and [t.get_text() for t in ax.texts] == ["1,5", "20,0"]
    fig2, ax2 = plt.subplots()
    d = pd.DataFrame({"q": ["x", "x", "y"], "g": ["A", "B", "A"], "v": [10.0, 20.0, 30.0]})
    grouped_bars(ax2, d, "q", "g", "v")
    assert len([p for p in ax2.patches if p.get_width() > 0]) == 3
    assert sorted(t.get_text() for t in ax2.texts) == ["10", "20", "30"]
    plt.close("all")


def test_organisation_counts_show_the_text_beside_the_table_and_mismatches_are_said():
    """SYNTHETIC counts: the text says 9 regions keep MVC outside primary care, the table 8."""
    from analysis.presentation import governance as G

    p05 = pd.DataFrame(
        {
            "group": ["MVC: utanför primärvården", "BVC: grunduppdrag", "Inga kompletterande vårdval"],
            "value": [9.0, 13.0, 11.0],
            "page": [130, 130, 131],
            "line": [1, 2, 3],
        }
    )
    checks = pd.DataFrame(
        {
            "check": [G.ORGANISATION_CHECK, G.ORGANISATION_CHECK, "other"],
            "item": ["MVC: utanför primärvården", "BVC: grunduppdrag", "BVC: grunduppdrag"],
            "compendium_value": [8.0, 13.0, 99.0],
        }
    )
    shown, data, _ = G.organisation_counts(p05, checks)
    assert shown.loc[("MVC", "utanför primärvården")].tolist() == ["9", "8"]
    assert shown.loc[("BVC", "grunduppdrag")].tolist() == ["13", "13"]
    assert data["antal_i_tabell13"].tolist() == [8.0, 13.0]
    cells = pd.DataFrame(
        {
            "region": ["A", "A", "B", "B", "C", "C"],
            "attribute": ["Ansvar i LSS-boenden", "Annat", "Ansvar i LSS-boenden", "Annat"] * 1
            + ["Ansvar i LSS-boenden", "Annat"],
            "value": ["Nämns ej i underlaget", "x", "Grunduppdrag", "x", " Obligatoriskt", "Nämns ej"],
        }
    )
    assert G.mentioned(cells, "LSS", absent="Nämns ej") == (2, 3)
    assert G.text_and_table(2, 2, "Tabellen ger {}") == "Tabellen ger 2, som texten."
    assert G.text_and_table(3, 2, "Tabellen ger {}") == "Tabellen ger 2, mot 3 i rapportens text."
