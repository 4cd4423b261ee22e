"""Every data source is declared once (config ``data.sources``) and found only through its resolver.

The declaration drives the rules (``analysis.config.source_files``), the record of what a build
read (rule ``sources``) and the source list of the page Datakällor.
"""

from __future__ import annotations

import ast
import copy
import glob
import hashlib
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import ROOT, run_snakemake

from analysis import config as C
from analysis.codedeps import _source
from analysis.coverage import source_record
from analysis.presentation import sources_page as sp

CONFIG = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
SCHEMA = yaml.safe_load((ROOT / "config" / "config.schema.yaml").read_text(encoding="utf-8"))
SOURCES = CONFIG["data"]["sources"]

#: Code that may name a declared source's file, and why. Everything else asks the resolver.
ALLOWED = {
    "analysis/sources/kolada.py": "the reader's default location for calls outside the workflow"
    " (tests, refresh_snapshot's default); the workflow passes the declared location",
    "analysis/presentation/report.py": "an error message telling the analyst where to transcribe a value",
}

#: A synthetic source for the tests below (not real data; the name says so).
NEW_SOURCE = {
    "name": "Testkälla (syntetisk)",
    "publisher": "Testutgivaren",
    "licence": "CC0",
    "reader": "pandas.read_csv",
    "location": "extra/syntetisk_export_*.csv",
    "description": "Syntetiska värden som bara finns i testet.",
}


def _with_new_source() -> dict:
    cfg = copy.deepcopy(CONFIG)
    cfg["data"]["sources"]["testkalla"] = dict(NEW_SOURCE)
    return cfg


def _declared_names() -> set[str]:
    """What code must not spell out: each file name, or a glob's folder."""
    names = set()
    for decl in SOURCES.values():
        location = decl["location"]
        names.add(location.rsplit("/", 1)[0] if glob.has_magic(location) else location.rsplit("/", 1)[-1])
    return names


def _python_strings(text: str) -> list[str]:
    """String constants of a module, docstrings left out (they describe, they do not open)."""
    tree = ast.parse(text)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _code_texts():
    """(relative path, code text) of every file that could open a source."""
    for pattern in ("analysis/**/*.py", "workflow/**/*.py", "scripts/*.py", "benchmarks/*.py"):
        for path in sorted(ROOT.glob(pattern)):
            yield path, "\n".join(_python_strings(path.read_text(encoding="utf-8")))
    for path in [*sorted(ROOT.glob("workflow/rules/*.smk")), ROOT / "Snakefile"]:
        lines = path.read_text(encoding="utf-8").splitlines()
        yield path, "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    for path in sorted(ROOT.glob("chapters/*.md")):
        yield path, _source(path)  # code cells only


def test_the_declaration_matches_its_schema_which_refuses_machine_paths():
    jsonschema.validate(CONFIG, SCHEMA)
    jsonschema.validate(_with_new_source(), SCHEMA)
    for field, bad in [
        ("location", "/srv/data/kolada/values.csv"),
        ("location", "../data/values.csv"),
        ("location", "kolada/../../values.csv"),
        ("reader", "read_csv"),
        ("in", "somewhere"),
    ]:
        cfg = _with_new_source()
        cfg["data"]["sources"]["testkalla"][field] = bad
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(cfg, SCHEMA)
    cfg = _with_new_source()
    del cfg["data"]["sources"]["testkalla"]["description"]  # readers need to know what it is for
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cfg, SCHEMA)


def test_every_declared_reader_exists_and_is_what_a_workflow_script_calls():
    scripts = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("workflow/scripts/*.py")))
    for name, decl in SOURCES.items():
        reader = C.source_reader(CONFIG, name)
        assert callable(reader), f"{name}: {decl['reader']} is not a function"
        attr = decl["reader"].rsplit(".", 1)[1]
        assert f"{attr}(" in scripts, f"{name}: no workflow script calls {attr} (declared reader)"


def test_the_resolver_finds_files_globs_and_committed_sources(tmp_path):
    snap, project = tmp_path / "data", tmp_path / "project"
    (snap / "extra").mkdir(parents=True)
    for stamp in ("2026-01", "2025-01"):
        (snap / "extra" / f"syntetisk_export_{stamp}.csv").write_text("a\n1\n")
    (project / "data-raw" / "transcriptions").mkdir(parents=True)
    (project / "data-raw" / "transcriptions" / "001_x.csv").write_text("a\n1\n")
    (snap / "vis").mkdir()
    (snap / "vis" / Path(SOURCES["vis_costs"]["location"]).name).write_text("a\n1\n")
    cfg = _with_new_source()
    assert C.source_files(cfg, "testkalla", snap, project) == sorted((snap / "extra").glob("*.csv"))
    assert C.source_path(cfg, "vis_costs", snap, project) == snap / SOURCES["vis_costs"]["location"]
    assert C.source_files(cfg, "transcriptions", None, project) == [
        project / "data-raw" / "transcriptions" / "001_x.csv"
    ]  # committed with the project: found without a snapshot
    with pytest.raises(C.SnapshotNotFound, match="matches 2 files, one expected"):
        C.source_path(cfg, "testkalla", snap, project)


def test_a_missing_source_names_its_file_and_the_remedies(tmp_path):
    with pytest.raises(C.SnapshotNotFound, match="GNV_DATA_DIR") as info:
        C.source_files(CONFIG, "skr_costs", None, tmp_path)
    assert SOURCES["skr_costs"]["location"] in str(info.value)
    with pytest.raises(C.SnapshotNotFound, match=SOURCES["vis_costs"]["location"]):
        C.source_path(CONFIG, "vis_costs", tmp_path, tmp_path)
    assert C.source_files(CONFIG, "kolada", tmp_path, tmp_path, missing_ok=True) == []  # Kolada: the API
    with pytest.raises(KeyError, match="no data source 'nope' is declared"):
        C.source_location(CONFIG, "nope")


def test_no_source_file_name_in_code_outside_the_declaration():
    names = _declared_names()
    offenders = {}
    for path, text in _code_texts():
        rel = str(path.relative_to(ROOT))
        hits = sorted(n for n in names if n in text)
        if hits and rel not in ALLOWED:
            offenders[rel] = hits
    assert offenders == {}, f"source file names in code (use analysis.config.source_files): {offenders}"
    assert all((ROOT / rel).is_file() for rel in ALLOWED), "the allow-list names a file that is gone"


def test_a_source_added_to_the_declaration_appears_in_the_record_and_on_the_page(tmp_path):
    """Adding a data source: declare it, and the page lists it with its file and checksum."""
    snap = tmp_path / "data"
    (snap / "extra").mkdir(parents=True)
    new_file = snap / "extra" / "syntetisk_export_2026-01.csv"
    new_file.write_text("region,year,value\n01,2026,1.5\n", encoding="utf-8")
    cfg = _with_new_source()
    jsonschema.validate(cfg, SCHEMA)
    declared = cfg["data"]["sources"]
    files = {"testkalla": C.source_files(cfg, "testkalla", snap, tmp_path)}
    for name in declared:
        if name not in files and not declared[name].get("api"):
            files[name] = [tmp_path / f"{name}.csv"]
            files[name][0].write_text("a\n1\n")
    kolada = [{"kind": "api", "path": None, "url": "https://api.kolada.se/v3", "vintage": "2026-11-29T10:00"}]
    record = source_record(declared, files, {"kolada": kolada})

    sources = sp.sources_table(record)
    row = sources[sources["Källa"] == NEW_SOURCE["name"]].iloc[0]
    assert row["Utgivare"] == "Testutgivaren" and row["Licens och källhänvisning"] == "CC0"
    assert row["Vad som används"] == NEW_SOURCE["description"]
    table = sp.files_table(record)
    row = table[table["Källa"] == NEW_SOURCE["name"]].iloc[0]
    assert row["Fil som hämtad"] == new_file.name  # the name as downloaded, never a folder
    assert row["SHA-256 (början)"] == hashlib.sha256(new_file.read_bytes()).hexdigest()[:12]
    assert row["Rader"] == 1
    kolada_row = table[table["Källa"] == "Kolada"].iloc[0]
    assert kolada_row["Fil som hämtad"] == "hämtad från Koladas API" and kolada_row["Hämtad"] == "2026-11-29"
    assert not table.astype(str).apply(lambda c: c.str.contains(str(tmp_path))).any().any()
    data = sp.record_frame(record)
    assert new_file.name in set(data["name"])

    with pytest.raises(ValueError, match="testkalla is declared in data.sources but the build read no file"):
        source_record(declared, {**files, "testkalla": []}, {"kolada": kolada})


@pytest.mark.integration
def test_the_workflow_plans_a_source_added_to_the_declaration(tmp_path, snapshot_dir):
    """The rule ``sources`` reads the new source's file; the rest of the plan is unchanged."""
    snap = tmp_path / "data"
    snap.mkdir()
    for entry in snapshot_dir.iterdir():
        (snap / entry.name).symlink_to(entry)
    (snap / "extra").mkdir()
    (snap / "extra" / "syntetisk_export_2026-01.csv").write_text("a\n1\n")
    configfile = tmp_path / "config.yaml"
    configfile.write_text(yaml.safe_dump(_with_new_source(), allow_unicode=True), encoding="utf-8")
    proc = run_snakemake(
        ROOT,
        "-n",
        "--nolock",
        "--rerun-incomplete",  # a build running in the checkout leaves no incomplete-file error
        "--configfile",
        str(configfile),
        "--forcerun",
        "sources",
        "results/tidy/sources.json",
        env={C.ENV_VAR: str(snap)},
    )
    out = proc.stdout + proc.stderr
    block = out[out.index("rule sources:") :]
    inputs = block[block.index("input:") : block.index("output:")]
    assert str(snap / "extra" / "syntetisk_export_2026-01.csv") in inputs
    assert str(snap / SOURCES["hsb_respondents"]["location"]) in inputs
