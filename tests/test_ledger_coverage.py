"""Element coverage (``analysis.ledger.coverage``): what the site shows, checked against the ledger."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.figures import provenance_line
from analysis.ledger import coverage as C
from analysis.presentation.references import shown_elements, shown_sentence


def test_the_shown_sentence_reads_back_to_the_same_elements():
    ids = ["001 Fig 10", "001 Fig 11", "001 Fig 12", "001 Tabell 4", "004 Bilaga 1"]
    text = shown_sentence(ids)
    assert (
        text
        == "Återger Vårdanalys (2025), figur 10, 11 och 12 samt tabell 4; Socialstyrelsen (2023), bilaga 1."
    )
    assert shown_elements("En bildtext. " + text + " Källa: Kolada.") == ids
    assert shown_elements(shown_sentence(["001 Fig 40"])) == ["001 Fig 40"]
    assert shown_elements("Källa: Vårdanalys (2025), figur 40.") == []  # a source is not a display


def test_only_figures_tables_and_appendices_can_be_shown():
    with pytest.raises(ValueError, match="only figures"):
        shown_sentence(["001-P05"])
    with pytest.raises(KeyError):
        shown_sentence(["009 Fig 1"])


def test_the_provenance_line_opens_with_what_the_figure_shows():
    line = provenance_line("x", "Källa A", "analysis.figures.publish", shows=["001 Fig 40"])
    assert line.startswith("Återger Vårdanalys \\(2025\\), figur 40\\.")
    assert "Återger" not in provenance_line("x", "Källa A", "analysis.figures.publish")


def _ledger(rows):
    base = {"report": "001", "kind": "figur", "map_class": "FULL", "title": "t", "anchor": ""}
    return pd.DataFrame([{**base, **r} for r in rows])


PAGE = """<html><body><section id="kapitel"><span id="sec-a"></span><h2>A</h2>
<figure id="fig-x"><img src="x.svg"/><figcaption><p><span>Bildtext. {marker} Källa: Vårdanalys.
Data: <a href="_static/data/x.csv">x.csv</a>.</span></p></figcaption></figure>
</section><section id="annat"><span id="sec-b"></span><h2>B</h2><div><table><tr><td>1</td></tr></table></div>
<p>{marker2} Källa: Vårdanalys. Data: <a href="_static/data/t.csv">t.csv</a>.</p>
<p>Löptext som nämner Vårdanalys (2025), figur 41.</p></section></body></html>"""


def _page(a=("001 Fig 40",), b=("001 Tabell 4",)):
    return PAGE.format(marker=shown_sentence(a) if a else "", marker2=shown_sentence(b) if b else "")


def test_html_displays_finds_figures_and_tables_with_their_anchors():
    d = C.html_displays(_page())
    assert list(d["name"]) == ["x", "t"]
    assert list(d["elements"]) == [["001 Fig 40"], ["001 Tabell 4"]]
    assert {"sec-a", "fig-x", "kapitel"} <= set(d["anchors"].iloc[0])
    assert "sec-a" not in d["anchors"].iloc[1] and "sec-b" in d["anchors"].iloc[1]


def test_an_honest_ledger_has_no_conflicts():
    ledger = _ledger(
        [
            {"element": "001 Fig 40", "chapter": "kap", "status": "partly reproduced", "anchor": "sec-a"},
            {"element": "001 Tabell 4", "chapter": "kap", "status": "transcribed only", "kind": "tabell"},
            {"element": "001 Fig 41", "chapter": "kap", "status": "transcribed only"},
        ]
    )
    shown = pd.DataFrame({"element": ["001 Fig 40", "001 Tabell 4"], "chapter": "kap", "name": ["x", "t"]})
    assert C.status_conflicts(ledger, {"kap": _page()}, shown) == []


def test_a_status_that_claims_more_than_the_page_shows_is_a_conflict():
    ledger = _ledger(
        [
            {"element": "001 Fig 40", "chapter": "kap", "status": "reproduced"},
            {"element": "001 Fig 41", "chapter": "kap", "status": "differs"},  # only named in prose
            {"element": "001 Fig 42", "chapter": "annat_kapitel", "status": "partly reproduced"},
        ]
    )
    shown = pd.DataFrame({"element": ["001 Fig 40", "001 Tabell 4"]})
    problems = C.status_conflicts(ledger, {"kap": _page()}, shown)
    assert len(problems) == 2
    assert "001 Fig 41" in problems[0] and "no figure or table" in problems[0]
    assert "001 Fig 42" in problems[1] and "not on the site" in problems[1]


def test_a_display_at_the_wrong_anchor_or_not_counted_is_a_conflict():
    ledger = _ledger([{"element": "001 Fig 40", "chapter": "kap", "status": "reproduced", "anchor": "sec-b"}])
    problems = C.status_conflicts(ledger, {"kap": _page()}, pd.DataFrame({"element": ["001 Fig 40"]}))
    assert any("not at its anchor 'sec-b'" in p for p in problems)
    assert any(p.startswith("001 Tabell 4: shown on kap but not counted") for p in problems)
    counted = pd.DataFrame({"element": ["001 Fig 40", "001 Tabell 4"]})
    ledger2 = _ledger([{"element": "001 Fig 40", "chapter": "kap", "status": "transcribed only"}])
    assert C.status_conflicts(ledger2, {"kap": _page(a=())}, counted) == [
        "001 Fig 40 (counted as shown): no figure or table on kap shows it"
    ]


def test_coverage_counts_numeric_elements_from_the_sidecars(tmp_path):
    for stem, name, shows in [
        ("kap07", "f1", ["001 Fig 10", "001 Fig 11"]),
        ("kap09", "t1", []),
        ("kap16", "t2", ["001 Fig 10"]),
    ]:
        (tmp_path / stem).mkdir()
        (tmp_path / stem / f"{name}.json").write_text(
            json.dumps({"name": name, "kind": "figure", "shows": shows})
        )
    shown = C.shown_from_sidecars(sorted(tmp_path.iterdir()))
    assert list(shown["element"]) == ["001 Fig 10", "001 Fig 11", "001 Fig 10"]
    ledger = _ledger(
        [
            {"element": "001 Fig 10", "chapter": "kap07", "status": "transcribed only"},
            {"element": "001 Fig 12", "chapter": "kap07", "status": "transcribed only"},
            {"element": "001 Fig 1", "chapter": "kap02", "status": "no numbers", "map_class": "NON-NUMERIC"},
            {
                "element": "001-P01",
                "chapter": "kap12",
                "status": "differs",
                "kind": "text",
                "map_class": "PROSE",
            },
            {"element": "004 Fig 1", "chapter": "kap08", "status": "transcribed only", "report": "004"},
        ]
    )
    cov = C.coverage_table(ledger, shown)
    assert list(cov["element"]) == ["001 Fig 10", "001 Fig 12"]
    assert list(cov["shown"]) == [True, False]
    assert cov["shown_in"].iloc[0] == "kap07;kap16"


def test_the_built_site_shows_what_the_ledger_and_the_coverage_claim(build):
    """Every 001 element that is reproduced, partly reproduced or differs, and every element the
    coverage counts, is shown by a figure or table in its chapter at its anchor (built HTML)."""
    results = build.project / "results" / "ledger"
    ledger = pd.read_parquet(results / "ledger.parquet")
    coverage = pd.read_parquet(results / "coverage.parquet")
    html = build.project / "_build" / "html"
    pages = {p.stem: p.read_text(encoding="utf-8") for p in html.glob("*.html")}
    assert len(coverage) == len(C.numeric_elements(ledger))
    problems = C.status_conflicts(ledger, pages, coverage[coverage["shown"]])
    assert problems == [], "\n".join(problems)


def test_the_protocol_says_where_each_element_is_shown_and_counts_the_coverage():
    from analysis.presentation import ledger as P

    cov = pd.DataFrame(
        {
            "element": ["001 Fig 10", "001 Fig 12"],
            "shown": [True, False],
            "shown_in": ["kap07_regional_styrning;bilaga5_mas_mar", ""],
            "shown_as": ["figure;table", ""],
        }
    )
    where = P.shown_text(cov)
    assert where["001 Fig 10"] == "figur och tabell i Kap. 7, Bilaga 5" and where["001 Fig 12"] == "nej"
    rows = [
        ("001 Fig 10", "001", "figur", "partly reproduced", "arithmetic check of the report's own numbers"),
        ("001 Fig 12", "001", "figur", "transcribed only", "transcribed from the report"),
        ("004-P01", "004", "text", "reproduced (arithmetic)", "x"),
    ]
    ledger = pd.DataFrame(rows, columns=["element", "report", "kind", "status", "method"])
    checks = pd.DataFrame(
        {"within": pd.array([True, False, None], dtype="boolean"), "check": ["a", "a", "b"]}
    )
    claims = pd.DataFrame({"verdict": ["stöds", "stöds inte"]})
    n = P.protocol_numbers(ledger, checks, claims, cov)
    assert (n["rp-tackning-visade"], n["rp-tackning-numeriska"], n["rp-tackning-andel"]) == ("1", "2", "50")
    assert n["rp-n-partly-reproduced"] == "1" and n["rp-n-reproduced-arithmetic"] == "1"
    assert (n["rp-n-jamforelser"], n["rp-n-inom"], n["rp-n-saknas"]) == ("2", "1", "1")
    assert n["rp-claims-stods-inte"] == "1" and n["rp-claims-kan-inte-provas"] == "0"
    shown, data = P.status_table(ledger)
    assert shown.iloc[-1]["Status"] == "Totalt" and int(shown.iloc[-1]["Totalt"]) == 3


def test_the_comparisons_table_holds_every_printed_value_and_marks_its_elements():
    from analysis.presentation.ledger import comparisons_table

    checks = pd.DataFrame(
        {
            "element": ["001 Fig 14", "001 Fig 15", "001 Fig 15", "001 Fig 16"],
            "item": ["Riket 2016–2023", "Riket 2023", "Riket 2016", "x"],
            "unit": ["procentenheter", "procent", "procent", "procent"],
            "report_value": [1.0, 17.0, 14.0, 5.0],
            "compendium_value": [0.58, float("nan"), 14.35, 5.0],
            "tolerance": [0.5, 1.0, 1.0, 0.0],
            "within": pd.array([True, None, True, True], dtype="boolean"),
        }
    )
    d = comparisons_table(checks, ["001 Fig 14", "001 Fig 15"], "t")
    assert d["shows"] == ["001 Fig 14", "001 Fig 15"] and len(d["data"]) == 3
    t = d["table"]
    assert list(t.index) == ["Figur 14", "Figur 15", "Figur 15"]
    assert list(t["Kompendiet"]) == ["0,58 procentenheter", "saknas", "14,3 procent"]
    assert list(t["Utfall"]) == ["inom toleransen", "kan inte prövas", "inom toleransen"]
    with pytest.raises(LookupError):
        comparisons_table(checks, ["001 Fig 99"], "t")
