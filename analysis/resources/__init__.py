"""Resource allocation: primary care's share of regional health-care costs, and what a shift would take.

Pure functions on the tidy tables (``results/tidy/kolada.parquet``, ``skr.parquet``,
``report_values.parquet``); the workflow's ``resources_*`` rules write their results to
``results/resources/*.parquet`` and the chapters only draw them. One module per job:

- :mod:`~analysis.resources.definitions`: the series used and the share definitions (why
  each is what it is), the gaps in the sources;
- :mod:`~analysis.resources.shares`: shares per region and year, changes, sub-areas;
- :mod:`~analysis.resources.reconcile`: Kolada against SKR in their common years;
- :mod:`~analysis.resources.checks`: the reports' statements against our data;
- :mod:`~analysis.resources.need`: costs against need and the age regressions;
- :mod:`~analysis.resources.scenarios`: what a larger share would take;
- :mod:`~analysis.resources.funding`: municipal costs and state grants from the report's tables.

The public names of all of them are re-exported here, so ``from analysis import resources as R;
R.kolada_shares(...)`` keeps working.
"""

from analysis.regions import REGION_CODES, RIKET
from analysis.resources.checks import (
    ASSIGNMENT_STATEMENT,
    BILAGA1_LEDGER_CHECKS,
    CHECK_COLUMNS,
    MAX_EXCEPTIONS,
    TOLERANCES,
    all_crosschecks,
    bilaga1_region_table,
    bilaga1_tolerances,
    check_001_statements,
    check_assignment_2026,
    check_bilaga1,
    check_fig15_nursing,
    check_grants,
    check_municipal_share,
    crosscheck_summary,
    regional_primary_care_mnkr,
    spec_tolerances,
)
from analysis.resources.definitions import (
    DEFINITIONS,
    GAP_REASONS,
    KOLADA_FORMULAS,
    KOLADA_MIXED,
    KOLADA_PRIMARY,
    KPI,
    SKR_3,
    SKR_AREAS,
    SKR_HSV,
    SKR_HSV_DENTAL,
    SKR_NURSING,
    ShareDefinition,
    definitions_table,
    kolada_wide,
    skr_wide,
)
from analysis.resources.funding import (
    grants_vs_primary_care,
    municipal_costs,
    state_grants,
)
from analysis.resources.need import (
    AGE_OUTCOMES,
    age_fit_line,
    age_regressions,
    need_table,
)
from analysis.resources.reconcile import (
    RECONCILE_TOLERANCE_PP,
    reconcile_sources,
    reconciliation_summary,
)
from analysis.resources.scenarios import (
    AGGREGATE,
    AGGREGATE_NAME,
    SCENARIO_COLUMNS,
    ScenarioParams,
    cagr,
    equivalent_target,
    last_complete_year,
    reallocation_scenarios,
    scenario_inputs,
    scenario_sensitivity,
    scenario_totals,
    years_to_target,
)
from analysis.resources.shares import (
    SHARE_COLUMNS,
    SKR_PC_SUBAREAS,
    all_shares,
    kolada_shares,
    leave_one_out,
    level_ratios,
    missing_data_notes,
    primary_care_subareas,
    share_change,
    share_series,
    skr_shares,
    subarea_table,
)
from analysis.resources.staffing import (
    GROUPS,
    SETTINGS,
    staff_change_by_county,
    staff_per_100k,
    staff_share_in_primary_care,
)

__all__ = [
    "REGION_CODES",
    "RIKET",
    "KPI",
    "SKR_AREAS",
    "SKR_NURSING",
    "GAP_REASONS",
    "KOLADA_FORMULAS",
    "KOLADA_PRIMARY",
    "KOLADA_MIXED",
    "SKR_HSV",
    "SKR_HSV_DENTAL",
    "SKR_3",
    "ShareDefinition",
    "DEFINITIONS",
    "definitions_table",
    "kolada_wide",
    "skr_wide",
    "SHARE_COLUMNS",
    "kolada_shares",
    "skr_shares",
    "all_shares",
    "share_series",
    "missing_data_notes",
    "SKR_PC_SUBAREAS",
    "primary_care_subareas",
    "level_ratios",
    "share_change",
    "leave_one_out",
    "subarea_table",
    "RECONCILE_TOLERANCE_PP",
    "reconcile_sources",
    "reconciliation_summary",
    "CHECK_COLUMNS",
    "BILAGA1_LEDGER_CHECKS",
    "spec_tolerances",
    "bilaga1_tolerances",
    "TOLERANCES",
    "check_bilaga1",
    "check_001_statements",
    "ASSIGNMENT_STATEMENT",
    "MAX_EXCEPTIONS",
    "check_assignment_2026",
    "check_fig15_nursing",
    "regional_primary_care_mnkr",
    "check_municipal_share",
    "check_grants",
    "all_crosschecks",
    "crosscheck_summary",
    "bilaga1_region_table",
    "need_table",
    "AGE_OUTCOMES",
    "age_regressions",
    "age_fit_line",
    "ScenarioParams",
    "last_complete_year",
    "scenario_inputs",
    "AGGREGATE",
    "AGGREGATE_NAME",
    "cagr",
    "years_to_target",
    "SCENARIO_COLUMNS",
    "reallocation_scenarios",
    "scenario_totals",
    "equivalent_target",
    "scenario_sensitivity",
    "municipal_costs",
    "state_grants",
    "grants_vs_primary_care",
    "GROUPS",
    "SETTINGS",
    "staff_per_100k",
    "staff_change_by_county",
    "staff_share_in_primary_care",
]
