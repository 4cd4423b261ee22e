# Regional variance: decomposition (two-way ANOVA and crossed random effects), convergence,
# rank stability, funnel plots, the report's region tables and the region profiles.
# Functions in analysis/variance/ and analysis/funnel.py; see chapters/regionala_skillnader.md.


VARIANCE_PART = "results/variance/parts/{family}/{part}.parquet"


def variance_parts(part):
    """One table's parts, one per family the variance models fit."""
    return expand(VARIANCE_PART, family=VARIANCE_FAMILIES, part=part)


# The models are fitted per family, so a revised value re-fits only its own family's models.
rule variance_family:
    input:
        respondents=source("hsb_respondents"),
        kolada=lambda wildcards: [
            KOLADA_FAMILY_TABLE.format(family=wildcards.family),
            *kolada_tables([the_id(SHEET, "population_total")]),
        ],
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/variance_family.py"),
    output:
        **{
            part: VARIANCE_PART.replace("{part}", part)
            for part in (
                "decomposition",
                "dispersion",
                "convergence",
                "rank_pairs",
                "rank_intervals",
            )
        },
    log:
        "logs/variance/family_{family}.log",
    priority: FIRST
    params:
        variance=config["variance"],
        confidence=config["models"]["confidence"],
        pandemic_years=config["models"]["pandemic_years"],
        population_id=the_id(SHEET, "population_total"),
        survey_source=config["variance"]["survey_with_proxy_n"],
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/variance_family.py"


rule variance_decomposition:
    input:
        parts=variance_parts("decomposition"),
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/variance_decomposition.py"),
    output:
        decomposition="results/variance/decomposition.parquet",
    priority: FIRST
    script:
        "../scripts/variance_decomposition.py"


rule variance_convergence:
    input:
        dispersion=variance_parts("dispersion"),
        convergence=variance_parts("convergence"),
        rank_pairs=variance_parts("rank_pairs"),
        rank_intervals=variance_parts("rank_intervals"),
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/variance_convergence.py"),
    output:
        dispersion="results/variance/dispersion.parquet",
        convergence="results/variance/convergence.parquet",
        rank_pairs="results/variance/rank_pairs.parquet",
        rank_intervals="results/variance/rank_intervals.parquet",
    priority: FIRST
    params:
        fdr=config["sensitivity"]["fdr"],
    script:
        "../scripts/variance_convergence.py"


rule variance_funnel:
    input:
        vis="results/tidy/vis.parquet",
        vis_indicators="results/tidy/vis_indicators.csv",
        code=code_deps("workflow/scripts/variance_funnel.py"),
    output:
        points="results/variance/funnel_points.parquet",
        summary="results/variance/funnel_summary.parquet",
        curves="results/variance/funnel_curves.parquet",
        rank_pairs="results/variance/funnel_rank_pairs.parquet",
        rank_intervals="results/variance/funnel_rank_intervals.parquet",
    log:
        "logs/variance/funnel.log",
    priority: FIRST
    params:
        variance=config["variance"],
        confidence=config["models"]["confidence"],
        fdr=config["sensitivity"]["fdr"],
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/variance_funnel.py"


rule variance_report_tables:
    input:
        report="results/tidy/report_values.parquet",
        code=code_deps("workflow/scripts/variance_report.py"),
    output:
        regions="results/variance/report_regions.parquet",
        tests="results/variance/report_tests.parquet",
    log:
        "logs/variance/report_tables.log",
    params:
        confidence=config["models"]["confidence"],
    script:
        "../scripts/variance_report.py"


rule variance_profiles:
    input:
        registry=config["data"]["registry"],
        kolada=kolada_tables(kolada_ids(analyses=["profile"])),
        rank_intervals="results/variance/rank_intervals.parquet",
        funnel_points="results/variance/funnel_points.parquet",
        code=code_deps("workflow/scripts/variance_profiles.py"),
    output:
        "results/variance/profiles.parquet",
    log:
        "logs/variance/profiles.log",
    priority: FIRST
    script:
        "../scripts/variance_profiles.py"
