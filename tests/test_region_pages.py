"""The region pages and the explorer: series shaping, names, templates and the table of contents."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
import yaml
from conftest import ROOT

from analysis import regional, regions
from analysis.book import fill_template, toc_stems
from analysis.pages import TEMPLATE, chapter_source, is_region_page, page_batches, page_stems, region_for_stem
from analysis.presentation import explorer, region_pages
from analysis.regions import REGION_CODES, RIKET, in_region, organisation_name, region_slug

#: The regions a year needs in these toy data's comparisons (the project sets models.min_regions).
MIN_REGIONS = 15

SHEET = pd.DataFrame(
    {
        "id": ["A1", "B2", "C3"],
        "name_sv": ["Andel nöjda", "Kostnad primärvård, kr/inv", "Inte i profilen"],
        "family": ["trust", "resources", "trust"],
        "unit": ["procent", "kr/inv", "procent"],
        "direction": ["higher_better", "neutral", "higher_better"],
        "provider": ["kolada", "kolada", "kolada"],
        "analyses": ["trend;profile", "profile", "trend"],
        "breaks": ["2023: nytt mätsätt", "", ""],
    }
)


def _tidy() -> pd.DataFrame:
    """A synthetic tidy table: every region and Riket, two years, values known in advance."""
    rows = []
    for ind, base in (("A1", 50.0), ("B2", 6000.0), ("C3", 1.0)):
        for year in (2022, 2023):
            for k, code in enumerate((RIKET, *REGION_CODES)):
                rows.append(
                    {
                        "indicator": ind,
                        "region_code": code,
                        "year": year,
                        "sex": "T",
                        "value": base + k + year - 2022,
                    }
                )
                rows.append({"indicator": ind, "region_code": code, "year": year, "sex": "K", "value": -1.0})
    tidy = pd.DataFrame(rows)
    # Gotland has no 2023 value for A1; Riket has none for B2 in 2022
    drop = ((tidy["indicator"] == "A1") & (tidy["region_code"] == "09") & (tidy["year"] == 2023)) | (
        (tidy["indicator"] == "B2") & (tidy["region_code"] == RIKET) & (tidy["year"] == 2022)
    )
    return tidy[~drop]


def test_profile_series_holds_the_region_riket_and_the_regions_range():
    s = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    assert regions.applied_min_regions(s) == MIN_REGIONS  # recorded for the page that states it
    assert list(s.columns) == regional.SERIES_COLUMNS
    assert list(dict.fromkeys(s["indicator"])) == ["A1", "B2"]  # profile rows only, sheet order
    assert set(s["region_code"]) == set(REGION_CODES)  # Riket is a column, not a row
    assert (s["value"] >= 0).all()  # only both-sexes rows
    a = s[(s["indicator"] == "A1") & (s["year"] == 2022)]
    assert (a["riket"] == 50.0).all()
    assert a["lowest"].iloc[0] == 51.0 and a["highest"].iloc[0] == 50.0 + len(REGION_CODES)
    assert s[(s["indicator"] == "B2") & (s["year"] == 2022)]["riket"].isna().all()
    assert s[(s["indicator"] == "A1") & (s["year"] == 2023) & (s["region_code"] == "09")].empty
    # a year too few regions report has no range: A1 2023 lacks Gotland, so 20 regions remain
    few = regional.profile_series(_tidy(), SHEET, len(REGION_CODES))
    assert (
        few.loc[(few["indicator"] == "A1") & (few["year"] == 2023), ["lowest", "highest"]].isna().all().all()
    )
    assert few.loc[(few["indicator"] == "A1") & (few["year"] == 2022), "lowest"].notna().all()
    # the parts of a series between its breaks are numbered
    assert s.groupby(["indicator", "year"])["segment"].first().to_dict() == {
        ("A1", 2022): 0,
        ("A1", 2023): 1,
        ("B2", 2022): 0,
        ("B2", 2023): 0,
    }


def test_a_series_break_is_not_bridged_in_the_region_figure():
    import matplotlib

    matplotlib.use("Agg")
    panel = regional.region_panel(regional.profile_series(_tidy(), SHEET, MIN_REGIONS), "01")
    fig = region_pages.trend_figure(panel, "trust", "01")
    ax = fig.axes[0]
    region_lines = [ln for ln in ax.get_lines() if ln.get_marker() == "o"]
    assert [list(ln.get_xdata()) for ln in region_lines] == [[2022], [2023]]  # two parts, not one line
    assert "nytt mätsätt från 2023" in ax.get_title(loc="left")
    assert [ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_linestyle() == ":"] == [2022.5]


def test_region_panel_is_one_region_and_refuses_unknown_codes():
    s = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    assert set(regional.region_panel(s, "14")["region_code"]) == {"14"}
    with pytest.raises(KeyError, match="unknown region"):
        regional.region_panel(s, RIKET)


def test_explorer_payload_aligns_values_with_years_and_has_no_nan():
    payload = regional.explorer_payload(regional.profile_series(_tidy(), SHEET, MIN_REGIONS))
    assert [r["code"] for r in payload["regions"]] == list(REGION_CODES)
    a = payload["indicators"][0]
    assert a["years"] == [2022, 2023]
    assert a["values"]["09"] == [pytest.approx(58.0), None]
    assert all(len(v) == 2 for v in a["values"].values())
    assert payload["indicators"][1]["riket"][0] is None
    assert a["range"] == [[51.0, 50.0 + len(REGION_CODES)], [52.0, 51.0 + len(REGION_CODES)]]
    assert a["breaks"] == [1] and payload["indicators"][1]["breaks"] == []  # A1's method changed in 2023
    few = regional.explorer_payload(regional.profile_series(_tidy(), SHEET, len(REGION_CODES)))
    assert few["indicators"][0]["range"][1] is None  # A1 2023 lacks Gotland: no range that year
    json.dumps(payload, allow_nan=False)  # raises on NaN


def test_latest_summary_names_the_lowest_and_highest_region_of_the_last_covered_year():
    s = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    summary = regional.latest_summary(s, MIN_REGIONS).set_index("indicator")
    assert summary.loc["A1", "year"] == 2023
    assert summary.loc["A1", "lowest_region"] == REGION_CODES[0]
    assert summary.loc["A1", "highest_region"] == REGION_CODES[-1]
    assert summary.loc["A1", "later"] == ""
    # a year reported by too few regions is not the latest year, and it is named as later
    thin = s[~((s["year"] == 2023) & (s["region_code"] != "01"))]
    assert regional.latest_summary(thin, MIN_REGIONS).set_index("indicator").loc[
        "A1", ["year", "later"]
    ].tolist() == [
        2022,
        "2023",
    ]
    # nor is a year past a series break (when the run before it is longer): the year the
    # region pages rank
    longer = pd.concat([s.assign(year=s["year"] - 2), s])
    broken = regional.latest_summary(longer, MIN_REGIONS, breaks={"A1": "2023: metodbyte"}).set_index(
        "indicator"
    )
    assert broken.loc["A1", ["year", "later"]].tolist() == [2022, "2023"]
    assert broken.loc["B2", "year"] == 2023
    # an indicator without a comparison year keeps its row, without values
    none = regional.latest_summary(s, len(REGION_CODES) + 1).set_index("indicator")
    assert none["year"].isna().all() and none["riket"].isna().all()
    assert none.loc["A1", "later"] == "2022, 2023"


def test_region_names_read_as_organisations_in_prose():
    assert in_region("09") == "i Region Gotland"
    assert in_region("14") == "i Västra Götalandsregionen"
    assert organisation_name("06") == "Region Jönköpings län"
    assert in_region(RIKET) == "i riket"
    assert region_slug("23") == "jamtland_harjedalen"


def test_every_region_has_one_page_listed_under_regionala_skillnader():
    stems = page_stems()
    assert len(stems) == len(set(stems)) == len(REGION_CODES)
    assert all(region_for_stem(s) == c for s, c in zip(stems, REGION_CODES, strict=True))
    with pytest.raises(KeyError):
        region_for_stem("regionala_skillnader")
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapter = next(
        c for part in toc["parts"] for c in part["chapters"] if c["file"] == "regionala_skillnader"
    )
    sections = [s["file"] for s in chapter["sections"]]
    assert [s for s in sections if is_region_page(s)] == stems
    assert "regionutforskaren" in sections
    all_stems = toc_stems(ROOT / "_toc.yml")
    assert set(stems) <= set(all_stems) and all_stems.index("regionala_skillnader") < all_stems.index(
        stems[0]
    )
    assert chapter_source(ROOT, stems[0]) == ROOT / TEMPLATE
    assert chapter_source(ROOT, "kap14_patienters_erfarenheter").name == "kap14_patienters_erfarenheter.md"


def test_template_is_filled_for_each_region_and_refuses_unknown_placeholders():
    text = (ROOT / TEMPLATE).read_text(encoding="utf-8")
    filled = fill_template(text, region_pages.template_params("09"))
    assert "# Region Gotland" in filled and "{{" not in filled
    assert 'REGION = "09"' in filled
    with pytest.raises(KeyError, match="no value"):
        fill_template("{{missing}}", {"region_code": "01"})
    # one figure per family the template draws, and no other figure names
    names = set(re.findall(r"\{glue:figure\} \{\{fig_prefix\}\}-(\w+)", text))
    assert names == set(region_pages.FAMILIES)


def test_template_has_a_figure_for_every_family_of_the_sheets_profile_series():
    from analysis.registry import ids_for, load_registry

    sheet = load_registry(ROOT / "data-raw" / "indicators.csv")
    families = set(sheet.set_index("id").loc[ids_for(sheet, "profile"), "family"])
    assert families <= set(region_pages.FAMILIES)
    with pytest.raises(ValueError, match="no figure"):
        region_pages.check_families(pd.DataFrame({"family": ["continuity"]}))


def test_template_declares_exactly_the_inputs_its_page_keys_digest():
    """page_data_keys digests these files, so the template may read nothing else."""
    from analysis.book import chapter_inputs

    declared = set(chapter_inputs(ROOT / TEMPLATE))
    figures = {region_pages.FIGURES.format(family=f) for f in region_pages.FAMILIES}
    assert declared == {region_pages.SERIES, region_pages.PROFILES, *figures}


def _page_inputs(root, series: pd.DataFrame, profiles: pd.DataFrame, figures: dict) -> None:
    for rel, frame in ((region_pages.SERIES, series), (region_pages.PROFILES, profiles)):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(root / rel)
    for family in region_pages.FAMILIES:
        path = root / region_pages.FIGURES.format(family=family)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures.get(family, {})), encoding="utf-8")


def test_page_data_keys_change_with_the_regions_own_rows_only(tmp_path):
    """SYNTHETIC inputs: another region's rows and columns a page does not show leave a page's
    key; its own rows, its figure and the families of the series change it."""
    series = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    profiles = pd.DataFrame(
        [
            {**dict.fromkeys(region_pages.PAGE_COLUMNS, ""), "region_code": c, "value": v, "position": 0.0}
            for c, v in (("01", 1.0), ("03", 2.0))
        ]
    )
    figures = {"trust": {"01": {"data_sha256": "a"}, "03": {"data_sha256": "b"}}}
    _page_inputs(tmp_path, series, profiles, figures)
    before = region_pages.page_data_keys(["01", "03"], root=tmp_path)
    assert before["01"] != before["03"]

    def keys_after(series=series, profiles=profiles, figures=figures) -> dict:
        _page_inputs(tmp_path, series, profiles, figures)
        return region_pages.page_data_keys(["01", "03"], root=tmp_path)

    other = series["region_code"] == "03"
    after = keys_after(
        series=series.assign(value=series["value"].where(~other, series["value"] + 1)),
        profiles=profiles.assign(value=[1.0, 5.0]),
        figures={"trust": {"01": {"data_sha256": "a"}, "03": {"data_sha256": "c"}}},
    )
    assert after["01"] == before["01"] and after["03"] != before["03"]
    assert keys_after(profiles=profiles.assign(value=[1.5, 2.0]))["01"] != before["01"]
    assert keys_after(profiles=profiles.assign(position=[0.5, -0.5])) == before  # not shown on a page
    assert (
        keys_after(figures={"trust": {"01": {"data_sha256": "x"}, "03": {"data_sha256": "b"}}})["01"]
        != before["01"]
    )
    # a family that only a third region has: the page of region 01 checks the families too
    extra = series[series["region_code"] == "05"].assign(family="continuity")
    assert keys_after(series=pd.concat([series, extra]))["01"] != before["01"]
    # an indicator only another region has: the page names what its region lacks
    more = pd.concat([profiles, profiles.iloc[[1]].assign(indicator="X9", name="Ny")], ignore_index=True)
    assert keys_after(profiles=more)["01"] != before["01"]
    # the coverage rule the page states, even where no range changes with it
    relaxed = regions.with_min_regions(series.copy(), MIN_REGIONS - 1)
    assert keys_after(series=relaxed)["01"] != before["01"]


def test_family_figures_are_drawn_from_exactly_the_rows_a_page_publishes():
    """SYNTHETIC series: each region's figure carries the digest of its page's rows of the family."""
    from analysis.figures import data_digest, setup

    setup()
    series = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    drawn = region_pages.family_figures(series[series["family"] == "trust"], "trust", ["01", "09"])
    assert list(drawn) == ["01", "09"]
    for code, rendered in drawn.items():
        panel = regional.region_panel(series, code)  # what the page reads: every family
        assert rendered["data_sha256"] == data_digest(panel[panel["family"] == "trust"])
        assert {"image/svg+xml", "application/pdf", "text/plain"} <= set(rendered["bundle"])
    assert drawn["01"]["bundle"]["image/svg+xml"] != drawn["09"]["bundle"]["image/svg+xml"]


def test_family_figures_keep_an_earlier_figure_only_while_its_rows_are_the_same(monkeypatch):
    """SYNTHETIC series, one value of region 09 revised: 09 is redrawn, 01 keeps its figure."""
    from analysis.figures import setup

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # as in a build: the figures' date is fixed
    setup()
    series = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    trust = series[series["family"] == "trust"].reset_index(drop=True)
    earlier = region_pages.family_figures(trust, "trust", ["01", "09"])
    revised = trust.copy()
    at = revised.index[(revised["region_code"] == "09")][-1]
    revised.loc[at, "value"] += 1.3
    again = region_pages.family_figures(revised, "trust", ["01", "09"], earlier=earlier)
    assert again["01"] is earlier["01"]
    assert again["09"]["data_sha256"] != earlier["09"]["data_sha256"]
    assert again["09"] == region_pages.family_figures(revised, "trust", ["09"])["09"]  # as drawn afresh


@pytest.mark.parametrize("n", [1, 3, 5, 8])
def test_trend_figures_print_at_full_size_however_many_series(n):
    """SYNTHETIC family of ``n`` series: the figure is no taller than the PDF prints unscaled."""
    import matplotlib.pyplot as plt

    from analysis.figures import PRINT_HEIGHT_IN, PRINT_WIDTH_IN, setup

    setup()
    panel = pd.DataFrame(
        [
            {"indicator": f"X{k}", "name": f"Syntetisk serie {k}", "family": "access", "unit": "procent",
             "direction": "higher_better", "region_code": "09", "year": y, "value": 50.0 + k,
             "riket": 51.0, "lowest": 40.0, "highest": 60.0, "segment": 0}
            for k in range(n)
            for y in (2022, 2023, 2024)
        ]
    )  # fmt: skip
    fig = region_pages.trend_figure(panel, "access", "09")
    width, height = fig.get_size_inches()
    assert width <= PRINT_WIDTH_IN and height <= PRINT_HEIGHT_IN
    plt.close(fig)


def _profiles() -> pd.DataFrame:
    base = {
        "source": "kolada",
        "region_code": "09",
        "year": 2024,
        "reference_label": "Riket",
        "n_regions": 21,
        "n_shared": 1,
        "funnel_flag": "",
        "funnel_flag_binom": "",
        "position": 0.0,
    }
    return pd.DataFrame(
        [
            {**base, "indicator": "A1", "name": "Andel nöjda", "unit": "procent", "direction": "higher_better",
             "value": 78.64, "reference": 67.3, "rank": 2, "rank_low": 1.0, "rank_high": 4.0,
             "rank_group": "övre tredjedel"},
            {**base, "indicator": "B2", "name": "Kostnad primärvård, kr/inv", "unit": "kr/inv",
             "direction": "neutral", "value": 47154.0, "reference": 36041.0, "rank": 1, "rank_low": 1.0,
             "rank_high": 1.0, "rank_group": "övre tredjedel"},
            {**base, "source": "vis", "indicator": "vis:x", "name": "Rimlig väntetid <b>", "unit": "procent",
             "direction": "higher_better", "value": 69.7, "reference": 60.7,
             "reference_label": "Sammanvägd andel (θ0)", "rank": 4, "rank_low": float("nan"),
             "rank_high": float("nan"), "rank_group": "", "funnel_flag": "över", "n_shared": 3},
        ]
    )  # fmt: skip


def test_profile_table_shows_units_as_read_and_the_comparison():
    table = region_pages.profile_table(_profiles(), "09")
    assert list(table.columns) == ["Enhet", "År", "Regionen", "Riket", "Rang (intervall)", "Läge"]
    assert table.loc["Kostnad primärvård", "Enhet"] == "kr per invånare"
    assert table.loc["Kostnad primärvård", "Regionen"] == "47\u202f154"
    assert table.loc["Andel nöjda", "Regionen"] == "78,6"
    assert table.loc["Andel nöjda", "Rang (intervall)"] == "2 av 21 (1 till 4)"
    assert table.loc["Kostnad primärvård", "Rang (intervall)"] == "1 av 21"
    assert table.loc["Rimlig väntetid <b>", "Rang (intervall)"] == "4 av 21, delad av 3 regioner"
    assert table.loc["Kostnad primärvård", "Läge"] == "bland de högsta"
    assert table.loc["Andel nöjda", "Läge"] == "bland de bästa"
    assert "alla regioner" in table.loc["Rimlig väntetid <b>", "Riket"]
    assert table.loc["Rimlig väntetid <b>", "Läge"] == "över gränsen för utpekande"


def test_profile_text_names_the_region_as_an_organisation_and_escapes_titles():
    text = region_pages.profile_text(_profiles(), "09")
    assert "i Region Gotland" in text and "i Gotland" not in text
    assert "1 kvalitets- eller tillgänglighetsindikator" in text
    assert "bästa tredjedelen för 1 indikator (andel nöjda)" in text
    assert "för ingen indikator ligger det helt i den sämsta." in text
    none = _profiles().assign(rank_group="")
    assert "varken helt i den bästa eller helt i den sämsta tredjedelen för någon indikator." in (
        region_pages.profile_text(none, "09")
    )
    assert "<b>" not in text and "&lt;b&gt;" in text
    year = int(_profiles().loc[lambda d: d["source"] == "vis", "year"].iloc[0])
    assert f"över gränsen för utpekande för rimlig väntetid &lt;b&gt; ({year})." in text
    assert "Tabellen saknar" not in text


def test_profile_text_names_the_indicators_the_region_lacks():
    """SYNTHETIC: region 01 has only one of the three rows region 09 has."""
    profiles = _profiles()
    other = profiles.iloc[[0]].assign(region_code="01")
    both = pd.concat([profiles, other], ignore_index=True)
    assert region_pages.missing_indicators(both, "09") == []
    assert region_pages.missing_indicators(both, "01") == [
        "Kostnad primärvård, kr/inv",
        "Rimlig väntetid <b>",
    ]
    text = region_pages.profile_text(both, "01")
    assert "Tabellen saknar 2 indikatorer som övriga regioner har (kostnad primärvård" in text


def test_explorer_html_embeds_data_that_cannot_close_its_script():
    payload = regional.explorer_payload(regional.profile_series(_tidy(), SHEET, MIN_REGIONS))
    payload["indicators"][0]["name"] = "</script><script>alert(1)</script>"
    page = explorer.explorer_html(payload)
    assert page.count("</script>") == 2  # the data element's and the script file's own
    assert 'src="_static/gnv-explorer.js"' in page and "http" not in page
    data = re.search(r'<script type="application/json" id="gnv-explorer-data">(.*?)</script>', page).group(1)
    parsed = json.loads(data)
    assert parsed["indicators"][0]["name"].startswith("</script>")
    assert (
        parsed["indicators"][1]["unit_label"] == "kr per invånare"
        and parsed["indicators"][1]["decimals"] == 0
    )


def test_explorer_script_ships_in_the_site_and_requests_nothing():
    script = (ROOT / "analysis" / "site_assets" / "static" / "gnv-explorer.js").read_text(encoding="utf-8")
    assert not re.search(r"\bfetch\(|XMLHttpRequest|https?://(?!www\.w3\.org/2000/svg)", script)


@pytest.mark.parametrize("jobs", [1, 2, 3, 21, 30])
def test_page_batches_cover_every_region_once_in_order_and_evenly(jobs):
    batches = page_batches(jobs)
    assert [c for b in batches for c in b] == list(REGION_CODES)
    assert len(batches) == min(jobs, len(REGION_CODES))
    assert max(map(len, batches)) - min(map(len, batches)) <= 1


@pytest.mark.parametrize(
    ("low", "high", "standing"),
    [(8.0, 14.0, "i mitten"), (1.0, 9.0, "osäkert"), (5.0, 17.0, "osäkert"), (8.0, 15.0, "osäkert")],
)
def test_a_rank_interval_outside_one_third_is_called_uncertain_not_middle(low, high, standing):
    """SYNTHETIC ranks among 21 (thirds 1–7, 8–14, 15–21): "i mitten" only inside the middle third."""
    row = _profiles().iloc[[0]].assign(rank=int(low), rank_low=low, rank_high=high, rank_group="")
    assert region_pages.profile_table(row, "09")["Läge"].iloc[0] == standing


@pytest.mark.integration
def test_a_region_page_is_the_same_when_only_other_regions_rows_change(build, tmp_path):
    """The built inputs, then every other region's rows and figures changed: the key of the page
    of region 01 and its executed notebook stay the same. page_data_keys digests all a page
    reads; if the template read more of its inputs, the notebook would change here."""
    import shutil

    from analysis.book import execute_pages

    for rel in ("data-raw", "config"):
        shutil.copytree(build.project / rel, tmp_path / rel)
    series = pd.read_parquet(build.project / region_pages.SERIES)
    profiles = pd.read_parquet(build.project / region_pages.PROFILES)
    figures = {
        f: json.loads((build.project / region_pages.FIGURES.format(family=f)).read_text(encoding="utf-8"))
        for f in region_pages.FAMILIES
    }
    _page_inputs(tmp_path, series, profiles, figures)

    def page() -> bytes:
        notebook = tmp_path / "nb" / "sida.ipynb"
        execute_pages(
            ROOT / TEMPLATE, [(region_pages.template_params("01"), notebook, tmp_path / "fig")], tmp_path
        )
        return notebook.read_bytes()

    first, key = page(), region_pages.page_data_keys(["01"], root=tmp_path)["01"]

    def others_changed(frame: pd.DataFrame) -> pd.DataFrame:
        other = frame["region_code"] != "01"
        numeric = frame.select_dtypes("number").columns
        return frame.assign(**{c: frame[c].where(~other, frame[c] + 1) for c in numeric})

    figures = {
        f: {c: d if c == "01" else figures[f]["01"] for c, d in drawn.items()} for f, drawn in figures.items()
    }
    _page_inputs(tmp_path, others_changed(series), others_changed(profiles), figures)
    assert region_pages.page_data_keys(["01"], root=tmp_path)["01"] == key
    assert page() == first


def test_explorer_summary_table_and_the_later_years_sentence():
    s = regional.profile_series(_tidy(), SHEET, MIN_REGIONS)
    thin = s[~((s["year"] == 2023) & (s["region_code"] != "01"))]
    summary = regional.latest_summary(thin, MIN_REGIONS)
    table = explorer.summary_table(summary)
    assert table["År"].tolist() == ["2022", "2022"]
    assert table.loc["Andel nöjda", "Lägst"] == "Stockholm 51,0"
    assert explorer.later_years_text(summary) == (
        "Senare år finns för andel nöjda (2023) och kostnad primärvård (2023); "
        "figurerna visar dem, men jämförelserna tar inte med dem."
    )
    assert explorer.later_years_text(regional.latest_summary(s, MIN_REGIONS)) == ""
    # SYNTHETIC tie: three regions share the lowest value, so no one region is named
    tied = s.copy()
    low = tied[(tied["indicator"] == "A1") & (tied["year"] == 2023)].nsmallest(3, "value").index
    tied.loc[low, "value"] = 40.0
    tied_summary = regional.latest_summary(tied, MIN_REGIONS).set_index("indicator")
    assert tied_summary.loc["A1", "lowest_n"] == 3 and tied_summary.loc["A1", "highest_n"] == 1
    assert explorer.summary_table(tied_summary.reset_index()).loc["Andel nöjda", "Lägst"] == "3 regioner 40,0"
    # no comparison year: dashes, not an error
    none = explorer.summary_table(regional.latest_summary(s, len(REGION_CODES) + 1))
    assert (none[["År", "Riket", "Lägst", "Högst"]] == "–").all().all()


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_trend_figure_panels_leave_room_for_titles_ticks_and_legend(n):
    """SYNTHETIC family with two-line titles: the panels are placed without a layout draw, and
    no title touches the legend or the tick labels of the panel above, nor leaves the figure."""
    import matplotlib.pyplot as plt

    from analysis.figures import setup

    setup()
    long = "Andel patienter med en mycket lång syntetisk benämning som bryts på två rader i figuren"
    panel = pd.DataFrame(
        [
            {"indicator": f"X{k}", "name": f"{long} {k}", "family": "access", "unit": "kr per invånare",
             "direction": "higher_better", "region_code": "09", "year": y, "value": 25000.0 + 100 * k,
             "riket": 24000.0, "lowest": 18000.0, "highest": 31000.0, "segment": 0}
            for k in range(n)
            for y in range(2015, 2025)
        ]
    )  # fmt: skip
    fig = region_pages.trend_figure(panel, "access", "09")
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    axes = fig.axes
    for k, ax in enumerate(axes):
        title = ax.title.get_window_extent(renderer)
        assert "\n" in ax.get_title(loc="left") or n == 1
        assert title.y1 <= legend.y0
        assert ax.get_window_extent(renderer).x0 >= max(
            t.get_window_extent(renderer).x1 for t in ax.yaxis.get_ticklabels()
        )  # the y tick labels sit inside the figure, left of the panel
        assert min(t.get_window_extent(renderer).x0 for t in ax.yaxis.get_ticklabels()) >= 0
        if k:
            above = min(t.get_window_extent(renderer).y0 for t in axes[k - 1].xaxis.get_ticklabels())
            assert title.y1 < above
    # printed uncropped (analysis.figures.render): every text lies inside the canvas
    fig.canvas.draw()  # places the legend's texts (no layout engine: the panels stay put)
    canvas, shown = fig.bbox, []
    for ax in axes:
        low, high = ax.get_xlim()
        shown += [t for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high]
    for text in [*fig.legends[0].get_texts(), *shown]:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= canvas.x1 and box.y1 <= canvas.y1
    assert legend.y1 <= canvas.y1
    plt.close(fig)


@pytest.mark.parametrize("low, high", [(76.0, 86.0), (77.5, 85.0), (0.2, 1.4), (18000.0, 31000.0)])
@pytest.mark.parametrize("n", [1, 3, 4])
def test_trend_figure_y_tick_labels_fit_after_the_panels_are_placed(low, high, n):
    """SYNTHETIC ranges whose y ticks change once the panels have their height (82,5 appears
    only then): every shown y tick label lies inside the canvas, which is printed uncropped."""
    import matplotlib.pyplot as plt

    from analysis.figures import setup

    setup()
    mid = (low + high) / 2
    panel = pd.DataFrame(
        [
            {"indicator": f"X{k}", "name": f"Syntetisk serie {k}", "family": "access", "unit": "procent",
             "direction": "higher_better", "region_code": "09", "year": y, "value": mid + (y - 2020) * (high - mid) / 8,
             "riket": mid, "lowest": low, "highest": high, "segment": 0}
            for k in range(n)
            for y in range(2016, 2025)
        ]
    )  # fmt: skip
    fig = region_pages.trend_figure(panel, "access", "09")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        bottom, top = ax.get_ylim()
        shown = [
            t for t in ax.yaxis.get_ticklabels() if bottom <= t.get_position()[1] <= top and t.get_text()
        ]
        assert shown and min(t.get_window_extent(renderer).x0 for t in shown) >= 0
    plt.close(fig)


def test_reading_guide_states_the_applied_minimum_of_regions():
    assert "minst 15 regioner redovisar" in region_pages.reading_guide(15)
    assert "minst 12 regioner" in region_pages.reading_guide(12)
