"""Tests of analysis.assignment.shift: kommun -> län aggregation (worked example), panel, models."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.assignment import shift as S
from analysis.assignment.panel import simulate_panel

KEY = pd.DataFrame(
    {"kommun": ["0114", "0115", "0380", "0381", "0382"], "region": ["01", "01", "03", "03", "03"]}
)


def test_weighted_aggregation_worked_example():
    # län 01: (10 % of 1 000 + 20 % of 3 000) / 4 000 = 17,5 %; län 03: 0381 missing ->
    # (6 % of 500 + 12 % of 1 500) / 2 000 = 10,5 %, one kommun missing
    values = pd.DataFrame(
        {
            "kommun": ["0114", "0115", "0380", "0381", "0382"],
            "year": 2020,
            "value": [10.0, 20.0, 6.0, np.nan, 12.0],
        }
    )
    weights = pd.DataFrame({"kommun": KEY["kommun"], "year": 2020, "weight": [1000, 3000, 500, 800, 1500]})
    out = S.aggregate_to_lan(values, KEY, weights).set_index("region_code")
    assert out.loc["01", "value"] == pytest.approx(17.5)
    assert out.loc["03", "value"] == pytest.approx(10.5)
    assert out.loc["03", "n_missing"] == 1 and out.loc["01", "n_missing"] == 0


def test_equal_weights_are_the_plain_mean():
    values = pd.DataFrame({"kommun": ["0114", "0115"], "year": [2021, 2021], "value": [10.0, 20.0]})
    out = S.aggregate_to_lan(values, KEY, None)
    assert out["value"].iloc[0] == pytest.approx(15.0)


def test_unknown_kommun_raises():
    values = pd.DataFrame({"kommun": ["9999"], "year": [2021], "value": [1.0]})
    with pytest.raises(ValueError, match="9999"):
        S.aggregate_to_lan(values, KEY)


def test_split_geo_and_national_check():
    ddf = pd.DataFrame({"geo": ["0", "01", "0114", "0115"], "year": 2020, "value": [14.0, 12.0, 10.0, 20.0]})
    parts = S.split_geo(ddf)
    assert parts["kommun"]["kommun"].tolist() == ["0114", "0115"]
    assert parts["region"]["region_code"].tolist() == ["01"]
    chk = S.national_check(parts["kommun"], parts["riket"])
    assert chk["difference"].iloc[0] == pytest.approx(1.0)


def _tidy(rows):
    d = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value"])
    d["sex"] = "T"
    return d


def test_build_panel_and_models_recover_simulated_effect():
    sim = simulate_panel({"beds": -2.0}, n_regions=21, years=range(2014, 2023), noise=0.2, seed=9)
    codes = sorted(S.REGION_CODES)
    sim["region_code"] = sim["region_code"].map(
        dict(zip(sorted(sim["region_code"].unique()), codes, strict=True))
    )
    rng = np.random.default_rng(0)
    rows = []
    for _, r in sim.iterrows():
        rows.append(("beds", r["region_code"], r["year"], r["beds"]))
        rows.append(("readmissions", r["region_code"], r["year"], 15 + rng.normal()))
        rows.append(("emergency_visits_80plus", r["region_code"], r["year"], 600 + rng.normal()))
        rows.append(("overcrowding", r["region_code"], r["year"], 3 + rng.normal()))
    hhc = sim[["region_code", "year"]].assign(value=sim["y"])
    discharge = sim[["region_code", "year"]].assign(value=3 + rng.normal(size=len(sim)))
    panel = S.build_panel(_tidy(rows), hhc, discharge, 2014, 2022)
    assert set(panel["region_code"]) == set(codes)
    res = S.shift_models(panel)
    r = res.table[(res.table["model"] == "hemsjukvard_vardplatser")].iloc[0]
    assert r["ci_low"] < -2.0 < r["ci_high"]
    assert "Associations" in res.summary()


def test_region_changes():
    panel = pd.DataFrame(
        {"region_code": ["01", "01"], "year": [2016, 2022], "beds": [2.0, 1.5], "hhc": [10.0, 12.5]}
    )
    out = S.region_changes(panel, 2016, 2022).iloc[0]
    assert out["beds_change"] == pytest.approx(-0.5) and out["hhc_change_pp"] == pytest.approx(2.5)
