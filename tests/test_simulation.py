"""The validation's simulated panels (synthetic data) and their summaries."""

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis import robust, simulation
from analysis.presentation.verdicts import ORDER
from analysis.trends.result import TrendConfig

CONFIG = TrendConfig()
ROOT = Path(__file__).resolve().parents[1]


def test_simulated_panel_has_every_region_and_year_and_the_national_mean():
    sc = simulation.scenario("forbattring")
    panel = simulation.simulate_panel(
        sc, np.random.default_rng(1), CONFIG, regions=4, years=range(2016, 2020)
    )
    regions = panel[panel["region_code"] != "00"]
    assert sorted(regions["region_code"].unique()) == ["01", "02", "03", "04"]
    assert len(regions) == 16 and regions["value"].between(0, 100).all()
    national = panel[panel["region_code"] == "00"].set_index("year")["value"]
    assert national.to_dict() == pytest.approx(regions.groupby("year")["value"].mean().to_dict())


def test_flat_world_has_no_trend_and_true_slope_zero():
    sc = simulation.scenario(simulation.NULL_SCENARIO)
    assert sc.true_slope == 0
    # no wave shocks, no noise, no region effects: every value is the same apart from the pandemic bump
    quiet = simulation.Scenario(
        "t", "t", slope_pre=0.0, pandemic=0.0, sd_region=0, sd_slope=0, sd_wave=0, sd_noise=0
    )
    panel = simulation.simulate_panel(quiet, np.random.default_rng(2), CONFIG, regions=3)
    assert np.allclose(panel["value"], 100 / (1 + np.exp(-0.4)))


def test_improvement_scenario_rises_after_the_reform():
    sc = simulation.scenario("forbattring")
    assert sc.true_slope == pytest.approx(sc.slope_pre + sc.slope_change) and sc.slope_change > 0
    quiet = simulation.Scenario(
        "t",
        "t",
        slope_pre=0.0,
        slope_change=0.1,
        pandemic=0.0,
        sd_region=0,
        sd_slope=0,
        sd_wave=0,
        sd_noise=0,
    )
    national = simulation.simulate_panel(quiet, np.random.default_rng(3), CONFIG).query("region_code == '00'")
    before = national[national["year"] <= CONFIG.knot]["value"]
    after = national[national["year"] > CONFIG.knot]["value"]
    assert before.nunique() == 1 and after.is_monotonic_increasing and after.min() > before.max()


def test_unknown_scenario_names_the_known_ones():
    with pytest.raises(ValueError, match="ingen_trend"):
        simulation.scenario("okänd")


def _reps():
    return pd.DataFrame(
        {
            "scenario": ["a"] * 4 + ["b"] * 2,
            "truth": [0.0] * 4 + [0.05] * 2,
            "verdict": [
                robust.IMPROVED,
                robust.NO_CHANGE,
                robust.NO_CHANGE,
                robust.SIGN_WORSENED,
                robust.IMPROVED,
                robust.IMPROVED,
            ],
            "nationell_estimate": [0.01, -0.01, 0.0, 0.02, 0.05, 0.07],
            "nationell_covers": [True, True, False, True, True, True],
            "nationell_width": [0.1] * 6,
            "hierarkisk_estimate": [0.0] * 6,
            "hierarkisk_covers": [True] * 6,
            "hierarkisk_width": [0.2] * 6,
        }
    )


def test_summarise_counts_coverage_bias_and_width_per_scenario_and_model():
    out = simulation.summarise(_reps()).set_index(["scenario", "model"])
    a = out.loc[("a", "nationell")]
    assert a["reps"] == 4 and a["coverage"] == 0.75 and a["bias"] == pytest.approx(0.005)
    assert a["coverage_low"] < 0.75 < a["coverage_high"]
    assert out.loc[("b", "hierarkisk"), "bias"] == pytest.approx(-0.05)
    assert out.loc[("b", "hierarkisk"), "mean_width"] == pytest.approx(0.2)


def test_verdict_shares_sum_to_one_per_scenario():
    shares = simulation.verdict_shares(_reps())
    assert shares.groupby("scenario")["share"].sum().tolist() == pytest.approx([1, 1])
    a = shares[shares["scenario"] == "a"].set_index("verdict")["share"]
    assert a[robust.NO_CHANGE] == 0.5


def test_word_rate_counts_the_words_with_a_wilson_interval():
    rate = simulation.word_rate(_reps(), "a", {robust.IMPROVED, robust.WORSENED})
    assert (rate["k"], rate["n"], rate["share"]) == (1, 4, 0.25)
    assert 0 < rate["low"] < 0.25 < rate["high"] < 1
    assert simulation.word_rate(_reps(), "b", {robust.WORSENED})["k"] == 0
    with pytest.raises(ValueError, match="'c'"):
        simulation.word_rate(_reps(), "c", {robust.IMPROVED})


def test_direction_word_rates_count_sure_sign_and_either():
    reps = _reps()
    rates = simulation.direction_word_rates(reps, "a")
    by_hand = reps[reps["scenario"] == "a"]["verdict"]
    for key, words in (("sure", simulation.SURE_WORDS), ("sign", simulation.SIGN_WORDS)):
        assert rates[key]["k"] == by_hand.isin(words).sum()
    assert rates["any"]["k"] == rates["sure"]["k"] + rates["sign"]["k"]


def test_run_is_repeatable_and_records_truth_and_words():
    settings = yaml.safe_load((ROOT / "config/config.yaml").read_text())["sensitivity"]
    first = simulation.run(simulation.NULL_SCENARIO, 2, 5, CONFIG, settings)
    again = simulation.run(simulation.NULL_SCENARIO, 2, 5, CONFIG, settings)
    pd.testing.assert_frame_equal(first, again)
    assert (first["truth"] == 0).all() and first["verdict"].isin(ORDER).all()


def test_the_workflow_runs_every_scenario():
    rules = (ROOT / "workflow/rules/trends.smk").read_text()
    listed = re.search(r"VALIDATION_SCENARIOS = \[(.*?)\]", rules, re.S).group(1)  # snakefmt may wrap it
    assert re.findall(r'"(\w+)"', listed) == [s.name for s in simulation.SCENARIOS]
