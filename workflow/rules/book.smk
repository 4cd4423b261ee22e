# The book: the site and the PDF, each its own rule and each incremental (Sphinx keeps its
# environment in .cache/book/{html,pdf}, so only changed pages are read and written; latexmk
# reuses its auxiliary files), then one job that assembles both and swaps them in for _build/
# only when both were built.

BOOK_SOURCES = dict(
    notebooks=expand("results/notebooks/{stem}.ipynb", stem=CHAPTERS),
    figdata=expand("results/figdata/{stem}", stem=CHAPTERS),
    config="_config.yml",
    toc="_toc.yml",
    bib="references.bib",
    code=code_deps("analysis/book.py"),
    theme=[
        "analysis/sphinx_offline.py",
        "analysis/sphinx_swedish.py",
        "analysis/sphinx_doctrees.py",
    ],
    assets=[str(p) for p in sorted(Path("analysis/site_assets").rglob("*.*"))],
    # the package source is shipped with the site (_static/code), so it is an input too
    package=[str(p) for p in sorted(Path("analysis").rglob("*.py"))],
)


rule book_html:
    input:
        **BOOK_SOURCES,
    output:
        record=BOOK_HTML_RECORD,
    log:
        "logs/book_html.log",
    shell:
        "python -m analysis.book html --cache {BOOK_CACHE}/html --log {log} --record {output.record}"


rule book_pdf:
    input:
        **BOOK_SOURCES,
    output:
        record=BOOK_PDF_RECORD,
    log:
        "logs/book_pdf.log",
    shell:
        "python -m analysis.book pdf --cache {BOOK_CACHE}/pdf --log {log} --record {output.record}"


rule book:
    input:
        html=BOOK_HTML_RECORD,
        pdf=BOOK_PDF_RECORD,
        code=code_deps("analysis/book.py"),
    output:
        published=BOOK_PUBLISHED,
    log:
        "logs/book.log",
    shell:
        "python -m analysis.book publish --html-cache {BOOK_CACHE}/html "
        "--pdf-cache {BOOK_CACHE}/pdf --published {output.published} > {log} 2>&1"
