# One rule per chapter: execute chapters/<stem>.md into results/notebooks/<stem>.ipynb.
# Inputs are exactly the result files the chapter declares in its front matter
# (compendium.inputs), so new data re-execute only the chapters that read them. A chapter
# whose inputs were rewritten with the same content is restored from its last execution
# instead (analysis/reuse.py: Snakemake plans it before knowing the content).
# The region pages come from one template (workflow/rules/regions.smk).

for _stem in [s for s in CHAPTERS if s not in REGION_PAGES]:

    rule:
        name:
            f"chapter_{_stem}"
        input:
            chapter=f"chapters/{_stem}.md",
            data=chapter_inputs(ROOT / "chapters" / f"{_stem}.md"),
            code=code_deps(f"chapters/{_stem}.md"),
        output:
            notebook=f"results/notebooks/{_stem}.ipynb",
            figdata=directory(f"results/figdata/{_stem}"),
        log:
            f"logs/chapters/{_stem}.log",
        priority: FIRST if _stem in SLOW_CHAPTERS else 0
        shell:
            "mkdir -p {output.figdata} && GNV_FIGDATA_DIR={output.figdata} "
            "python -m analysis.book execute {input.chapter} {output.notebook} "
            "--reuse .cache/chapters > {log} 2>&1"
