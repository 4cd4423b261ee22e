"""Tests of analysis.assignment.scenarios: the arithmetic against hand-computed cases (synthetic data)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.assignment import scenarios as SC


def test_required_primary_care_hand_computed():
    # pc 100, spec 300 (share 25 %), target 30 %, no ageing, 6 years:
    # pc_T = 0.3/0.7 * 300 = 128.5714; growth = 1.285714^(1/6) - 1 = 0.042775
    r = SC.required_primary_care(100, 300, 0.30, 0.0, 6)
    assert r["spec_target"] == pytest.approx(300)
    assert r["pc_target"] == pytest.approx(128.571428, rel=1e-6)
    assert r["extra_per_inv"] == pytest.approx(28.571428, rel=1e-6)
    assert r["pc_growth"] == pytest.approx(0.042775, abs=1e-6)
    # total: (128.5714 + 300) / 400 = 1.0714 -> 1.0714^(1/6) - 1 = 0.011566
    assert r["total_growth"] == pytest.approx(0.011566, abs=1e-6)


def test_ageing_and_price_difference_hand_computed():
    # spec grows 1 %/yr for 2 years: 300 * 1.0201 = 306.03; pc_T = 0.25/0.75 * 306.03 = 102.01
    r = SC.required_primary_care(100, 300, 0.25, 0.01, 2)
    assert r["spec_target"] == pytest.approx(306.03)
    assert r["pc_target"] == pytest.approx(102.01)
    # primary care's prices 0,5 pp faster: 102.01 * 1.005^2 = 103.0326
    r2 = SC.required_primary_care(100, 300, 0.25, 0.01, 2, price_diff=0.005)
    assert r2["pc_target"] == pytest.approx(103.0326, rel=1e-5)


def test_target_share_rules():
    assert SC.target_share("bast", 0.20, 0.24, None, 0.25) == 0.24
    assert SC.target_share("bast", 0.26, 0.24, None, 0.25) == 0.26  # never asked to shrink
    assert SC.target_share("eget_mal", 0.20, 0.24, None, 0.25) == 0.25
    assert SC.target_share("plus2", 0.20, 0.24, 0.02, 0.25) == pytest.approx(0.22)


def _tidy(rows):
    d = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value"])
    d["sex"] = "T"
    return d


def _region(code, pc, som, psy, pop, a80_start, a80_end, beds=2.0):
    rows = []
    for year, a80 in ((2016, a80_start), (2024, a80_end)):
        rows += [
            ("cost_primary_care", code, year, pc),
            ("cost_somatic", code, year, som),
            ("cost_psychiatric", code, year, psy),
            ("population", code, year, pop),
            ("share_80plus", code, year, a80),
            ("beds", code, year, beds),
        ]
    return rows


def test_capacity_scenarios_two_regions_hand_computed():
    # region 01: pc 200, spec 800 (20 %), pop 1 000 000; region 03: pc 300, spec 700 (30 %), pop 500 000
    kolada = _tidy(
        _region("01", 200, 700, 100, 1_000_000, 5.0, 5.0) + _region("03", 300, 600, 100, 500_000, 5.0, 5.0)
    )
    params = SC.CapacityParams(
        target_year=2030,
        n_best=1,
        increments=(0.02,),
        elasticities=(0.0,),
        central_elasticity=0.0,
        price_diffs=(0.0,),
    )
    res = SC.capacity_scenarios(kolada, params)
    reg = res.regions.set_index(["region_code", "target"])
    # best level = 30 % (region 03): region 01 needs 0.3/0.7*800 = 342.857 -> extra 142.857 kr/inv
    assert reg.loc[("01", "bast"), "extra_per_inv"] == pytest.approx(142.857, rel=1e-5)
    assert reg.loc[("01", "bast"), "extra_mnkr"] == pytest.approx(142.857, rel=1e-5)
    assert reg.loc[("03", "bast"), "extra_per_inv"] == pytest.approx(0.0, abs=1e-9)
    # +2 pp for 03: 0.32/0.68*700 = 329.4118 -> extra 29.4118 kr/inv * 0.5 M = 14.7059 mnkr
    assert reg.loc[("03", "plus2"), "extra_mnkr"] == pytest.approx(14.7059, rel=1e-4)
    nat = res.national.set_index("target")
    assert nat.loc["bast", "extra_mnkr"] == pytest.approx(142.857, rel=1e-5)
    # national share before: (200e6 + 150e6) / (1000e6 + 500e6) = 23.333 %
    assert nat.loc["bast", "share_base"] == pytest.approx(0.233333, rel=1e-5)
    assert nat.loc["bast", "spec_growth"] == pytest.approx(0.0, abs=1e-12)
    assert "bast" in res.summary()


def test_ageing_growth_never_shrinks_specialised_care():
    kolada = _tidy(
        _region("01", 200, 700, 100, 1_000_000, 6.0, 5.0) + _region("03", 300, 600, 100, 500_000, 5.0, 5.0)
    )
    params = SC.CapacityParams(elasticities=(1.0,), central_elasticity=1.0, price_diffs=(0.0,))
    res = SC.capacity_scenarios(kolada, params)
    assert (res.regions["spec_target"] >= res.regions["spec_base"] - 1e-9).all()


def test_target_year_must_follow_base_year():
    kolada = _tidy(
        _region("01", 200, 700, 100, 1_000_000, 5.0, 5.0) + _region("03", 300, 600, 100, 500_000, 5.0, 5.0)
    )
    with pytest.raises(ValueError, match="not after"):
        SC.capacity_scenarios(kolada, SC.CapacityParams(target_year=2024))
