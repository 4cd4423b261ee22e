"""Live refresh: current Kolada values for every analysis-sheet indicator, as a new dated snapshot.

``python -m analysis.refresh`` copies the resolved snapshot directory (README "Data sources")
to ``snapshots/kolada-<date>/``, replaces the rows of every Kolada indicator of the analysis
sheet (provider ``kolada``) in ``kolada/kolada_values.csv`` with the values the Kolada API
serves today, and writes ``manifest.json`` (request URLs, dates, counts, SHA-256 of every
file). Series the API does not serve (``SCB_*``, provider ``scb``) and every other file stay as
they are in the snapshot. The new directory appears only when the whole refresh succeeded
(it is assembled under a temporary name), so a failed download never passes as a snapshot.
``./build.sh --refresh`` runs this and then builds from the new snapshot.

Values are written as the API serves them: impossible values are not filtered here but set
aside by the build's quality screen, with a reason, like any snapshot value.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import requests

from analysis.regions import region_name
from analysis.sources.kolada import SNAPSHOT_RELPATH
from analysis.sources.kolada_api import DEFAULT_BASE_URL, KOLADA_REGION_IDS, download_kolada

SNAPSHOT_COLUMNS = ["kpi", "region_code", "region", "year", "gender", "value"]


def api_ids(sheet: pd.DataFrame) -> list[str]:
    """The sheet's indicators the Kolada API serves (provider ``kolada``), in sheet order."""
    return sheet.loc[sheet["provider"] == "kolada", "id"].tolist()


def _value_text(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def api_rows(values: list[dict], names: dict[str, str]) -> list[list[str]]:
    """Snapshot rows (``SNAPSHOT_COLUMNS``) of the regions and Riket in one raw API answer.

    Municipalities and groups are left out (the snapshot holds regions only); null values are
    left out as the snapshot has no empty values.
    """
    rows = []
    for item in values:
        rid = str(item["municipality"])
        code = KOLADA_REGION_IDS.get(rid)
        if code is None:
            continue
        for inner in item["values"]:
            if inner["value"] is None:
                continue
            name = names.get(rid) or region_name(code)
            rows.append(
                [
                    str(item["kpi"]),
                    rid,
                    name,
                    str(item["period"]),
                    inner["gender"],
                    _value_text(inner["value"]),
                ]
            )
    return rows


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _writable_copy(base: Path, target: Path) -> None:
    """Copy the snapshot directory; the copy is writable even when the original is read-only."""
    shutil.copytree(base, target, copy_function=shutil.copyfile)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def refresh_snapshot(
    base: Path,
    dest_root: Path,
    ids: Iterable[str],
    years: Iterable[int],
    *,
    values_file: str = SNAPSHOT_RELPATH,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 30,
    retries: int = 4,
    backoff: float = 1.0,
    session: requests.Session | None = None,
    now: datetime | None = None,
) -> Path:
    """Build ``dest_root/kolada-<date>`` from ``base`` with current API values for ``ids``.

    One API request per indicator (all pages, over ``years``); any failure (unreachable host,
    incomplete answer, foreign redirect) raises ``KoladaError`` and leaves no new directory.
    Returns the new snapshot directory.
    """
    now = now or datetime.now(UTC)
    ids, years = list(ids), list(years)
    target = Path(dest_root) / f"kolada-{now:%Y-%m-%d}"
    if target.exists():
        raise FileExistsError(f"{target} exists already; remove it or refresh into another folder")
    tmp = target.with_name(target.name + f".partial-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    try:
        _writable_copy(Path(base), tmp)
        values_path = tmp / values_file
        with values_path.open(encoding="utf-8-sig", newline="") as fh:
            header, *body = list(csv.reader(fh))
        if header != SNAPSHOT_COLUMNS:
            raise ValueError(f"{base / values_file}: expected the columns {SNAPSHOT_COLUMNS}, found {header}")
        names = {r[1]: r[2] for r in body}
        requests_made, fresh = [], []
        for ind in ids:
            download = download_kolada(
                [ind],
                years,
                base_url=base_url,
                timeout=timeout,
                retries=retries,
                backoff=backoff,
                cache_dir=None,
                session=session,
            )
            rows = api_rows(download.values, names)
            fresh += rows
            requests_made.append(
                {
                    "indicator": ind,
                    "url": download.url,
                    "fetched_at": download.fetched_at,
                    "pages": download.pages,
                    "rows": len(rows),
                }
            )
        refreshed = set(ids)
        kept = [r for r in body if r[0] not in refreshed]
        fresh.sort(key=lambda r: (r[0], r[1], int(r[3]), r[4]))
        with values_path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([header, *kept, *fresh])
        manifest = {
            "created": now.isoformat(timespec="seconds"),
            "api": base_url,
            "base_snapshot": Path(base).name,
            "years": [min(years), max(years)] if years else [],
            "requests": requests_made,
            "kept_from_snapshot": sorted({r[0] for r in kept}),
            "files": {
                str(p.relative_to(tmp)): _sha256(p)
                for p in sorted(tmp.rglob("*"))
                if p.is_file() and p.name != "manifest.json"
            },
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def main(argv: list[str] | None = None) -> None:
    """``python -m analysis.refresh [--dest snapshots]``: print the new snapshot directory."""
    import argparse
    import sys

    import yaml

    from analysis.config import resolve_snapshot_dir, source_location
    from analysis.registry import load_registry

    parser = argparse.ArgumentParser(prog="python -m analysis.refresh", description=__doc__.split("\n")[0])
    parser.add_argument("--dest", type=Path, default=Path("snapshots"), help="where the dated snapshot goes")
    parser.add_argument("--config", type=Path, default=Path("config/config.yaml"))
    args = parser.parse_args(argv)
    config = yaml.safe_load(args.config.read_text(encoding="utf-8"))
    base, reason = resolve_snapshot_dir(config["data"]["snapshot_dir"], project_root=Path.cwd())
    if base is None:
        sys.exit(f"refresh: no snapshot to start from ({reason}); SCB series and other files come from it")
    kolada = config["kolada"]
    now = datetime.now(UTC)
    target = refresh_snapshot(
        base,
        args.dest,
        api_ids(load_registry(config["data"]["registry"])),
        range(int(kolada["first_year"]), now.year + 1),
        values_file=source_location(config, "kolada"),
        base_url=kolada["base_url"],
        timeout=kolada["timeout_s"],
        retries=kolada["retries"],
        backoff=kolada["backoff_s"],
        now=now,
    )
    print(f"refresh: new snapshot from {base} ({reason}) and the Kolada API", file=sys.stderr)
    print(target.resolve())


if __name__ == "__main__":
    main()
