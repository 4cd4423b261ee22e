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
