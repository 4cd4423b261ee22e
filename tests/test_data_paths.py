"""A data directory whose path Snakemake would misread is refused early, naming path and remedy;
other unusual paths (spaces) work (issue 16)."""

from pathlib import Path

import pytest
from conftest import ROOT, run_snakemake

from analysis import config


@pytest.mark.parametrize("name", ["da{t}a", "da<t>a", "data {2026}"])
@pytest.mark.parametrize("via", ["config", "env"])
def test_special_characters_are_refused_naming_path_and_remedy(tmp_path, name, via):
    data = tmp_path / name
    data.mkdir()
    args = (str(data), {}) if via == "config" else (None, {config.ENV_VAR: str(data)})
    with pytest.raises(config.UnusableDataPath) as info:
        config.resolve_snapshot_dir(*args, project_root=tmp_path)
    message = str(info.value)
    assert str(data) in message
    assert "ln -s" in message and "Rename or move" in message
    assert ("data.snapshot_dir" if via == "config" else config.ENV_VAR) in message


def test_spaces_and_a_link_to_an_unusable_path_are_accepted(tmp_path):
    spaced = tmp_path / "data med mellanslag"
    spaced.mkdir()
    assert config.resolve_snapshot_dir(str(spaced), {}, tmp_path)[0] == spaced
    odd = tmp_path / "da{t}a"
    odd.mkdir()
    link = tmp_path / "gnv-data"
    link.symlink_to(odd)
    assert config.resolve_snapshot_dir(None, {config.ENV_VAR: str(link)}, tmp_path)[0] == link


def _snapshot_copy(snapshot_dir: Path, where: Path) -> Path:
    """A directory at ``where`` whose entries link to the real snapshot's (no data copied)."""
    where.mkdir()
    for entry in snapshot_dir.iterdir():
        (where / entry.name).symlink_to(entry)
    return where


@pytest.mark.integration
def test_workflow_refuses_braces_and_plans_with_spaces(tmp_path, snapshot_dir):
    """Snakemake itself: a clear message instead of a WildcardError, and a plan for a spaced path."""
    odd = _snapshot_copy(snapshot_dir, tmp_path / "da{t}a")
    proc = run_snakemake(
        ROOT, "-n", "--nolock", "results/tidy/skr.parquet", env={config.ENV_VAR: str(odd)}, check=False
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"the data directory '{odd}' contains {{ }}" in output
    assert "WildcardError" not in output
    spaced = _snapshot_copy(snapshot_dir, tmp_path / "data med mellanslag")
    proc = run_snakemake(
        ROOT, "-n", "--nolock", "results/tidy/skr.parquet", env={config.ENV_VAR: str(spaced)}
    )
    assert str(spaced) in proc.stdout + proc.stderr
