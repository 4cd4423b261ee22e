# Provenance pages: what changed since the last published vintage, and the colophon.

VINTAGE_RECORD = "data-raw/vintage/published.json"


def vintage_record(wildcards):
    """The committed vintage record when there is one (a never-published project has none)."""
    return [VINTAGE_RECORD] if Path(VINTAGE_RECORD).is_file() else []


rule whats_new:
    input:
        tables=expand("results/tidy/{name}.parquet", name=["kolada", "vis", "skr"]),
        metas=expand("results/tidy/{name}_meta.json", name=["kolada", "vis", "skr"]),
        quarantine="results/tidy/quarantine.parquet",
        registry="results/tidy/registry.parquet",
        vis_indicators="results/tidy/vis_indicators.csv",
        skr_names="results/tidy/skr_indicators.csv",
        robust="results/trends/robust.parquet",
        goals="results/findings/goals.parquet",
        record=vintage_record,
        code=code_deps("workflow/scripts/whats_new.py"),
    output:
        changes="results/publishing/changes.parquet",
        quarantine="results/publishing/changes_quarantine.parquet",
        conclusions="results/publishing/changes_conclusions.parquet",
        meta="results/publishing/changes_meta.json",
    log:
        "logs/whats_new.log",
    params:
        record=VINTAGE_RECORD,
    script:
        "../scripts/whats_new.py"


rule colophon:
    input:
        lock="requirements.lock",
        code=code_deps("workflow/scripts/colophon.py"),
    output:
        "results/publishing/colophon.json",
    log:
        "logs/colophon.log",
    params:
        commit=git_commit(ROOT),
        data=SNAPSHOT_REASON,
    script:
        "../scripts/colophon.py"
