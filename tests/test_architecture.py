"""The analysis sheet decides what is analysed; code inputs are derived from the import graph."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_snakemake
from test_workflow import planned_jobs

from analysis.codedeps import _source, code_deps

ID = re.compile(r"\b(?:[UN]\d{5}|SCB_[A-Z0-9_]+)\b")

#: Files whose code may name indicator ids, and why. Everything else reads the analysis sheet.
ALLOWED = {
    "analysis/registry.py": "docstring examples of the id format",
    "analysis/sources/kolada.py": "examples in error messages and the API smoke-test id",
    # The cost-share definitions (KPI) are formulas over named Kolada accounts; the sheet gives
    # these series roles already, but their notes and source texts print the ids (open).
    "analysis/resources/definitions.py": "the cost-share definitions name their Kolada accounts by id;"
    " every other module takes them from here or reads the sheet by role",
}


def _code_files():
    for path in sorted(ROOT.glob("analysis/**/*.py")) + sorted(ROOT.glob("workflow/**/*.py")):
        yield path, path.read_text(encoding="utf-8")
    for path in sorted(ROOT.glob("workflow/rules/*.smk")) + [ROOT / "Snakefile"]:
        yield path, path.read_text(encoding="utf-8")
    for path in sorted(ROOT.glob("chapters/*.md")):
        yield path, _source(path)  # code cells only; prose may name ids


def test_no_indicator_id_in_code_outside_the_sheet():
    offenders = {}
    for path, text in _code_files():
        rel = str(path.relative_to(ROOT))
        hits = sorted(set(ID.findall(text)))
        if hits and rel not in ALLOWED:
            offenders[rel] = hits
    assert offenders == {}, f"indicator ids in code (read them from the analysis sheet): {offenders}"


def test_code_deps_follows_the_import_graph(tmp_path):
    pkg = tmp_path / "analysis"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from analysis.sub import b\n")
    (pkg / "sub" / "b.py").write_text("import analysis.c\nimport numpy\n")
    (pkg / "c.py").write_text("x = 1\n")
    (pkg / "unused.py").write_text("")
    (tmp_path / "script.py").write_text("from analysis.a import thing\n")
    (tmp_path / "chapter.md").write_text(
        "# T\n\n```{code-cell} ipython3\n%matplotlib inline\nimport analysis.c\n```\n"
    )
    assert code_deps("script.py", str(tmp_path)) == [
        "analysis/__init__.py",
        "analysis/a.py",
        "analysis/c.py",
        "analysis/sub/__init__.py",
        "analysis/sub/b.py",
    ]
    assert code_deps("chapter.md", str(tmp_path)) == ["analysis/__init__.py", "analysis/c.py"]
    assert "analysis/c.py" in code_deps("analysis/c.py", str(tmp_path))


def _copy_of_build(build, tmp_path: Path) -> Path:
    """A copy of the finished build (results and Snakemake metadata kept, times preserved)."""
    project = tmp_path / "project"
    shutil.copytree(build.project, project, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    return project


@pytest.mark.integration
def test_no_package_module_loads_names_lazily():
    """A module ``__getattr__`` hides imports from the import graph that derives code inputs."""
    lazy = [
        str(p.relative_to(ROOT))
        for p in sorted((ROOT / "analysis").rglob("*.py"))
        if re.search(r"^def __getattr__\(", p.read_text(encoding="utf-8"), re.M)
    ]
    assert lazy == []


def test_trend_script_code_inputs_name_the_modules_they_run():
    """trends_trust fits year effects (contrasts -> models -> design): an edit there re-runs it."""
    deps = set(code_deps("workflow/scripts/trends_trust.py"))
    assert {"analysis/trends/contrasts.py", "analysis/trends/models.py", "analysis/trends/design.py"} <= deps


def test_no_rule_runs_python_inline():
    """A ``run:`` job is spawned as a Snakemake that parses the whole workflow again (about 2 s)."""
    inline = [
        f"{p.name}:{k}"
        for p in sorted((ROOT / "workflow").rglob("*.smk"))
        for k, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.match(r"\s+run:\s*$", line)
    ]
    assert inline == []


def test_verdict_words_load_without_the_model_libraries():
    """Chapters that only phrase verdicts do not pay for statsmodels and scipy.stats (about 1 s a kernel)."""
    import subprocess
    import sys

    code = (
        "import sys, analysis.presentation.verdicts, analysis.ledger.checks_001, analysis.trends.report_points; "
        "print(sorted(m for m in ('statsmodels', 'scipy.stats') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_editing_a_helper_module_replans_the_rules_that_import_it(build, tmp_path):
    project = _copy_of_build(build, tmp_path)
    helper = project / "analysis" / "validation.py"
    helper.write_text(helper.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    jobs = planned_jobs(run_snakemake(project, "-n", env=build.env).stdout)
    importers = [
        r
        for r in ("tidy_kolada", "tidy_vis", "tidy_skr")
        if "analysis/validation.py" in code_deps(f"workflow/scripts/{r}.py", str(project))
    ]
    assert importers and set(importers) <= set(jobs)
    assert "chapter_kap01_omstallning" not in jobs  # a chapter without code imports nothing


@pytest.mark.integration
def test_a_new_sheet_row_reaches_the_results(build, tmp_path):
    """Adding an indicator is one row: it is read, modelled and given a robust verdict."""
    project = _copy_of_build(build, tmp_path)
    sheet = project / "data-raw" / "indicators.csv"
    rows = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    new = {c: "" for c in rows.columns} | {
        "id": "N79175",
        "name_sv": "Tio eller fler läkemedel samtidigt hos äldre",
        "family": "system",
        "unit": "procent",
        "direction": "lower_better",
        "source": "Socialstyrelsen",
        "provider": "kolada",
        "denominator_known": "false",
        "first_year": "2016",
        "goal": "samordning",
        "analyses": "trend",
        "note": "Added by a test (new sheet row).",
    }
    pd.concat([rows, pd.DataFrame([new])]).to_csv(sheet, index=False, lineterminator="\n")
    os.utime(sheet)
    run_snakemake(project, "results/trends/robust.parquet", "results/findings/goals.parquet", env=build.env)
    robust = pd.read_parquet(project / "results" / "trends" / "robust.parquet").set_index("indicator")
    assert "N79175" in robust.index and robust.at["N79175", "verdict"]
    goals = pd.read_parquet(project / "results" / "findings" / "goals.parquet").set_index("goal")
    assert "Tio eller fler läkemedel" in goals.at["samordning", "evidence"]
