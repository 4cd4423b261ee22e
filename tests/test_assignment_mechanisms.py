"""Tests of analysis.assignment.mechanisms: panel construction and recovery of known effects (synthetic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.assignment import mechanisms as M
from analysis.assignment.panel import simulate_panel


def _tidy(rows):
    d = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value"])
    d["sex"] = "T"
    return d


def test_panel_changes_and_lags_hand_computed():
    rows = []
    for year, pc, som, tax, eq in (
        (2019, 200, 700, 11.0, -10.0),
        (2020, 220, 770, 11.5, -8.0),
        (2022, 250, 800, 11.5, -5.0),
    ):
        rows += [
            ("cost_primary_care", "01", year, pc),
            ("cost_somatic", "01", year, som),
            ("cost_psychiatric", "01", year, 100),
            ("tax_rate", "01", year, tax),
            ("equity_ratio", "01", year, eq),
            ("financial_result", "01", year, 1.0),
            ("balance_result", "01", year, 0.5),
            ("share_80plus", "01", year, 5.0),
            ("standard_cost", "01", year, 30000),
        ]
    p = M.mechanism_panel(_tidy(rows)).set_index("year")
    # 2020: share 220/1090 - 200/1000 = 0.201835 - 0.2 -> 0.1835 pp; pc +10 %; spec 800 -> 870: +8.75 %
    assert p.loc[2020, "d_share"] == pytest.approx(100 * (220 / 1090 - 0.2))
    assert p.loc[2020, "pc_growth"] == pytest.approx(10.0)
    assert p.loc[2020, "spec_growth"] == pytest.approx(8.75)
    assert p.loc[2020, "d_tax"] == pytest.approx(0.5)
    assert p.loc[2020, "equity_lag"] == pytest.approx(-10.0)
    # 2022 follows a gap (no 2021): no change is computed across the gap
    assert np.isnan(p.loc[2022, "d_share"]) and np.isnan(p.loc[2022, "equity_lag"])
    assert np.isnan(p.loc[2019, "d_share"])


def test_models_recover_known_effects_and_apply_bh():
    effects = {r: 0.0 for r in M.REGRESSORS}
    effects["spec_growth"] = -0.3
    effects["d_tax"] = 2.0
    sim = simulate_panel(effects, n_regions=20, years=range(2017, 2025), noise=0.3, seed=11)
    panel = sim.rename(columns={"y": "d_share"})
    panel["pc_growth"] = sim["y"] * 2
    panel["result_balance_lag"] = panel["result_lag"] + np.random.default_rng(1).normal(0, 0.1, len(panel))
    res = M.mechanism_models(panel)
    t = res.table[res.table["model"] == "d_share"].set_index("term")
    for term, true in effects.items():
        assert t.loc[term, "ci_low"] < true < t.loc[term, "ci_high"], term
    assert t.loc["spec_growth", "reject_bh"] and t.loc["d_tax", "reject_bh"]
    main = res.table[res.table["family"] == "huvud"]
    assert main["p_bh"].notna().all() and (main["p_bh"] >= main["p"] - 1e-12).all()
    assert res.table.loc[res.table["family"] == "variant", "p_bh"].isna().all()


def test_mechanical_share_slope():
    assert M.mechanical_share_slope(0.2) == pytest.approx(-0.16)


def test_between_regions_recovers_a_known_difference():
    rng = np.random.default_rng(4)
    codes = [f"{i:02d}" for i in range(1, 21)]
    cov = pd.DataFrame({"region_code": codes, "any_lov": [float(i % 2) for i in range(20)]})
    rows = []
    for code, lov in zip(codes, cov["any_lov"], strict=True):
        for year in range(2017, 2025):
            rows.append({"region_code": code, "year": year, "d_share": 0.3 * lov + rng.normal(0, 0.1)})
    r = M.between_regions(pd.DataFrame(rows), cov, "any_lov")
    assert r["ci_low"] < 0.3 < r["ci_high"] and r["n_obs"] == 20 and r["n_with"] == 10


def test_organisation_covariate_is_binary():
    rv = pd.DataFrame(
        {
            "element": ["Tabell 14"] * 3 + ["P05"],
            "series": ["supplementary_lov_schemes"] * 4,
            "region_code": ["01", "03", "00", "01"],
            "value": [10.0, 0.0, 5.0, 10.0],
        }
    )
    out = M.organisation_covariate(rv)
    assert out.to_dict("records") == [
        {"region_code": "01", "any_lov": 1.0},
        {"region_code": "03", "any_lov": 0.0},
    ]
