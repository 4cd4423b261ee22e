# Reproduction ledger (analysis/ledger/): every figure, table and stated number of reports
# 001 and 004 checked against the compendium, with computed statuses, and the reports'
# claims about direction and size with computed verdicts. Read by
# chapters/reproduktionsprotokoll.md and chapters/index.md.

from analysis.ledger.claims import claim_kolada_ids, read_claims

LEDGER = "results/ledger"
# The Kolada series the checks compare with (analysis sheet families).
LEDGER_KOLADA = kolada_ids(families=["trust", "resources", "population"])
# ... and those the claims test (their parameters name them).
CLAIMS_KOLADA = claim_kolada_ids(read_claims(ROOT / "data-raw" / "claims.csv"))


rule ledger:
    input:
        spec="data-raw/ledger_spec.csv",
        report_values="results/tidy/report_values.parquet",
        categorical="results/tidy/report_categorical.parquet",
        kolada=kolada_tables(LEDGER_KOLADA),
        skr="results/tidy/skr.parquet",
        sheet="results/tidy/registry.parquet",
        code=code_deps("workflow/scripts/ledger.py"),
    output:
        ledger=f"{LEDGER}/ledger.parquet",
        ledger_csv=f"{LEDGER}/ledger.csv",
        checks=f"{LEDGER}/checks.parquet",
        checks_csv=f"{LEDGER}/checks.csv",
    log:
        "logs/ledger.log",
    script:
        "../scripts/ledger.py"


rule ledger_claims:
    input:
        claims="data-raw/claims.csv",
        report_values="results/tidy/report_values.parquet",
        kolada=kolada_tables(LEDGER_KOLADA + CLAIMS_KOLADA),
        skr="results/tidy/skr.parquet",
        sheet="results/tidy/registry.parquet",
        code=code_deps("workflow/scripts/ledger_claims.py"),
    output:
        claims=f"{LEDGER}/claims.parquet",
        claims_csv=f"{LEDGER}/claims.csv",
    log:
        "logs/ledger_claims.log",
    script:
        "../scripts/ledger_claims.py"


# Which of 001's numeric elements the executed chapters show (their figure-data sidecars),
# read by chapters that declare the coverage file; those chapters are not among its inputs.
COVERAGE = f"{LEDGER}/coverage.parquet"
SHOWING_CHAPTERS = [
    s for s in CHAPTERS if COVERAGE not in chapter_inputs(chapter_source(ROOT, s))
]


rule ledger_coverage:
    input:
        ledger=f"{LEDGER}/ledger.parquet",
        figdata=[f"results/figdata/{s}" for s in SHOWING_CHAPTERS],
        code=code_deps("workflow/scripts/ledger_coverage.py"),
    output:
        coverage=COVERAGE,
        coverage_csv=f"{LEDGER}/coverage.csv",
    log:
        "logs/ledger_coverage.log",
    script:
        "../scripts/ledger_coverage.py"
