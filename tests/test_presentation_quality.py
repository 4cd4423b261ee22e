"""Words and tables of the data-quality pages (Datakvalitet, Vad är nytt) on synthetic tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.presentation import quality as q


def _changes() -> pd.DataFrame:
    rows = [
        ("new_year", "kolada", "A", 2024, None, 1.0),
        ("new_year", "kolada", "A", 2024, None, 2.0),
        ("new_year", "kolada", "B", 2025, None, 3.0),
        ("revised", "kolada", "A", 2020, 10.0, 11.25),
        ("changed_values", "skr", "D", 2024, None, None),
        ("changed_values", "skr", "D", 2023, None, None),
        ("new_value", "kolada", "A", 2019, None, 5.0),
    ]
    df = pd.DataFrame(rows, columns=["change", "source", "indicator", "year", "value_prev", "value_cur"])
    df["indicator_name"] = "Namn " + df["indicator"]
    df["region_code"] = "01"
    df["sex"] = "K"
    return df


def _quarantined(is_new=(True, False)) -> pd.DataFrame:
    n = len(is_new)
    return pd.DataFrame(
        {
            "action": ["quarantine"] * n,
            "indicator_name": ["Namn A"] * n,
            "value": [150.0] * n,
            "reason": ["över 100 %"] * n,
            "is_new": list(is_new),
            "region_code": ["01"] * n,
            "year": [2022] * n,
            "sex": ["T"] * n,
        }
    )


def _conclusions() -> pd.DataFrame:
    return pd.DataFrame(
        {"kind": ["bedömning"], "name": ["Serie A"], "before": ["förbättring"], "after": [""]}
    )


def test_the_status_counts_every_kind_of_change_and_names_the_sources():
    c = q.Changes.split(_changes(), _quarantined())
    meta = {"published": "2026-01-01", "changed_files": [{"file": "skr/x.csv"}, {"file": "kolada/y"}]}
    assert q.changes_status(c, meta) == (
        "Jämfört med utgåvan som publicerades 1 januari 2026 finns 3 värden för nya år "
        "(2024 och 2025), 1 reviderat värde, 1 tillkommet eller borttaget värde, 1 indikator som "
        "tillkommit, försvunnit eller ändrats och 1 nytt värde som satts åt sidan. Källfiler som "
        "har ändrats: Kolada och SKR."
    )


def test_the_status_without_a_published_vintage_or_changes():
    empty = q.Changes.split(_changes().iloc[:0], _quarantined(()))
    assert "inget att jämföra med" in q.changes_status(empty, {"published": None, "changed_files": []})
    quiet = q.changes_status(empty, {"published": "2026-01-01", "changed_files": []})
    assert quiet == "Jämfört med utgåvan som publicerades 1 januari 2026 har data inte förändrats."


def test_many_revisions_are_cut_in_the_table_and_said_so():
    many = pd.concat([_changes().iloc[[3]]] * (q.SHOWN_REVISED + 1), ignore_index=True)
    c = q.Changes.split(many, _quarantined(()))
    assert f"de första {q.SHOWN_REVISED}" in q.changes_status(c, {"published": None, "changed_files": []})
    revised = {t.name: t for t in q.changes_tables(c, _conclusions(), None)}["nytt-reviderade"]
    assert len(revised.table) == q.SHOWN_REVISED and len(revised.data) == q.SHOWN_REVISED + 1


def test_the_change_tables_in_swedish():
    c = q.Changes.split(_changes(), _quarantined())
    tables = {t.name: t for t in q.changes_tables(c, _conclusions(), "2026-01-01")}
    assert list(tables) == [
        "nytt-slutsatser",
        "nytt-nya-ar",
        "nytt-reviderade",
        "nytt-indikatorer",
        "nytt-karantan",
    ]
    new_years = tables["nytt-nya-ar"].table
    assert new_years.to_dict("records") == [
        {"Indikator": "Namn A", "År": "2024", "Antal värden": "2"},
        {"Indikator": "Namn B", "År": "2025", "Antal värden": "1"},
    ]
    revised = tables["nytt-reviderade"].table.iloc[0]
    assert (revised["Kön"], revised["Tidigare"], revised["Nu"], revised["Förändring"]) == (
        "kvinnor",
        "10,0",
        "11,2",
        "+1,2",
    )
    assert tables["nytt-indikatorer"].table.to_dict("records") == [
        {"Källa": "SKR", "Indikator": "Namn D", "Förändring": "ändrade värden"}
    ]
    assert tables["nytt-slutsatser"].table.iloc[0].tolist() == [
        "Bedömning av en serie",
        "Serie A",
        "förbättring",
        "–",
    ]
    assert tables["nytt-karantan"].table["Nytt sedan publiceringen"].tolist() == ["ja", "nej"]
    assert tables["nytt-karantan"].table["Värde i källan"].tolist() == ["150,0", "150,0"]


@pytest.mark.parametrize(
    ("published", "word"), [("2026-01-01", "Inga slutsatser"), (None, "Ingen dataårgång")]
)
def test_the_empty_conclusions_sentence_depends_on_a_published_vintage(published, word):
    c = q.Changes.split(_changes(), _quarantined())
    shown = q.changes_tables(c, _conclusions().iloc[:0], published)[0]
    assert shown.empty.startswith(word) and shown.data.empty


def _trail() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["A", "B", "A", "Z"],
            "region_code": ["01", "03", "05", "01"],
            "year": [2020, 2021, 2022, 2023],
            "sex": ["T", "K", "M", "T"],
            "value": [150.0, 2.0, 3.0, 4.0],
            "new_value": [None, 2.5, None, None],
            "action": ["quarantine", "correct", "exclude", "not_applied"],
            "reason": ["r1", "r2", "r3", "r4"],
            "reference": ["", "ref", "ref3", "ref4"],
            "date": ["", "2026-01-02", "2026-01-03", ""],
        }
    )


def _years() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["A"],
            "year": [2025],
            "n_regions": [5],
            "share": [0.25],
            "last_year": [2024],
            "n_values": [5],
        }
    )


REGISTRY = pd.DataFrame({"id": ["A", "B"], "name_sv": ["Namn A", "Namn B"]})


def test_the_quality_summary_counts_and_agrees_in_number():
    text = q.quality_summary(_trail(), _years(), {"strict": False})
    assert text == (
        "I den här utgåvan: 1 omöjligt värde satt åt sidan, 2 granskade undantag tillämpade och "
        "5 värden från senare eller ofullständiga år som väntar på fler regioner."
    )
    none = q.quality_summary(_trail().iloc[:0], _years().iloc[:0], {"strict": True})
    assert none.startswith("I den här utgåvan: inga omöjliga värden satta åt sidan, inga granskade")
    assert none.endswith("stoppar uppdateringen.")


def test_the_year_rule_follows_the_configuration():
    assert "minst 9 av de 21 regionerna (tröskeln är 40\u00a0procent)" in q.year_rule(
        {"min_region_share": 0.4}
    )
    assert "minst 21 av de 21" in q.year_rule({"min_region_share": 1.0})
    assert q.year_rule({"min_region_share": 0.4, "configured_last_year": 2023}).startswith(
        "Sista år är fastställt till 2023"
    )


def test_the_quality_tables_name_indicators_regions_and_actions():
    tables = {t.name: t for t in q.quality_tables(_trail(), _years(), REGISTRY)}
    assert list(tables) == ["datakvalitet-karantan", "datakvalitet-undantag", "datakvalitet-ar"]
    assert tables["datakvalitet-karantan"].table.iloc[0].tolist() == [
        "Namn A",
        "Stockholm",
        "2020",
        "totalt",
        "150,0",
        "r1",
    ]
    ex = tables["datakvalitet-undantag"].table
    assert ex["Åtgärd"].tolist() == ["rättat", "uteslutet", "inte tillämpat"]
    assert ex["Indikator"].tolist() == ["Namn B", "Namn A", "Z"]  # an unknown id stays as is
    assert ex["Nytt värde"].tolist()[0] == "2,5"
    assert tables["datakvalitet-ar"].table.iloc[0]["Andel av regionerna"] == "25\u00a0%"
