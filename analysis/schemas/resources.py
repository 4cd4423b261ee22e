"""Result schemas for ``results/resources/`` (see :mod:`analysis.schemas.core`)."""

from __future__ import annotations

from analysis.schemas.core import ResultSchema, count, flag, integer, number, probability, region, text, year

#: written by rule ``resources_shares``
SHARES = ResultSchema(
    "resources/shares",
    {
        "definition": text(),
        "source": text(),
        "region_code": region(),
        "region": text(),
        "year": year(),
        "numerator": number(),
        "denominator": number(),
        "share": number(),
        "note": text(),
    },
    unique=(
        "definition",
        "region_code",
        "year",
    ),
    present={"region_code": ("00",)},  # the national share is read from Riket
)

#: written by rule ``resources_shares``
SHARE_DEFINITIONS = ResultSchema(
    "resources/share_definitions",
    {
        "id": text(),
        "source": text(),
        "label": text(),
        "numerator": text(),
        "denominator": text(),
        "cost_type": text(),
        "years": text(),
        "use": text(),
    },
    unique=("id",),
)

#: written by rule ``resources_shares``
MISSING_NOTES = ResultSchema(
    "resources/missing_notes",
    {
        "definition": text(),
        "region_code": region(),
        "region": text(),
        "years": text(),
        "n_years": count(),
        "note": text(),
    },
    unique=(
        "definition",
        "region_code",
    ),
    min_rows=0,
)

#: written by rule ``resources_shares``
LEVEL_RATIOS = ResultSchema(
    "resources/level_ratios",
    {
        "area": text(),
        "year": year(),
        "kolada": number(),
        "skr": number(),
        "ratio": number(),
    },
    unique=(
        "year",
        "area",
    ),
)

#: written by rule ``resources_shares``
RECONCILIATION = ResultSchema(
    "resources/reconciliation",
    {
        "region_code": region(),
        "region": text(),
        "year": year(),
        "kolada_definition": text(),
        "skr_definition": text(),
        "kolada_share": number(),
        "skr_share": number(),
        "diff_pp": number(),
        "tolerance_pp": number(),
        "status": text(),
        "note": text(),
    },
    unique=(
        "region_code",
        "year",
    ),
)

#: written by rule ``resources_shares``
RECONCILIATION_SUMMARY = ResultSchema(
    "resources/reconciliation_summary",
    {
        "region_code": text(),  # a län code, or "alla"
        "region": text(),
        "n_compared": count(),
        "n_missing": count(),
        "mean_diff_pp": number(),
        "max_abs_diff_pp": number(),
        "n_within": count(),
        "share_within": probability(),
        "tolerance_pp": number(),
    },
    unique=("region_code",),
)

#: written by rule ``resources_shares``
SHARE_CHANGE = ResultSchema(
    "resources/share_change",
    {
        "region_code": region(),
        "region": text(),
        "definition": text(),
        "start_year": year(),
        "end_year": year(),
        "share_start": number(),
        "share_end": number(),
        "change_pp": number(),
        "direction": text(),
        "note": text(),
    },
    unique=(
        "definition",
        "region_code",
    ),
)

#: written by rule ``resources_shares``
SHARE_LEAVE_ONE_OUT = ResultSchema(
    "resources/share_leave_one_out",
    {
        "definition": text(),
        "start_year": year(),
        "end_year": year(),
        "dropped": text(),
        "region": text(),
        "n_regions": count(),
        "share_start": probability(),
        "share_end": probability(),
        "change_pp": number(),
    },
    unique=("definition", "dropped"),
)

#: written by rule ``resources_shares``
PC_SUBAREAS = ResultSchema(
    "resources/pc_subareas",
    {
        "region_code": region(),
        "year": year(),
        "subarea_id": text(),
        "subarea": text(),
        "kr_per_inv": number(),
        "pc_total": number(),
        "share": number(),
    },
    unique=(
        "year",
        "subarea_id",
    ),
)

#: written by rule ``resources_crosschecks``
CROSSCHECKS = ResultSchema(
    "resources/crosschecks",
    {
        "check": text(),
        "report": text(),
        "element": text(),
        "page": integer(nullable=True),
        "definition": text(),
        "region_code": text(),  # empty for national statements
        "region": text(),
        "year": year(),
        "unit": text(),
        "report_value": number(),
        "our_value": number(),
        "difference": number(),
        "tolerance": number(),
        "passed": flag(nullable=True),
        "status": text(),
        "note": text(),
    },
    unique=(
        "definition",
        "region_code",
        "year",
        "check",
    ),
)

#: written by rule ``resources_crosschecks``
CROSSCHECK_SUMMARY = ResultSchema(
    "resources/crosscheck_summary",
    {
        "check": text(),
        "definition": text(),
        "report": text(),
        "element": text(),
        "unit": text(),
        "tolerance": number(),
        "n": count(),
        "n_passed": count(),
        "n_failed": count(),
        "n_missing": count(),
        "mean_difference": number(),
    },
    unique=(
        "definition",
        "check",
    ),
)

#: written by rule ``resources_need``
NEED = ResultSchema(
    "resources/need",
    {
        "region_code": region(),
        "region": text(),
        "year": year(),
        "net_cost": number(),
        "standard_cost": number(),
        "cost_to_standard": number(),
        "cost_to_standard_index": number(),
        "need_index": number(),
        "pc_cost": number(),
        "pc_need_adjusted": number(),
        "pc_need_index": number(),
        "share": number(),
        "share80": number(),
        "population": number(),
        "note": text(),
    },
    unique=(
        "region_code",
        "year",
    ),
)

#: written by rule ``resources_need``
AGE_REGRESSIONS = ResultSchema(
    "resources/age_regressions",
    {
        "outcome": text(),
        "outcome_label": text(),
        "year": year(),
        "slope": number(),
        "ci_low": number(),
        "ci_high": number(),
        "intercept": number(),
        "r2": number(),
        "p_value": probability(),
        "n": count(),
        "confidence": probability(),
        "left_out": text(),
    },
    unique=(
        "year",
        "outcome",
    ),
)

#: written by rule ``resources_need``
AGE_FIT = ResultSchema(
    "resources/age_fit",
    {
        "outcome": text(),
        "year": year(),
        "share80": number(),
        "fit": number(),
        "ci_low": number(),
        "ci_high": number(),
    },
)

#: written by rule ``resources_scenarios``
SCENARIOS = ResultSchema(
    "resources/scenarios",
    {
        "region_code": text(),  # a län code, or a group of regions
        "region": text(),
        "base_year": year(),
        "target_year": year(),
        "years": integer(),
        "target_share": number(),
        "specialised_real_growth": number(),
        "pc_base": number(),
        "spec_base": number(),
        "total_base": number(),
        "share_base": number(),
        "population": number(),
        "spec_target": number(),
        "pc_target": number(),
        "total_target": number(),
        "extra_pc_per_inv": number(),
        "extra_pc_mnkr": number(),
        "extra_needed_mnkr": number(),
        "pc_growth_required": number(),
        "spec_growth_required": number(),
        "total_growth_required": number(),
        "move_within_total_per_inv": number(),
        "spec_change_if_moved": number(),
        "recent_start": integer(),
        "pc_growth_recent": number(),
        "spec_growth_recent": number(),
        "differential_recent": number(),
        "differential_required": number(),
        "differential_gap": number(),
        "years_to_target_recent": number(),
        "year_reached_recent": number(),
        "status": text(),
        "note": text(),
    },
    unique=("region_code",),
)

#: written by rule ``resources_scenarios``
SCENARIO_TOTALS = ResultSchema(
    "resources/scenario_totals",
    {
        "base_year": year(),
        "target_year": year(),
        "target_share": number(),
        "specialised_real_growth": number(),
        "share_base": number(),
        "extra_pc_per_inv": number(),
        "extra_pc_mnkr": number(),
        "pc_growth_required": number(),
        "pc_growth_recent": number(),
        "spec_growth_recent": number(),
        "differential_required": number(),
        "differential_recent": number(),
        "year_reached_recent": number(),
        "spec_change_if_moved": number(),
        "sum_regions_needed_mnkr": number(),
        "n_regions_below": count(),
        "n_regions_above": count(),
        "n_regions_missing": count(),
        "regions_missing": text(),
        "population": number(),
    },
)

#: written by rule ``resources_scenarios``
SCENARIO_SENSITIVITY = ResultSchema(
    "resources/scenario_sensitivity",
    {
        "target_label": text(),
        "target_share": number(),
        "specialised_real_growth": number(),
        "extra_pc_per_inv": number(),
        "extra_pc_mnkr": number(),
        "pc_growth_required": number(),
        "differential_required": number(),
        "differential_recent": number(),
        "sum_regions_needed_mnkr": number(),
        "is_configured": flag(),
    },
)

#: written by rule ``resources_scenarios``
EQUIVALENT_TARGET = ResultSchema(
    "resources/equivalent_target",
    {
        "target_share": number(),
        "factor": number(),
        "equivalent_share": number(),
        "our_2021": number(),
        "report_2021": number(),
    },
)

#: written by rule ``resources_funding``
MUNICIPAL_COSTS = ResultSchema(
    "resources/municipal_costs",
    {
        "year": year(),
        "mnkr": number(),
        "index_first": number(),
        "change_pct": number(),
        "status": text(),
        "page": integer(),
    },
    unique=("year",),
)

#: written by rule ``resources_funding``
STATE_GRANTS = ResultSchema(
    "resources/state_grants",
    {
        "table": text(),
        "kind": text(),
        "group": text(),
        "year": year(),
        "mnkr": number(),
        "page": integer(),
    },
    unique=(
        "year",
        "group",
        "table",
    ),
)

#: written by rule ``resources_funding``
GRANTS_VS_PC = ResultSchema(
    "resources/grants_vs_pc",
    {
        "year": year(),
        "grants_regions_mnkr": number(),
        "grants_municipalities_mnkr": number(),
        "grants_total_mnkr": number(),
        "regional_pc_mnkr": number(),
        "grants_regions_pct_of_pc": number(),
        "regions_missing": text(),
    },
    unique=("year",),
)

#: written by rule ``core_indicators_003``
CORE_INDICATORS_003 = ResultSchema(
    "resources/core_indicators_003",
    {
        "number": count(),
        "indicator": text(),
        "goals": text(),
        "page": count(),
        "in_data": flag(),
        "series_id": text(nullable=True),
        "series_name": text(nullable=True),
        "from_report": flag(),
        "national": number(),
        "verdict": text(nullable=True),
    },
    unique=("number", "series_id"),
)
