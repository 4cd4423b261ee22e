# Resource allocation (analysis/resources/): primary care's cost share, cross-checks
# against the reports, need-adjusted view, reallocation scenarios and funding flows.
# Outputs: results/resources/*.parquet, read by chapters/kap08_resurstilldelning.md and
# chapters/resursallokering.md.

from analysis.declarations import read_core_indicators

RES = "results/resources"
# The Kolada series the cost-share formulas read (analysis sheet families).
RES_KOLADA = kolada_ids(families=["resources", "population"])
# The sheet series that Socialstyrelsen's core indicators are compared with.
CORE_003_KOLADA = [
    i
    for ids in read_core_indicators("data-raw/core_indicators_003.csv")["sheet_ids"]
    for i in ids.split(";")
    if i in KOLADA_IDS
]


rule resources_shares:
    input:
        kolada=kolada_tables(RES_KOLADA),
        skr="results/tidy/skr.parquet",
        code=code_deps("workflow/scripts/resources_shares.py"),
    output:
        shares=f"{RES}/shares.parquet",
        definitions=f"{RES}/share_definitions.parquet",
        missing=f"{RES}/missing_notes.parquet",
        level_ratios=f"{RES}/level_ratios.parquet",
        reconciliation=f"{RES}/reconciliation.parquet",
        reconciliation_summary=f"{RES}/reconciliation_summary.parquet",
        share_change=f"{RES}/share_change.parquet",
        share_leave_one_out=f"{RES}/share_leave_one_out.parquet",
        pc_subareas=f"{RES}/pc_subareas.parquet",
    log:
        "logs/resources_shares.log",
    params:
        # the post-reform period (config models.reform_start) to the last year with data
        change_start=config["models"]["reform_start"],
    script:
        "../scripts/resources_shares.py"


rule resources_crosschecks:
    input:
        shares=f"{RES}/shares.parquet",
        kolada=kolada_tables(RES_KOLADA),
        skr="results/tidy/skr.parquet",
        report_values="results/tidy/report_values.parquet",
        ledger_spec="data-raw/ledger_spec.csv",
        code=code_deps("workflow/scripts/resources_crosschecks.py"),
    output:
        checks=f"{RES}/crosschecks.parquet",
        summary=f"{RES}/crosscheck_summary.parquet",
    log:
        "logs/resources_crosschecks.log",
    script:
        "../scripts/resources_crosschecks.py"


rule resources_need:
    input:
        kolada=kolada_tables(RES_KOLADA),
        code=code_deps("workflow/scripts/resources_need.py"),
    output:
        need=f"{RES}/need.parquet",
        regressions=f"{RES}/age_regressions.parquet",
        fit=f"{RES}/age_fit.parquet",
    log:
        "logs/resources_need.log",
    params:
        confidence=config["models"]["confidence"],
    script:
        "../scripts/resources_need.py"


rule resources_scenarios:
    input:
        kolada=kolada_tables(RES_KOLADA),
        checks=f"{RES}/crosschecks.parquet",
        code=code_deps("workflow/scripts/resources_scenarios.py"),
    output:
        scenarios=f"{RES}/scenarios.parquet",
        totals=f"{RES}/scenario_totals.parquet",
        sensitivity=f"{RES}/scenario_sensitivity.parquet",
        equivalent=f"{RES}/equivalent_target.parquet",
    log:
        "logs/resources_scenarios.log",
    params:
        scenarios=config["scenarios"],
        recent_start=config["models"]["reform_start"],
        # sensitivity grid: specialised care's real growth per year (the configured value is added)
        growths=[0.0, 0.005, 0.01],
    script:
        "../scripts/resources_scenarios.py"


rule resources_funding:
    input:
        kolada=kolada_tables(RES_KOLADA),
        report_values="results/tidy/report_values.parquet",
        code=code_deps("workflow/scripts/resources_funding.py"),
    output:
        municipal=f"{RES}/municipal_costs.parquet",
        grants=f"{RES}/state_grants.parquet",
        grants_vs_pc=f"{RES}/grants_vs_pc.parquet",
    log:
        "logs/resources_funding.log",
    script:
        "../scripts/resources_funding.py"


# Socialstyrelsen (2026), tabell 1: the 12 core indicators, recomputed where our data have them.
rule core_indicators_003:
    input:
        core="data-raw/core_indicators_003.csv",
        sheet="results/tidy/registry.parquet",
        robust="results/trends/robust.parquet",
        kolada=kolada_tables(CORE_003_KOLADA),
        code=code_deps("workflow/scripts/core_indicators_003.py"),
    output:
        f"{RES}/core_indicators_003.parquet",
    log:
        "logs/core_indicators_003.log",
    params:
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/core_indicators_003.py"
