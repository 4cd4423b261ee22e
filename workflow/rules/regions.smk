# The region pages: each region's series beside Riket, and one page per region executed from
# the template chapters/regionsida.md (see analysis/presentation/region_pages.py). The pages
# are executed in analysis.pages.REGION_PAGE_JOBS jobs, one kernel per job (page_batches): a
# kernel per page cost more than three times as much (8,5 s against 2,5 s a page, measured on
# the build machine). The pages' trend figures are drawn ahead, one job per family for all
# regions (region_figures), so a revised value redraws its family's figures only. A page whose own rows and figures are
# unchanged is restored from its last execution (analysis.presentation.region_pages.
# page_data_keys), and a job whose pages are all unchanged starts no kernel. The pages are
# listed in _toc.yml under Regionala skillnader; the book rule collects them like any chapter.

REGION_TEMPLATE = "chapters/regionsida.md"


def profile_ids(family):
    """The sheet's region-profile Kolada ids of one family (what its figures draw)."""
    return [i for i in kolada_ids(analyses=["profile"]) if FAMILY_OF[i] == family]


rule region_series:
    input:
        kolada=kolada_tables(kolada_ids(analyses=["profile"])),
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/region_series.py"),
    output:
        "results/regions/series.parquet",
    log:
        "logs/regions/series.log",
    params:
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/region_series.py"


rule region_figures:
    input:
        kolada=lambda w: kolada_tables(profile_ids(w.family)),
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/region_figures.py"),
    output:
        "results/regions/figures/{family}.json",
    log:
        "logs/regions/figures_{family}.log",
    params:
        min_regions=config["models"]["min_regions"],
    script:
        "../scripts/region_figures.py"


for _k, _codes in enumerate(page_batches(), start=1):
    _stems = [page_stem(c) for c in _codes]

    rule:
        name:
            f"region_pages_{_k}"
        input:
            chapter=REGION_TEMPLATE,
            data=chapter_inputs(ROOT / REGION_TEMPLATE),
            code=code_deps(REGION_TEMPLATE),
        output:
            notebooks=[f"results/notebooks/{s}.ipynb" for s in _stems],
            figdata=[directory(f"results/figdata/{s}") for s in _stems],
        log:
            f"logs/chapters/region_pages_{_k}.log",
        params:
            regions=" ".join(_codes),
        shell:
            "python -m analysis.book execute-regions {input.chapter} results/notebooks results/figdata "
            "--regions {params.regions} --reuse .cache/chapters > {log} 2>&1"
