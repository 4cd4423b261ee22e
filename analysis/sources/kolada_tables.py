"""The tidy Kolada table split by analysis-sheet family, and content keys that say when a part changed.

Targeted re-runs: one job per family of the analysis sheet (trust, access, resources, ...)
reads the snapshot and writes that family's screened tidy table
(``results/tidy/kolada/<family>.parquet``); a rule that reads Kolada data declares the
families of the indicators it reads (selected from the sheet), and a gather job joins the
families into ``results/tidy/kolada.parquet`` for the rules that read everything.

Snakemake would re-run every family job whenever the snapshot file changes. The family jobs
therefore declare the snapshot (and the sheet, ranges and exceptions files) ``ancient``, and
what decides their re-run is a *content key* passed as a parameter: a digest, computed when the
workflow is parsed, of everything that determines the family's tidy rows — its indicators'
lines in the snapshot (with line numbers, which become ``source_row``), their rows in the
analysis sheet, plausible ranges and reviewed exceptions, the quality and Kolada settings, and
the code of the tidy step. A revised value changes one family's key: that job and the readers
of its table re-run, nothing else. The snapshot path itself is not part of the key (moving a
snapshot changes no value).

Without a snapshot (live API) the content is unknown before the download, so no keys are
computed and the family jobs depend on their inputs in the ordinary way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from analysis.coverage import stated_date


def read_split(paths: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """The tidy rows of the given family tables as one table (a single path works too)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    frames = [pd.read_parquet(p) for p in paths]
    if not frames:
        raise ValueError("no Kolada tables given: the rule declares no family")
    nonempty = [f for f in frames if len(f)]
    return pd.concat(nonempty or frames[:1], ignore_index=True)


def _lines_by_first_field(path: Path, column: str) -> tuple[bytes, dict[str, list[bytes]]]:
    """Header and, per value of the (first-field) ``column``, the numbered raw lines of a CSV."""
    data = Path(path).read_bytes()
    lines = [line.rstrip(b"\r") for line in data.split(b"\n")]  # CRLF or LF: same values
    header = lines[0]
    first = header.split(b",", 1)[0].strip().strip(b'"').lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
    if first != column:
        raise ValueError(f"{path}: expected {column!r} as the first column, found {first!r}")
    out: dict[str, list[bytes]] = {}
    for number, line in enumerate(lines[1:], start=2):
        key = line.split(b",", 1)[0].strip().strip(b'"').decode("utf-8", "replace")
        if key:
            out.setdefault(key, []).append(b"%d:" % number + line)
    return header, out


def content_keys(
    snapshot: Path | str,
    ids: Iterable[str],
    *,
    sheet: pd.DataFrame,
    ranges: Path | str,
    exceptions: Path | str,
    settings: Mapping,
    code: Iterable[Path | str],
    root: Path | str | None = None,
) -> dict[str, str]:
    """Per indicator, a digest of everything that determines its tidy rows (see module docstring).

    ``code`` are paths relative to ``root`` (the project). Raises ``ValueError`` when a file
    does not have the expected first column; the caller then
    falls back to ordinary dependencies and the tidy step reports the problem properly.
    """
    common = hashlib.sha256()
    common.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in sorted(str(c) for c in code):  # relative paths: a copy of the project has the same key
        common.update(path.encode() + b"\0" + (Path(root or ".") / path).read_bytes() + b"\0")
    head, values = _lines_by_first_field(Path(snapshot), "kpi")
    rhead, range_lines = _lines_by_first_field(Path(ranges), "id")
    ehead, exception_lines = _lines_by_first_field(Path(exceptions), "indicator")
    common.update(head + rhead + ehead)
    rows = sheet.set_index("id")
    keys = {}
    for ind in ids:
        h = common.copy()
        h.update(json.dumps(rows.loc[ind].to_dict(), sort_keys=True, default=str).encode())
        for part in (values.get(ind, []), range_lines.get(ind, []), exception_lines.get(ind, [])):
            h.update(b"\n".join(part) + b"\x1e")
        keys[ind] = h.hexdigest()
    return keys


def combined_key(keys: Mapping[str, str], ids: Iterable[str]) -> str:
    """One digest over the keys of ``ids`` (the parameter a reading rule carries)."""
    h = hashlib.sha256()
    for ind in sorted(set(ids)):
        h.update(f"{ind}={keys[ind]}\n".encode())
    return h.hexdigest()[:32]


#: What a build's Kolada meta says about the rules it applied, as opposed to where the data came from.
RULE_KEYS = ("first_year", "last_year", "min_region_share", "strict", "configured_last_year")


def year_rules(meta: list[dict]) -> dict:
    """The rules applied to the Kolada values (years, coverage, strict mode), from
    :func:`gather_families`' meta without the snapshot's provenance (path, checksum): what the
    Datakvalitet page states, so a revised value does not re-execute it.
    """
    return {k: meta[0].get(k) for k in RULE_KEYS}


def gather_families(
    tables: Iterable[str | Path],
    trails: Iterable[str | Path],
    years: Iterable[str | Path],
    metas: Iterable[list[dict]],
    *,
    quality: Mapping,
    configured_last_year: int | None,
    snapshot: Path | str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[dict]]:
    """Join the families' tables, paper trails and year reports; one provenance list for all.

    Source entries that are the same file or URL are given once; counts and the year range are
    those of the joined table. The checksum and date of ``snapshot`` are taken now: a family
    job that did not re-run read the same lines, but the file as a whole may have changed.
    """
    table = read_split(list(tables))
    table = table.sort_values("source_row", kind="stable").reset_index(drop=True)  # file order, as one read
    trail = pd.concat([pd.read_parquet(p) for p in trails], ignore_index=True)
    year_report = pd.concat([pd.read_parquet(p) for p in years], ignore_index=True)
    sources: dict[tuple, dict] = {}
    not_loaded: list[str] = []
    for entries in metas:
        for m in entries:
            not_loaded += m.get("snapshot_only_not_loaded", [])
            if "kind" not in m:
                continue
            key = (m["kind"], m.get("path"), m.get("url"))
            if key in sources:
                sources[key]["missing_kpis"] = sources[key].get("missing_kpis", []) + m.get(
                    "missing_kpis", []
                )
            else:
                sources[key] = {k: v for k, v in m.items() if k != "snapshot_only_not_loaded"}
    entries = list(sources.values())
    if snapshot is not None:
        path = Path(snapshot)
        stamp = stated_date(path)
        for entry in entries:
            if entry["kind"] == "snapshot":
                entry.update(sha256=hashlib.sha256(path.read_bytes()).hexdigest(), vintage=stamp)
    for entry in entries:
        mine = table[table["source_file"] == (entry.get("path") or entry.get("url"))]
        entry["n_values"] = len(mine) if len(entries) > 1 else len(table)
    summary = {
        "licence": "CC BY 4.0",
        "attribution": "Källa: Kolada, RKA",
        "snapshot_only_not_loaded": sorted(not_loaded),
        "n_quarantined": int((trail["action"] == "quarantine").sum()),
        "n_exceptions": int(trail["action"].isin(["exclude", "correct"]).sum()),
        "n_withheld": int(year_report["n_values"].sum()),
        "first_year": int(table["year"].min()),
        "last_year": int(table["year"].max()),
        "min_region_share": quality["min_region_share"],
        "strict": quality["strict"],
        "configured_last_year": configured_last_year,
    }
    return table, trail, year_report, [{**entry, **summary} for entry in entries]
