# The region pages: each region's series beside Riket, and one page per region executed from
# the template chapters/regionsida.md (wildcard = the region's slug, see
# analysis/presentation/region_pages.py). The pages are listed in _toc.yml under
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


rule region_page:
    input:
        chapter=REGION_TEMPLATE,
        data=chapter_inputs(ROOT / REGION_TEMPLATE),
        code=code_deps(REGION_TEMPLATE),
    output:
        notebook="results/notebooks/region_{slug}.ipynb",
        figdata=directory("results/figdata/region_{slug}"),
    log:
        "logs/chapters/region_{slug}.log",
    wildcard_constraints:
        slug="[a-z_]+",
    params:
        region=lambda wildcards: region_for_stem(f"region_{wildcards.slug}"),
    shell:
        "mkdir -p {output.figdata} && GNV_FIGDATA_DIR={output.figdata} "
        "python -m analysis.book execute {input.chapter} {output.notebook} --region {params.region} "
        "> {log} 2>&1"
