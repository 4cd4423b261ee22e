# The book: stage the executed chapters and build PDF, then HTML. One job writes _build/,
# swapping it in only when the whole build succeeded.


rule book:
    input:
        notebooks=expand("results/notebooks/{stem}.ipynb", stem=CHAPTERS),
        figdata=expand("results/figdata/{stem}", stem=CHAPTERS),
        config="_config.yml",
        toc="_toc.yml",
        bib="references.bib",
        code=code_deps("analysis/book.py"),
        theme=["analysis/sphinx_offline.py", "analysis/sphinx_swedish.py"],
        assets=[str(p) for p in sorted(Path("analysis/site_assets").rglob("*.*"))],
    output:
        published=BOOK_PUBLISHED,
    log:
        "logs/book.log",
    shell:
        "python -m analysis.book build --stage results/book --log {log} --published {output.published}"
