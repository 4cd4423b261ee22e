"""Whether anything changed since the last complete build: the no-op fast path of ``./build.sh``.

Snakemake needs about 3 s to find that nothing is to be done (its own start, reading the
workflow, the DAG). ``./build.sh`` without arguments first compares a fingerprint of every
file in the project and the data snapshot (path, size, modification time), the date the build
stamps (``SOURCE_DATE_EPOCH``) and the installed environment with the one written when the
last ``./build.sh`` finished. Equal means nothing Snakemake looks at has changed since it last
reported everything up to date, so the build ends at once; any difference, however small,
hands over to Snakemake, which decides as before. Caches, logs, bytecode and Snakemake's own
bookkeeping are left out: they change without changing what is built.

``python -m analysis.buildstamp check`` exits 0 when nothing changed (otherwise it names the
first change), ``why`` lists every change, ``write`` records the state after a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

STAMP = Path(".cache") / "complete-build.json"
# Folders whose content changes without changing what is built.
SKIPPED = {".git", ".venv", ".snakemake", ".cache", "logs", "__pycache__", ".pytest_cache", ".ruff_cache"}


def file_states(root: Path, skipped: Iterable[str] = SKIPPED) -> list[str]:
    """``path size mtime_ns`` of every file under ``root``, sorted, outside the skipped folders."""
    skipped = set(skipped)
    lines = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skipped]
        for name in files:
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except FileNotFoundError:  # removed while walking: the fingerprint will differ anyway
                continue
            lines.append(f"{os.path.relpath(path, root)}\t{st.st_size}\t{st.st_mtime_ns}")
    return sorted(lines)


def states(root: Path, snapshot: Path | None, epoch: int | None) -> list[str]:
    """What the fingerprint covers, one line each: build date, environment and every file."""
    parts = [f"epoch\t{epoch}", f"python\t{sys.version}", f"snapshot\t{snapshot}"]
    lock = root / ".venv" / ".lock-hash"
    parts.append(f"lock\t{lock.read_text(encoding='utf-8').strip() if lock.exists() else ''}")
    parts += file_states(root)
    if snapshot is not None:
        parts += [f"data:{line}" for line in file_states(snapshot, skipped=())]
    return parts


def fingerprint(root: Path, snapshot: Path | None, epoch: int | None) -> str:
    """Digest of the project's and the snapshot's files, the build date and the environment."""
    return hashlib.sha256("\n".join(states(root, snapshot, epoch)).encode("utf-8")).hexdigest()


def current_states(root: Path) -> list[str] | None:
    """This project's :func:`states` now; None when there is no snapshot directory (live API)."""
    import yaml

    from analysis.book import source_date_epoch
    from analysis.config import resolve_snapshot_dir

    config = yaml.safe_load((root / "config" / "config.yaml").read_text(encoding="utf-8"))
    snapshot, _ = resolve_snapshot_dir(config["data"].get("snapshot_dir"), project_root=root)
    if snapshot is None:
        return None
    return states(root, snapshot.resolve(), source_date_epoch(root, snapshot))


def changes(root: Path) -> list[str] | None:
    """What differs from the last complete build's record: "changed: x", "new: x", "gone: x".

    None when nothing does; a one-line reason when there is no record to compare with, Snakemake
    has incomplete jobs to rerun, or the build reads the live API.
    """
    stamp = root / STAMP
    incomplete = root / ".snakemake" / "incomplete"
    if not stamp.exists():
        return ["no record of a complete build"]
    if incomplete.is_dir() and any(incomplete.iterdir()):
        return ["an interrupted job waits for Snakemake"]
    now = current_states(root)
    if now is None:
        return ["no snapshot directory (the live API)"]
    try:
        before = json.loads(stamp.read_text(encoding="utf-8"))["states"]
        old = dict(line.split("\t", 1) for line in before)
    except (ValueError, KeyError, TypeError, AttributeError):  # not JSON, or not our lines
        return ["an unreadable record"]
    if before == now:
        return None
    new = dict(line.split("\t", 1) for line in now)
    return (
        [f"changed: {k}" for k in new if k in old and old[k] != new[k]]
        + [f"new: {k}" for k in new if k not in old]
        + [f"gone: {k}" for k in old if k not in new]
    )


def write(root: Path) -> None:
    """Record what a complete build was made from (nothing when it cannot be taken)."""
    now = current_states(root)
    stamp = root / STAMP
    if now is None:
        stamp.unlink(missing_ok=True)
        return
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps({"states": now}) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    """``check``: exit 0 when nothing changed, else 1 and the first change on stderr;
    ``why``: every change; ``write``: record the current state."""
    root = Path.cwd()
    if argv in (["check"], ["why"]):
        found = changes(root)
        if found and argv == ["check"]:
            more = f" and {len(found) - 1} more" if len(found) > 1 else ""
            print(f"build.sh: since the last complete build: {found[0]}{more}", file=sys.stderr)
        elif found:
            print("\n".join(found))
        return 0 if found is None else 1
    if argv == ["write"]:
        write(root)
        return 0
    print("usage: python -m analysis.buildstamp check|why|write", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
