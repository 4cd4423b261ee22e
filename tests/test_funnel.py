"""Tests of analysis.funnel against hand computations of the published formulas (Spiegelhalter 2005).

Expected numbers are computed here step by step from the formulas on tiny inputs, not by
calling the functions under test. Data are SYNTHETIC.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import funnel as f


def binom_cdf(r: int, n: int, p: float) -> float:
    """Binomial distribution function by direct summation."""
    if r < 0:
        return 0.0
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(0, min(r, n) + 1))


def hand_binomial_limit(theta0: float, n: int, p: float) -> float:
    """Spiegelhalter (2005a), appendix: r_p smallest r with F(r) >= p; alpha interpolates."""
    r = 0
    while binom_cdf(r, n, theta0) < p:
        r += 1
    f_r, f_r1 = binom_cdf(r, n, theta0), binom_cdf(r - 1, n, theta0)
    alpha = (f_r - p) / (f_r - f_r1)
    return (r - alpha) / n


@pytest.mark.parametrize(
    ("theta0", "n", "p"),
    [(0.5, 20, 0.975), (0.5, 20, 0.025), (0.3, 50, 0.999), (0.3, 50, 0.001), (0.8, 7, 0.975)],
)
def test_exact_binomial_limits_match_hand_computation(theta0, n, p):
    assert f.binomial_limit(theta0, n, p)[0] == pytest.approx(hand_binomial_limit(theta0, n, p), abs=1e-10)


def test_worked_example_binomial_upper_95_limit_n20():
    # F(13) = 0.94234, F(14) = 0.97931 for Bin(20, 0.5): r = 14,
    # alpha = (0.97931 - 0.975) / (0.97931 - 0.94234) = 0.1166, limit = (14 - 0.1166) / 20.
    f13 = sum(math.comb(20, k) for k in range(14)) / 2**20
    f14 = sum(math.comb(20, k) for k in range(15)) / 2**20
    assert f13 == pytest.approx(0.94234, abs=1e-5) and f14 == pytest.approx(0.97931, abs=1e-5)
    expected = (14 - (f14 - 0.975) / (f14 - f13)) / 20
    assert expected == pytest.approx(0.6942, abs=1e-4)
    assert f.binomial_limit(0.5, 20, 0.975)[0] == pytest.approx(expected, abs=1e-10)


def test_normal_limits_and_z_values():
    assert f.z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert f.z_for(0.998) == pytest.approx(3.090232, abs=1e-6)
    # theta0 = 0.3, n = 100: 0.3 +- 1.96 * sqrt(0.3 * 0.7 / 100) = 0.3 +- 0.08982
    assert f.normal_limit(0.3, 100, 1.959964) == pytest.approx(0.3 + 1.959964 * math.sqrt(0.0021))
    assert f.normal_limit(0.3, 100, -1.959964, phi=4.0) == pytest.approx(
        0.3 - 1.959964 * 2 * math.sqrt(0.0021)
    )
    assert f.normal_limit(0.3, 100, 1.959964, tau2=0.01) == pytest.approx(
        0.3 + 1.959964 * math.sqrt(0.0021 + 0.01)
    )


def test_winsorising_uses_linear_quantiles():
    z = [-3.0, -1.0, 0.0, 1.0, 5.0]
    # 10th percentile: position 0.4 between -3 and -1 -> -2.2; 90th: position 3.6 -> 1 + 0.6 * 4 = 3.4
    assert list(f.winsorise(z)) == pytest.approx([-2.2, -1.0, 0.0, 1.0, 3.4])


def test_overdispersion_phi_and_tau2_by_hand():
    y = np.array([0.20, 0.30, 0.25, 0.45, 0.10])
    n = np.array([100, 200, 150, 120, 80])
    theta0 = 0.25
    s2 = [theta0 * (1 - theta0) / k for k in n]
    z = [(yi - theta0) / math.sqrt(si) for yi, si in zip(y, s2, strict=True)]
    zs = sorted(z)
    lo = zs[0] + 0.4 * (zs[1] - zs[0])
    hi = zs[3] + 0.6 * (zs[4] - zs[3])
    zw = [min(max(zi, lo), hi) for zi in z]
    phi = sum(zi**2 for zi in zw) / 5
    w = [1 / si for si in s2]
    tau2 = max(0.0, (5 * phi - 4) / (sum(w) - sum(wi**2 for wi in w) / sum(w)))
    od = f.overdispersion(y, n, theta0)
    assert od["phi"] == pytest.approx(phi)
    assert od["tau2"] == pytest.approx(tau2)
    assert od["k"] == 5


def test_tau2_is_zero_without_overdispersion():
    n = np.array([1000, 1000, 1000, 1000])
    y = np.array([0.5, 0.5, 0.5, 0.5])
    assert f.overdispersion(y, n, 0.5)["tau2"] == 0.0


def _synthetic_regions():
    codes = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12"]
    n = np.array([400, 500, 300, 800, 600, 350, 450, 200, 250, 700])
    y = np.array([0.50, 0.52, 0.49, 0.51, 0.50, 0.48, 0.53, 0.50, 0.47, 0.51])
    y[3] = 0.70  # region 05: far above every limit
    return pd.DataFrame({"region_code": codes, "y": y, "n": n})


def test_region_outside_limits_is_flagged_and_named():
    df = _synthetic_regions()
    points, summary = f.funnel_proportions(df)
    theta0 = float((df["y"] * df["n"]).sum() / df["n"].sum())
    assert summary["theta0"] == pytest.approx(theta0)
    row = points.set_index("region_code").loc["05"]
    assert row["flag_binom_998"] == "över"
    assert row["flag_add_998"] == "över"
    assert "05" in summary["outside_binom_998"].split(", ")
    assert summary["n_outside_binom_95"] >= 1
    # limits at each unit's n equal the formulas
    r = points.set_index("region_code").loc["01"]
    assert r["lo_binom_95"] == pytest.approx(hand_binomial_limit(theta0, 400, 0.025), abs=1e-10)
    s = math.sqrt(theta0 * (1 - theta0) / 400)
    assert r["hi_mult_95"] == pytest.approx(theta0 + 1.959964 * math.sqrt(summary["phi"]) * s, rel=1e-6)
    assert r["hi_add_998"] == pytest.approx(theta0 + 3.090232 * math.sqrt(s**2 + summary["tau2"]), rel=1e-6)


def test_funnel_does_not_depend_on_row_order():
    df = _synthetic_regions()
    a, sa = f.funnel_proportions(df)
    b, sb = f.funnel_proportions(df.sample(frac=1, random_state=1))
    pd.testing.assert_frame_equal(a, b)
    assert sa == sb


def test_funnel_curves_cover_grid_for_each_method_and_level():
    c = f.funnel_curves(0.5, 2.0, 0.001, 10, 1000, points=20)
    assert set(c["method"]) == {"binom", "mult", "add"} and set(c["level"]) == {"95", "998"}
    assert (c["lower"] < 0.5).all() and (c["upper"] > 0.5).all()


def test_funnel_panels_pool_half_years_and_skip_months():
    rows = []
    for code in ["01", "03", "04"]:
        for suffix, num, den in [("/h1", 80, 100), ("/h2", 90, 100), ("/m03", 30, 40)]:
            rows.append(
                {
                    "source": "vis",
                    "indicator": "vis:telefon" + suffix,
                    "region_code": code,
                    "year": 2018,
                    "sex": "T",
                    "value": 100 * num / den,
                    "unit": "procent",
                    "numerator": num,
                    "denominator": den,
                    "ci_low": np.nan,
                    "ci_high": np.nan,
                    "source_file": "x.csv",
                    "source_row": 2,
                }
            )
        rows.append(
            {**rows[-1], "indicator": "vis:fortroende", "value": 60.0, "numerator": 60, "denominator": 100}
        )
    panels = {p["indicator"]: p for p in f.funnel_panels(pd.DataFrame(rows), min_regions=3)}
    assert set(panels) == {"vis:fortroende", "vis:telefon/helar"}
    pooled = panels["vis:telefon/helar"]["data"]
    assert pooled["value"].iloc[0] == pytest.approx(85.0)
    assert pooled["denominator"].iloc[0] == 200


def test_binomial_se_logit():
    assert f.binomial_se_logit([50.0], [100])[0] == pytest.approx(1 / math.sqrt(100 * 0.25))


def test_random_effects_target_is_not_dominated_by_large_regions():
    """Worked example (synthetic): three large regions at 0.60, many small ones near 0.70."""
    from analysis.funnel import random_effects_flags, target_proportion

    y = np.array([0.60, 0.60, 0.60] + [0.70, 0.71, 0.69, 0.72, 0.68, 0.70, 0.71, 0.66])
    n = np.array([20000, 20000, 20000] + [800] * 8)
    flags, summary = random_effects_flags(y, n)
    pooled = target_proportion(y, n)
    assert pooled < 0.62 < summary["theta_re_dl"]  # the RE mean sits between, nearer the many
    assert summary["tau2_logit_dl"] > 0 and summary["tau2_logit_pm"] > 0
    assert set(flags["flag_re"]) <= {"", "över", "under"}


def test_random_effects_estimators_match_statsmodels():
    from statsmodels.stats.meta_analysis import combine_effects

    from analysis.funnel import random_effects_flags

    y = np.array([0.55, 0.62, 0.58, 0.70, 0.50, 0.66])
    n = np.array([400, 900, 650, 300, 500, 1200])
    _, summary = random_effects_flags(y, n)
    p = y
    res = combine_effects(np.log(p / (1 - p)), 1 / (n * p * (1 - p)), method_re="iterated")
    assert summary["tau2_logit_pm"] == pytest.approx(float(res.tau2))


def test_a_region_is_flagged_only_when_both_tau2_estimators_agree():
    from analysis.funnel import random_effects_flags

    y = np.array([0.60] * 10 + [0.95])
    n = np.array([1000] * 11)
    flags, _ = random_effects_flags(y, n)
    assert flags["flag_re"].iloc[-1] == "över"
    assert (flags["flag_re"].iloc[:-1] == "").all()


@pytest.mark.parametrize("seed", [3, 6, 10])
def test_regions_beyond_the_drawn_flag_limit_are_exactly_the_flagged_ones(seed):
    """SIMULATED regions with overdispersion and two planted outliers: the drawn limit of the
    random-effects flags, evaluated at each region's n, separates flagged from unflagged.

    The seeds give regions that are nominally significant but not flagged after the
    correction (all three), a flagged region (3, 10) and estimators that disagree (6, 10)."""
    from analysis.funnel import random_effects_curves, random_effects_flags

    rng = np.random.default_rng(seed)
    n = rng.integers(300, 20000, 21).astype(float)
    x = 0.8 + rng.normal(0, 0.15, 21)
    x[[3, 11]] += [1.0, -0.6]
    y = rng.binomial(n.astype(int), 1 / (1 + np.exp(-x))) / n
    flags, summary = random_effects_flags(y, n)
    nominal = (flags["flag_re"] == "") & (flags["p_re_dl"] < 0.05) & (flags["p_re_pm"] < 0.05)
    assert nominal.any()  # the test tells the corrected limit from an unadjusted one
    limits = random_effects_curves(summary, n)
    flag_limit = limits[limits["level"] == "flagga"].reset_index(drop=True)
    beyond = np.where(y > flag_limit["upper"], "över", np.where(y < flag_limit["lower"], "under", ""))
    assert (beyond == flags["flag_re"].to_numpy()).all()
    wide = limits[limits["level"] == "95"].reset_index(drop=True)
    assert (wide["upper"] <= flag_limit["upper"]).all() and (wide["lower"] >= flag_limit["lower"]).all()
    # the named regions: beyond the drawn thin (unadjusted 95 %) limit, exactly
    beyond_thin = np.where(y > wide["upper"], "över", np.where(y < wide["lower"], "under", ""))
    assert (beyond_thin == flags["beyond_re_95"].to_numpy()).all()
    assert ((flags["beyond_re_95"] != "") & (flags["flag_re"] == "")).any()


def test_the_flags_use_the_rate_they_are_given_and_say_so():
    from analysis.funnel import random_effects_flags

    y = np.array([0.60] * 10 + [0.66])
    n = np.array([1000] * 11)
    strict, s_strict = random_effects_flags(y, n, fdr=0.001)
    loose, s_loose = random_effects_flags(y, n, fdr=0.2)
    assert s_strict["fdr"] == 0.001 and s_loose["fdr"] == 0.2
    assert s_strict["p_crit_dl"] < s_loose["p_crit_dl"]
    assert strict["flag_re"].iloc[-1] == "" and loose["flag_re"].iloc[-1] == "över"


def test_random_effects_limit_solves_the_flags_equation():
    from analysis.funnel import random_effects_limit

    mu, tau2, z = 0.5, 0.02, 2.5
    for n in (50.0, 1000.0, 1e6):
        for sign in (1, -1):
            y = random_effects_limit(mu, tau2, [n], sign * z)[0]
            x = np.log(y / (1 - y))
            assert sign * (x - mu) == pytest.approx(z * math.sqrt(1 / (n * y * (1 - y)) + tau2), rel=1e-8)
    assert math.isnan(random_effects_limit(0.0, 9.0, [100.0], 3.0)[0])  # beyond 0,999: no limit


def test_bh_critical_p_is_the_last_rejected_rank_times_the_rate():
    from analysis.funnel import bh_critical_p
    from analysis.robust import bh_adjust

    p = np.array([0.001, 0.004, 0.03, 0.2, 0.5])
    _, reject = bh_adjust(p, 0.05)
    crit = bh_critical_p(int(reject.sum()), len(p), 0.05)
    assert reject.sum() == 3 and crit == pytest.approx(3 * 0.05 / 5)  # 0,03 <= 3 · 0,05 / 5
    assert ((p <= crit) == reject).all()
    assert bh_critical_p(0, 20, 0.05) == pytest.approx(0.0025)
