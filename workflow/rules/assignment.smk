# The government's 2026 assignment answered with data (analysis/assignment/): capacity-
# constrained scenarios (question 1), mechanisms panel (2), state grants as dose (3), the
# regional-to-municipal shift (4–5) and the data map (6), plus front-page headlines.
# Outputs: results/assignment/*.parquet, read by chapters/resursallokering.md.

from analysis.assignment import roles as ASG_ROLES

ASG = "results/assignment"
# Each model reads the analysis sheet's series by role (analysis/assignment/roles.py): the
# rule declares the Kolada tables of exactly those series and passes role -> id to its script.


rule assignment_shift:
    input:
        kolada=kolada_tables(kolada_ids(roles=ASG_ROLES.SHIFT)),
        home_care=source("municipal_home_care"),
        discharge=source("discharge_ready_days"),
        key=source("kommun_key"),
        code=code_deps("workflow/scripts/assignment_shift.py"),
    output:
        lan=f"{ASG}/home_care_lan.parquet",
        check=f"{ASG}/home_care_national_check.parquet",
        panel=f"{ASG}/shift_panel.parquet",
        models=f"{ASG}/shift_models.parquet",
        changes=f"{ASG}/shift_changes.parquet",
    log:
        "logs/assignment_shift.log",
    params:
        series=role_ids(SHEET, ASG_ROLES.SHIFT),
        files=role_ids(SHEET, ASG_ROLES.SHIFT_FILES),
        years=config["assignment"]["shift"],
        confidence=config["models"]["confidence"],
    script:
        "../scripts/assignment_shift.py"


rule assignment_scenarios:
    input:
        kolada=kolada_tables(kolada_ids(roles=ASG_ROLES.SCENARIOS)),
        code=code_deps("workflow/scripts/assignment_scenarios.py"),
    output:
        regions=f"{ASG}/scenario_regions.parquet",
        national=f"{ASG}/scenario_national.parquet",
    log:
        "logs/assignment_scenarios.log",
    params:
        series=role_ids(SHEET, ASG_ROLES.SCENARIOS),
        scenarios=config["assignment"]["scenarios"],
    script:
        "../scripts/assignment_scenarios.py"


rule assignment_mechanisms:
    input:
        kolada=kolada_tables(kolada_ids(roles=ASG_ROLES.MECHANISMS)),
        report_values="results/tidy/report_values.parquet",
        code=code_deps("workflow/scripts/assignment_mechanisms.py"),
    output:
        panel=f"{ASG}/mechanism_panel.parquet",
        models=f"{ASG}/mechanism_models.parquet",
        organisation=f"{ASG}/mechanism_organisation.parquet",
    log:
        "logs/assignment_mechanisms.log",
    params:
        series=role_ids(SHEET, ASG_ROLES.MECHANISMS),
        confidence=config["models"]["confidence"],
    script:
        "../scripts/assignment_mechanisms.py"


rule assignment_grants:
    input:
        kolada=kolada_tables(kolada_ids(roles=ASG_ROLES.GRANTS)),
        report_values="results/tidy/report_values.parquet",
        code=code_deps("workflow/scripts/assignment_grants.py"),
    output:
        doses=f"{ASG}/grant_doses.parquet",
        models=f"{ASG}/grant_models.parquet",
    log:
        "logs/assignment_grants.log",
    params:
        series=role_ids(SHEET, ASG_ROLES.GRANTS),
        grants=config["assignment"]["grants"],
        confidence=config["models"]["confidence"],
    script:
        "../scripts/assignment_grants.py"


rule assignment_datamap:
    input:
        datamap=config["data"]["assignment_datamap"],
        code=code_deps("workflow/scripts/assignment_datamap.py"),
    output:
        datamap=f"{ASG}/datamap.parquet",
    log:
        "logs/assignment_datamap.log",
    script:
        "../scripts/assignment_datamap.py"


rule assignment_headlines:
    input:
        scenarios=f"{ASG}/scenario_national.parquet",
        shift=f"{ASG}/shift_models.parquet",
        mechanisms=f"{ASG}/mechanism_models.parquet",
        grants=f"{ASG}/grant_models.parquet",
        code=code_deps("workflow/scripts/assignment_headlines.py"),
    output:
        headlines=f"{ASG}/headlines.parquet",
    log:
        "logs/assignment_headlines.log",
    params:
        central_elasticity=config["assignment"]["scenarios"]["central_elasticity"],
        grant_years=config["assignment"]["grants"]["grant_years"],
    script:
        "../scripts/assignment_headlines.py"
