"""Tests of the trend-model assembly (analysis.trends.assembly) on SYNTHETIC data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from analysis.registry import ids_for, load_registry
from analysis.trends.assembly import (
    TrendResults,
    adjust_regions,
    fit_all,
    measurement_variant,
    panel_series,
    robust_verdicts,
)
from analysis.trends.result import TrendConfig, pp_scale

CFG = TrendConfig(pandemic_years=(2020, 2021), reform_start=2019, confidence=0.95)
MODELS = {
    "pandemic_years": [2020, 2021],
    "reform_start": 2019,
    "confidence": 0.95,
    "min_region_share_national": 0.8,
}
SETTINGS = {"pandemic_years_wide": [2020, 2021, 2022], "knot_shift": 1, "fdr": 0.05, "effect_last_years": 3}


def _expit(x):
    return 1 / (1 + np.exp(-x))


def test_pp_scale_is_the_logit_derivative():
    assert pp_scale(50) == pytest.approx(25)
    assert pp_scale(90) == pytest.approx(9)
    assert pp_scale(0) == 0


def test_adjust_regions_is_per_indicator_and_leaves_other_rows():
    p = [0.001, 0.04, 0.045, 0.2, 0.01]
    rows = pd.DataFrame(
        {
            "indicator": ["a", "a", "a", "a", "b"],
            "spec": ["region:01", "region:03", "region:04", "riket", "region:01"],
            "slope_p": p,
            "verdict": ["förbättrad", "förbättrad", "försämrad", "förbättrad", "förbättrad"],
        }
    )
    out = adjust_regions(rows, 0.05)
    # indicator a: three region tests; BH: 0.001*3, 0.04*3/2, 0.045 -> 0.003, 0.045, 0.045
    assert out.loc[:2, "p_adjusted"].tolist() == pytest.approx([0.003, 0.045, 0.045])
    assert out["verdict_fdr"].tolist()[:3] == ["förbättrad", "förbättrad", "försämrad"]
    assert np.isnan(out.loc[3, "p_adjusted"]) and out.loc[3, "verdict_fdr"] == "förbättrad"
    assert out.loc[4, "p_adjusted"] == pytest.approx(0.01)  # its own family of one
    strict = adjust_regions(rows, 0.01)
    assert strict.loc[1, "verdict_fdr"] == "ingen säker förändring"
    assert list(rows.columns) == ["indicator", "spec", "slope_p", "verdict"]  # input untouched


def _variant(ind, name, est, lo, hi, p=0.001, change=(np.nan, np.nan, np.nan)):
    """SYNTHETIC: one variant row; ``change`` is the change in slope at the reform (est, low, high)."""
    return {"indicator": ind, "variant": name, "label_sv": name, "estimate": est, "ci_low": lo, "ci_high": hi,
            "p_value": p, "basis": "post_reform", "pre_estimate": est - change[0], "change_estimate": change[0],
            "change_low": change[1], "change_high": change[2], "change_p": np.nan}  # fmt: skip


def test_robust_verdicts_map_slopes_and_words():
    variants = pd.DataFrame(
        [
            _variant("up", "huvudmodell", 0.05, 0.02, 0.08, change=(0.01, -0.02, 0.04)),
            _variant("up", "utan_sista", 0.04, 0.01, 0.07, change=(0.5, 0.4, 0.6)),
            _variant("weak", "huvudmodell", 0.05, 0.02, 0.08),
            _variant("weak", "utan_sista", 0.03, -0.01, 0.07),
            _variant("flat", "huvudmodell", 0.01, -0.02, 0.04, p=0.5),
        ]
    )
    rows = [
        {"indicator": i, "kind": "kolada", "direction": "higher_better", "pp_scale": 25.0}
        for i in ("up", "weak")
    ] + [{"indicator": "flat", "kind": "panel", "direction": "higher_better", "pp_scale": 10.0}]
    out = robust_verdicts(rows, variants, 0.05).set_index("indicator")
    assert out.loc["up", "slope"] == 0.05 and out.loc["up", "slope_pp"] == pytest.approx(1.25)
    assert out.loc["flat", "slope_high_pp"] == pytest.approx(0.4)
    assert out.loc["up", "verdict"] == "förbättrad"
    assert out.loc["weak", "verdict"] == "tecken på förbättring"
    assert out.loc["flat", "verdict"] == "ingen säker förändring"
    assert out.loc["up", "n_variants"] == 2 and out.loc["flat", "n_variants"] == 1
    # the break at the reform comes from the main model, on the same reading scale as the slope
    assert out.loc["up", "slope_pre_pp"] == pytest.approx(25 * 0.04)
    assert out.loc["up", "slope_change_high_pp"] == pytest.approx(25 * 0.04)
    assert np.isnan(out.loc["flat", "slope_change"])
    # BH per kind: the panel series is its own family, so its p-value is unchanged
    assert out.loc["flat", "slope_p_adjusted"] == pytest.approx(0.5)


def test_measurement_variant_finds_binomial_data_binomial():
    rng = np.random.default_rng(3)
    years = np.arange(2012, 2025)
    n = 4000
    p = _expit(0.3 + 0.02 * (years - 2018) + 0.03 * np.maximum(0, years - 2018))
    national = pd.DataFrame(
        {"region_code": "00", "sex": "T", "year": years, "value": 100 * rng.binomial(n, p) / n}
    )
    row = measurement_variant(national, lambda ys: np.full(len(ys), n), CFG).iloc[0]
    assert row["variant"] == "matfel" and row["basis"] == "post_reform"
    assert row["ci_low"] < 0.05 < row["ci_high"]  # the true post-reform slope
    assert "gånger urvalsvariansen" in row["label_sv"]


def _points(rng):
    """Two SYNTHETIC panel series: one with three waves and extra between-wave noise, one with two."""
    rows = []
    for series, years, values in [("tre", [2014, 2018, 2024], [60, 70, 58]), ("tva", [2014, 2024], [50, 45])]:
        for y, v in zip(years, values, strict=True):
            rows.append({"figure": "Fig 1", "series": series, "label_sv": series, "family": "access",
                         "direction": "higher_better", "instrument": "webbpanel", "group_type": "total",
                         "group": "", "year": y, "value": float(v), "status": "printed", "n": 3000.0})  # fmt: skip
    return pd.DataFrame(rows)


def test_two_wave_panels_are_also_tried_with_the_least_dispersed_longer_panel():
    """SYNTHETIC: two longer panels with different between-wave noise; the two-wave series
    borrows the larger dispersion and is tried with the smaller, whose interval is narrower."""
    points = _points(np.random.default_rng(0))
    calm = points[points["series"] == "tre"].assign(series="lugn", label_sv="lugn")
    calm["value"] = [60.0, 60.5, 61.2]
    runs = panel_series(pd.concat([points, calm], ignore_index=True), CFG)
    robust = pd.DataFrame(runs.robust).set_index("indicator")
    dispersions = {r.indicator: r.dispersion for r in runs.results if r.spec == "panel" and r.df_resid > 0}
    assert dispersions["lugn"] < dispersions["tre"]
    assert robust.loc["tva", "dispersion_used"] == pytest.approx(dispersions["tre"])
    variants = pd.concat(runs.variants)
    tva = variants[variants["indicator"] == "tva"].set_index("variant")
    assert list(tva.index) == ["huvudmodell", "avrundning", "minsta_spridning"]
    assert tva.loc["minsta_spridning", "estimate"] == pytest.approx(tva.loc["huvudmodell", "estimate"])
    main, least = tva.loc["huvudmodell"], tva.loc["minsta_spridning"]
    assert main["ci_low"] < least["ci_low"] < least["ci_high"] < main["ci_high"]
    assert set(variants.loc[variants["indicator"] != "tva", "variant"]) == {"huvudmodell", "avrundning"}


def test_panel_series_borrow_the_dispersion_of_longer_panels():
    runs = panel_series(_points(np.random.default_rng(0)), CFG)
    robust = pd.DataFrame(runs.robust).set_index("indicator")
    assert robust.loc["tre", "dispersion_used"] == 1.0
    three = next(r for r in runs.results if r.indicator == "tre" and r.spec == "panel")
    assert robust.loc["tva", "dispersion_used"] == pytest.approx(max(1.0, three.dispersion))
    assert robust.loc["tva", "effect"] == -5 and robust.loc["tva", "goal"] == "tillganglighet"
    assert robust.loc["tre", "source"] == "Vårdanalys (2025), figur 1 (webbpanel)"
    variants = pd.concat(runs.variants)
    assert variants.groupby("indicator")["variant"].apply(list).to_dict() == {
        "tre": ["huvudmodell", "avrundning"],
        "tva": ["huvudmodell", "avrundning"],
    }
    # rounding variant: half a point less change, so a smaller slope in absolute value
    tva = variants[variants["indicator"] == "tva"].set_index("variant")["estimate"]
    assert abs(tva["avrundning"]) < abs(tva["huvudmodell"])
    assert panel_series(_points(np.random.default_rng(0)).iloc[0:0], CFG).results == []


def _kolada(ind: str, post_slope: float, rng) -> pd.DataFrame:
    """SYNTHETIC region x year shares for 21 regions and Riket, with a known post-reform slope."""
    rows = []
    codes = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20",
             "21", "22", "23", "24", "25"]  # fmt: skip
    for y in range(2014, 2025):
        t = y - 2018
        eta = 0.2 + 0.01 * t + post_slope * max(0, t) + 0.1 * (y in (2020, 2021))
        regional = [_expit(eta + rng.normal(0, 0.15) + rng.normal(0, 0.01)) for _ in codes]
        for code, p in zip(codes, regional, strict=True):
            rows.append({"indicator": ind, "region_code": code, "sex": "T", "year": y, "value": 100 * p})
        rows.append(
            {"indicator": ind, "region_code": "00", "sex": "T", "year": y, "value": 100 * _expit(eta)}
        )
    return pd.DataFrame(rows)


def _inputs(registry: pd.DataFrame) -> dict:
    """Everything fit_all needs besides Kolada: the sheet and no report or Vården i siffror rows."""
    return dict(
        vis=pd.DataFrame(columns=["indicator"]),
        report=pd.DataFrame(columns=["report", "element", "series", "year", "unit", "value"]),
        figures=pd.DataFrame(columns=["figure", "series"]),
        registry=registry,
        models=MODELS,
        sensitivity=SETTINGS,
    )


def test_fit_all_on_a_synthetic_series_of_the_sheet():
    registry = load_registry(ROOT / "data-raw" / "indicators.csv")
    shares = registry[(registry["unit"] == "procent") & (registry["direction"] == "higher_better")]
    ind = next(i for i in ids_for(registry, "trend", "kolada") if i in set(shares["id"]))
    kolada = _kolada(ind, 0.12, np.random.default_rng(7))
    res = fit_all(kolada=kolada, **_inputs(registry))
    assert isinstance(res, TrendResults)
    assert set(res.tables()) == {"estimates", "fitted", "verdicts", "sensitivity", "robust"}
    row = res.robust.set_index("indicator").loc[ind]
    assert row["verdict"] == "förbättrad", row["reason"]
    assert row["slope_low"] < 0.13 < row["slope_high"]  # truth: 0.01 + 0.12 per year
    specs = set(res.verdicts.loc[res.verdicts["indicator"] == ind, "spec"])
    assert {"riket", "regioner_fe"} <= specs and sum(s.startswith("region:") for s in specs) == 21
    assert res.verdicts["verdict_fdr"].notna().all()
    assert len(res.sensitivity[res.sensitivity["indicator"] == ind]) == row["n_variants"] >= 5
    text = res.summary()
    assert ind in text and "förbättrad" in text and text.startswith("Trend models:")


def test_a_year_few_regions_report_is_left_out_of_the_national_model_only():
    """SYNTHETIC: in 2014 only 10 of 21 regions report; the national model and the robust verdict
    start in 2015 (one coverage rule), a region that reported 2014 keeps it, and the national
    model says why."""
    registry = load_registry(ROOT / "data-raw" / "indicators.csv")
    shares = registry[(registry["unit"] == "procent") & (registry["direction"] == "higher_better")]
    ind = next(i for i in ids_for(registry, "trend", "kolada") if i in set(shares["id"]))
    kolada = _kolada(ind, 0.12, np.random.default_rng(7))
    kept_2014 = sorted(kolada["region_code"].unique())[1:11]  # "00" first, then ten regions
    kolada = kolada[(kolada["year"] > 2014) | kolada["region_code"].isin(["00", *kept_2014])]
    res = fit_all(kolada=kolada, **_inputs(registry))
    v = res.verdicts[res.verdicts["indicator"] == ind].set_index("spec")
    assert v.at["riket", "first_year"] == 2015 == res.robust.set_index("indicator").at[ind, "first_year"]
    assert v.at[f"region:{kept_2014[0]}", "first_year"] == 2014
    assert "2014" in v.at["riket", "notes"]
    fitted = res.fitted[(res.fitted["indicator"] == ind) & (res.fitted["spec"] == "riket")]
    assert fitted["year"].min() == 2015


def test_fit_all_refits_only_the_series_whose_inputs_changed(caplog):
    """SYNTHETIC: two series; a revised value of one refits that one, and the tables equal a fresh fit."""
    registry = load_registry(ROOT / "data-raw" / "indicators.csv")
    shares = set(
        registry.loc[(registry["unit"] == "procent") & (registry["direction"] == "higher_better"), "id"]
    )
    a, b = [i for i in ids_for(registry, "trend", "kolada") if i in shares][:2]
    kolada = pd.concat(
        [_kolada(a, 0.12, np.random.default_rng(7)), _kolada(b, 0.0, np.random.default_rng(8))]
    )
    common = _inputs(registry)
    first = fit_all(kolada=kolada, **common)
    revised = kolada.copy()
    hit = (revised["indicator"] == b) & (revised["region_code"] == "03") & (revised["year"] == 2024)
    revised.loc[hit, "value"] += 1.3
    with caplog.at_level("INFO", logger="trends_models"):
        again = fit_all(kolada=revised, earlier=first.keyed, **common)
    kept = [r.getMessage() for r in caplog.records if "models kept" in r.getMessage()]
    assert kept == [
        f"{a}: same inputs as the last run, its models kept",
        "Vården i siffror: same inputs as the last run, its models kept",
        "report panels: same inputs as the last run, its models kept",
    ]
    assert again.keyed[a][1].results[0] is first.keyed[a][1].results[0]  # not refitted
    assert again.keyed[b][0] != first.keyed[b][0]
    fresh = fit_all(kolada=revised, **common)
    for name, table in fresh.tables().items():
        pd.testing.assert_frame_equal(again.tables()[name], table, obj=name)
    # other settings are other inputs: nothing is kept
    caplog.clear()
    with caplog.at_level("INFO", logger="trends_models"):
        fit_all(kolada=revised, earlier=again.keyed, **{**common, "models": {**MODELS, "confidence": 0.9}})
    assert not [r for r in caplog.records if "models kept" in r.getMessage()]
