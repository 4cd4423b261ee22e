# The region pages: each region's series beside Riket, and one page per region executed from
# the template chapters/regionsida.md (see analysis/presentation/region_pages.py). All pages
# are executed by one job in one kernel: they share every input, and a kernel per page cost
# more than twice as much (8,5 s against 3,5 s a page, measured on the build machine). The pages are listed in _toc.yml under
# Regionala skillnader; the book rule collects them like any chapter.

REGION_TEMPLATE = "chapters/regionsida.md"


rule region_series:
    input:
        kolada=kolada_tables(kolada_ids(analyses=["profile"])),
        registry=config["data"]["registry"],
        code=code_deps("workflow/scripts/region_series.py"),
    output:
        "results/regions/series.parquet",
    log:
        "logs/regions/series.log",
    script:
        "../scripts/region_series.py"


rule region_pages:
    input:
        chapter=REGION_TEMPLATE,
        data=chapter_inputs(ROOT / REGION_TEMPLATE),
        code=code_deps(REGION_TEMPLATE),
    output:
        notebooks=expand("results/notebooks/{stem}.ipynb", stem=REGION_PAGES),
        figdata=[directory(f"results/figdata/{stem}") for stem in REGION_PAGES],
    log:
        "logs/chapters/region_pages.log",
    shell:
        "python -m analysis.book execute-regions {input.chapter} results/notebooks results/figdata "
        "> {log} 2>&1"
