# Provenance pages: what changed since the previous build, and the colophon.


rule whats_new:
    input:
        tables=expand("results/tidy/{name}.parquet", name=["kolada", "vis", "skr"]),
        code=code_deps("workflow/scripts/whats_new.py"),
    output:
        changes="results/publishing/changes.parquet",
        meta="results/publishing/changes_meta.json",
    log:
        "logs/whats_new.log",
    params:
        state=".cache/manifests/values.parquet",
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
