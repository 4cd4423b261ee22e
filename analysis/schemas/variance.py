"""Result schemas for ``results/variance/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from dataclasses import replace

from analysis.schemas.core import (
    DIRECTIONS,
    ResultSchema,
    count,
    flag,
    integer,
    number,
    probability,
    region,
    text,
    year,
)

#: The series a row belongs to, as the analysis sheet describes it.
SERIES = {
    "indicator": text(),
    "name": text(),
    "family": text(),
    "unit": text(),
    "direction": text(values=DIRECTIONS),
    "scale": text(),
}
#: Rank correlation between two years (analysis.variance.rank_stability).
RANK_PAIR = {
    "kind": text(),
    "year_a": year(),
    "year_b": year(),
    "rho": number(),
    "rho_low": number(),
    "rho_high": number(),
    "p_value": probability(),
    "n": count(),
}

#: A region's rank with its interval (analysis.variance.rank_stability).
RANK_INTERVAL = {
    "region_code": region(),
    "year": year(),
    "value": number(),
    "rank": integer(),
    "rank_median": number(),
    "rank_low": number(),
    "rank_high": number(),
    "se_scaled": number(),
    "se_source": text(),
    "n_regions": count(),
}

#: written by rule ``variance_decomposition``
DECOMPOSITION = ResultSchema(
    "variance/decomposition",
    {
        "indicator": text(),
        "name": text(),
        "family": text(),
        "unit": text(),
        "direction": text(values=DIRECTIONS),
        "note": text(),
        "source": text(),
        "scale": text(),
        "n_obs": count(),
        "n_regions": count(),
        "n_years": count(),
        "year_min": year(),
        "year_max": year(),
        "balanced": flag(),
        "ss_total": number(),
        "share_region": number(),
        "share_year": number(),
        "share_year_pandemic": number(),
        "share_year_other": number(),
        "share_residual": number(),
        "share_region_rfirst": number(),
        "share_region_yfirst": number(),
        "share_year_rfirst": number(),
        "share_year_yfirst": number(),
        "order_gap": number(),
        "residual_var": number(),
        "df_residual": number(),
        "mean": number(),
        "var_region": number(),
        "var_year": number(),
        "var_residual": number(),
        "icc_region": number(),
        "icc_year": number(),
        "icc_residual": number(),
        "converged": flag(),
        "reml_check": number(),
        "boot_reps": count(),
        "boot_failed": count(),
        "seed": integer(),
        "icc_region_low": number(),
        "icc_region_high": number(),
        "icc_year_low": number(),
        "icc_year_high": number(),
        "icc_residual_low": number(),
        "icc_residual_high": number(),
        "var_region_low": number(),
        "var_region_high": number(),
        "var_year_low": number(),
        "var_year_high": number(),
        "var_residual_low": number(),
        "var_residual_high": number(),
        "diff_region": number(),
        "disagree": flag(),
        "share_residual_sampling": number(),
        "share_residual_sampling_deff2": number(),
    },
    unique=("indicator",),
)

#: written by rule ``variance_convergence``
DISPERSION = ResultSchema(
    "variance/dispersion",
    {
        "year": year(),
        "n_regions": count(),
        "mean": number(),
        "sd": number(),
        "min": number(),
        "max": number(),
        "sd_scaled": number(),
        "cv": number(),
        "max_min_ratio": number(finite=False),
        **SERIES,
    },
    unique=(
        "indicator",
        "year",
    ),
)

#: written by rule ``variance_convergence``
CONVERGENCE = ResultSchema(
    "variance/convergence",
    {
        **SERIES,
        "sigma_slope": number(),
        "sigma_slope_low": number(),
        "sigma_slope_high": number(),
        "sigma_p_value": probability(),
        "sigma_r2": number(),
        "sigma_durbin_watson": number(),
        "sigma_n": count(),
        "sigma_naive_slope": number(),
        "sigma_naive_slope_low": number(),
        "sigma_naive_slope_high": number(),
        "sigma_naive_p_value": probability(),
        "sigma_naive_r2": number(),
        "sigma_naive_intercept": number(),
        "sigma_naive_n": count(),
        "beta_slope": number(),
        "beta_slope_low": number(),
        "beta_slope_high": number(),
        "beta_p_value": probability(),
        "beta_r2": number(),
        "beta_intercept": number(),
        "beta_n": count(),
        "beta_year_first": year(),
        "beta_year_last": year(),
        "sigma_p_adjusted": probability(),
        "sigma_trend": text(),
    },
    unique=("indicator",),
)

#: written by rule ``variance_convergence``
RANK_PAIRS = ResultSchema(
    "variance/rank_pairs",
    {
        **RANK_PAIR,
        **SERIES,
    },
    unique=(
        "indicator",
        "kind",
        "year_a",
    ),
)

#: written by rule ``variance_convergence``
RANK_INTERVALS = ResultSchema(
    "variance/rank_intervals",
    {
        **RANK_INTERVAL,
        **SERIES,
    },
    unique=(
        "indicator",
        "region_code",
    ),
)

#: written by rule ``variance_funnel``
FUNNEL_POINTS = ResultSchema(
    "variance/funnel_points",
    {
        "region_code": region(),
        "y": number(),
        "n": number(),
        "theta0": number(),
        "z": number(),
        "z_winsorised": number(),
        "z_additive": number(),
        "lo_binom_95": number(),
        "hi_binom_95": number(),
        "flag_binom_95": text(),
        "lo_normal_95": number(),
        "hi_normal_95": number(),
        "flag_normal_95": text(),
        "lo_mult_95": number(),
        "hi_mult_95": number(),
        "flag_mult_95": text(),
        "lo_add_95": number(),
        "hi_add_95": number(),
        "flag_add_95": text(),
        "lo_binom_998": number(),
        "hi_binom_998": number(),
        "flag_binom_998": text(),
        "lo_normal_998": number(),
        "hi_normal_998": number(),
        "flag_normal_998": text(),
        "lo_mult_998": number(),
        "hi_mult_998": number(),
        "flag_mult_998": text(),
        "lo_add_998": number(),
        "hi_add_998": number(),
        "flag_add_998": text(),
        "z_re_dl": number(),
        "p_re_dl": probability(),
        "flag_re_dl": text(),
        "z_re_pm": number(),
        "p_re_pm": probability(),
        "flag_re_pm": text(),
        "flag_re": text(),
        "beyond_re_95": text(),
        "value": number(),
        "numerator": number(),
        "denominator": number(),
        "year": year(),
        "indicator": text(),
        "name": text(),
    },
    unique=(
        "indicator",
        "region_code",
        "year",
    ),
)

#: written by rule ``variance_funnel``
FUNNEL_SUMMARY = ResultSchema(
    "variance/funnel_summary",
    {
        "indicator": text(),
        "name": text(),
        "year": year(),
        "theta0": number(),
        "phi": number(),
        "tau2": number(),
        "tau": number(),
        "k": count(),
        "p_overdispersion": probability(),
        "winsor_lower": number(),
        "winsor_upper": number(),
        "outside_binom_95": text(),
        "n_outside_binom_95": count(),
        "outside_normal_95": text(),
        "n_outside_normal_95": count(),
        "outside_mult_95": text(),
        "n_outside_mult_95": count(),
        "outside_add_95": text(),
        "n_outside_add_95": count(),
        "outside_binom_998": text(),
        "n_outside_binom_998": count(),
        "outside_normal_998": text(),
        "n_outside_normal_998": count(),
        "outside_mult_998": text(),
        "n_outside_mult_998": count(),
        "outside_add_998": text(),
        "n_outside_add_998": count(),
        "theta_re_dl": number(),
        "tau2_logit_dl": number(),
        "theta_re_pm": number(),
        "tau2_logit_pm": number(),
        "p_crit_dl": probability(),
        "p_crit_pm": probability(),
        "fdr": probability(),
        "outside_re": text(),
        "n_outside_re": count(),
    },
    unique=(
        "indicator",
        "year",
    ),
)

#: written by rule ``variance_funnel``
FUNNEL_CURVES = ResultSchema(
    "variance/funnel_curves",
    {
        "n": number(),
        "method": text(),
        "level": text(),
        "lower": number(),
        "upper": number(),
        "year": year(),
        "indicator": text(),
        "name": text(),
    },
)

#: written by rule ``variance_funnel``
FUNNEL_RANK_PAIRS = ResultSchema(
    "variance/funnel_rank_pairs",
    {
        **RANK_PAIR,
        "indicator": text(),
        "name": text(),
    },
    unique=(
        "indicator",
        "kind",
        "year_a",
    ),
)

#: written by rule ``variance_funnel``
FUNNEL_RANK_INTERVALS = ResultSchema(
    "variance/funnel_rank_intervals",
    {
        **RANK_INTERVAL,
        "indicator": text(),
        "name": text(),
    },
    unique=(
        "indicator",
        "region_code",
    ),
)

#: written by rule ``variance_report_tables``
REPORT_REGIONS = ResultSchema(
    "variance/report_regions",
    {
        "element": text(),
        "series": text(),
        "region_code": region(),
        "group": text(),
        "year": year(),
        "value": number(),
        "unit": text(),
        "status": text(),
        "note": text(),
        "line": integer(),
    },
)

#: written by rule ``variance_report_tables``
REPORT_TESTS = ResultSchema(
    "variance/report_tests",
    {
        "test": text(),
        "element": text(),
        "subset": text(),
        "x": text(),
        "y": text(),
        "excluded": text(nullable=True),
        "n_gain_x_loss_y": number(),
        "n": count(),
        "pearson_r": number(),
        "pearson_low": number(),
        "pearson_high": number(),
        "pearson_p": probability(),
        "spearman_rho": number(),
        "spearman_low": number(),
        "spearman_high": number(),
        "spearman_p": probability(),
        "beta": number(),
        "beta_low": number(),
        "beta_high": number(),
        "beta_p": probability(),
        "sd_2015": number(),
        "sd_2021": number(),
        "n_increased": number(),
    },
)

#: written by rule ``variance_profiles``
PROFILES = ResultSchema(
    "variance/profiles",
    {
        "source": text(),
        "indicator": text(),
        "name": text(),
        "unit": text(),
        "direction": text(values=DIRECTIONS),
        "region_code": region(),
        "year": year(),
        "value": number(),
        "reference": number(),
        "reference_label": text(),
        "rank": integer(),
        "rank_low": number(),
        "rank_high": number(),
        "n_regions": count(),
        "n_shared": count(),
        "position": number(),
        "rank_group": text(),
        "funnel_flag": text(),
        "funnel_flag_binom": text(),
    },
    unique=(
        "indicator",
        "region_code",
    ),
)


def _part(schema: ResultSchema, without: tuple[str, ...] = ()) -> ResultSchema:
    """One family's part of ``schema``'s table; empty when the family has no usable panel."""
    return replace(
        schema,
        name=schema.name.replace("variance/", "variance/parts/{family}/"),
        columns={k: v for k, v in schema.columns.items() if k not in without},
        min_rows=0,
    )


#: written by rule ``variance_family`` (one part per family), joined by ``variance_decomposition``
DECOMPOSITION_PART = _part(DECOMPOSITION)
#: written by rule ``variance_family``, joined by ``variance_convergence`` (which adds the verdicts)
DISPERSION_PART = _part(DISPERSION)
CONVERGENCE_PART = _part(CONVERGENCE, without=("sigma_p_adjusted", "sigma_trend"))
RANK_PAIRS_PART = _part(RANK_PAIRS)
RANK_INTERVALS_PART = _part(RANK_INTERVALS)
#: The parts by table name (the rule's outputs).
PARTS = {
    "decomposition": DECOMPOSITION_PART,
    "dispersion": DISPERSION_PART,
    "convergence": CONVERGENCE_PART,
    "rank_pairs": RANK_PAIRS_PART,
    "rank_intervals": RANK_INTERVALS_PART,
}
