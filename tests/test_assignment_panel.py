"""Tests of analysis.assignment.panel: two-way FE recovers known effects; BH adjustment (synthetic panels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.assignment.panel import COLUMNS, PanelResult, add_bh, fit_fe, simulate_panel


def test_fe_recovers_known_effects_on_simulated_panel():
    effects = {"x1": 0.8, "x2": -0.5, "x3": 0.0}
    d = simulate_panel(effects, n_regions=21, noise=0.3, seed=3)
    t = fit_fe(d, "y", list(effects))
    assert list(t.columns) == COLUMNS
    for term, true in effects.items():
        r = t[t["term"] == term].iloc[0]
        assert r["ci_low"] < true < r["ci_high"], term
        assert abs(r["coef"] - true) < 0.1
    assert t["n_clusters"].iloc[0] == 21


def test_pooled_ols_would_be_biased_so_region_effects_matter():
    """The simulated regressors correlate with the region effects: the FE model must not be pooled OLS."""
    import statsmodels.formula.api as smf

    d = simulate_panel({"x1": 0.0}, noise=0.3, seed=5)
    pooled = smf.ols("y ~ x1", data=d).fit().params["x1"]
    fe = fit_fe(d, "y", ["x1"]).iloc[0]
    assert pooled > 0.5  # biased upwards by construction
    assert fe["ci_low"] < 0 < fe["ci_high"]


def test_interval_coverage_is_roughly_nominal():
    """Over repeated simulated panels the 95 % interval covers the truth in most runs."""
    hits = 0
    for seed in range(40):
        d = simulate_panel({"x1": 0.4}, n_regions=20, noise=1.0, seed=100 + seed)
        r = fit_fe(d, "y", ["x1"]).iloc[0]
        hits += r["ci_low"] < 0.4 < r["ci_high"]
    assert hits >= 33


def test_complete_cases_and_too_few_rows():
    d = simulate_panel({"x1": 1.0}, n_regions=6, seed=2)
    d.loc[d.index[:5], "x1"] = np.nan
    t = fit_fe(d, "y", ["x1"])
    assert t["n_obs"].iloc[0] == len(d) - 5
    with pytest.raises(ValueError, match="too few"):
        fit_fe(d.head(8), "y", ["x1"])


def test_bh_matches_hand_computation():
    t = pd.DataFrame({"p": [0.01, 0.04, 0.03, 0.5]})
    out = add_bh(t)
    # sorted p: 0.01, 0.03, 0.04, 0.5 -> p*m/rank: 0.04, 0.06, 0.0533, 0.5 -> monotone: 0.04, 0.0533, 0.0533, 0.5
    np.testing.assert_allclose(out["p_bh"], [0.04, 0.053333, 0.053333, 0.5], rtol=1e-4)
    assert out["reject_bh"].tolist() == [True, False, False, False]


def test_summary_lists_every_term():
    d = simulate_panel({"x1": 1.0, "x2": 2.0}, n_regions=8, seed=4)
    text = PanelResult(fit_fe(d, "y", ["x1", "x2"], model="m")).summary()
    assert "x1" in text and "x2" in text and "clusters=8" in text
