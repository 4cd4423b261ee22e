"""Result schemas for ``results/assignment/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.schemas.core import ResultSchema, count, flag, integer, number, probability, region, text, year

#: One coefficient of a fixed-effects model per row (analysis.assignment).
MODEL = {
    "model": text(),
    "outcome": text(),
    "term": text(),
    "coef": number(),
    "se": number(),
    "ci_low": number(),
    "ci_high": number(),
    "p": probability(),
    "n_obs": count(),
}

#: Which capacity scenario a row belongs to (analysis.assignment.scenarios).
SCENARIO = {
    "target": text(),
    "target_label": text(),
    "elasticity": number(),
    "price_diff": number(),
    "base_year": year(),
    "target_year": year(),
}

#: written by rule ``assignment_shift``
HOME_CARE_LAN = ResultSchema(
    "assignment/home_care_lan",
    {
        "region_code": region(),
        "year": year(),
        "value": number(),
        "n_kommuner": count(),
        "n_missing": count(),
    },
    unique=(
        "region_code",
        "year",
    ),
)

#: written by rule ``assignment_shift``
HOME_CARE_NATIONAL_CHECK = ResultSchema(
    "assignment/home_care_national_check",
    {
        "year": year(),
        "kommun_mean": number(),
        "kolada_riket": number(),
        "difference": number(),
    },
    unique=("year",),
)

#: written by rule ``assignment_shift``
SHIFT_PANEL = ResultSchema(
    "assignment/shift_panel",
    {
        "region_code": region(),
        "year": year(),
        "beds": number(),
        "discharge_ready_beds": number(),
        "overcrowding": number(),
        "emergency80": number(),
        "readmissions": number(),
        "hhc": number(),
        "discharge_days": number(),
    },
    unique=(
        "region_code",
        "year",
    ),
)

#: written by rule ``assignment_shift``
SHIFT_MODELS = ResultSchema(
    "assignment/shift_models",
    {
        **MODEL,
        "n_clusters": count(),
        "first_year": year(),
        "last_year": year(),
        "r2_within": number(),
    },
    unique=(
        "model",
        "term",
    ),
)

#: written by rule ``assignment_shift``
SHIFT_CHANGES = ResultSchema(
    "assignment/shift_changes",
    {
        "region_code": region(),
        "beds_start": number(),
        "beds_end": number(),
        "hhc_start": number(),
        "hhc_end": number(),
        "beds_change": number(),
        "hhc_change_pp": number(),
        "start_year": year(),
        "end_year": year(),
    },
    unique=("region_code",),
)

#: written by rule ``assignment_scenarios``
SCENARIO_REGIONS = ResultSchema(
    "assignment/scenario_regions",
    {
        "region_code": region(),
        "region": text(),
        **SCENARIO,
        "pc_base": number(),
        "spec_base": number(),
        "pop": number(),
        "share_base": number(),
        "share_target": number(),
        "share80_growth": number(),
        "beds_base": number(),
        "beds_change_trend": number(),
        "spec_target": number(),
        "pc_target": number(),
        "extra_per_inv": number(),
        "pc_growth": number(),
        "total_growth": number(),
        "extra_mnkr": number(),
        "best_level": number(),
        "n_best": count(),
        "own_goal": number(),
        "trend_start": integer(),
    },
)

#: written by rule ``assignment_scenarios``
SCENARIO_NATIONAL = ResultSchema(
    "assignment/scenario_national",
    {
        **SCENARIO,
        "pop": number(),
        "extra_mnkr": number(),
        "n_regions": count(),
        "region_code": text(),  # "00" or a region group such as "20r"
        "region": text(),
        "share_base": number(),
        "share_target": number(),
        "extra_per_inv": number(),
        "pc_growth": number(),
        "spec_growth": number(),
        "total_growth": number(),
    },
)

#: written by rule ``assignment_mechanisms``
MECHANISM_PANEL = ResultSchema(
    "assignment/mechanism_panel",
    {
        "region_code": region(),
        "year": year(),
        "d_share": number(),
        "pc_growth": number(),
        "spec_growth": number(),
        "d_tax": number(),
        "equity_lag": number(),
        "result_lag": number(),
        "result_balance_lag": number(),
        "d_share80": number(),
        "need_growth": number(),
        "share_lag": number(),
    },
    unique=(
        "region_code",
        "year",
    ),
)

#: written by rule ``assignment_mechanisms``
MECHANISM_MODELS = ResultSchema(
    "assignment/mechanism_models",
    {
        **MODEL,
        "n_clusters": count(),
        "first_year": year(),
        "last_year": year(),
        "r2_within": number(),
        "p_bh": probability(),
        "reject_bh": flag(),
        "family": text(),
        "term_label": text(),
        "outcome_label": text(),
    },
    unique=(
        "model",
        "term",
    ),
)

#: written by rule ``assignment_mechanisms``
MECHANISM_ORGANISATION = ResultSchema(
    "assignment/mechanism_organisation",
    {
        "term": text(),
        "coef": number(),
        "ci_low": number(),
        "ci_high": number(),
        "p": probability(),
        "n_obs": count(),
        "n_with": count(),
        "first_year": year(),
        "last_year": year(),
    },
)

#: written by rule ``assignment_grants``
GRANT_DOSES = ResultSchema(
    "assignment/grant_doses",
    {
        "region_code": region(),
        "share_base": number(),
        "share_during": number(),
        "share_end": number(),
        "pc_base": number(),
        "pc_end": number(),
        "dose_mean_pct": number(),
        "dose_sum_pct": number(),
        "grant_per_inv_sum": number(),
        "bump_pp": number(),
        "lasting_pp": number(),
        "pc_growth_pct": number(),
        "share_base_pct": number(),
        "base_year": year(),
        "end_year": year(),
        "grant_years": text(),
        "region": text(),
    },
    unique=("region_code",),
)

#: written by rule ``assignment_grants``
GRANT_MODELS = ResultSchema(
    "assignment/grant_models",
    {
        **MODEL,
        "dose_sd": number(),
    },
    unique=("model",),
)

#: written by rule ``assignment_datamap``
DATAMAP = ResultSchema(
    "assignment/datamap",
    {
        "question": integer(),
        "dataset": text(),
        "holder": text(),
        "level": text(),
        "years": text(),
        "answers": text(),
        "public": text(),
        "in_compendium": text(),
    },
    unique=("dataset",),
)

#: written by rule ``assignment_headlines``
HEADLINES = ResultSchema(
    "assignment/headlines",
    {
        "key": text(),
        "text_sv": text(),
        "value": number(),
        "low": number(),
        "high": number(),
        "anchor": text(),
    },
    unique=("key",),
)
