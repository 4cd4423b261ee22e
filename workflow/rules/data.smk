# Sources -> validated tidy tables (results/tidy/*.parquet) with a metadata sidecar each.

SOURCES = config["data"]["sources"]


def licence(declared):
    """A declared source's licence and attribution (the tidy rules record them per file)."""
    return {k: declared.get(k, "") for k in ("licence", "attribution")}


def kolada_input(wildcards):
    """The Kolada snapshot when one is resolved; with none, the rule fetches from the API."""
    return {"snapshot": keyed(path) for path in source_found("kolada")}


def kolada_snapshot(wildcards):
    """The snapshot as a plain input (any change to the file re-runs the job), or none (API)."""
    return {"snapshot": path for path in source_found("kolada")}


# One job per analysis-sheet family; the content key decides when it re-runs (common.smk).
rule tidy_kolada_family:
    input:
        unpack(kolada_input),
        registry=keyed(config["data"]["registry"]),
        ranges=keyed(config["quality"]["plausible_ranges"]),
        exceptions=keyed(config["quality"]["exceptions"]),
        code=code_deps("workflow/scripts/tidy_kolada.py"),
    output:
        table=KOLADA_FAMILY_TABLE,
        meta="results/tidy/kolada/{family}_meta.json",
        quarantine="results/tidy/kolada/{family}_quarantine.parquet",
        years="results/tidy/kolada/{family}_years.parquet",
    log:
        "logs/tidy_kolada/{family}.log",
    wildcard_constraints:
        family="|".join(KOLADA_FAMILIES),
    params:
        key=kolada_family_key,
        ids=lambda wildcards: family_ids(wildcards.family),
        kolada=config["kolada"],
        quality=config["quality"],
        snapshot_dir=config["data"]["snapshot_dir"],
        snapshot_file=SOURCES["kolada"]["location"],
    script:
        "../scripts/tidy_kolada.py"


rule tidy_kolada:
    input:
        unpack(kolada_snapshot),
        tables=expand(KOLADA_FAMILY_TABLE, family=KOLADA_FAMILIES),
        meta=expand("results/tidy/kolada/{family}_meta.json", family=KOLADA_FAMILIES),
        quarantine=expand(
            "results/tidy/kolada/{family}_quarantine.parquet", family=KOLADA_FAMILIES
        ),
        years=expand(
            "results/tidy/kolada/{family}_years.parquet", family=KOLADA_FAMILIES
        ),
        code=code_deps("workflow/scripts/tidy_kolada_gather.py"),
    output:
        table="results/tidy/kolada.parquet",
        meta="results/tidy/kolada_meta.json",
        rules="results/tidy/kolada_rules.json",
        quarantine="results/tidy/quarantine.parquet",
        years="results/tidy/kolada_years.parquet",
    log:
        "logs/tidy_kolada.log",
    params:
        quality=config["quality"],
        last_year=config["kolada"]["last_year"],
    script:
        "../scripts/tidy_kolada_gather.py"


rule tidy_vis:
    input:
        indicators=source("vis_indicators"),
        costs=source("vis_costs"),
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/tidy_vis.py"),
    output:
        table="results/tidy/vis.parquet",
        indicators="results/tidy/vis_indicators.csv",
        meta="results/tidy/vis_meta.json",
    log:
        "logs/tidy_vis.log",
    params:
        licences=[licence(SOURCES["vis_indicators"]), licence(SOURCES["vis_costs"])],
    script:
        "../scripts/tidy_vis.py"


rule tidy_skr:
    input:
        costs=source("skr_costs"),
        code=code_deps("workflow/scripts/tidy_skr.py"),
    output:
        table="results/tidy/skr.parquet",
        meta="results/tidy/skr_meta.json",
        names="results/tidy/skr_indicators.csv",
    log:
        "logs/tidy_skr.log",
    params:
        licence=licence(SOURCES["skr_costs"]),
    script:
        "../scripts/tidy_skr.py"


def declared_source_files(wildcards):
    """Every declared source's files; a source with an API (Kolada) only if in the snapshot."""
    return {
        name: source_found(name) if SOURCES[name].get("api") else source_files_of(name)
        for name in SOURCES
    }


def source_files_of(name):
    """The files of one declared source as a list (config data.sources)."""
    found = source(name)
    return found if isinstance(found, list) else [found]


# What the build read from every declared source, for the page Datakällor.
rule sources:
    input:
        unpack(declared_source_files),
        kolada_meta="results/tidy/kolada_meta.json",
        code=code_deps("workflow/scripts/sources_record.py"),
    output:
        "results/tidy/sources.json",
    log:
        "logs/sources.log",
    params:
        sources=SOURCES,
    script:
        "../scripts/sources_record.py"


rule report_values:
    input:
        transcriptions=source("transcriptions"),
        code=code_deps("workflow/scripts/report_values.py"),
    output:
        "results/tidy/report_values.parquet",
    log:
        "logs/report_values.log",
    script:
        "../scripts/report_values.py"


rule report_categorical:
    input:
        tables=source("categorical"),
        code=code_deps("workflow/scripts/report_categorical.py"),
    output:
        "results/tidy/report_categorical.parquet",
    log:
        "logs/report_categorical.log",
    script:
        "../scripts/report_categorical.py"


rule registry:
    input:
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/registry.py"),
    output:
        "results/tidy/registry.parquet",
    log:
        "logs/registry.log",
    script:
        "../scripts/registry.py"


rule coverage:
    input:
        tables=expand("results/tidy/{name}.parquet", name=["kolada", "vis", "skr"]),
        code=code_deps("workflow/scripts/coverage.py"),
    output:
        "results/tidy/coverage.parquet",
    log:
        "logs/coverage.log",
    script:
        "../scripts/coverage.py"
