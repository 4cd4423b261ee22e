"""Robust verdicts: the rule, its sensitivity set, the hierarchical model and FDR control."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from analysis import robust
from analysis.trends.models import fit_survey_trend
from analysis.trends.result import TrendConfig

CONFIG = TrendConfig()
SETTINGS = {"pandemic_years_wide": [2020, 2021, 2022], "knot_shift": 1}


def _variants(rows):
    return pd.DataFrame(rows, columns=["variant", "label_sv", "estimate", "ci_low", "ci_high"])


def test_bh_matches_statsmodels():
    p = np.array([0.001, 0.01, 0.03, 0.04, 0.2, np.nan, 0.5])
    adjusted, reject = robust.bh_adjust(p, 0.05)
    ok = np.isfinite(p)
    want_reject, want_adj, _, _ = multipletests(p[ok], alpha=0.05, method="fdr_bh")
    np.testing.assert_allclose(adjusted[ok], want_adj)
    assert (reject[ok] == want_reject).all() and np.isnan(adjusted[~ok]).all() and not reject[~ok].any()


def test_eleven_nominal_regions_become_few_after_bh():
    # 11 of 21 p-values just under 0.05, the rest null: BH keeps none of the marginal ones
    p = np.r_[np.full(11, 0.04), np.linspace(0.2, 0.9, 10)]
    _, reject = robust.bh_adjust(p, 0.05)
    assert reject.sum() == 0


@pytest.mark.parametrize(
    ("rows", "direction", "word"),
    [
        ([("huvudmodell", "", 1, 0.5, 1.5), ("a", "A", 1, 0.2, 1.8)], "higher_better", robust.IMPROVED),
        (
            [("huvudmodell", "", 1, 0.5, 1.5), ("a", "A", 0.6, -0.1, 1.3)],
            "higher_better",
            robust.SIGN_IMPROVED,
        ),
        ([("huvudmodell", "", 1, 0.5, 1.5), ("a", "A", -0.2, -0.9, 0.5)], "higher_better", robust.NO_CHANGE),
        ([("huvudmodell", "", 1, -0.5, 2.5)], "higher_better", robust.NO_CHANGE),
        ([("huvudmodell", "", 1, 0.5, 1.5)], "lower_better", robust.WORSENED),
        ([("huvudmodell", "", -1, -1.5, -0.5)], "neutral", robust.DECREASED),
        ([("huvudmodell", "", np.nan, np.nan, np.nan)], "higher_better", robust.NOT_ASSESSABLE),
    ],
)
def test_robust_word(rows, direction, word):
    assert robust.robust_word(_variants(rows), direction)[0] == word


def test_fdr_failure_removes_the_word():
    rows = _variants([("huvudmodell", "", 1, 0.5, 1.5)])
    assert robust.robust_word(rows, "higher_better", significant_after_fdr=False)[0] == robust.NO_CHANGE


def test_unknown_direction_raises():
    with pytest.raises(ValueError, match="direction"):
        robust.robust_word(_variants([("huvudmodell", "", 1, 0.5, 1.5)]), "up")


def test_rounded_years_finds_whole_number_years():
    df = pd.DataFrame({"year": [2016, 2016, 2017, 2017], "value": [61.0, 70.0, 61.3, 70.0]})
    assert robust.rounded_years(df) == [2016]


def test_sensitivity_set_is_the_declared_one():
    years = range(2016, 2025)
    names = [
        v.name for v in robust.sensitivity_set(CONFIG, SETTINGS, years, flagged_waves=[2020], rounded=[2016])
    ]
    assert names == [
        "huvudmodell",
        "utan_senaste",
        "pandemi_bred",
        "knut_tidigare",
        "knut_senare",
        "utan_avrundade",
        "utan_flaggade",
        "hierarkisk",
    ]
    # flagged or rounded years outside the data add no variant
    names = [v.name for v in robust.sensitivity_set(CONFIG, SETTINGS, years, flagged_waves=[2030])]
    assert "utan_flaggade" not in names and "utan_avrundade" not in names


def test_level_effect_known_values():
    national = pd.DataFrame({"year": range(2016, 2025), "value": [50, 52, 51, 60, 70, 70, 60, 61, 62]})
    out = robust.level_effect(national, CONFIG, last_n=3)
    assert out["effect"] == pytest.approx(61 - 51)
    assert out["effect_last_years"] == "2022, 2023, 2024"  # pandemic years 2020-21 left out
    assert out["effect_low"] < 10 < out["effect_high"]
    short = robust.level_effect(national[national["year"] >= 2018], CONFIG)
    assert np.isnan(short["effect"]) and short["effect_note"]


def _panel(rng, slope_post, wave_sd=0.05, regions=21, years=range(2016, 2025)):
    """Synthetic test panel (labelled as such): logit values with region, wave and noise terms."""
    rows = []
    waves = {y: rng.normal(0, wave_sd) for y in years}
    for r in range(regions):
        a, s = rng.normal(0, 0.3), rng.normal(0, 0.01)
        for y in years:
            t = y - CONFIG.knot
            eta = 0.3 + 0.01 * t + 0.05 * (y in CONFIG.pandemic_years) + (slope_post + s) * max(t, 0) + a
            eta += waves[y] + rng.normal(0, 0.05)
            rows.append((f"{r + 1:02d}", y, 100 / (1 + np.exp(-eta))))
    return pd.DataFrame(rows, columns=["region_code", "year", "value"])


def test_hierarchical_recovers_the_post_reform_slope():
    rng = np.random.default_rng(7)
    out = robust.fit_hierarchical(_panel(rng, slope_post=0.05), CONFIG)
    # true post-reform slope = 0.01 + 0.05
    assert out["basis"] == "post_reform"
    assert out["ci_low"] < 0.06 < out["ci_high"]
    assert abs(out["estimate"] - 0.06) < 0.03
    assert out["var_wave"] >= 0


def test_hierarchical_needs_enough_waves_and_regions():
    rng = np.random.default_rng(1)
    few = _panel(rng, 0.05, years=range(2018, 2021))
    assert robust.fit_hierarchical(few, CONFIG)["basis"] == "no_slope"


@pytest.mark.parametrize("change", [0.0, -0.04])
def test_national_log_slope_recovers_the_change_at_the_reform(change):
    """SYNTHETIC log rates falling 3 % a year, then 3 % or 7 % after the knot, with small noise:
    the change in slope is recovered with an interval that covers it, and a decline that only
    went on is not a change."""
    rng = np.random.default_rng(3)
    years = np.arange(2010, 2025)
    t = years - CONFIG.knot
    log_rate = 6.0 - 0.03 * t + change * np.maximum(t, 0) + rng.normal(0, 0.005, len(years))
    national = pd.DataFrame({"region_code": "00", "year": years, "value": np.exp(log_rate)})
    out = robust.national_log_slope(national, CONFIG)
    assert out["basis"] == "post_reform"
    assert out["pre_estimate"] + out["change_estimate"] == pytest.approx(out["estimate"])
    assert abs(out["pre_estimate"] + 0.03) < 0.01
    assert out["change_low"] < change < out["change_high"]
    assert (out["change_high"] < 0) is (change < 0)


def test_a_latest_wave_that_flips_sign_removes_the_verdict():
    """A series rising only because of its latest wave loses its word in the sensitivity set."""
    years = list(range(2016, 2025))
    values = [60.0, 60.4, 59.8, 60.2, 59.9, 60.1, 59.7, 60.0, 66.0]  # flat, then a jump in 2024
    national = pd.DataFrame({"region_code": "00", "sex": "T", "year": years, "value": values})

    def fit(rows, cfg):
        return fit_survey_trend(rows, config=cfg, region_fe=False, with_fitted=False).slope

    variants = [v for v in robust.sensitivity_set(CONFIG, SETTINGS, years) if not v.hierarchical]
    table = robust.run_variants(national, national.iloc[0:0], variants, fit)
    word, reason = robust.robust_word(table, "higher_better")
    assert word in (robust.NO_CHANGE, robust.SIGN_IMPROVED)
    without_latest = table[table["variant"] == "utan_senaste"].iloc[0]
    assert without_latest["ci_low"] < 0 < without_latest["ci_high"]
    assert word != robust.IMPROVED and reason


def test_difference_in_differences_cancels_shared_shocks():
    years = list(range(2016, 2025))
    shock = np.array([0, 1, -1, 2, 5, 4, 1, -2, 3], float)  # shared by both series (synthetic)
    treated = pd.DataFrame({"year": years, "value": 60 + shock + np.r_[np.zeros(3), np.full(6, 3.0)]})
    control = pd.DataFrame({"year": years, "value": 70 + shock})
    out = robust.difference_in_differences(treated, control, CONFIG)
    assert out["did_effect"] == pytest.approx(3.0)
    assert out["did_effect_low"] == pytest.approx(3.0) and out["did_effect_high"] == pytest.approx(3.0)
