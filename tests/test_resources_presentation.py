"""Tests of the resource chapters' presentation helpers, the staff tables and the 003 core indicators."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest
from conftest import ROOT

from analysis.core_indicators import core_indicator_table
from analysis.declarations import read_core_indicators
from analysis.presentation import allocation as A
from analysis.presentation import assignment as Q
from analysis.presentation import core_indicators as CI
from analysis.presentation import cost_shares as K
from analysis.presentation.notebook import Md, read_inputs
from analysis.resources import KOLADA_PRIMARY, staffing
from analysis.resources.checks import bilaga1_region_table
from analysis.resources.shares import subarea_table

matplotlib.use("Agg")


def _shares() -> pd.DataFrame:
    """Four regions and Riket, 2019 and 2024; region 03 rises most, 04 falls most, 01 highest, 05 lowest."""
    values = {
        "00": (0.20, 0.19),
        "01": (0.25, 0.26),
        "03": (0.18, 0.22),
        "04": (0.22, 0.17),
        "05": (0.16, 0.155),
        "06": (0.20, 0.20),
    }
    rows = []
    for code, (a, b) in values.items():
        for year, share in ((2019, a), (2024, b)):
            rows.append(
                {
                    "definition": KOLADA_PRIMARY,
                    "region_code": code,
                    "region": f"R{code}",
                    "year": year,
                    "share": share,
                }
            )
    return pd.DataFrame(rows)


def test_highlighted_regions_name_extremes_and_largest_changes_once():
    named = K.highlighted_regions(_shares())
    assert named["region_code"].tolist() == ["01", "05", "03", "04"]
    assert named["reason"].str.contains("högst").iloc[0] and named["reason"].str.contains("minskning").iloc[3]
    # a region that is both highest and the largest riser is named once, with its first reason
    s = _shares()
    s.loc[(s["region_code"] == "01") & (s["year"] == 2024), "share"] = 0.30
    named = K.highlighted_regions(s)
    assert named["region_code"].tolist().count("01") == 1 and len(named) == 3


def test_region_figure_labels_riket_and_the_named_regions():
    out = K.fig_regions(_shares().assign(numerator=1.0, denominator=1.0, note=""))
    texts = {t.get_text() for t in out["fig"].axes[0].texts}
    assert texts == {"Riket", "R01", "R05", "R03", "R04"}
    assert set(out["data"]["reason"]) >= {"", "högst andel 2024"}


def test_end_labels_are_spread_apart_in_order():
    ends = K._spread_labels([[1, 5.0, "a", ""], [1, 5.1, "b", ""], [1, 3.0, "c", ""]], gap=0.5)
    ys = [e[1] for e in ends]
    assert [e[2] for e in ends] == ["c", "a", "b"]
    assert all(b - a >= 0.5 - 1e-12 for a, b in zip(ys, ys[1:], strict=False))


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(-0.2, 0.3, "kan inte avgöra"), (0.1, 0.4, "en större del"), (-0.4, -0.1, "en mindre del")],
)
def test_age_sentence_follows_the_interval(low, high, expected):
    assert expected in A.age_share_sentence(pd.Series({"ci_low": low, "ci_high": high}))


def test_age_cost_caveat_follows_the_interval():
    assert "kan inte avgöra" in A.age_cost_caveat(pd.Series({"ci_low": -81.0, "ci_high": 641.0}))
    assert "över noll" in A.age_cost_caveat(pd.Series({"ci_low": 10.0, "ci_high": 641.0}))


def test_age_cost_lead_follows_r2():
    assert "lite" in A.age_cost_lead(pd.Series({"r2": 0.1}))
    assert "en del" in A.age_cost_lead(pd.Series({"r2": 0.3}))
    assert "mycket" in A.age_cost_lead(pd.Series({"r2": 0.7}))


def test_reached_text_words():
    base = {"status": "", "extra_pc_per_inv": 100.0, "year_reached_recent": 2031.0, "target_year": 2030}
    assert A.reached_text(pd.Series(base)) == "2031"
    assert A.reached_text(pd.Series(base | {"year_reached_recent": 2040.0})) == "2040"
    assert A.reached_text(pd.Series(base | {"year_reached_recent": 2046.0})) == "efter 2040"
    assert (
        A.reached_phrase(2046.0, 2030) == "först efter 2040" and A.reached_phrase(2033.0, 2030) == "år 2033"
    )
    assert A.reached_text(pd.Series(base | {"year_reached_recent": float("nan")})) == "aldrig"
    assert A.reached_text(pd.Series(base | {"extra_pc_per_inv": float("nan")})) == "data saknas"
    assert A.reached_text(pd.Series(base | {"status": "redan över målet"})) == "redan nått"


def test_tolerance_text_names_the_unit():
    assert K.tolerance_text(0.5, "procent") == "0,5 procentenheter"
    assert K.tolerance_text(3, "mnkr") == "3 mnkr"
    assert K.tolerance_text(3, "antal regioner") == "3 regioner"
    assert K.deviation_text(3.9456, "procent") == "+3,9 procentenheter"
    assert K.deviation_text(-41.83, "mnkr") == "−42 mnkr"
    assert K.deviation_text(5.0, "antal regioner med ökad andel") == "+5 regioner"


def test_subarea_table_orders_by_the_last_year_and_skips_absent_years():
    sub = pd.DataFrame(
        {"subarea": ["a", "b", "a", "b"], "year": [2008, 2008, 2017, 2017], "share": [0.5, 0.2, 0.3, 0.4]}
    )
    t = subarea_table(sub, (2008, 2012, 2017))
    assert list(t.columns) == [2008, 2017] and list(t.index) == ["b", "a"]
    with pytest.raises(ValueError):
        subarea_table(sub, (1999,))


def _staff_values() -> pd.DataFrame:
    rows = [
        ("Tabell 2", "regional_pc_nurses_per_100k", "", "Totalt", 137),
        ("Tabell 2", "regional_pc_nurses_change_2015_2020_pct", "", "Totalt", 6),
        ("Tabell 2", "municipal_pc_nurses_per_100k", "", "Totalt", 163),
        ("Tabell 2", "regional_pc_all_licensed_per_100k", "", "Totalt", 298),
        ("Tabell 3", "regional_pc_all_licensed_change_2015_2020_pct", "01", "Stockholm", 4),
        ("Tabell 3", "municipal_pc_all_licensed_change_2015_2020_pct", "01", "Stockholm", -8),
        ("Tabell 3", "regional_pc_all_licensed_change_2015_2020_pct", "", "Totalt", 9),
        ("Tabell 3", "regional_pc_all_licensed_change_2015_2020_pct", "10", "Blekinge", -12),
        ("Tabell 4", "regional_hsv_share_in_pc_nurses", "", "Totalt", 16.2),
        ("Tabell 4", "regional_hsv_share_in_pc_nurses_change_2015_2020_pp", "", "Totalt", 1.4),
    ]
    return pd.DataFrame(
        [
            {"report": "004", "element": e, "series": s, "region_code": c, "group": g, "value": v}
            for e, s, c, g, v in rows
        ]
    )


def test_staff_tables_reshape_the_report_values():
    rv = _staff_values()
    t2 = staffing.staff_per_100k(rv).set_index("group")
    assert list(t2.index) == ["Sjuksköterskor", "Alla legitimerade"]  # groups with no value are left out
    assert t2.at["Sjuksköterskor", "municipal_per_100k"] == 163
    assert pd.isna(t2.at["Sjuksköterskor", "municipal_change_pct"])
    t3 = staffing.staff_change_by_county(rv)
    assert t3["region"].tolist() == ["Blekinge", "Stockholm", "Totalt"]  # the country last
    assert t3.set_index("region").at["Stockholm", "municipal"] == -8
    t4 = staffing.staff_share_in_primary_care(rv)
    assert t4.to_dict("records") == [{"group": "Sjuksköterskor", "share_pct": 16.2, "change_pp": 1.4}]
    with pytest.raises(ValueError, match="Tabell 2"):
        staffing.staff_per_100k(rv[rv["element"] != "Tabell 2"])


def _core(tmp_path, rows) -> pd.DataFrame:
    path = tmp_path / "core.csv"
    pd.DataFrame(
        rows, columns=["number", "indicator", "goals", "page", "line", "sheet_ids", "comparison"]
    ).to_csv(path, index=False)
    return read_core_indicators(path)


def test_core_indicators_recompute_what_the_data_have(tmp_path):
    core = _core(
        tmp_path,
        [
            (1, "Förtroende", "Tillgänglig", 15, 421, "X1", "samma mått"),
            (2, "Läkare i särskilt boende", "Samordnad", 15, 427, "", ""),
            (3, "Överbeläggningar", "Tillgänglig", 16, 454, "X2;X3", "två serier"),
            (4, "Ordinarie läkare 65+", "Kontinuitet", 15, 430, "P1", "rapportens panel"),
        ],
    )
    sheet = pd.DataFrame({"id": ["X1", "X2", "X3"], "name_sv": ["A", "B", "C"], "unit": ["procent"] * 3})
    kolada = pd.DataFrame(
        [
            {"indicator": i, "region_code": r, "year": y, "sex": "T", "value": v}
            for i in ("X1", "X2", "X3")
            for r, v in (("00", 50.0), ("01", 40.0))
            for y in (2023, 2024)
        ]
    )
    robust = pd.DataFrame(
        [
            {
                "indicator": "X1",
                "name_sv": "A",
                "unit": "procent",
                "verdict": "förbättrad",
                "effect": 2.0,
                "effect_low": 1.0,
                "effect_high": 3.0,
                "effect_last_years": "2023, 2024",
                "effect_pre_years": "2016–2018",
                "kind": "kolada",
            },
            {  # SYNTHETIC: one of the report's panel series, not a Kolada series
                "indicator": "P1",
                "name_sv": "Panel",
                "unit": "procent",
                "verdict": "ingen säker förändring",
                "kind": "panel",
                "last_year": 2024,
                "last_value": 64.0,
            },
        ]
    )
    t = core_indicator_table(core, sheet, robust, kolada, 15)
    assert t["number"].tolist() == [1, 2, 3, 3, 4]
    assert t["in_data"].tolist() == [True, False, True, True, True]
    # a panel series takes its latest printed value from the robust table
    assert t.loc[4, ["series_name", "national", "year", "verdict"]].tolist() == [
        "Panel",
        64.0,
        2024,
        "ingen säker förändring",
    ]
    assert t.loc[0, "verdict"] == "förbättrad" and t.loc[0, "national"] == 50.0 and t.loc[0, "year"] == 2024
    assert t.loc[2, "verdict"] == ""  # a series without a model has a value but no verdict
    shown = CI.table_core_indicators(t)["table"]
    assert shown.index.tolist() == ["1", "2", "3", "3", "4"]  # each series' row names its indicator
    # the prose counts the series by source: the panel series is not a Kolada series
    assert t["from_report"].tolist() == [False, False, False, False, True]
    texts = CI.core_texts(t)
    assert texts["kap05-k-serier"] == "4 serier (3 ur Kolada och 1 ur rapportens enkäter)"  # 3 indicators
    assert texts["kap05-k-kallor"] == "Kolada och rapportens enkäter" and texts["kap05-k-data"] == "3"
    with pytest.raises(
        ValueError, match=r"core_indicators_003.csv, row number 3, column sheet_ids: .*no values"
    ):
        core_indicator_table(core, sheet, robust, kolada[kolada["indicator"] != "X2"], 15)


def test_core_indicator_list_is_checked(tmp_path):
    with pytest.raises(ValueError, match="numbered"):
        _core(tmp_path, [(1, "a", "b", 15, 1, "", ""), (1, "c", "d", 15, 2, "", "")])
    with pytest.raises(ValueError, match="how they compare"):
        _core(tmp_path, [(1, "a", "b", 15, 1, "X1", "")])
    committed = read_core_indicators(ROOT / "data-raw" / "core_indicators_003.csv")
    assert len(committed) == 12 and committed["page"].between(15, 16).all()


def test_read_inputs_keys_by_stem_and_refuses_two_files_with_one_name(tmp_path):
    (tmp_path / "results" / "a").mkdir(parents=True)
    (tmp_path / "results" / "b").mkdir(parents=True)
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "results" / "a" / "t.parquet")
    pd.DataFrame({"x": [2]}).to_parquet(tmp_path / "results" / "b" / "t.parquet")
    head = "---\ncompendium:\n  inputs:\n    - results/a/t.parquet\n"
    (tmp_path / "one.md").write_text(head + "---\n# T\n")
    assert read_inputs("one.md", root=tmp_path)["t"]["x"].tolist() == [1]
    (tmp_path / "two.md").write_text(head + "    - results/b/t.parquet\n---\n# T\n")
    with pytest.raises(ValueError, match="two declared inputs"):
        read_inputs("two.md", root=tmp_path)


GLUE = re.compile(r"\{glue:(?:text|md)\}`([^`]+)`")


@pytest.mark.parametrize(
    ("chapter", "texts"),
    [
        ("kap08_resurstilldelning", lambda d: K.kap08_texts(d) | K.kap08_conclusions(d)),
        (
            "resursallokering",
            lambda d: A.allocation_texts(d) | A.allocation_conclusions(d) | Q.assignment_texts(d),
        ),
    ],
)
def test_every_glued_key_of_the_chapter_is_produced(chapter, texts):
    """On the built results: each {glue:text}/{glue:md} key the chapter places has a value."""
    md = ROOT / "chapters" / f"{chapter}.md"
    try:
        d = read_inputs(md.relative_to(ROOT), root=ROOT)
    except FileNotFoundError:
        pytest.skip("results not built")
    values = texts(d)
    used = {k for k in GLUE.findall(md.read_text(encoding="utf-8")) if not k.endswith("-prov")}
    assert used <= set(values), sorted(used - set(values))
    assert all(isinstance(v, str) and v for k, v in values.items() if k in used and not isinstance(v, Md))


def test_bilaga1_region_table_puts_riket_last_and_keeps_missing_regions():
    rows = []
    for code, rep, ours, status in (
        ("00", 0.8, 0.8, "inom tolerans"),
        ("01", -0.1, -0.6, "utanför tolerans"),
    ):
        rows.append(
            {
                "check": "bilaga1_atagande_andring",
                "definition": KOLADA_PRIMARY,
                "region_code": code,
                "report_value": rep,
                "our_value": ours,
                "tolerance": 0.5,
                "status": status,
            }
        )
        rows.append(
            {
                "check": "bilaga1_atagande_2021",
                "definition": KOLADA_PRIMARY,
                "region_code": code,
                "report_value": 20.0,
                "our_value": 22.0,
                "tolerance": 0.5,
                "status": "utanför tolerans",
            }
        )
    rows.append(
        {
            "check": "bilaga1_atagande_2021",
            "definition": KOLADA_PRIMARY,
            "region_code": "09",
            "report_value": float("nan"),
            "our_value": float("nan"),
            "tolerance": 0.5,
            "status": "saknas",
        }
    )
    t = bilaga1_region_table(pd.DataFrame(rows))
    assert t["region_code"].tolist() == ["09", "01", "00"]
    assert t.set_index("region_code").at["01", "change_status"] == "utanför tolerans"
    assert t.set_index("region_code").at["09", "change_status"] == "saknas"
    shown = K.table_bilaga1(pd.DataFrame(rows))["table"]
    assert shown.loc["Stockholm", "Förändringen"] == "utanför toleransen"


def test_kolada_source_names_series_not_ids():
    assert K.kolada_source("primary", "somatic") == (
        "Kolada (RKA), kostnad per invånare för primärvård och specialiserad somatisk vård"
    )


def test_a_further_kolada_series_is_cited_with_kolada_not_with_scb():
    line = A.kolada_src("total_incl_drugs")
    kolada, scb = line.split("; ")
    assert kolada.startswith("Kolada (RKA), ") and kolada.endswith("hälso- och sjukvård totalt")
    assert scb == "SCB, folkmängd" and "totalt" not in A.KOLADA_SRC


def test_tax_sentence_gives_a_direction_only_when_it_holds_after_the_correction():
    base = {"coef": 6.19, "ci_low": 0.04, "ci_high": 12.33, "p_bh": 0.195, "reject_bh": False}
    row = pd.Series(base)
    text = Q.tax_sentence(row)
    assert "inte säkert" in text and "snabbare" not in text and "0,195" in text
    assert "6,19\u00a0procentenheter (95\u00a0% KI 0,04 till 12,33)" in text
    held = Q.tax_sentence(pd.Series(base | {"p_bh": 0.01, "reject_bh": True}))
    assert held.startswith("En höjd skattesats gick ihop med snabbare") and "håller" in held
    lower = Q.tax_sentence(
        pd.Series(base | {"coef": -3.0, "ci_low": -5.0, "ci_high": -1.0, "reject_bh": True})
    )
    assert "långsammare" in lower
