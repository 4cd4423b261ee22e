# Shared settings: project root, resolved data snapshots, chapter list.

import os
import sys
from pathlib import Path

from analysis.book import chapter_inputs, source_date_epoch, toc_stems
from analysis.codedeps import code_deps
from analysis.pages import chapter_source, is_region_page, page_batches, page_stem
from analysis.config import git_commit, resolve_snapshot_dir, source_files
from analysis.registry import (
    KOLADA_TABLE_PROVIDERS,
    MODEL_INPUT_FAMILIES,
    ids_for,
    load_registry,
    role_ids,
    the_id,
)
from analysis.sources.kolada_tables import combined_key, content_keys

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

# Scheduling only (outputs never depend on it): with two cores, the jobs on the longest
# chains to the book run first when they are ready. Measured on a revised trust value: the
# variance models, their profiles and the regional chapter, and the trend models and findings
# that the changelog waits for; the two slowest chapters (10 s and 8 s) start before the short
# jobs that could run beside them.
FIRST = 10
SLOW_CHAPTERS = ["regionala_skillnader", "kap14_patienters_erfarenheter"]
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
# The site and PDF are built in a cache outside results/ (Sphinx's environment, LaTeX files);
# the records say what was built there. A missing cache forces that build again.
BOOK_CACHE = ".cache/book"
BOOK_HTML_RECORD = "results/book_html.json"
BOOK_PDF_RECORD = "results/book_pdf.json"
if not Path(ROOT, BOOK_CACHE, "html", "_build", "html", "index.html").exists():
    Path(ROOT, BOOK_HTML_RECORD).unlink(missing_ok=True)
if not Path(
    ROOT, BOOK_CACHE, "pdf", "_build", "latex", "god-och-nara-vard.pdf"
).exists():
    Path(ROOT, BOOK_PDF_RECORD).unlink(missing_ok=True)


def source(name):
    """The file(s) of a source declared in config data.sources (an error names the remedies).

    One path for a single-file location, a list for a glob.
    """
    files = [_relative(p) for p in source_files(config, name, SNAPSHOT_DIR, ROOT)]
    is_glob = any(c in config["data"]["sources"][name]["location"] for c in "*?[")
    return files if is_glob else files[0]


def _relative(path):
    """A project file relative to the project root (rules run there); snapshot files absolute."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def source_found(name):
    """The declared source's file(s) in the snapshot, or [] (Kolada: the rule uses the API)."""
    return [
        str(p) for p in source_files(config, name, SNAPSHOT_DIR, ROOT, missing_ok=True)
    ]


# The tidy Kolada table, split by analysis-sheet family (analysis/sources/kolada_tables.py):
# a rule declares the families of the indicators it reads, and a family's job re-runs only
# when its content key changes.
KOLADA_IDS = SHEET.loc[SHEET["provider"].isin(KOLADA_TABLE_PROVIDERS), "id"].tolist()
FAMILY_OF = dict(zip(SHEET["id"], SHEET["family"]))
KOLADA_FAMILIES = list(dict.fromkeys(FAMILY_OF[i] for i in KOLADA_IDS))
KOLADA_FAMILY_TABLE = "results/tidy/kolada/{family}.parquet"
#: Families whose indicators the regional variance models fit (one job per family).
VARIANCE_FAMILIES = [f for f in KOLADA_FAMILIES if f not in MODEL_INPUT_FAMILIES]


def _kolada_content_keys():
    """Content keys of every Kolada indicator, or None (live API, or an unreadable file)."""
    if not source_found("kolada"):
        return None
    try:
        return content_keys(
            source_found("kolada")[0],
            KOLADA_IDS,
            sheet=SHEET,
            ranges=ROOT / config["quality"]["plausible_ranges"],
            exceptions=ROOT / config["quality"]["exceptions"],
            settings={"kolada": config["kolada"], "quality": config["quality"]},
            code=code_deps("workflow/scripts/tidy_kolada.py"),
            root=ROOT,
        )
    except (
        OSError,
        ValueError,
    ) as exc:  # the tidy step reports the problem with file and row
        print(
            f"Kolada content keys not computed ({exc}); every family re-runs",
            file=sys.stderr,
        )
        return None


KOLADA_KEYS = _kolada_content_keys()


def family_ids(family):
    """The Kolada ids of one analysis-sheet family, in sheet order."""
    return [i for i in KOLADA_IDS if FAMILY_OF[i] == family]


def kolada_ids(families=(), analyses=(), roles=()):
    """Kolada ids of the analysis sheet in the given families, marked with any of ``analyses``
    or playing any of ``roles`` (a role no series plays is an error)."""
    rows = SHEET[SHEET["id"].isin(KOLADA_IDS)]
    marked = (
        rows["analyses"]
        .str.split(";")
        .map(lambda items: bool(set(items) & set(analyses)))
    )
    cast = rows["id"].isin(role_ids(SHEET, roles).values())
    return rows.loc[rows["family"].isin(families) | marked | cast, "id"].tolist()


def kolada_tables(ids):
    """The family tables holding ``ids``: what a rule that reads those indicators declares."""
    families = dict.fromkeys(FAMILY_OF[i] for i in ids)
    return [KOLADA_FAMILY_TABLE.format(family=f) for f in families]


def kolada_family_key(wildcards):
    """The content key of a family (a rule parameter: a changed key re-runs its job)."""
    if KOLADA_KEYS is None:
        return "api"
    return combined_key(KOLADA_KEYS, family_ids(wildcards.family))


def keyed(path):
    """An input whose relevant content is in a content key: its date alone re-runs nothing."""
    return ancient(path) if KOLADA_KEYS is not None else path
