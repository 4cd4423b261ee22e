# What the numbers say: headline results, the nine-goal scoreboard and the key indicators,
# generated from the model results (analysis/findings.py) for the front page and summaries.


rule findings:
    input:
        robust="results/trends/robust.parquet",
        verdicts="results/trends/verdicts.parquet",
        registry=config["data"]["registry"],
        goals="data-raw/goals.csv",
        share_change="results/resources/share_change.parquet",
        share_loo="results/resources/share_leave_one_out.parquet",
        assignment="results/assignment/headlines.parquet",
        kolada=kolada_tables(kolada_ids(analyses=["key"])),
        report="results/tidy/report_values.parquet",
        code=code_deps("workflow/scripts/findings.py"),
    output:
        headlines="results/findings/headlines.parquet",
        goals="results/findings/goals.parquet",
        goal_series="results/findings/goal_series.parquet",
        key_latest="results/findings/key_latest.parquet",
        key_series="results/findings/key_series.parquet",
        key_table="results/findings/key_indicators.parquet",
    log:
        "logs/findings.log",
    priority: FIRST
    params:
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/findings.py"
