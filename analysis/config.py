"""Configuration helpers: where the data snapshots are, and derived settings.

Resolution of the snapshot directory, in this order, each step logged:
1. ``data.snapshot_dir`` in ``config/config.yaml`` (or ``--config data=...``);
2. the environment variable ``GNV_DATA_DIR``;
3. ``../shared/data`` beside the checkout, where the project's build and CI machines keep it.
A path given in 1 or 2 that does not exist is an error, never a silent fall-through.
When nothing is found, Kolada can still come from the live API; the other sources cannot.

Every data source is declared once, in ``data.sources`` of the configuration (name, publisher,
licence, reader, location, description). :func:`source_files` and :func:`source_path` are the
one resolver of a source's files: rules and scripts name a source, never its file.
"""

from __future__ import annotations

import glob
import importlib
import logging
import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

ENV_VAR = "GNV_DATA_DIR"

REMEDIES = (
    "set data.snapshot_dir in config/config.yaml (or `--config data='{snapshot_dir: /path}'`), "
    f"set the environment variable {ENV_VAR}=/path/to/snapshots, "
    "or place the snapshots in ../shared/data beside the checkout"
)


class SnapshotNotFound(FileNotFoundError):
    """A configured snapshot directory does not exist, or a needed file is missing in it."""


class UnusableDataPath(ValueError):
    """The snapshot directory's path holds characters Snakemake gives a meaning in file names."""


#: ``{...}`` are wildcards and ``<...>`` path variables to Snakemake, in every input path, and
#: cannot be escaped there; a data directory whose path holds them is refused up front.
_SNAKEMAKE_SPECIAL = re.compile(r"[{}<>]")


def check_usable_path(path: Path, origin: str) -> Path:
    """Return ``path``, or raise :class:`UnusableDataPath` naming it and the remedy.

    Spaces and other characters are fine; only ``{ } < >`` are refused.
    """
    found = sorted(set(_SNAKEMAKE_SPECIAL.findall(str(path))))
    if found:
        raise UnusableDataPath(
            f"{origin}: the data directory {str(path)!r} contains {' '.join(found)}, which Snakemake reads "
            "as wildcards ({...}) or path variables (<...>) in file names, so no rule could read the "
            "snapshots from there. Rename or move the directory, or link to it from a path without "
            f"these characters and use that path, e.g. ln -s '{path}' ~/gnv-data; "
            f"{ENV_VAR}=~/gnv-data ./build.sh"
        )
    return path


def _absolute(path: Path) -> Path:
    """Absolute and normalised, but symlinks kept (a link is the remedy for an unusable path)."""
    return Path(os.path.normpath(path.absolute()))


def resolve_snapshot_dir(
    configured: str | None, env: Mapping[str, str] | None = None, project_root: Path | None = None
) -> tuple[Path | None, str]:
    """Return ``(path or None, reason)`` following the documented resolution order.

    The one resolver of where the snapshots are, for every source (Kolada's reader also
    accepts a configured path naming its CSV file itself).
    """
    env = os.environ if env is None else env
    root = Path(project_root or Path.cwd())
    configured = (configured or "").strip()
    env_value = (env.get(ENV_VAR) or "").strip()
    if configured:
        if env_value and env_value != configured:
            log.warning("%s=%s is ignored because data.snapshot_dir is set in the config", ENV_VAR, env_value)
        path = check_usable_path(_absolute(root / Path(configured).expanduser()), "data.snapshot_dir")
        origin, reason = (
            f"data.snapshot_dir = {configured!r}",
            f"data.snapshot_dir in the configuration: {path}",
        )
    elif env_value:
        path = check_usable_path(_absolute(root / Path(env_value).expanduser()), ENV_VAR)
        origin, reason = f"{ENV_VAR} = {env_value!r}", f"environment variable {ENV_VAR}: {path}"
    elif (root.parent / "shared" / "data").is_dir():
        path = check_usable_path(_absolute(root.parent / "shared" / "data"), "../shared/data")
        origin, reason = "../shared/data", f"snapshot directory beside the checkout: {path}"
    else:
        log.info("no data snapshot directory found (%s)", REMEDIES)
        return None, "no snapshot directory found"
    if not path.exists():
        raise SnapshotNotFound(
            f"{origin} points to {path}, which does not exist. Fix or unset it: a configured "
            "snapshot never falls back to another source."
        )
    log.info("data snapshots: %s", reason)
    return path, reason


def snapshot_file(directory: Path | None, relative: str) -> Path:
    """A file inside the snapshot directory; raise naming the remedies if it is absent."""
    if directory is None:
        raise SnapshotNotFound(
            f"the data file {relative} is needed but no snapshot directory was found: {REMEDIES}"
        )
    path = directory / relative
    if not path.is_file():
        raise SnapshotNotFound(f"{path} does not exist; the snapshot directory must contain {relative}")
    return path


def declared_sources(config: Mapping) -> dict[str, dict]:
    """The sources declared in the configuration (``data.sources``), by name, in declared order."""
    return dict(config["data"]["sources"])


def source_location(config: Mapping, name: str) -> str:
    """The declared location of source ``name``: a file name or glob, relative to its root."""
    sources = declared_sources(config)
    if name not in sources:
        raise KeyError(
            f"no data source {name!r} is declared in data.sources (declared: {', '.join(sources)})"
        )
    return sources[name]["location"]


def source_files(
    config: Mapping,
    name: str,
    snapshot_dir: Path | None,
    project_root: Path,
    *,
    missing_ok: bool = False,
) -> list[Path]:
    """The file(s) of declared source ``name``, sorted; the one resolver for every source.

    The location is taken inside the snapshot directory, or inside the project for committed
    sources (``in: project``); a glob may match several files. Nothing found raises
    :class:`SnapshotNotFound` naming the file and the remedies, or, with ``missing_ok`` (a source
    with a live API, i.e. Kolada), returns an empty list.
    """
    location = source_location(config, name)
    in_project = declared_sources(config)[name].get("in", "snapshot") == "project"
    base = Path(project_root) if in_project else snapshot_dir
    try:
        if base is None:
            raise SnapshotNotFound(
                f"the data file {location} (source {name}) is needed but no snapshot directory was found: "
                f"{REMEDIES}"
            )
        if glob.has_magic(location):
            files = sorted(p for p in base.glob(location) if p.is_file())
            if not files:
                raise SnapshotNotFound(
                    f"no file in {base} matches {location} (source {name} in data.sources)"
                )
            return files
        return [snapshot_file(base, location)]
    except SnapshotNotFound:
        if missing_ok:
            return []
        raise


def source_path(config: Mapping, name: str, snapshot_dir: Path | None, project_root: Path) -> Path:
    """The single file of declared source ``name`` (see :func:`source_files`)."""
    files = source_files(config, name, snapshot_dir, project_root)
    if len(files) != 1:
        raise SnapshotNotFound(
            f"source {name}: {source_location(config, name)} matches {len(files)} files, one expected"
        )
    return files[0]


def source_reader(config: Mapping, name: str):
    """The function declared to read one file of source ``name`` (``reader``, a dotted path)."""
    module, _, attr = declared_sources(config)[name]["reader"].rpartition(".")
    return getattr(importlib.import_module(module), attr)


def log_to(path: str | Path) -> None:
    """Send this process's log records to ``path`` as well as stderr (for Snakemake scripts)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(path, mode="w"), logging.StreamHandler()],
        force=True,
    )


def git_commit(root: Path) -> str:
    """The commit the build is made from (with ``-dirty`` if the tree has local changes), or ''."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True
        ).stdout
        return commit + ("-dirty" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return ""
