"""Integration tests: the workflow end to end on the data snapshot, and its rebuild plan."""

from __future__ import annotations

import re
import subprocess

import pandas as pd
import pytest
from conftest import ROOT, run_snakemake

from analysis.book import chapter_inputs, toc_stems, undeclared_reads
from analysis.ledger.claims import claim_kolada_ids, read_claims
from analysis.pages import chapter_source, is_region_page

pytestmark = pytest.mark.integration

CHAPTERS = toc_stems(ROOT / "_toc.yml")
#: Pages with a chapter file of their own (the region pages come from one template).
OWN_CHAPTERS = [s for s in CHAPTERS if not is_region_page(s)]
ALLOWLIST = ROOT / "tests" / "sphinx_warnings_allowed.txt"


def planned_jobs(stdout: str) -> dict[str, list[str]]:
    """Rule name -> outputs of the jobs in a Snakemake dry run's output."""
    jobs: dict[str, list[str]] = {}
    current = None
    for line in stdout.splitlines():
        m = re.match(r"^(?:local)?rule (\S+):$", line.strip())
        if m:
            current = m.group(1)
            jobs.setdefault(current, [])
        elif current and line.strip().startswith("output:"):
            jobs[current] += [p.strip() for p in line.split(":", 1)[1].split(",")]
    return jobs


def test_every_chapter_in_toc_exists_and_declares_what_it_reads():
    for stem in CHAPTERS:
        md = chapter_source(ROOT, stem)
        assert md.is_file(), f"{stem} is in _toc.yml but {md} is missing"
        assert undeclared_reads(md) == [], f"{md} reads results it does not declare in compendium.inputs"
        chapter_inputs(md)  # raises on malformed front matter


def test_dry_run_lists_every_chapter(snapshot_dir):
    proc = run_snakemake(ROOT, "-n", "--forceall", "--rerun-incomplete")
    jobs = planned_jobs(proc.stdout + proc.stderr)
    assert {f"chapter_{s}" for s in OWN_CHAPTERS} <= set(jobs)
    region_outputs = {o for name, outs in jobs.items() if name.startswith("region_pages_") for o in outs}
    assert {f"results/notebooks/{s}.ipynb" for s in CHAPTERS if is_region_page(s)} <= region_outputs
    assert {"book", "tidy_kolada", "tidy_vis", "tidy_skr", "report_values"} <= set(jobs)


def test_build_produces_site_and_pdf_with_every_chapter(build):
    assert (build.html / "index.html").is_file()
    for stem in CHAPTERS:
        assert (build.html / f"{stem}.html").is_file(), f"chapter {stem} missing from the site"
    assert build.pdf.is_file()
    text = subprocess.run(
        ["pdftotext", str(build.pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for stem in CHAPTERS:
        if stem == "index":
            continue
        nb = build.project / "results" / "notebooks" / f"{stem}.ipynb"
        title = next(
            line[2:].strip()
            for cell in pd.read_json(nb, typ="series")["cells"]
            if cell["cell_type"] == "markdown"
            for line in "".join(cell["source"]).splitlines()
            if line.startswith("# ")
        )
        assert _squash(title) in _squash(text), f"chapter title {title!r} not found in the PDF"
    # the site links to the PDF from every page
    assert (build.html / "_static" / "god-och-nara-vard.pdf").is_file()


def test_claims_see_every_kolada_series_they_name(build):
    """A claim whose Kolada series the build holds is tested, never reported as missing data
    (the claims rule must declare the families of the series the claims name)."""
    held = set(
        pd.concat(pd.read_parquet(p) for p in (build.project / "results/tidy/kolada").glob("*.parquet"))[
            "indicator"
        ]
    )
    claims = pd.read_parquet(build.project / "results/ledger/claims.parquet")
    spec = read_claims(ROOT / "data-raw/claims.csv").set_index("claim")
    for c in claims.itertuples():
        named = set(claim_kolada_ids(spec.loc[[c.claim]])) & held
        assert not (named and c.numbers.startswith("Data saknas")), (c.claim, c.numbers)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def test_no_unexplained_sphinx_warnings(build):
    allowed = [
        line.split("#", 1)[0].strip()
        for line in ALLOWLIST.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    log = "\n".join(  # the cold build of the fixture: every page read, every warning logged
        (build.project / "logs" / f"book_{part}.log").read_text(encoding="utf-8", errors="replace")
        for part in ("html", "pdf")
    )
    warnings = [line for line in log.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", line)]
    unexplained = [w for w in warnings if not any(re.search(p, w) for p in allowed)]
    assert unexplained == [], (
        "Sphinx warnings without a reason in tests/sphinx_warnings_allowed.txt:\n" + "\n".join(unexplained)
    )


def test_no_page_shows_unrendered_myst_roles(build):
    """A glued value holding a role (``{ref}`…```) is left as text unless placed as MyST
    (a ``glue:md`` block with ``:format: myst``): no page's visible text shows role syntax."""
    role = re.compile(r"\{(ref|numref|cite|doc|eq|glue(:\w+)?)\}")
    for page in sorted((build.project / "_build" / "html").glob("*.html")):
        text = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S)
        shown = re.sub(r"<[^>]+>", "", text)
        assert not role.search(shown), (
            f"{page.name}: {shown[max(0, role.search(shown).start() - 80) :][:160]!r}"
        )


def test_running_text_writes_percent_as_a_word(build):
    """One style for percentages (analysis.presentation.text): "54 procent" in running text,
    "54 %" only in tables, figures and the interval label "95 % KI"."""
    sign = re.compile(r"\d[\s\u00a0\u202f]?%(?![\s\u00a0]?KI)")
    found = []
    for page in sorted(build.html.glob("*.html")):
        html = re.sub(
            r"<(script|style|table|figcaption|svg)\b.*?</\1>",
            "",
            page.read_text(encoding="utf-8"),
            flags=re.S,
        )
        for block in re.findall(r"<(?:p|li)\b[^>]*>(.*?)</(?:p|li)>", html, flags=re.S):
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", block))
            found += [
                f"{page.name}: {text[max(0, m.start() - 50) : m.end() + 10]!r}" for m in sign.finditer(text)
            ]
    assert found == [], "\n".join(found)


def test_noop_rebuild_plans_nothing(build):
    proc = run_snakemake(build.project, "-n", env=build.env)
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_changing_one_input_reexecutes_only_the_chapters_that_read_it(build):
    """Change one Kolada value: Kolada-based results and their chapters rerun, nothing else."""
    values = build.data / "kolada" / "kolada_values.csv"
    original = values.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    kpi, code, region, year, gender, value = lines[1].rstrip("\n").split(",")
    lines[1] = ",".join([kpi, code, region, year, gender, str(float(value) + 0.1)]) + "\n"
    values.write_text("".join(lines), encoding="utf-8")
    try:
        proc = run_snakemake(build.project, "-n", env=build.env)
    finally:
        values.write_text(original, encoding="utf-8")
    jobs = planned_jobs(proc.stdout + proc.stderr)
    assert "tidy_kolada" in jobs
    produced = {out for rule, outs in jobs.items() if not rule.startswith("chapter_") for out in outs}
    for stem in OWN_CHAPTERS:
        reads_changed = bool(set(chapter_inputs(build.project / "chapters" / f"{stem}.md")) & produced)
        assert (f"chapter_{stem}" in jobs) == reads_changed, (
            f"chapter {stem}: planned={f'chapter_{stem}' in jobs}, reads changed results={reads_changed}"
        )
    assert any(not r.startswith("chapter_") for r in jobs)
    assert len([r for r in jobs if r.startswith("chapter_")]) < len(OWN_CHAPTERS)
