# Shared settings: project root, resolved data snapshots, chapter list.

import os
import sys
from pathlib import Path

from analysis.book import chapter_inputs, source_date_epoch, toc_stems
from analysis.codedeps import code_deps
from analysis.presentation.region_pages import is_region_page, region_for_stem
from analysis.config import git_commit, resolve_snapshot_dir
from analysis.registry import ids_for, load_registry, the_id

ROOT = Path(workflow.basedir)
SNAPSHOT_DIR, SNAPSHOT_REASON = resolve_snapshot_dir(
    config["data"]["snapshot_dir"], project_root=ROOT
)
print(f"Data snapshots: {SNAPSHOT_REASON}", file=sys.stderr)
# One date for every output of a build (never the clock): see analysis.book.source_date_epoch.
_EPOCH = source_date_epoch(ROOT, SNAPSHOT_DIR)
if _EPOCH is not None:
    os.environ["SOURCE_DATE_EPOCH"] = str(_EPOCH)
CHAPTERS = toc_stems(ROOT / "_toc.yml")
# Pages generated from the region template (workflow/rules/regions.smk); the others are chapters.
REGION_PAGES = [s for s in CHAPTERS if is_region_page(s)]
TIDY_TABLES = [
    f"results/tidy/{name}.parquet"
    for name in ("kolada", "vis", "skr", "report_values", "report_categorical")
]
# The analysis sheet: which indicators are analysed and how (rules read it at parse time).
SHEET = load_registry(ROOT / config["data"]["registry"])
BOOK_HTML = "_build/html/index.html"
BOOK_PDF = "_build/latex/god-och-nara-vard.pdf"
# The book rule's output is this record, not _build/ itself: Snakemake deletes a job's outputs
# before running it, and a failing book build must leave the published site and PDF in place
# (analysis.book swaps the new _build in only on success). A missing site forces a rebuild.
BOOK_PUBLISHED = "results/book_published.json"
if not (Path(ROOT, BOOK_HTML).exists() and Path(ROOT, BOOK_PDF).exists()):
    Path(ROOT, BOOK_PUBLISHED).unlink(missing_ok=True)


def snapshot(relative):
    """Path of a file in the resolved snapshot directory (an error names the remedies)."""
    from analysis.config import snapshot_file

    return str(snapshot_file(SNAPSHOT_DIR, relative))
