"""Coverage and provenance of the input data, for the "Datakällor" chapter.

``coverage_table`` summarises a tidy table per indicator (years, regions, values, gaps);
``source_metadata`` fingerprints an input file (sha256, size, the date the data state for it,
row count) so the book can state exactly which snapshot it was built from.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd

from analysis.regions import REGION_CODES, RIKET

COVERAGE_COLUMNS = [
    "source",
    "indicator",
    "unit",
    "first_year",
    "last_year",
    "n_years",
    "n_regions",
    "has_riket",
    "sexes",
    "n_values",
    "gaps",
    "gap_detail",
]


def _gap_detail(missing: dict[str, list[int]], limit: int = 6) -> str:
    """Compact text such as ``09: 2015-2016; 13: 2017`` (first ``limit`` regions)."""
    parts = []
    for code, years in sorted(missing.items()):
        runs, start, prev = [], years[0], years[0]
        for y in [*years[1:], None]:
            if y is not None and y == prev + 1:
                prev = y
                continue
            runs.append(str(start) if start == prev else f"{start}-{prev}")
            if y is not None:
                start = prev = y
        parts.append(f"{code}: {', '.join(runs)}")
    more = f"; … (+{len(parts) - limit} regioner)" if len(parts) > limit else ""
    return "; ".join(parts[:limit]) + more


def coverage_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """One row per (source, indicator): first/last year, n years, n regions, n values, gaps.

    ``n_regions`` counts the 21 regions (Riket is ``has_riket``). ``gaps`` counts the missing
    region x year cells (totals, sex ``T``) within the indicator's own first..last year, over
    all 21 regions, or over Riket alone for indicators published only for Riket. Gaps are
    reported, never filled.
    """
    rows = []
    for (source, indicator), g in tidy.groupby(["source", "indicator"], sort=True):
        years = sorted(int(y) for y in g["year"].unique())
        codes = set(g["region_code"])
        expected = set(REGION_CODES) if codes - {RIKET} else {RIKET}
        totals = g[g["sex"] == "T"]
        present = set(zip(totals["region_code"], totals["year"].astype(int), strict=True))
        span = range(years[0], years[-1] + 1)
        missing: dict[str, list[int]] = {}
        for code in sorted(expected):
            gap_years = [y for y in span if (code, y) not in present]
            if gap_years:
                missing[code] = gap_years
        units = sorted(g["unit"].astype(str).unique())
        rows.append(
            {
                "source": source,
                "indicator": indicator,
                "unit": ", ".join(units),
                "first_year": years[0],
                "last_year": years[-1],
                "n_years": len(years),
                "n_regions": len(codes & set(REGION_CODES)),
                "has_riket": RIKET in codes,
                "sexes": "".join(s for s in "TKM" if s in set(g["sex"])),
                "n_values": len(g),
                "gaps": sum(len(v) for v in missing.values()),
                "gap_detail": _gap_detail(missing),
            }
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def _count_rows(path: Path) -> int | None:
    """Data rows: non-blank lines minus the header for text tables, row count for parquet."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    if suffix in {".csv", ".tsv", ".txt"}:
        with path.open("rb") as fh:
            n = sum(1 for line in fh if line.strip())
        return max(n - 1, 0)
    return None


def stated_date(path: str | Path) -> str | None:
    """The date a snapshot file's data give for it (YYYY-MM-DD), or None: never the file's clock.

    A snapshot made by live refresh lists its files in ``manifest.json`` (one or two folders
    up) with the date it was made; an export is often named by its download date
    (``vis_export_2019-03-27_…``). A modification time only says when the file was copied to
    this machine, so two machines with the same data would publish different dates.
    """
    p = Path(path)
    for folder in (p.parent, p.parent.parent):
        manifest = folder / "manifest.json"
        if manifest.is_file():
            try:
                info = json.loads(manifest.read_text(encoding="utf-8"))
            except ValueError as err:
                raise ValueError(f"{manifest}: not a snapshot manifest (JSON): {err}") from err
            if p.relative_to(folder).as_posix() in info.get("files", {}):
                return str(info.get("created", ""))[:10] or None
    found = re.search(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)", p.name)
    return found.group(1) if found else None


def source_metadata(path: str | Path, kind: str, licence: str, attribution: str) -> dict:
    """Fingerprint of one input file: path, sha256, size, stated date (as vintage), n rows.

    ``kind`` names the source ("vis", "skr", "kolada", …); ``licence`` and ``attribution``
    are carried through for the chapter's source table. ``vintage`` is :func:`stated_date`.
    """
    p = Path(path)
    digest = hashlib.sha256()
    with p.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return {
        "path": str(p),
        "name": p.name,
        "kind": kind,
        "licence": licence,
        "attribution": attribution,
        "sha256": digest.hexdigest(),
        "size_bytes": p.stat().st_size,
        "vintage": stated_date(p),
        "n_rows": _count_rows(p),
    }


#: The fields of a source's declaration (config ``data.sources``) carried into the record.
DECLARED_FIELDS = ("name", "publisher", "licence", "attribution", "description", "reference", "location")


def _fetched(meta: dict) -> dict:
    """A record entry from a tidy rule's own metadata (Kolada: the snapshot file or the API)."""
    path = meta.get("path")
    return {
        "name": Path(path).name if path else None,
        "kind": meta.get("kind"),
        "url": meta.get("url"),
        "sha256": meta.get("sha256"),
        "date": str(meta.get("vintage") or "")[:10] or None,
        "n_rows": meta.get("n_values"),
    }


def source_record(
    declared: dict[str, dict],
    files: dict[str, list[str | Path]],
    fetched: dict[str, list[dict]] | None = None,
) -> list[dict]:
    """What the build read, per declared source: the declaration plus each file's fingerprint.

    ``declared`` is config ``data.sources``; ``files`` the resolved files of each source (see
    ``analysis.config.source_files``); ``fetched`` the metadata a tidy rule wrote for a source
    it may take from an API (Kolada), used when the snapshot holds no file of it. A declared
    source with neither raises: the page must not list a source the build did not read.
    """
    fetched = fetched or {}
    record = []
    for name, decl in declared.items():
        if not files.get(name) and name in fetched:  # no file: the API (Kolada)
            entries = [_fetched(m) for m in fetched[name]]
        elif files.get(name):
            kind = "project" if decl.get("in") == "project" else "snapshot"
            metas = [
                source_metadata(p, kind, decl["licence"], decl.get("attribution", "")) for p in files[name]
            ]
            entries = [
                {"name": m["name"], "kind": kind, "url": None, "sha256": m["sha256"],
                 "date": m["vintage"] if kind == "snapshot" else None,  # a checkout's dates say nothing
                 "n_rows": m["n_rows"]}
                for m in metas
            ]  # fmt: skip
        else:
            raise ValueError(f"source {name} is declared in data.sources but the build read no file of it")
        record.append({"source": name, **{k: decl.get(k) for k in DECLARED_FIELDS}, "files": entries})
    return record
