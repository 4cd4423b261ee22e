"""Targeted re-runs: a revised value of one indicator re-runs only the rules that read it.

Kolada data are tidied per analysis-sheet family (``results/tidy/kolada/<family>.parquet``),
each family's job re-running only when its content key changes
(``analysis/sources/kolada_tables.py``); rules declare the families of the indicators they
read. On a copy of the finished end-to-end build, one value of one indicator is revised in a
copy of the snapshot (SYNTHETIC TEST DATA): the dry run must plan exactly that family's job,
the rules that read its table and what depends on their results; the changelog (Vad är nytt)
must show the revision old -> new with names.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, run_snakemake

from analysis.assignment import roles
from analysis.ledger.claims import claim_kolada_ids, read_claims
from analysis.registry import KOLADA_TABLE_PROVIDERS, load_registry, role_ids

pytestmark = pytest.mark.integration

FAMILY = re.compile(r"^results/tidy/kolada/([a-z]+)\.parquet$")
#: The copies live at other paths than the build they come from (see test_data_year.py).
TRIGGERS = ["--rerun-triggers", "mtime", "params", "code", "software-env"]
ID = re.compile(r"\b(?:[UN]\d{5}|SCB_[A-Z0-9_]+)\b")


def dry_run_jobs(stdout: str) -> dict[str, dict[str, list[str]]]:
    """Job (``rule:first output``, unique even for a rule with several jobs) -> {"rule", "input",
    "output"} of a dry run."""
    jobs: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in stdout.splitlines():
        m = re.match(r"^(?:local)?rule (\S+):$", line.strip())
        if m:
            current = {"rule": m.group(1), "input": [], "output": []}
            continue
        for field in ("input", "output"):
            if current is not None and line.strip().startswith(f"{field}:"):
                current[field] = [p.strip() for p in line.split(":", 1)[1].split(",") if p.strip()]
                if field == "output":
                    jobs[f"{current['rule']}:{current['output'][0]}"] = current
    return jobs


def families_read(inputs: list[str]) -> set[str]:
    return {m.group(1) for p in inputs if (m := FAMILY.match(p))}


#: Files whose ids are examples in docstrings and messages (as in test_architecture.ALLOWED).
EXAMPLES_ONLY = {"analysis/registry.py", "analysis/sources/kolada.py"}
#: Rules whose models read the sheet's series by role (``analysis/assignment/roles.py``), with
#: those roles: their series count as named by the rule's code.
ROLE_READERS = {
    "assignment_shift": roles.SHIFT,
    "assignment_scenarios": roles.SCENARIOS,
    "assignment_mechanisms": roles.MECHANISMS,
    "assignment_grants": roles.GRANTS,
}
#: Rules that import a module naming series without reading those series, and why.
NOT_READ = {
    "findings": "imports only the name of the main cost-share definition from analysis.resources;"
    " the shares themselves come from results/resources",
}


def test_rules_declare_every_sheet_series_their_code_names(snapshot_dir):
    """A rule that reads Kolada tables declares the family of every sheet series its package code names.

    Modules that compute over named series (cost shares, the assignment's models, the ledger's
    checks) select them by id or, in the assignment's models, by role (:data:`ROLE_READERS`); a
    rule importing such a module must declare their families, or it would see no rows for them.
    """
    proc = run_snakemake(ROOT, "-n", "--forceall", "--nolock", env={"GNV_DATA_DIR": str(snapshot_dir)})
    jobs = dry_run_jobs(proc.stdout)
    sheet = load_registry(ROOT / "data-raw" / "indicators.csv")
    sheet = sheet[sheet["provider"].isin(KOLADA_TABLE_PROVIDERS)]
    family = dict(zip(sheet["id"], sheet["family"], strict=True))
    readers = {name: job for name, job in jobs.items() if families_read(job["input"])}
    rules = {job["rule"] for job in readers.values()}
    assert {"trends_models", "resources_shares", "ledger", "findings", "tidy_kolada"} <= rules
    assert set(ROLE_READERS) <= rules
    missing = {}
    for key, job in readers.items():
        name = job["rule"]
        named = set(role_ids(sheet, ROLE_READERS.get(name, {})).values()) & set(family)
        for path in job["input"]:
            if path.endswith(".py") and path not in EXAMPLES_ONLY and name not in NOT_READ:
                named |= set(ID.findall((ROOT / path).read_text(encoding="utf-8"))) & set(family)
            if path == "data-raw/claims.csv":  # the claims name their series in parameters
                named |= set(claim_kolada_ids(read_claims(ROOT / path)))
        undeclared = {i for i in named if family[i] not in families_read(job["input"])}
        if undeclared:
            missing[key] = sorted(undeclared)
    assert missing == {}, f"rules whose code names series whose family they do not declare: {missing}"


def expected_plan(all_jobs: dict, family: str) -> set[str]:
    """The family's job and, transitively, every job reading an output of a planned job."""
    planned = {f"tidy_kolada_family:results/tidy/kolada/{family}.parquet"}
    while True:
        produced = {o for name in planned for o in all_jobs[name]["output"]}
        more = {n for n, j in all_jobs.items() if n not in planned and produced & set(j["input"])}
        if not more:
            return planned
        planned |= more


@pytest.fixture(scope="module")
def revised(build, tmp_path_factory):
    base = tmp_path_factory.mktemp("revised")
    project, data = base / "project", base / "data"
    shutil.copytree(build.project, project, symlinks=True)
    shutil.copytree(build.data, data)
    env = {"GNV_DATA_DIR": str(data)}
    subprocess.run([sys.executable, "-m", "analysis.vintage", "publish"], cwd=project, check=True)
    # the colophon records where the data lie, which differs in the copy: bring it up to date first
    run_snakemake(project, "results/notebooks/kolofon.ipynb", *TRIGGERS, env=env)
    all_jobs = dry_run_jobs(run_snakemake(project, "-n", "--forceall", *TRIGGERS, env=env).stdout)

    # SYNTHETIC TEST DATA: revise one value of the primary-care trust series in the copy
    sheet = load_registry(project / "data-raw" / "indicators.csv")
    names = dict(zip(sheet["id"], sheet["name_sv"], strict=True))
    indicator = sheet.loc[sheet["analyses"].str.contains("did_treated"), "id"].iloc[0]
    values = data / "kolada" / "kolada_values.csv"
    with values.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = {c: i for i, c in enumerate(rows[0])}
    target = next(
        r
        for r in rows[1:]
        if r[col["kpi"]] == indicator and r[col["region_code"]] == "0003" and r[col["gender"]] == "T"
    )
    old = float(target[col["value"]])
    new = round(old + 1.3, 1) if old < 90 else round(old - 1.3, 1)
    target[col["value"]] = str(new)
    with values.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    plan = dry_run_jobs(run_snakemake(project, "-n", *TRIGGERS, env=env).stdout)
    family = sheet.set_index("id").at[indicator, "family"]
    run_snakemake(project, "results/publishing/changes.parquet", *TRIGGERS, env=env)
    return {
        "project": project,
        "all": all_jobs,
        "plan": plan,
        "indicator": indicator,
        "family": family,
        "name": names[indicator],
        "year": int(target[col["year"]]),
        "old": old,
        "new": new,
    }


def test_only_rules_reading_the_revised_indicator_are_planned(revised):
    planned = set(revised["plan"])
    expected = expected_plan(revised["all"], revised["family"])
    assert planned == expected, (
        f"planned but not reading it: {sorted(planned - expected)}; "
        f"reading it but not planned: {sorted(expected - planned)}"
    )
    # the point of the split: rules that read other families only stay as they are
    skipped = {n for n, j in revised["all"].items() if families_read(j["input"])} - planned
    assert any(n.startswith("resources_") for n in skipped)
    assert any(n.startswith("assignment_") for n in skipped)
    assert sum(n.startswith("tidy_kolada_family") for n in planned) == 1
    assert {n for n in planned if n.startswith("region_figures")} == {
        f"region_figures:results/regions/figures/{revised['family']}.json"
    }


def test_changelog_shows_the_revision_old_to_new_with_names(revised):
    changes = pd.read_parquet(revised["project"] / "results" / "publishing" / "changes.parquet")
    got = changes[changes["change"] == "revised"]
    assert len(got) == 1
    row = got.iloc[0]
    assert (row["indicator"], row["region_code"], int(row["year"])) == (
        revised["indicator"],
        "03",
        revised["year"],
    )
    assert (row["value_prev"], row["value_cur"]) == (revised["old"], revised["new"])
    assert row["indicator_name"] == revised["name"] and row["region_name"]
