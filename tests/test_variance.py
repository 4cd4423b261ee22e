"""Tests of analysis.variance on synthetic (simulated) region × year panels with known structure.

All panels here are SYNTHETIC: drawn from y = mu + region effect + year effect + noise with
chosen variances, so the decomposition has a known answer. Bootstrap replicates are few to
keep the suite fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import variance as v
from analysis.regions import applied_min_regions, comparison_years, with_min_regions
from analysis.registry import break_years

REGIONS = [f"{c:02d}" for c in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 17, 18, 19, 20, 21, 22, 23, 24, 25)]


def synthetic_panel(
    var_region=0.25, var_year=0.09, var_resid=0.04, years=range(2014, 2024), seed=1, drop=0
) -> pd.DataFrame:
    """SYNTHETIC panel on the identity scale with known variance components."""
    rng = np.random.default_rng(seed)
    years = list(years)
    u_r = dict(zip(REGIONS, rng.normal(0, np.sqrt(var_region), len(REGIONS)), strict=True))
    u_t = dict(zip(years, rng.normal(0, np.sqrt(var_year), len(years)), strict=True))
    rows = [
        {"region_code": r, "year": t, "value": 10 + u_r[r] + u_t[t] + rng.normal(0, np.sqrt(var_resid))}
        for r in REGIONS
        for t in years
    ]
    df = pd.DataFrame(rows)
    if drop:
        df = df.drop(index=rng.choice(len(df), drop, replace=False)).reset_index(drop=True)
    return df


def shuffled(df: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    return df.sample(frac=1, random_state=seed).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Two-way ANOVA


def test_two_way_shares_sum_to_one_and_match_textbook_sums_of_squares_when_balanced():
    df = synthetic_panel()
    res = v.decompose_two_way(df, "identity")
    assert res["share_region"] + res["share_year"] + res["share_residual"] == pytest.approx(1)
    assert res["balanced"] and res["order_gap"] == pytest.approx(0, abs=1e-12)
    y = df["value"]
    grand = y.mean()
    n_t, n_r = df["year"].nunique(), df["region_code"].nunique()
    ss_r = n_t * ((df.groupby("region_code")["value"].mean() - grand) ** 2).sum()
    ss_t = n_r * ((df.groupby("year")["value"].mean() - grand) ** 2).sum()
    ss_total = ((y - grand) ** 2).sum()
    assert res["share_region"] == pytest.approx(ss_r / ss_total)
    assert res["share_year"] == pytest.approx(ss_t / ss_total)


def test_two_way_unbalanced_reports_both_orders_and_their_average():
    df = synthetic_panel(drop=12, seed=3)
    res = v.decompose_two_way(df, "identity")
    assert not res["balanced"]
    for order in ("rfirst", "yfirst"):
        total = res[f"share_region_{order}"] + res[f"share_year_{order}"] + res["share_residual"]
        assert total == pytest.approx(1)
    assert res["share_region"] == pytest.approx((res["share_region_rfirst"] + res["share_region_yfirst"]) / 2)
    assert res["share_region"] + res["share_year"] + res["share_residual"] == pytest.approx(1)
    assert res["order_gap"] > 0


def test_riket_rows_are_ignored():
    df = synthetic_panel()
    riket = df.groupby("year", as_index=False)["value"].mean().assign(region_code="00")
    with_riket = pd.concat([df, riket], ignore_index=True)
    assert v.decompose_two_way(with_riket, "identity") == v.decompose_two_way(df, "identity")


def test_duplicate_cells_are_refused():
    df = synthetic_panel()
    with pytest.raises(ValueError, match="duplicate"):
        v.decompose_two_way(pd.concat([df, df.iloc[:1]]), "identity")


# ---------------------------------------------------------------------------------------------
# Mixed model


def test_compact_reml_matches_statsmodels_mixedlm_on_unbalanced_panel():
    df = synthetic_panel(drop=15, seed=5)
    p = v.panel(df, "identity").assign(g=1)
    p["region"], p["yr"] = p["region_code"], p["year"].astype(str)
    sm_fit = v._fit_mixed(p)
    _, r_idx = np.unique(p["region"], return_inverse=True)
    _, t_idx = np.unique(p["yr"], return_inverse=True)
    fast = v.CrossedREML(r_idx, t_idx).fit(p["y"].to_numpy())
    assert fast.var_region == pytest.approx(sm_fit.var_region, rel=2e-3)
    assert fast.var_year == pytest.approx(sm_fit.var_year, rel=2e-3)
    assert fast.var_resid == pytest.approx(sm_fit.var_resid, rel=2e-3)
    assert fast.mean == pytest.approx(sm_fit.mean, rel=1e-4)


@pytest.mark.parametrize(
    "var_region, var_year, scale",
    [(2.0, 0.5, 1.0), (2.0, 0.0, 1.0), (0.0, 0.5, 1e4), (5.0, 3.0, 0.1)],
    ids=["interior", "no-year-variance", "no-region-variance-large-values", "tiny-residual"],
)
def test_bootstrap_fits_of_many_replicates_match_one_fit_per_replicate(var_region, var_year, scale):
    """SIMULATED unbalanced panels, also with a zero variance component: the batched REML fits
    reach the likelihood of the per-replicate L-BFGS-B fits (or a lower one) and the same
    components, to a small fraction of the total variance."""
    rng = np.random.default_rng(7)
    r_idx, t_idx = np.repeat(np.arange(21), 12), np.tile(np.arange(12), 21)
    keep = rng.random(len(r_idx)) > 0.1
    r_idx, t_idx = r_idx[keep], t_idx[keep]
    fast = v.CrossedREML(r_idx, t_idx)
    var_resid = 0.01 if scale == 0.1 else 1.0
    ys = scale * np.array(
        [
            5
            + rng.normal(0, np.sqrt(var_region), 21)[r_idx]
            + rng.normal(0, np.sqrt(var_year), 12)[t_idx]
            + rng.normal(0, np.sqrt(var_resid), len(r_idx))
            for _ in range(60)
        ]
    )
    start = (max(var_region, 1e-3) / var_resid, max(var_year, 1e-3) / var_resid)
    many = fast.fit_many(ys, start)
    assert many["converged"].all()
    one = np.array([[(f := fast.fit(y, start=start)).var_region, f.var_year, f.var_resid] for y in ys])
    batch = many[["var_region", "var_year", "var_residual"]].to_numpy()
    assert np.abs(batch - one).max(axis=1).max() <= 5e-3 * one.sum(axis=1).min()

    def deviance(components, y):
        ratio = np.clip(np.log(np.maximum(components[:2] / components[2], 1e-300)), -15, 8)
        return fast._objective(ratio, fast.z.T @ y, y.sum(), y @ y)[0]

    for k, y in enumerate(ys):
        assert deviance(batch[k], y) <= deviance(one[k], y) + 1e-6 * abs(deviance(one[k], y))


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_known_variance_components_are_recovered_within_their_intervals(seed):
    truth = {"var_region": 0.25, "var_year": 0.09, "var_residual": 0.04}
    icc_true = 0.25 / (0.25 + 0.09 + 0.04)
    df = synthetic_panel(truth["var_region"], truth["var_year"], truth["var_residual"], seed=seed)
    res = v.decompose_mixed(df, "identity", reps=40, seed=seed)
    assert res["boot_failed"] == 0
    assert res["reml_check"] < 5e-3
    assert res["icc_region_low"] <= icc_true <= res["icc_region_high"]
    assert res["var_region_low"] <= truth["var_region"] <= res["var_region_high"]
    # The residual variance rests on ~180 degrees of freedom (SE about 10 %): check the estimate.
    assert res["var_residual"] == pytest.approx(truth["var_residual"], rel=0.25)
    # Ten years give an imprecise year variance: only ask for the right order of magnitude.
    assert truth["var_year"] / 3 <= res["var_year"] <= truth["var_year"] * 3
    assert res["icc_region"] + res["icc_year"] + res["icc_residual"] == pytest.approx(1)


def test_no_region_effect_gives_small_icc():
    df = synthetic_panel(var_region=0.0, var_year=0.1, var_resid=0.05, seed=2)
    res = v.decompose_mixed(df, "identity", reps=40, seed=2)
    assert res["icc_region"] < 0.05
    assert res["icc_region_low"] <= 0.0 + 1e-6 or res["icc_region_low"] < 0.05


def test_decompose_flags_disagreement_only_outside_interval():
    tw = {"share_region": 0.5}
    assert v.compare_methods(tw, {"icc_region": 0.45, "icc_region_low": 0.3, "icc_region_high": 0.6}) == {
        "diff_region": pytest.approx(0.05),
        "disagree": False,
    }
    assert v.compare_methods(tw, {"icc_region": 0.2, "icc_region_low": 0.1, "icc_region_high": 0.3})[
        "disagree"
    ]


def test_results_do_not_depend_on_row_order():
    df = synthetic_panel(drop=8, seed=4)
    a = v.decompose(df, "identity", reps=10, seed=9)
    b = v.decompose(shuffled(df), "identity", reps=10, seed=9)
    for key, value in a.items():
        if isinstance(value, float):
            assert b[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key
        else:
            assert b[key] == value, key
    ca, cb = v.convergence(df), v.convergence(shuffled(df))
    pd.testing.assert_frame_equal(ca["by_year"], cb["by_year"])
    assert ca["beta"] == cb["beta"] and ca["sigma"] == cb["sigma"]
    ra = v.rank_stability(df, "identity", seed=1, n_sim=300)
    rb = v.rank_stability(shuffled(df, 3), "identity", seed=1, n_sim=300)
    pd.testing.assert_frame_equal(ra["pairs"], rb["pairs"])
    pd.testing.assert_frame_equal(ra["intervals"], rb["intervals"])


# ---------------------------------------------------------------------------------------------
# Scales and panel selection


def test_scales():
    assert v.scale_for_unit("procent") == "logit"
    assert v.scale_for_unit("kr/inv") == "log"
    assert v.scale_for_unit("antal/100 000 inv") == "log"
    assert v.scale_for_unit("index") == "identity"
    assert v.transform([50.0], "logit")[0] == pytest.approx(0.0)
    assert v.transform([np.e], "log")[0] == pytest.approx(1.0)
    assert not v.usable_on_scale([0.0, 40.0], "logit")
    assert not v.usable_on_scale([0.0, 4.0], "log")


def test_comparable_years_split_at_breaks():
    assert break_years("2019: utjämningsmodellen ändrad; 2014: utjämningsmodellen ändrad") == [2014, 2019]
    assert break_years(float("nan")) == []
    assert v.comparable_years(range(2016, 2025), [2024]) == list(range(2016, 2024))
    assert v.comparable_years(range(2016, 2025), [2014, 2019]) == list(range(2019, 2025))
    assert v.comparable_years(range(2016, 2020), []) == list(range(2016, 2020))


def test_comparison_years_leave_out_thin_years_and_years_past_a_break():
    counts = {2016: 21, 2017: 21, 2018: 14, 2019: 21, 2020: 15, 2021: 21}
    assert comparison_years(counts, [], 15) == [2016, 2017, 2019, 2020, 2021]
    assert comparison_years(counts, [2021], 15) == [2016, 2017, 2019, 2020]  # 2021 after a method change
    assert comparison_years(counts, [], min_regions=16) == [2016, 2017, 2019, 2021]
    assert comparison_years({2016: 3}, [], 15) == []


def test_a_result_table_records_the_coverage_rule_it_applied(tmp_path):
    """The rule travels with the table through its parquet file, so a chapter states it."""
    with_min_regions(pd.DataFrame({"a": [1]}), 12).to_parquet(tmp_path / "t.parquet")
    assert applied_min_regions(pd.read_parquet(tmp_path / "t.parquet")) == 12
    with pytest.raises(ValueError, match="min_regions"):
        applied_min_regions(pd.DataFrame({"a": [1]}))
    with pytest.raises(ValueError, match="results/x.parquet does not record"):
        applied_min_regions(pd.DataFrame({"a": [1]}), "results/x.parquet")


def toy_sheet(rows: list[tuple[str, str, str, str, str, float]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SYNTHETIC tidy panels (2016–2024) and their sheet rows, from
    ``(id, family, unit, direction, breaks, scale)``: each series is the base panel × scale."""
    base = synthetic_panel(years=range(2016, 2025))
    tidy = pd.concat(
        [base.assign(indicator=i, value=base["value"] * k, sex="T") for i, *_, k in rows], ignore_index=True
    )
    columns = ["id", "family", "unit", "direction", "breaks"]
    registry = pd.DataFrame([r[:5] for r in rows], columns=columns)
    registry.insert(1, "name_sv", registry["id"].str.lower())
    return tidy, registry


def test_select_panels_uses_registry_unit_breaks_and_excludes_population():
    tidy, registry = toy_sheet(
        [
            ("A", "trust", "procent", "higher_better", "2024: metodbyte", 5),
            ("B", "resources", "kr/inv", "neutral", "", 100),
            ("P", "population", "antal", "neutral", "", 1),
        ]
    )
    panels = {p["indicator"]: p for p in v.select_panels(tidy, registry, min_regions=15)}
    assert set(panels) == {"A", "B"}
    assert panels["A"]["scale"] == "logit" and panels["A"]["years"][-1] == 2023
    assert "2024" in panels["A"]["note"]
    assert panels["B"]["scale"] == "log"


# ---------------------------------------------------------------------------------------------
# Convergence and ranks


def test_beta_convergence_recovers_known_slope():
    """SYNTHETIC: two years, change = -0.5 x first-year level + small noise."""
    rng = np.random.default_rng(0)
    first = rng.normal(0, 1, len(REGIONS))
    last = first + (-0.5 * first + rng.normal(0, 0.05, len(REGIONS)))
    df = pd.DataFrame(
        {
            "region_code": REGIONS * 2,
            "year": [2015] * len(REGIONS) + [2016] * len(REGIONS),
            "value": np.r_[first, last],
        }
    )
    res = v.convergence(df)
    beta = res["beta"]
    assert beta["slope_low"] <= -0.5 <= beta["slope_high"]
    by = res["by_year"].set_index("year")
    assert by.loc[2015, "sd"] == pytest.approx(np.std(first, ddof=1))
    assert by.loc[2016, "max_min_ratio"] == pytest.approx(last.max() / last.min())
    assert by.loc[2015, "cv"] == pytest.approx(np.std(first, ddof=1) / first.mean())


def test_rank_stability_perfectly_stable_ranking_and_tight_intervals():
    years = [2020, 2021, 2022]
    level = np.linspace(1, 21, len(REGIONS))
    df = pd.DataFrame(
        [
            {"region_code": r, "year": t, "value": lv + 0.1 * i}
            for i, t in enumerate(years)
            for r, lv in zip(REGIONS, level, strict=True)
        ]
    )
    df["se"] = 1e-6
    res = v.rank_stability(df, "identity", seed=0, n_sim=200)
    assert len(res["pairs"]) == 3 and np.allclose(res["pairs"]["rho"], 1.0)
    iv = res["intervals"]
    assert (iv["rank_low"] == iv["rank"]).all() and (iv["rank_high"] == iv["rank"]).all()
    assert iv.loc[iv["value"].idxmax(), "rank"] == 1
    low = v.rank_stability(df, "identity", higher_is_better=False, seed=0, n_sim=50)["intervals"]
    assert low.loc[low["value"].idxmin(), "rank"] == 1


def test_rank_intervals_cover_observed_rank_with_residual_noise():
    df = synthetic_panel(seed=8)
    iv = v.rank_stability(df, "identity", seed=3, n_sim=300)["intervals"]
    assert (iv["se_source"] == "tvåvägsmodellens residual").all()
    assert ((iv["rank_low"] <= iv["rank"]) & (iv["rank"] <= iv["rank_high"])).all()


def test_spearman_and_pearson_intervals():
    x = np.arange(10.0)
    y = x + np.array([0.5, -0.3, 0.2, 0.1, -0.6, 0.4, -0.2, 0.3, -0.1, 0.0])
    sp = v.spearman_ci(x, y)
    assert sp["rho"] == pytest.approx(stats.spearmanr(x, y)[0])
    half = 1.959964 * np.sqrt(1.06 / 7)
    assert sp["rho_low"] == pytest.approx(np.tanh(np.arctanh(sp["rho"]) - half), rel=1e-5)
    pr = v.pearson_ci(x, y)
    assert pr["r"] == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert pr["r_low"] < pr["r"] < pr["r_high"]


# ---------------------------------------------------------------------------------------------
# Report tables


def _report_rows(series, values, unit="procent", year=2020, notes=None):
    rows = []
    for i, (code, value) in enumerate(values.items()):
        rows.append(
            {
                "report": "004",
                "element": "Tabell 3",
                "series": series,
                "group_type": "region",
                "group": code,
                "region_code": code,
                "year": year,
                "value": value,
                "unit": unit,
                "status": "printed",
                "note": (notes or {}).get(code, ""),
                "line": i + 1,
            }
        )
    return rows


def test_report_region_tests_correlation_and_doubtful_subset():
    """SYNTHETIC report rows: municipal change = -regional change exactly, one doubtful region."""
    reg = dict(zip(REGIONS[:8], [4.0, 21, 12, 13, 6, 4, 7, -5], strict=True))
    mun = {k: -val for k, val in reg.items()}
    rows = _report_rows("regional_pc_all_licensed_change_2015_2020_pct", reg) + _report_rows(
        "municipal_pc_all_licensed_change_2015_2020_pct", mun, notes={"09": "doubtful: kept as printed"}
    )
    out = v.report_region_tests(pd.DataFrame(rows))
    full = out[(out["test"] == "personal_alla") & (out["subset"] == "alla")].iloc[0]
    assert full["pearson_r"] == pytest.approx(-1.0)
    assert full["n"] == 8 and full["n_gain_x_loss_y"] == 7
    sub = out[(out["test"] == "personal_alla") & (out["subset"] == "utan_tveksamma")].iloc[0]
    assert sub["n"] == 7 and sub["excluded"] == "09"


def test_hac_slope_matches_statsmodels_and_is_wider_under_autocorrelation():
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    x = np.arange(2011, 2025, dtype=float)
    e = np.zeros(len(x))
    for i in range(1, len(x)):  # AR(1) residuals, synthetic test data
        e[i] = 0.8 * e[i - 1] + rng.normal(0, 0.05)
    y = 0.5 + 0.01 * (x - 2011) + e
    out = v.trend_slope_hac(x, y, 0.95)
    ref = sm.OLS(y, sm.add_constant(x)).fit(
        cov_type="HAC", cov_kwds={"maxlags": 1, "use_correction": True}, use_t=True
    )
    assert out["slope"] == pytest.approx(ref.params[1])
    assert out["slope_low"] == pytest.approx(ref.conf_int()[1][0])
    assert out["durbin_watson"] < 2


def test_sigma_verdicts_apply_bh_before_naming_a_trend():
    table = pd.DataFrame(
        {"sigma_slope": [0.01, 0.02, -0.01, 0.02], "sigma_p_value": [0.001, 0.2, 0.02, 0.045]}
    )
    out = v.sigma_verdicts(table, 0.05)
    # 0.045 alone would pass at 5 %, but not after adjustment (0.045 * 4 / 3 = 0.06)
    assert list(out["sigma_trend"]) == ["ökande", "ingen säker", "minskande", "ingen säker"]
    assert out["sigma_p_adjusted"].iloc[0] == pytest.approx(0.004)


def test_respondents_proxy_splits_national_n_by_population():
    national = pd.Series({2020: 50000.0, 2021: 40000.0})
    pop = pd.DataFrame(
        {
            "region_code": ["00", "01", "02", "01", "02", "01", "02"],
            "year": [2020, 2020, 2020, 2021, 2021, 2022, 2022],
            "value": [100.0, 75.0, 25.0, 50.0, 50.0, 50.0, 50.0],
        }
    )
    out = v.respondents_proxy(national, pop).set_index(["region_code", "year"])["n"]
    assert out[("01", 2020)] == pytest.approx(37500) and out[("02", 2021)] == pytest.approx(20000)
    assert out[("01", 2022)] == pytest.approx(22500)  # no count that year: median of the known years


def test_sampling_split_recovers_the_sampling_share():
    """Synthetic panel whose residual is pure binomial noise: the split says about all of it."""
    rng = np.random.default_rng(5)
    regions, years, n = [f"{i:02d}" for i in range(1, 22)], range(2016, 2025), 400
    rows = []
    for r in regions:
        for y in years:
            rows.append((r, y, 100 * rng.binomial(n, 0.6) / n))
    df = pd.DataFrame(rows, columns=["region_code", "year", "value"])
    tw = v.decompose_two_way(df, "logit")
    counts = pd.DataFrame([(r, y, n) for r in regions for y in years], columns=["region_code", "year", "n"])
    assert 0.8 < v.sampling_split(df, counts, tw["residual_var"]) <= 1.0
    assert v.sampling_split(df, counts.assign(n=counts["n"] * 10), tw["residual_var"]) < 0.2


def test_family_parts_joined_equal_fitting_all_families_at_once():
    """SYNTHETIC: fitting per family and joining gives the tables of one fit over all, in sheet
    order, with only the asked family's indicators in each part."""
    from analysis.variance.parts import family_parts, join_parts

    tidy, registry = toy_sheet(
        [
            ("A", "trust", "procent", "higher_better", "", 5),
            ("B", "resources", "kr/inv", "neutral", "", 100),
            ("C", "trust", "procent", "lower_better", "", 3),
        ]
    )
    tidy = tidy.iloc[::-1]  # the tidy table's order is not the sheet's
    kw = dict(
        proxy=pd.DataFrame(),
        survey_ids=set(),
        reps=5,
        seed=3,
        confidence=0.95,
        pandemic_years=(),
        min_regions=15,
    )
    by_family = {f: family_parts(tidy, registry, f, **kw) for f in ("resources", "trust")}
    assert set(by_family["trust"]["decomposition"]["indicator"]) == {"A", "C"}
    for name in by_family["trust"]:
        joined = join_parts([by_family[f][name] for f in ("resources", "trust")], registry)
        assert list(dict.fromkeys(joined["indicator"])) == ["A", "B", "C"]
        # one fit over all: the same models, seeded per indicator
        single = pd.concat(
            [family_parts(tidy, registry.iloc[[i]], f, **kw)[name] for i, f in enumerate(registry["family"])],
            ignore_index=True,
        )
        pd.testing.assert_frame_equal(joined, single)
    with pytest.raises(ValueError, match="no family"):
        join_parts([pd.DataFrame(), pd.DataFrame()], registry)


def test_region_profiles_count_the_regions_sharing_a_value():
    """SYNTHETIC ranks of four regions, two tied at the top: both rows say two regions share it."""
    codes = ["01", "03", "04", "05"]
    ranks = pd.DataFrame(
        {
            "indicator": "X1",
            "name": "Syntetisk",
            "unit": "procent",
            "direction": "higher_better",
            "scale": "logit",
            "year": 2024,
            "n_regions": 4,
            "region_code": codes,
            "value": [15.0, 15.0, 12.0, 10.0],
            "rank": [1, 1, 3, 4],
            "rank_low": [1.0, 1.0, 2.0, 3.0],
            "rank_high": [2.0, 2.0, 4.0, 4.0],
        }
    )
    tidy = pd.DataFrame(
        {"region_code": ["00"], "sex": ["T"], "indicator": ["X1"], "year": [2024], "value": [13.0]}
    )
    out = v.region_profiles(tidy, ranks, indicators=("X1",)).set_index("region_code")
    assert out["n_shared"].to_dict() == {"01": 2, "03": 2, "04": 1, "05": 1}
