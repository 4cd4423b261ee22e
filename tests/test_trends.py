"""Tests of the trend models (analysis.trends).

Most tests use SYNTHETIC data simulated from known parameters (labelled as such): the
estimates must recover them and the 95 % intervals must cover the true post-reform slope at
close to the nominal rate over repeated seeds. Others compare with statsmodels fitted
directly on small known inputs, and check the edge cases (missing years, a region without
data, 0 % / 100 %, short series) and the verdict rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from analysis.trends.contrasts import (
    compare_years,
    fit_year_effects,
    gap_by_year,
    proportion_interval,
    ratio_target_gap,
)
from analysis.trends.models import fit_binomial_trend, fit_survey_trend
from analysis.trends.report_points import figure_status, panel_points, panel_sizes
from analysis.trends.result import (
    DECREASED,
    IMPROVED,
    INCREASED,
    NO_CHANGE,
    NOT_ASSESSABLE,
    WORSENED,
    TrendConfig,
    TrendResult,
    verdict,
)
from analysis.trends.runners import last_year_before_break, run_panel_series

CFG = TrendConfig(pandemic_years=(2020, 2021), reform_start=2019, confidence=0.95)
YEARS = np.arange(2012, 2025)

# SYNTHETIC truth on the logit scale (intercept at the knot 2018, slopes per year).
TRUE = {"const": 0.4, "year": 0.03, "pandemic": 0.35, "year_post": -0.06}
TRUE_POST_SLOPE = TRUE["year"] + TRUE["year_post"]


def _eta(years, truth=TRUE, cfg=CFG):
    t = years - cfg.knot
    return (
        truth["const"]
        + truth["year"] * t
        + truth["pandemic"] * np.isin(years, cfg.pandemic_years)
        + truth["year_post"] * np.maximum(0, t)
    )


def synthetic_counts(seed: int, n: int = 3000, years=YEARS, truth=TRUE) -> pd.DataFrame:
    """SYNTHETIC national series: binomial counts from the true model."""
    rng = np.random.default_rng(seed)
    p = 1 / (1 + np.exp(-_eta(years, truth)))
    k = rng.binomial(n, p)
    return pd.DataFrame(
        {
            "region_code": "00",
            "sex": "T",
            "year": years,
            "value": 100 * k / n,
            "numerator": k.astype(float),
            "denominator": float(n),
        }
    )


def synthetic_shares(seed: int, sd: float = 0.05, years=YEARS, regions=("00",)) -> pd.DataFrame:
    """SYNTHETIC survey shares without n: logit-normal noise around the true model."""
    rng = np.random.default_rng(seed)
    rows = []
    for i, code in enumerate(regions):
        eta = _eta(years) + 0.1 * i + rng.normal(0, sd, len(years))
        rows.append(
            pd.DataFrame({"region_code": code, "sex": "T", "year": years, "value": 100 / (1 + np.exp(-eta))})
        )
    return pd.concat(rows, ignore_index=True)


def _coverage_tolerance(reps: int, level: float = 0.95) -> float:
    """Three binomial standard errors of an observed coverage rate."""
    return 3 * np.sqrt(level * (1 - level) / reps)


# ---------------------------------------------------------------------------------------------
# Recovery and coverage (SYNTHETIC)


def test_synthetic_binomial_recovers_parameters():
    res = fit_binomial_trend(synthetic_counts(1, n=200_000), config=CFG, overdispersion="binomial")
    for term, true in TRUE.items():
        est, se = res.params[term], np.sqrt(res.cov.loc[term, term])
        assert abs(est - true) < 4 * se, (term, est, true, se)
    assert res.variance == "binomial_n"
    assert res.slope["basis"] == "post_reform"
    assert abs(res.slope["estimate"] - TRUE_POST_SLOPE) < 4 * res.slope["std_error"]


def test_the_slope_carries_the_change_at_the_reform_and_the_slope_before_it():
    """SYNTHETIC: the change in slope is the year_post coefficient, with its own interval."""
    res = fit_binomial_trend(synthetic_counts(1, n=200_000), config=CFG, overdispersion="binomial")
    s = res.slope
    assert s["change_estimate"] == pytest.approx(res.params["year_post"])
    assert s["pre_estimate"] == pytest.approx(res.params["year"])
    assert s["pre_estimate"] + s["change_estimate"] == pytest.approx(s["estimate"])
    assert s["change_low"] < TRUE["year_post"] < s["change_high"] < 0  # it turned down at the reform
    assert s["change_p"] < 0.05


def test_synthetic_binomial_post_slope_coverage_is_nominal():
    reps = 200
    hits = 0
    for seed in range(reps):
        res = fit_binomial_trend(
            synthetic_counts(seed), config=CFG, overdispersion="binomial", with_fitted=False
        )
        hits += res.slope["ci_low"] <= TRUE_POST_SLOPE <= res.slope["ci_high"]
    assert abs(hits / reps - 0.95) <= _coverage_tolerance(reps), hits / reps


def test_synthetic_quasi_post_slope_coverage_is_nominal():
    reps = 200
    hits = 0
    for seed in range(reps):
        res = fit_survey_trend(synthetic_shares(seed), config=CFG, with_fitted=False)
        assert res.variance == "quasi_binomial" and res.use_t
        hits += res.slope["ci_low"] <= TRUE_POST_SLOPE <= res.slope["ci_high"]
    assert abs(hits / reps - 0.95) <= _coverage_tolerance(reps), hits / reps


def test_synthetic_regional_panel_recovers_common_slope():
    data = synthetic_shares(7, sd=0.03, regions=("01", "03", "04", "05", "06"))
    res = fit_survey_trend(data, config=CFG)
    assert res.formula.startswith("logit(andel) ~ 1 + region")
    assert abs(res.slope["estimate"] - TRUE_POST_SLOPE) < 4 * res.slope["std_error"]
    # one fitted curve per region, covering every year
    assert set(res.fitted["region_code"]) == {"01", "03", "04", "05", "06"}
    assert len(res.fitted) == 5 * len(YEARS)


# ---------------------------------------------------------------------------------------------
# Agreement with statsmodels fitted directly


def _exog(years, cfg=CFG):
    t = years - cfg.knot
    return pd.DataFrame(
        {
            "const": 1.0,
            "year": t.astype(float),
            "pandemic": np.isin(years, cfg.pandemic_years).astype(float),
            "year_post": np.maximum(0, t).astype(float),
        }
    )


def test_binomial_matches_statsmodels_two_column_endog():
    years = np.arange(2015, 2025)
    k = np.array([410, 432, 455, 430, 470, 520, 515, 480, 470, 490], float)
    n = np.array([800, 820, 850, 790, 860, 900, 880, 870, 860, 880], float)
    df = pd.DataFrame({"year": years, "value": 100 * k / n, "numerator": k, "denominator": n})
    res = fit_binomial_trend(df, config=CFG, overdispersion="binomial")
    direct = sm.GLM(np.column_stack([k, n - k]), _exog(years), family=sm.families.Binomial()).fit()
    np.testing.assert_allclose(res.params.to_numpy(), direct.params.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(res.cov)), direct.bse.to_numpy(), rtol=1e-6)


def test_quasi_matches_statsmodels_pearson_scale():
    years = np.arange(2016, 2025)
    value = np.array([60.0, 60.7, 60.7, 60.2, 69.4, 69.3, 62.1, 60.9, 67.3])
    res = fit_survey_trend(pd.DataFrame({"year": years, "value": value}), config=CFG)
    direct = sm.GLM(value / 100, _exog(years), family=sm.families.Binomial()).fit(scale="X2", use_t=True)
    np.testing.assert_allclose(res.params.to_numpy(), direct.params.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(res.cov)), direct.bse.to_numpy(), rtol=1e-6)
    assert res.dispersion == pytest.approx(direct.scale)
    # the post-reform slope is year + year_post with a t interval on the residual df
    L = np.array([0, 1, 0, 1.0])
    se = np.sqrt(L @ direct.cov_params().to_numpy() @ L)
    q = stats.t.ppf(0.975, direct.df_resid)
    assert res.slope["ci_low"] == pytest.approx(L @ direct.params.to_numpy() - q * se)


def test_survey_with_known_n_uses_var_weights():
    years = np.array([2014, 2016, 2020, 2022, 2024])
    value = np.array([67.0, 67.0, 62.0, 50.0, 67.0])
    n = {2014: 9188, 2016: 9596, 2020: 9508, 2022: 5027, 2024: 10006}
    res = fit_survey_trend(
        pd.DataFrame({"year": years, "value": value}), n=n, config=CFG, overdispersion="binomial"
    )
    exog = _exog(years)[list(res.params.index)]
    direct = sm.GLM(
        value / 100, exog, family=sm.families.Binomial(), var_weights=np.array([n[y] for y in years], float)
    ).fit()
    np.testing.assert_allclose(res.params.to_numpy(), direct.params.to_numpy(), rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(res.cov)), direct.bse.to_numpy(), rtol=1e-6)


# ---------------------------------------------------------------------------------------------
# Edge cases


def test_missing_years_are_gaps_not_errors():
    data = synthetic_counts(3)
    data = data[~data["year"].isin([2014, 2017, 2022])]
    res = fit_binomial_trend(data, config=CFG)
    assert res.n_obs == len(YEARS) - 3
    fitted = res.fitted.set_index("year")
    assert list(fitted.index) == list(YEARS)  # the grid covers the missing years
    assert not fitted.loc[[2014, 2017, 2022], "in_data"].any()
    assert fitted[["fit_low", "fit_high"]].notna().all().all()
    assert (fitted["fit_low"] <= fitted["fit"]).all() and (fitted["fit"] <= fitted["fit_high"]).all()


def test_region_without_data_is_reported_and_skipped():
    data = synthetic_shares(4, regions=("01", "03", "04"))
    empty = data[data["region_code"] == "04"].assign(value=np.nan)
    data = pd.concat([data[data["region_code"] != "04"], empty], ignore_index=True)
    res = fit_survey_trend(data, config=CFG, regions=("01", "03", "04", "05"))
    assert res.regions == ["01", "03"]
    notes = " ".join(res.notes)
    assert "rows without a value" in notes
    assert "no data for region(s) 04, 05" in notes
    assert set(res.fitted["region_code"]) == {"01", "03"}


def test_zero_and_hundred_percent_values():
    years = np.arange(2016, 2025)
    value = np.array([0.0, 2.0, 3.0, 1.0, 5.0, 4.0, 3.0, 6.0, 5.0])
    res = fit_survey_trend(pd.DataFrame({"year": years, "value": value}), n=200, config=CFG)
    assert np.isfinite(res.params).all()
    top = fit_survey_trend(pd.DataFrame({"year": years, "value": 100 - value}), n=200, config=CFG)
    np.testing.assert_allclose(top.params.to_numpy(), -res.params.to_numpy(), rtol=1e-6)
    # a region with only 0 % has no finite fixed effect: left out with a note
    panel = pd.concat(
        [
            pd.DataFrame({"region_code": "01", "year": years, "value": value + 10}),
            pd.DataFrame({"region_code": "03", "year": years, "value": 0.0}),
        ]
    )
    res = fit_survey_trend(panel, n=200, config=CFG)
    assert res.regions == ["01"]
    assert any("only 0 % or only 100 %" in n for n in res.notes)


def test_short_series_drop_terms_and_say_why():
    n = {2014: 9188, 2020: 9508, 2022: 5027, 2024: 10006}
    two = fit_survey_trend(pd.DataFrame({"year": [2014, 2024], "value": [88.0, 84.0]}), n=n, config=CFG)
    assert list(two.params.index) == ["const", "year"]
    assert two.slope["basis"] == "whole_period"
    assert dict(two.dropped)["year_post"].startswith("färre än två år")
    # all data after the reform: year_post is the year slope itself
    post = fit_survey_trend(pd.DataFrame({"year": [2020, 2024], "value": [76.0, 73.0]}), n=n, config=CFG)
    assert post.slope["basis"] == "post_only_data"
    # three waves with one pandemic year: a pandemic shift would use up the last residual df
    three = fit_survey_trend(
        pd.DataFrame({"year": [2020, 2022, 2024], "value": [16.0, 7.0, 17.0]}), n=n, config=CFG
    )
    assert "pandemic" not in three.params.index
    assert "någon frihetsgrad kvar" in dict(three.dropped)["pandemic"]
    # ... and the strong lack of fit switches on the Pearson dispersion (wide t interval)
    assert three.variance == "binomial_n_pearson" and three.dispersion > 10
    assert verdict(three, "higher_better") == NO_CHANGE
    one = fit_survey_trend(pd.DataFrame({"year": [2024], "value": [40.0]}), n=n, config=CFG)
    assert verdict(one, "higher_better") == NOT_ASSESSABLE


def test_no_post_reform_data_cannot_be_assessed():
    years = np.arange(2011, 2016)
    res = fit_survey_trend(pd.DataFrame({"year": years, "value": [61.6, 64.2, 62.3, 63.9, 63.5]}), config=CFG)
    assert {t for t, _ in res.dropped} == {"pandemic", "year_post"}
    assert verdict(res, "higher_better") == NOT_ASSESSABLE


def test_quasi_model_keeps_a_residual_df():
    res = fit_survey_trend(
        pd.DataFrame({"year": [2019, 2020, 2021], "value": [80.0, 82.0, 81.0]}), config=CFG
    )
    assert res.df_resid >= 1


def test_sex_split_is_used_when_present():
    rows = []
    for sex, shift in (("K", 0.0), ("M", 0.2), ("T", 0.1)):
        eta = _eta(YEARS) + shift
        rows.append(pd.DataFrame({"sex": sex, "year": YEARS, "value": 100 / (1 + np.exp(-eta))}))
    data = pd.concat(rows, ignore_index=True)
    data["value"] += np.random.default_rng(0).normal(0, 0.3, len(data))
    res = fit_survey_trend(data, config=CFG)
    assert "sex[M]" in res.params.index and res.sexes == ["K", "M"]
    assert res.params["sex[M]"] == pytest.approx(0.2, abs=0.05)


# ---------------------------------------------------------------------------------------------
# The verdict rule


def _with_slope(lo, hi, basis="post_reform"):
    r = TrendResult(
        indicator="x",
        spec="s",
        formula="",
        variance="",
        assumptions="",
        n_obs=9,
        years=[2016, 2024],
        regions=["00"],
        sexes=["T"],
        df_resid=5,
        dispersion=1,
        use_t=False,
        params=pd.Series(dtype=float),
        cov=pd.DataFrame(),
    )
    r.slope = {"estimate": (lo + hi) / 2, "ci_low": lo, "ci_high": hi, "basis": basis}
    return r


@pytest.mark.parametrize(
    ("lo", "hi", "direction", "expected"),
    [
        (0.01, 0.05, "higher_better", IMPROVED),
        (-0.05, -0.01, "higher_better", WORSENED),
        (-0.01, 0.05, "higher_better", NO_CHANGE),
        (-0.05, -0.01, "lower_better", IMPROVED),
        (0.01, 0.05, "lower_better", WORSENED),
        (-0.01, 0.01, "lower_better", NO_CHANGE),
        (0.01, 0.05, "neutral", INCREASED),
        (-0.05, -0.01, "neutral", DECREASED),
        (0.0, 0.05, "higher_better", NO_CHANGE),  # an interval touching zero does not exclude it
    ],
)
def test_verdict_rule(lo, hi, direction, expected):
    assert verdict(_with_slope(lo, hi), direction) == expected


def test_verdict_needs_post_reform_data_and_a_known_direction():
    assert verdict(_with_slope(0.01, 0.05, basis="no_post_data"), "higher_better") == NOT_ASSESSABLE
    with pytest.raises(ValueError):
        verdict(_with_slope(0.01, 0.05), "up")


# ---------------------------------------------------------------------------------------------
# Year contrasts, gaps, intervals and target arithmetic


def test_compare_years_recovers_a_known_shift():
    """SYNTHETIC regional panel: +0.4 on the logit scale in 2020-2021, back to base afterwards."""
    rng = np.random.default_rng(11)
    years = np.arange(2016, 2025)
    rows = []
    for i, code in enumerate(["01", "03", "04", "05", "06", "07", "08", "09"]):
        eta = 0.3 + 0.05 * i + 0.4 * np.isin(years, [2020, 2021]) + rng.normal(0, 0.02, len(years))
        rows.append(pd.DataFrame({"region_code": code, "year": years, "value": 100 / (1 + np.exp(-eta))}))
    model = fit_year_effects(pd.concat(rows), config=CFG)
    bump = compare_years(model, [2019], [2020, 2021], CFG)
    assert bump["logit_low"] < 0.4 < bump["logit_high"]
    assert bump["diff_pp_low"] > 0
    back = compare_years(model, [2019], [2024], CFG)
    assert back["diff_pp_low"] < 0 < back["diff_pp_high"]


def test_gap_by_year_paired_regional_mean():
    a = pd.DataFrame(
        {"region_code": ["00", "01", "03", "04"], "year": 2020, "value": [70.0, 72.0, 69.0, 75.0]}
    )
    b = pd.DataFrame(
        {"region_code": ["00", "01", "03", "04"], "year": 2020, "value": [60.0, 61.0, 60.0, 62.0]}
    )
    g = gap_by_year(a, b).iloc[0]
    gaps = np.array([11.0, 9.0, 13.0])
    assert g["gap_national"] == 10.0
    assert g["gap_regional_mean"] == pytest.approx(gaps.mean())
    half = stats.t.ppf(0.975, 2) * gaps.std(ddof=1) / np.sqrt(3)
    assert g["gap_low"] == pytest.approx(gaps.mean() - half)


def test_proportion_interval_is_wilson():
    lo, hi = proportion_interval([40.0, 17.0, np.nan], [10006, 10006, 500])
    ref = proportion_confint(0.4 * 10006, 10006, method="wilson")
    assert lo[0] == pytest.approx(100 * ref[0]) and hi[0] == pytest.approx(100 * ref[1])
    assert np.isnan(lo[2])
    lo, _ = proportion_interval([40.0], [np.nan])
    assert np.isnan(lo[0])


def test_ratio_target_gap_arithmetic():
    g = ratio_target_gap(1879, 2039, 2017, 2023, 1100)
    assert g["doctors_increase_needed_pct"] == pytest.approx(100 * (2039 / 1100 - 1))
    assert g["annual_change_pct"] == pytest.approx(100 * ((2039 / 1879) ** (1 / 6) - 1))
    assert g["towards_target"] is False


def test_last_year_before_break():
    assert last_year_before_break("2024: metodbyte", range(2016, 2025)) == (
        2023,
        "modelled up to 2023: series break 2024 (metodbyte)",
    )
    assert last_year_before_break("", range(2016, 2025)) == (None, "")
    assert last_year_before_break("2014: x", range(2016, 2025)) == (None, "")


def test_config_from_workflow_section():
    cfg = TrendConfig.from_config({"pandemic_years": [2020], "reform_start": 2018, "confidence": 0.9})
    assert cfg.pandemic_years == (2020,) and cfg.knot == 2017 and cfg.confidence == 0.9


# ---------------------------------------------------------------------------------------------
# The report's survey points (fixtures in the transcription schema)


def _report_rows():
    base = {
        "report": "001",
        "page": 220,
        "line": 1,
        "region_code": "",
        "n": np.nan,
        "note": "",
        "status": "printed",
    }
    rows = [
        {
            **base,
            "element": "Fig 28",
            "series": "survey_patients",
            "group_type": "survey",
            "group": "Patientlagsenkät 2014",
            "year": 2014,
            "value": 9188,
            "unit": "antal",
        },
        {
            **base,
            "element": "Fig 28",
            "series": "survey_patients",
            "group_type": "survey",
            "group": "God och nära vård 2024",
            "year": 2024,
            "value": 10006,
            "unit": "antal",
        },
        {
            **base,
            "element": "Fig 28",
            "series": "survey_patients",
            "group_type": "survey",
            "group": "Enkät 2024 (befolkningspanel)",
            "year": 2024,
            "value": 4298,
            "unit": "antal",
        },
        {
            **base,
            "element": "Fig 33",
            "series": "easy",
            "group_type": "total",
            "group": "Båda könen",
            "year": 2014,
            "value": 88,
            "unit": "procent",
        },
        {
            **base,
            "element": "Fig 33",
            "series": "easy",
            "group_type": "total",
            "group": "Båda könen",
            "year": 2024,
            "value": 84,
            "unit": "procent",
        },
        {
            **base,
            "element": "Fig 49",
            "series": "plan",
            "group_type": "total",
            "group": "Båda könen",
            "year": 2024,
            "value": 75,
            "unit": "procent",
        },
        {
            **base,
            "element": "Fig 37",
            "series": "asked",
            "group_type": "total",
            "group": "Båda könen",
            "year": 2024,
            "value": 50,
            "unit": "procent",
            "status": "approximate",
        },
        {
            **base,
            "element": "Fig 41",
            "series": "doc",
            "group_type": "survey",
            "group": "Befolkningspanel",
            "year": 2024,
            "value": 34,
            "unit": "procent",
        },
    ]
    return pd.DataFrame(rows)


def _figure_map():
    cols = [
        "figure",
        "series",
        "label_sv",
        "section",
        "family",
        "direction",
        "instrument",
        "population",
        "status",
        "replacement",
        "note_sv",
    ]
    rows = [
        [
            "Fig 33",
            "easy",
            "Lätt",
            "14.3",
            "access",
            "higher_better",
            "webbpanel",
            "patienter",
            "delvis återgiven",
            "",
            "",
        ],
        [
            "Fig 49",
            "plan",
            "Plan",
            "14.6",
            "coordination",
            "higher_better",
            "webbpanel",
            "delpopulation",
            "delvis återgiven",
            "",
            "",
        ],
        [
            "Fig 37",
            "asked",
            "Efterfrågad",
            "14.4",
            "participation",
            "higher_better",
            "webbpanel",
            "patienter",
            "delvis återgiven",
            "",
            "",
        ],
        [
            "Fig 41",
            "doc",
            "Fast läkare",
            "14.5",
            "continuity",
            "higher_better",
            "",
            "patienter",
            "delvis återgiven",
            "",
            "",
        ],
        [
            "Fig 39",
            "",
            "Personcentrering",
            "14.4",
            "participation",
            "higher_better",
            "webbpanel",
            "patienter",
            "ej reproducerbar",
            "",
            "",
        ],
    ]
    return pd.DataFrame(rows, columns=cols)


def test_panel_points_take_n_from_fig28_for_whole_samples_only():
    report = _report_rows()
    sizes = panel_sizes(report)
    assert set(sizes["instrument"]) == {"webbpanel", "befolkningspanel"}
    pts = panel_points(report, _figure_map(), sizes).set_index("series")
    assert pts.loc["easy"].set_index("year")["n"].to_dict() == {2014: 9188, 2024: 10006}
    assert np.isnan(pts.loc["plan", "n"]) and np.isnan(pts.loc["plan", "ci_low"])  # subgroup: no interval
    assert np.isnan(pts.loc["asked", "ci_low"])  # approximate value: no interval
    assert pts.loc["doc", "n"] == 4298 and pts.loc["doc", "instrument"] == "befolkningspanel"
    models = run_panel_series(panel_points(report, _figure_map(), sizes), CFG, exclude_waves=[2020, 2022])
    assert [(r.indicator, r.spec) for r, _ in models] == [("easy", "panel")]  # no excluded wave in the data
    status = figure_status(_figure_map(), report).set_index("figure")
    assert status.loc["Fig 33", "values"] == 2 and status.loc["Fig 37", "values_approximate"] == 1
    assert status.loc["Fig 39", "values"] == 0
