"""Provenance of a build: what changed in the data since the previous build, and the colophon.

``value_manifest`` reduces the tidy tables to one row per value key; ``diff_manifests``
compares two such manifests and classifies each difference (new indicator, indicator gone,
new year, value revised, value gone). Kolada revises published values without notice, so
the comparison is by value, not by file date. The baseline is the committed record of the
last published vintage (``analysis.vintage``), so every clone compares with the same data.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.config import git_commit

KEY = ["source", "indicator", "region_code", "year", "sex"]

#: Swedish labels of the kinds of change, in display order.
CHANGE_KINDS = {
    "new_indicator": "Ny indikator",
    "removed_indicator": "Indikator borttagen",
    "new_year": "Nytt år",
    "revised": "Reviderat värde",
    "removed_value": "Värde borttaget",
    "new_value": "Nytt värde",
}

PACKAGES = [
    "snakemake",
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "pandera",
    "matplotlib",
]


def value_manifest(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per (source, indicator, region, year, sex) with its value."""
    frames = [t[[*KEY, "value"]] for t in tables if len(t)]
    manifest = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*KEY, "value"])
    return manifest.sort_values(KEY).reset_index(drop=True)


def diff_manifests(previous: pd.DataFrame, current: pd.DataFrame, rtol: float = 1e-9) -> pd.DataFrame:
    """Classify every difference between two manifests; an empty frame means no change."""
    merged = previous.merge(current, on=KEY, how="outer", suffixes=("_prev", "_cur"), indicator="how")
    prev_ind = set(zip(previous["source"], previous["indicator"], strict=True))
    cur_ind = set(zip(current["source"], current["indicator"], strict=True))
    prev_years = previous.groupby(["source", "indicator"])["year"].agg(set).to_dict()
    kinds = []
    for row in merged.itertuples(index=False):
        ind = (row.source, row.indicator)
        if row.how == "right_only":
            if ind not in prev_ind:
                kinds.append("new_indicator")
            elif row.year not in prev_years.get(ind, set()):
                kinds.append("new_year")
            else:
                kinds.append("new_value")
        elif row.how == "left_only":
            kinds.append("removed_indicator" if ind not in cur_ind else "removed_value")
        elif not np.isclose(row.value_prev, row.value_cur, rtol=rtol, atol=0):
            kinds.append("revised")
        else:
            kinds.append(None)
    merged["change"] = kinds
    out = merged[merged["change"].notna()].drop(columns="how")
    return out[[*KEY, "change", "value_prev", "value_cur"]].reset_index(drop=True)


def summarise_changes(diff: pd.DataFrame) -> pd.DataFrame:
    """Counts of changes by source, indicator and kind (Swedish labels), for the page."""
    if diff.empty:
        return pd.DataFrame(columns=["source", "indicator", "change", "antal", "år"])
    grouped = diff.groupby(["source", "indicator", "change"])
    out = grouped.size().rename("antal").reset_index()
    out["år"] = grouped["year"].agg(lambda s: ", ".join(str(y) for y in sorted(set(s)))).to_numpy()
    out["change"] = out["change"].map(CHANGE_KINDS)
    return out


def _source_date() -> dt.date | None:
    """The build's date from ``SOURCE_DATE_EPOCH`` (commit date or data vintage), if set."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date() if value.isdigit() else None


def _without_paths(text: str) -> str:
    """``text`` with absolute file paths cut to their last component (nothing local is published)."""
    return re.sub(r"(?<![\w.])/[^\s:;,()]+", lambda m: Path(m.group(0)).name, text)


def colophon(root: Path, snapshot_reason: str, today: dt.date | None = None) -> dict:
    """Commit, build date, Python and package versions, and the data snapshot used."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "saknas"
    return {
        "commit": git_commit(root),
        "build_date": (today or _source_date() or dt.date.today()).isoformat(),
        "python": platform.python_version(),
        "packages": versions,
        "data": _without_paths(snapshot_reason),
    }
