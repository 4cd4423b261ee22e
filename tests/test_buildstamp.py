"""The no-op fast path of ./build.sh: any change Snakemake could see changes the fingerprint."""

import os
from pathlib import Path

import pytest

from analysis import buildstamp


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    root, data = tmp_path / "project", tmp_path / "data"
    for rel in ("chapters/kap01.md", "results/a.parquet", "_build/html/index.html", "data-raw/x.csv"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(rel, encoding="utf-8")
    (data / "kolada").mkdir(parents=True)
    (data / "kolada" / "values.csv").write_text("1", encoding="utf-8")
    return root, data


def test_the_fingerprint_moves_with_every_input_and_output(tree):
    root, data = tree
    first = buildstamp.fingerprint(root, data, 1)
    assert buildstamp.fingerprint(root, data, 1) == first  # deterministic
    assert buildstamp.fingerprint(root, data, 2) != first  # another build date
    assert buildstamp.fingerprint(root, None, 1) != first  # no snapshot

    chapter = root / "chapters" / "kap01.md"
    chapter.write_text("changed", encoding="utf-8")
    assert buildstamp.fingerprint(root, data, 1) != first
    chapter.write_text("chapters/kap01.md", encoding="utf-8")
    os.utime(chapter, ns=(1, 1))  # same content, another time: Snakemake would see it too
    assert buildstamp.fingerprint(root, data, 1) != first

    root2 = buildstamp.fingerprint(root, data, 1)
    (root / "results" / "a.parquet").unlink()  # an output removed
    assert buildstamp.fingerprint(root, data, 1) != root2
    root3 = buildstamp.fingerprint(root, data, 1)
    (data / "kolada" / "values.csv").write_text("12", encoding="utf-8")  # the data changed
    assert buildstamp.fingerprint(root, data, 1) != root3


def test_caches_logs_and_bytecode_do_not_count(tree):
    root, data = tree
    first = buildstamp.fingerprint(root, data, 1)
    for rel in (
        ".cache/figures/x",
        "logs/book.log",
        "analysis/__pycache__/m.pyc",
        ".snakemake/log/y",
        ".git/HEAD",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    assert buildstamp.fingerprint(root, data, 1) == first
    (root / "analysis" / "m.py").write_text("x", encoding="utf-8")  # but source does
    assert buildstamp.fingerprint(root, data, 1) != first


def test_check_is_true_only_after_write_and_until_a_change(tree, monkeypatch):
    root, data = tree
    monkeypatch.setattr(buildstamp, "current_states", lambda r: buildstamp.states(r, data, 1))
    assert buildstamp.changes(root) is not None  # never built
    buildstamp.write(root)
    assert buildstamp.changes(root) is None
    (root / "chapters" / "kap02.md").write_text("new", encoding="utf-8")
    assert buildstamp.changes(root) is not None
    buildstamp.write(root)
    assert buildstamp.changes(root) is None
    incomplete = root / ".snakemake" / "incomplete"
    incomplete.mkdir(parents=True)
    (incomplete / "job").write_text("", encoding="utf-8")
    assert buildstamp.changes(root) is not None  # an interrupted job waits for Snakemake


def test_no_snapshot_means_no_fast_path(tree, monkeypatch):
    root, _ = tree
    monkeypatch.setattr(buildstamp, "current_states", lambda r: None)
    buildstamp.write(root)
    assert not (root / buildstamp.STAMP).exists()
    assert buildstamp.changes(root) is not None


def test_current_reads_the_configured_snapshot_and_date(tree, monkeypatch):
    root, data = tree
    (root / "config").mkdir()
    (root / "config" / "config.yaml").write_text(f"data:\n  snapshot_dir: {data}\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5")
    assert buildstamp.current_states(root) == buildstamp.states(root, data.resolve(), 5)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "6")
    assert buildstamp.current_states(root) == buildstamp.states(root, data.resolve(), 6)


def test_main_usage(tree, monkeypatch):
    root, data = tree
    monkeypatch.chdir(root)
    monkeypatch.setattr(buildstamp, "current_states", lambda r: buildstamp.states(r, data, 1))
    assert buildstamp.main(["check"]) == 1
    assert buildstamp.main(["write"]) == 0
    assert buildstamp.main(["check"]) == 0
    assert buildstamp.main([]) == 2


def test_changes_name_what_differs(tree, monkeypatch, capsys):
    root, data = tree
    monkeypatch.chdir(root)
    monkeypatch.setattr(buildstamp, "current_states", lambda r: buildstamp.states(r, data, 1))
    assert buildstamp.changes(root) == ["no record of a complete build"]
    buildstamp.write(root)
    (root / "chapters" / "kap02.md").write_text("new", encoding="utf-8")
    (root / "results" / "a.parquet").unlink()
    (root / "chapters" / "kap01.md").write_text("changed", encoding="utf-8")
    assert buildstamp.changes(root) == [
        "changed: chapters/kap01.md",
        "new: chapters/kap02.md",
        "gone: results/a.parquet",
    ]
    assert buildstamp.main(["check"]) == 1
    assert "changed: chapters/kap01.md and 2 more" in capsys.readouterr().err  # the first, named
    assert buildstamp.main(["why"]) == 1 and "kap02.md" in capsys.readouterr().out
    for bad in ("{}", "[]", '{"states": [1, 2]}', '{"states": ["no tab"]}', "not json"):
        (root / buildstamp.STAMP).write_text(bad, encoding="utf-8")
        assert buildstamp.changes(root) == ["an unreadable record"], bad
