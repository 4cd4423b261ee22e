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


#: The region pages are executed in this many jobs (one kernel each): few enough that kernel
#: start-up (about 3 s a job) is paid rarely, enough that the pages do not hold up the book on
#: one core. Measured on the 2-core build machine: a page costs about 0,3 s in a warm kernel;
#: two jobs beat three in a revision by about a second and cost no more in a cold build.
REGION_PAGE_JOBS = 2


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
