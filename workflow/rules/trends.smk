# Trend models for access, continuity and trust (chapter 14): logit-scale GLMs with a
# pandemic shift and a post-reform slope change (analysis/trends/), the verdict rule, the
# trust gap and pandemic contrasts, and the report's survey points with intervals.

from analysis.declarations import read_definitions

TRENDS_REGISTRY = config["data"]["registry"]
TRENDS_FIGURES = "data-raw/figure_status_kap14.csv"
TRENDS_INSTRUMENTS = "data-raw/fast_lakare_instruments.csv"
# Which series are modelled, their waves and breaks: the analysis sheet (SHEET, common.smk).
# The survey's trend series (trust gap and contrasts) and the two series of the
# difference-in-differences.
HSB_TREND = [
    i
    for i in ids_for(SHEET, "trend", "kolada")
    if SHEET.loc[SHEET["id"] == i, "source"].item() == "Hälso- och sjukvårdsbarometern"
]
TRUST_KOLADA = list(
    dict.fromkeys(
        [*HSB_TREND, the_id(SHEET, "did_control"), the_id(SHEET, "did_treated")]
    )
)


rule trends_models:
    input:
        respondents=source("hsb_respondents"),
        kolada=kolada_tables(kolada_ids(analyses=["trend"])),
        vis="results/tidy/vis.parquet",
        report="results/tidy/report_values.parquet",
        figures=TRENDS_FIGURES,
        registry=TRENDS_REGISTRY,
        code=code_deps("workflow/scripts/trends_models.py"),
    output:
        estimates="results/trends/estimates.parquet",
        fitted="results/trends/fitted.parquet",
        verdicts="results/trends/verdicts.parquet",
        sensitivity="results/trends/sensitivity.parquet",
        robust="results/trends/robust.parquet",
    log:
        "logs/trends_models.log",
    priority: FIRST
    params:
        models=config["models"],
        sensitivity=config["sensitivity"],
        survey_source=config["variance"]["survey_with_proxy_n"],
    script:
        "../scripts/trends_models.py"


rule trends_trust:
    input:
        kolada=kolada_tables(TRUST_KOLADA),
        code=code_deps("workflow/scripts/trends_trust.py"),
    output:
        gap="results/trends/trust_gap.parquet",
        contrasts="results/trends/year_contrasts.parquet",
        did="results/trends/did.parquet",
    log:
        "logs/trends_trust.log",
    params:
        models=config["models"],
        hospital=the_id(SHEET, "did_control"),
        primary_care=the_id(SHEET, "did_treated"),
        ids=HSB_TREND,
    script:
        "../scripts/trends_trust.py"


rule trends_points:
    input:
        report="results/tidy/report_values.parquet",
        figures=TRENDS_FIGURES,
        instruments=TRENDS_INSTRUMENTS,
        code=code_deps("workflow/scripts/trends_points.py"),
    output:
        panel="results/trends/panel_points.parquet",
        instruments="results/trends/fast_lakare_instruments.parquet",
        targets="results/trends/continuity_targets.parquet",
        status="results/trends/figure_status.parquet",
    log:
        "logs/trends_points.log",
    params:
        models=config["models"],
    script:
        "../scripts/trends_points.py"


# Validation on simulated panels with known parameters (synthetic data, method page only).
VALIDATION_SCENARIOS = [
    "ingen_forandring",
    "forbattring",
    "stora_vagfel",
    "ingen_trend",
]


rule validation_replicates:
    input:
        code=code_deps("workflow/scripts/validation_replicates.py"),
    output:
        "results/validation/replicates_{scenario}.parquet",
    log:
        "logs/validation/{scenario}.log",
    wildcard_constraints:
        scenario="|".join(VALIDATION_SCENARIOS),
    params:
        models=config["models"],
        sensitivity=config["sensitivity"],
        validation=config["validation"],
    script:
        "../scripts/validation_replicates.py"


rule validation_summary:
    input:
        replicates=expand(
            "results/validation/replicates_{scenario}.parquet",
            scenario=VALIDATION_SCENARIOS,
        ),
        code=code_deps("workflow/scripts/validation_summary.py"),
    output:
        coverage="results/validation/coverage.parquet",
        verdicts="results/validation/verdict_shares.parquet",
        replicates="results/validation/replicates.parquet",
    log:
        "logs/validation/summary.log",
    script:
        "../scripts/validation_summary.py"


# Chapter 15's series: the sheet's system series and the ones the report's figures pair with.
SYSTEM_KOLADA = [
    i
    for i in dict.fromkeys(
        kolada_ids(analyses=["system"])
        + read_definitions("data-raw/system_definitions.csv")["indicator"].tolist()
    )
    if i in KOLADA_IDS
]


rule trends_system:
    input:
        kolada=kolada_tables(SYSTEM_KOLADA),
        definitions="data-raw/system_definitions.csv",
        registry=TRENDS_REGISTRY,
        code=code_deps("workflow/scripts/trends_system.py"),
    output:
        series="results/trends/system_series.parquet",
        elements="results/trends/system_elements.parquet",
        definitions="results/trends/system_definitions.parquet",
    log:
        "logs/trends_system.log",
    params:
        reform_start=config["models"]["reform_start"],
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/trends_system.py"
