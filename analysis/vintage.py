"""The published data vintage and the changelog "Vad är nytt" against it.

Each published build records what it was made from in a committed file
(``data-raw/vintage/published.json``): the checksum of every source file, a digest of the
values of every indicator of every source, the Kolada values themselves (Kolada revises
published values without notice, so old -> new must be shown; Vården i siffror and SKR are
dated exports, for which a per-indicator digest says *that* values changed) and the keys of
the values that were quarantined. Any clone compares its build with this record, so the
changelog does not depend on an earlier build on the same machine.

The build only *reads* the record. It is rewritten by an explicit command after a
successful build (``python -m analysis.vintage publish``), which refuses when the site is
older than the results it would record, so a failed build can never become the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.provenance import KEY, diff_manifests, value_manifest
from analysis.regions import NAMES as REGION_NAMES

FORMAT = 1
#: Sources whose values are stored in full (old -> new can be shown); others get digests.
VALUE_SOURCES = ("kolada",)
SOURCES = ("kolada", "vis", "skr")
DEFAULT_RECORD = Path("data-raw/vintage/published.json")

#: Columns of ``results/publishing/changes.parquet``.
CHANGE_COLUMNS = [
    "change",
    "source",
    "indicator",
    "indicator_name",
    "region_code",
    "region_name",
    "year",
    "sex",
    "value_prev",
    "value_cur",
]

#: Swedish names of the sources, for the reader pages.
SOURCE_NAMES = {"kolada": "Kolada", "vis": "Vården i siffror", "skr": "SKR"}


def _series_key(row) -> str:
    return f"{row.source}|{row.indicator}|{row.region_code}|{row.sex}"


def _value_text(v: float) -> str:
    return repr(float(v))


def indicator_digests(manifest: pd.DataFrame) -> dict[str, str]:
    """``source|indicator`` -> a short sha256 of its sorted (region, year, sex, value) lines."""
    out = {}
    for (source, indicator), g in manifest.groupby(["source", "indicator"], sort=True):
        g = g.sort_values(["region_code", "year", "sex"])
        text = "\n".join(
            f"{r}|{y}|{s}|{_value_text(v)}"
            for r, y, s, v in zip(g["region_code"], g["year"], g["sex"], g["value"], strict=True)
        )
        out[f"{source}|{indicator}"] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return out


def conclusions(robust: pd.DataFrame, goals: pd.DataFrame) -> dict[str, str]:
    """The build's conclusions in words: each series' verdict and each goal's assessment.

    Stored in the record so that "Vad är nytt" can say which conclusions a data update changed
    (``"bedömning|<indicator>"`` and ``"mål|<goal>"`` keys).
    """
    out = {f"bedömning|{r.indicator}": str(r.verdict) for r in robust.itertuples(index=False)}
    out |= {f"mål|{g.goal}": str(g.compendium_assessment) for g in goals.itertuples(index=False)}
    return dict(sorted(out.items()))


def conclusion_basis(robust: pd.DataFrame, goals: pd.DataFrame) -> dict[str, str]:
    """What each conclusion of :func:`conclusions` rests on, free of wording: a series' verdict
    word, a goal's series and their verdicts (:func:`analysis.findings.goal_basis`)."""
    out = {f"bedömning|{r.indicator}": str(r.verdict) for r in robust.itertuples(index=False)}
    out |= {f"mål|{g.goal}": str(g.basis) for g in goals.itertuples(index=False)}
    return dict(sorted(out.items()))


#: Columns of the changed-conclusions table.
CONCLUSION_COLUMNS = ["kind", "key", "name", "before", "after"]


def changed_conclusions(
    record: dict | None,
    current: Mapping[str, str],
    names: Mapping[str, str],
    basis: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Conclusions that differ from the published vintage (new, changed or gone), with names.

    Where both the record and this build have a conclusion's ``basis``
    (:func:`conclusion_basis`), a conclusion changed only when its basis did: a sentence
    reworded by new code, on the same verdicts, is not a changed conclusion. Otherwise (a
    record written before bases were kept) the sentences are compared.
    """
    if record is None or "conclusions" not in record:
        return pd.DataFrame(columns=CONCLUSION_COLUMNS)
    before = record["conclusions"]
    old_basis, new_basis = record.get("conclusion_basis", {}), basis or {}
    rows = []
    for key in sorted(set(before) | set(current)):
        old, new = before.get(key), current.get(key)
        both = key in old_basis and key in new_basis
        if (old_basis[key] != new_basis[key]) if both else (old != new):
            kind, ident = key.split("|", 1)
            rows.append((kind, ident, names.get(key, ident), old or "", new or ""))
    return pd.DataFrame(rows, columns=CONCLUSION_COLUMNS)


def make_record(
    tables: list[pd.DataFrame],
    files: Mapping[str, str],
    quarantined: pd.DataFrame | None = None,
    *,
    published: str,
    commit: str = "",
    conclusions: Mapping[str, str] | None = None,
    basis: Mapping[str, str] | None = None,
) -> dict:
    """The vintage record of one build (see the module docstring)."""
    manifest = value_manifest(tables)
    values = {}
    stored = manifest[manifest["source"].isin(VALUE_SOURCES)]
    for (source, indicator, region, sex), g in stored.groupby(
        ["source", "indicator", "region_code", "sex"], sort=True
    ):
        g = g.sort_values("year")
        values[f"{source}|{indicator}|{region}|{sex}"] = {
            str(int(y)): float(v) for y, v in zip(g["year"], g["value"], strict=True)
        }
    keys = []
    if quarantined is not None and len(quarantined):
        q = quarantined[quarantined["action"] == "quarantine"]
        keys = sorted(f"{r.source}|{r.indicator}|{r.region_code}|{r.year}|{r.sex}" for r in q.itertuples())
    return {
        "format": FORMAT,
        "published": published,
        "commit": commit,
        "files": dict(sorted(files.items())),
        "digests": indicator_digests(manifest),
        "values": values,
        "quarantined": keys,
        "conclusions": dict(conclusions or {}),
        "conclusion_basis": dict(basis or {}),
    }


def write_record(record: dict, path: Path | str) -> None:
    """Write the record as JSON with one series per line (readable diffs in review)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in record.items() if k not in ("digests", "values")}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    for block in ("digests", "values"):
        items = list(record[block].items())
        lines.append(f' "{block}": {{')
        for i, (k, v) in enumerate(items):
            comma = "," if i < len(items) - 1 else ""
            lines.append(
                f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, separators=(',', ':'))}{comma}"
            )
        lines.append("  }," if block == "digests" else "  }")
    lines.append("}")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def read_record(path: Path | str) -> dict | None:
    """The committed record, or None if there is none yet (a project never published)."""
    path = Path(path)
    if not path.is_file():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    if record.get("format") != FORMAT:
        raise ValueError(f"{path}: vintage record format {record.get('format')!r}, expected {FORMAT}")
    return record


def record_manifest(record: dict) -> pd.DataFrame:
    """The stored values of a record as a value manifest (``KEY`` + ``value``)."""
    rows = []
    for series, years in record["values"].items():
        source, indicator, region, sex = series.split("|")
        for year, value in years.items():
            rows.append((source, indicator, region, int(year), sex, float(value)))
    return pd.DataFrame(rows, columns=[*KEY, "value"]).sort_values(KEY).reset_index(drop=True)


def changelog(
    record: dict, tables: list[pd.DataFrame], names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Every change of this build's data against the published record, with Swedish names.

    Value-level changes (new year, revised old -> new, new or removed value or indicator)
    for the sources stored in full; for the others, indicators whose digest changed
    (``changed_values``), appeared (``new_indicator``) or disappeared (``removed_indicator``).
    """
    names = dict(names or {})
    current = value_manifest(tables)
    stored = current[current["source"].isin(VALUE_SOURCES)].reset_index(drop=True)
    diff = diff_manifests(record_manifest(record), stored)
    rows = [diff]
    old, new = record.get("digests", {}), indicator_digests(current)
    other = []
    for key in sorted(set(old) | set(new)):
        source, indicator = key.split("|", 1)
        if source in VALUE_SOURCES:
            continue
        if key not in old:
            kind = "new_indicator"
        elif key not in new:
            kind = "removed_indicator"
        elif old[key] != new[key]:
            kind = "changed_values"
        else:
            continue
        other.append({"source": source, "indicator": indicator, "change": kind})
    if other:
        rows.append(pd.DataFrame(other))
    out = pd.concat([r for r in rows if len(r)], ignore_index=True) if any(len(r) for r in rows) else diff
    for col in CHANGE_COLUMNS:
        if col not in out.columns:
            out[col] = np.nan
    out["indicator_name"] = [names.get(i, i) for i in out["indicator"]]
    out["region_name"] = [REGION_NAMES.get(c, "") if isinstance(c, str) else "" for c in out["region_code"]]
    out = out[CHANGE_COLUMNS].astype({"value_prev": "float64", "value_cur": "float64"})
    out["year"] = pd.array(out["year"], dtype="Int64")
    for col in ("region_code", "sex"):
        out[col] = out[col].astype("string")
    return out.reset_index(drop=True)


def indicator_names(
    registry: pd.DataFrame,
    vis_indicators: pd.DataFrame | None = None,
    tables: list[pd.DataFrame] = (),
    skr_names: pd.DataFrame | None = None,
) -> dict[str, str]:
    """Indicator id -> Swedish name: the registry's titles for Kolada, the export's titles for
    Vården i siffror, and for SKR the file's own headings (``skr_names``, columns ``indicator``
    and ``name``: :func:`analysis.sources.skr.skr_indicator_names`) or else the area path of
    the id in ``tables``."""
    names = {}
    for t in tables:
        for ind in t.loc[t["source"] == "skr", "indicator"].unique():
            names[ind] = "SKR: " + ind.removeprefix("skr:").replace("_", " ").replace("/", " – ")
    if skr_names is not None:
        names.update(zip(skr_names["indicator"], skr_names["name"], strict=True))
    if vis_indicators is not None and len(vis_indicators):
        names.update(vis_indicators.drop_duplicates("indicator").set_index("indicator")["title"].astype(str))
    names.update(dict(zip(registry["id"], registry["name_sv"], strict=True)))
    return names


def new_quarantines(record: dict | None, quarantined: pd.DataFrame) -> pd.Series:
    """Per quarantine row: True if it was not quarantined in the published vintage."""
    known = set(record.get("quarantined", [])) if record else set()
    keys = [f"{r.source}|{r.indicator}|{r.region_code}|{r.year}|{r.sex}" for r in quarantined.itertuples()]
    return pd.Series([k not in known for k in keys], index=quarantined.index, dtype=bool)


def changed_files(record: dict | None, files: Mapping[str, str]) -> pd.DataFrame:
    """Source files whose checksum differs from the record's (or that are new or gone)."""
    old = record.get("files", {}) if record else {}
    rows = []
    for name in sorted(set(old) | set(files)):
        if old.get(name) != files.get(name):
            kind = "new" if name not in old else "removed" if name not in files else "changed"
            rows.append({"file": name, "change": kind})
    return pd.DataFrame(rows, columns=["file", "change"])


def source_files(metas: Mapping[str, list[dict]]) -> dict[str, str]:
    """``source/file name`` -> sha256, from the tidy tables' metadata sidecars."""
    out = {}
    for source, entries in metas.items():
        for m in entries:
            name = m.get("name") or Path(str(m.get("path") or m.get("url") or source)).name
            if m.get("sha256"):
                out[f"{source}/{name}"] = m["sha256"]
    return out


# --------------------------------------------------------------------------- command line


def _stale(site: Path, inputs: list[Path]) -> list[Path]:
    built = site.stat().st_mtime
    return [p for p in inputs if p.stat().st_mtime > built]


def publish(root: Path, out: Path, today: dt.date | None = None) -> dict:
    """Write the record of the finished build in ``root`` to ``out``; refuse a stale build."""
    from analysis.config import git_commit

    tidy = root / "results" / "tidy"
    site = root / "_build" / "html" / "index.html"
    inputs = [tidy / f"{s}.parquet" for s in SOURCES] + [tidy / f"{s}_meta.json" for s in SOURCES]
    inputs.append(tidy / "quarantine.parquet")
    inputs += [
        root / "results" / "trends" / "robust.parquet",
        root / "results" / "findings" / "goals.parquet",
    ]
    missing = [p for p in [site, *inputs] if not p.is_file()]
    if missing:
        raise SystemExit(
            f"no finished build to publish: missing {', '.join(map(str, missing))}; run ./build.sh"
        )
    stale = _stale(site, inputs)
    if stale:
        raise SystemExit(
            f"the site {site} is older than {', '.join(map(str, stale))}: the last build did not finish. "
            "Run ./build.sh until it succeeds, then publish."
        )
    tables = [pd.read_parquet(tidy / f"{s}.parquet") for s in SOURCES]
    metas = {s: json.loads((tidy / f"{s}_meta.json").read_text()) for s in SOURCES}
    robust = pd.read_parquet(root / "results" / "trends" / "robust.parquet")
    goals = pd.read_parquet(root / "results" / "findings" / "goals.parquet")
    record = make_record(
        tables,
        source_files(metas),
        pd.read_parquet(tidy / "quarantine.parquet"),
        published=(today or dt.date.today()).isoformat(),
        commit=git_commit(root),
        conclusions=conclusions(robust, goals),
        basis=conclusion_basis(robust, goals),
    )
    write_record(record, out)
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.vintage", description="Record the data vintage of a published build."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("publish", help="write data-raw/vintage/published.json from the finished build")
    p.add_argument("--root", type=Path, default=Path.cwd())
    p.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or args.root / DEFAULT_RECORD
    record = publish(args.root, out)
    n = sum(len(v) for v in record["values"].values())
    print(
        f"wrote {out}: {len(record['files'])} source file(s), {len(record['digests'])} indicator digest(s), "
        f"{n} stored value(s), {len(record['quarantined'])} quarantined; commit it with the release"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
