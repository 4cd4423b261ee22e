"""Which file each book page is executed from, and which pages are the generated region pages.

A chapter page ``<stem>`` is executed from ``chapters/<stem>.md``; the 21 region pages
``region_<slug>`` are one template run once per region. Kept free of heavy imports because
the workflow asks it for every page when it plans.
"""

from __future__ import annotations

from pathlib import Path

from analysis.regions import REGION_CODES, region_slug

#: Stems of the region pages are ``region_<slug>``; the template is executed for each.
PAGE_PREFIX = "region_"
TEMPLATE = "chapters/regionsida.md"


#: The region pages are executed in this many jobs (one kernel each). One: a page's figures are
#: drawn ahead (rule ``region_figures``) and an unchanged page is restored, so a revision
#: executes a few pages, and one kernel start (about 1,5 s) beats two. Measured on the 2-core
#: build machine, 2026-11-30: a revised trust value took 4,8 s in one job against 2 × 4,1 s in
#: two; in a cold build and a new year the single job (about 14 s) still ends before the last
#: chapters (benchmarks/run.py).
REGION_PAGE_JOBS = 1


def page_batches(jobs: int = REGION_PAGE_JOBS) -> list[list[str]]:
    """The region codes in ``jobs`` consecutive groups of near-equal size (region-code order)."""
    size, extra = divmod(len(REGION_CODES), jobs)
    out, start = [], 0
    for k in range(jobs):
        end = start + size + (k < extra)
        out.append(list(REGION_CODES[start:end]))
        start = end
    return [b for b in out if b]


def page_stem(code: str) -> str:
    """``"09"`` -> ``"region_gotland"``: the page's file stem (and its ``_toc.yml`` entry)."""
    return PAGE_PREFIX + region_slug(code)


def page_stems() -> list[str]:
    """Every region page's stem, in region-code order."""
    return [page_stem(c) for c in REGION_CODES]


def region_for_stem(stem: str) -> str:
    """The region code of a page stem; raises ``KeyError`` for a stem that is no region page."""
    for code in REGION_CODES:
        if page_stem(code) == stem:
            return code
    raise KeyError(f"{stem!r} is not a region page (expected one of {', '.join(page_stems())})")


def is_region_page(stem: str) -> bool:
    """Whether ``stem`` names a generated region page."""
    return stem in page_stems()


def chapter_source(project_root: Path, stem: str) -> Path:
    """The MyST file a page is executed from: its own chapter, or the template of a region page."""
    return Path(project_root) / (TEMPLATE if is_region_page(stem) else f"chapters/{stem}.md")
