"""The tables of the appendix *Datakällor*: sources, files read, coverage, the analysis sheet, transcriptions.

The source list is generated from the sources declared in the configuration (``data.sources``)
and the workflow's record of every file read with its checksum (rule ``sources``,
``results/tidy/sources.json``).

Each function turns a workflow result into the table readers see (Swedish headers, no
machine paths). The coverage table has one row per series (hundreds); the page shows
:func:`coverage_summary` (one row per source and unit) and folds the full table on the web.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from analysis.presentation.references import report_name
from analysis.presentation.text import DIRECTION_SV, FAMILY_SV, counted, fmt_years, unit_label

SOURCES = {"kolada": "Kolada", "vis": "Vården i siffror", "skr": "SKR"}
FILE_FIELDS = ["name", "kind", "url", "date", "n_rows", "sha256"]
STATUS = {"printed": "tryckt", "derived": "härlett", "corrected": "rättat", "approximate": "ungefärligt"}


def read_record(path: str | Path) -> list[dict]:
    """The workflow's record of the declared sources and every file read (rule ``sources``)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def record_frame(record: list[dict]) -> pd.DataFrame:
    """The record flat, one row per file read (the page's data file)."""
    rows = [
        {"source": s["source"], "name_sv": s["name"], **{k: f.get(k) for k in FILE_FIELDS}}
        for s in record
        for f in s["files"]
    ]
    return pd.DataFrame(rows, columns=["source", "name_sv", *FILE_FIELDS])


def sources_table(record: list[dict]) -> pd.DataFrame:
    """One row per declared source: name, publisher, licence with attribution, what the compendium uses."""
    return pd.DataFrame(
        [
            {
                "Källa": s["name"],
                "Utgivare": s["publisher"],
                "Licens och källhänvisning": s["licence"]
                + (f", ”{s['attribution']}”" if s.get("attribution") else ""),
                "Vad som används": s["description"],
            }
            for s in record
        ]
    )


def _files_row(source: dict) -> list[dict]:
    """The rows of one source: each downloaded file, or one row for committed transcriptions."""
    files = source["files"]
    if all(f["kind"] == "project" for f in files):  # many small committed tables: one summary row
        digest = hashlib.sha256("".join(sorted(f["sha256"] for f in files)).encode()).hexdigest()
        what = counted(len(files), "överförd tabell", "överförda tabeller") + " i kompendiet"
        n_rows = sum(int(f.get("n_rows") or 0) for f in files)
        return [
            {
                "Källa": source["name"],
                "Fil som hämtad": what,
                "Hämtad": "–",
                "Rader": n_rows,
                "SHA-256 (början)": digest,
            }
        ]
    return [
        {
            "Källa": source["name"],
            "Fil som hämtad": f["name"] if f["kind"] != "api" else f"hämtad från {source['name']}s API",
            "Hämtad": f.get("date") or "–",
            "Rader": f.get("n_rows"),
            "SHA-256 (början)": f.get("sha256") or "",
        }
        for f in files
    ]  # fmt: skip


def files_table(record: list[dict]) -> pd.DataFrame:
    """Every file the build read: source, file name as downloaded (no folder), date, rows, checksum.

    The transcriptions committed with the compendium are one row per source with the number of
    tables and a checksum over all of them; the checksum shows its first 12 characters.
    """
    table = pd.DataFrame([row for s in record for row in _files_row(s)])
    table["SHA-256 (början)"] = table["SHA-256 (början)"].str[:12]
    table["Rader"] = table["Rader"].astype("Int64")
    return table


def coverage_summary(coverage: pd.DataFrame) -> pd.DataFrame:
    """One row per source and unit: series, years, regions and how many series have gaps."""
    d = coverage.assign(source=coverage["source"].map(SOURCES).fillna(coverage["source"]))
    g = d.groupby(["source", "unit"], sort=False)
    out = pd.DataFrame(
        {
            "Serier": g.size(),
            "År": g.apply(
                lambda x: fmt_years(x["first_year"].min(), x["last_year"].max()), include_groups=False
            ),
            "Regioner (högst)": g["n_regions"].max(),
            "Serier med luckor": g["gaps"].apply(lambda s: int((s > 0).sum())),
            "Värden": g["n_values"].sum(),
        }
    ).reset_index()
    out["unit"] = out["unit"].map(unit_label)
    return out.rename(columns={"source": "Källa", "unit": "Enhet"})


def coverage_table(coverage: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """The full coverage table (one row per series) with Swedish headers; a series is shown by
    its name (``names``: :func:`analysis.vintage.indicator_names`), the id only where none is known."""
    cols = {
        "source": "Källa",
        "indicator": "Indikator",
        "unit": "Enhet",
        "first_year": "Första år",
        "last_year": "Sista år",
        "n_years": "Antal år",
        "n_regions": "Antal regioner",
        "has_riket": "Riket",
        "n_values": "Antal värden",
        "gaps": "Luckor",
        "gap_detail": "Luckor (region: år)",
    }
    shown = coverage[[c for c in cols if c in coverage.columns]].rename(columns=cols)
    shown["Källa"] = shown["Källa"].map(SOURCES).fillna(shown["Källa"])
    shown["Indikator"] = shown["Indikator"].map(lambda i: (names or {}).get(i) or shown_id(i))
    shown["Enhet"] = shown["Enhet"].map(unit_label)
    if "Riket" in shown:
        shown["Riket"] = shown["Riket"].map({True: "ja", False: "nej"})
    return shown


def shown_id(indicator: str) -> str:
    """A series' id as readers see it: Kolada's public ids as they are; the compendium's own
    names for SCB and Vården i siffror series are replaced by the publisher."""
    text = str(indicator)
    if text.startswith("SCB_"):
        return "SCB"
    if text.startswith("vis:"):
        return "Vården i siffror"
    return text


def registry_table(registry: pd.DataFrame) -> pd.DataFrame:
    """The analysis sheet as readers see it: id, name, family, unit, direction, source, whether the
    denominator is known, breaks."""
    cols = {
        "id": "Id",
        "name_sv": "Namn",
        "family": "Familj",
        "unit": "Enhet",
        "direction": "Riktning",
        "source": "Källa",
        "denominator_known": "Nämnaren känd",
        "breaks": "Brott i serien",
    }
    shown = registry[list(cols)].rename(columns=cols)
    shown["Nämnaren känd"] = shown["Nämnaren känd"].map({True: "ja", False: "nej"})
    shown["Id"] = shown["Id"].map(shown_id)
    shown["Enhet"] = shown["Enhet"].map(unit_label)
    shown["Familj"] = shown["Familj"].map(lambda f: FAMILY_SV.get(f, f))
    shown["Riktning"] = shown["Riktning"].map(lambda d: DIRECTION_SV.get(d, d))
    return shown


def transcription_counts(report: pd.DataFrame) -> pd.DataFrame:
    """Values transcribed per report, by status (printed, derived, corrected, approximate)."""
    counts = (
        report.assign(status=report["status"].map(STATUS))
        .pivot_table(index="report", columns="status", values="value", aggfunc="size", fill_value=0)
        .reset_index()
        .rename(columns={"report": "Rapport"})
    )
    counts.columns.name = None
    counts["Rapport"] = counts["Rapport"].map(report_name)
    return counts


def page_tables(record, coverage, registry, report, names: dict[str, str] | None = None) -> list[dict]:
    """The page's tables as keyword arguments of ``analysis.figures.publish_table``, in page order;
    ``names``: the series' names (:func:`analysis.vintage.indicator_names`)."""
    both = "Kolada, Vården i siffror, SKR"
    declared = "kompendiets förteckning över datakällor och arbetsflödets kontrollsummor för varje fil"
    return [
        dict(table=sources_table(record), data=record_frame(record), name="datakallor-kallor",
             source="kompendiets förteckning över datakällor", code="analysis.coverage.source_record",
             rule="sources", stack=True),
        dict(table=files_table(record), data=record_frame(record), name="datakallor-filer",
             source=declared, code="analysis.coverage.source_record", rule="sources", stack=True),
        dict(table=coverage_summary(coverage), data=coverage, name="datakallor-tackning-sammanfattning",
             source=both, code="analysis.coverage.coverage_table", rule="coverage", stack=True),
        dict(table=coverage_table(coverage, names), data=coverage, name="datakallor-tackning", source=both,
             code="analysis.coverage.coverage_table", rule="coverage"),
        dict(table=registry_table(registry), data=registry, name="datakallor-register",
             source="kompendiets indikatorregister", code="analysis.registry.load_registry", rule="registry",
             stack=True),
        dict(table=transcription_counts(report), data=report, name="datakallor-rapporter",
             source="kompendiets transkriptioner av rapporterna",
             code="analysis.sources.transcriptions.read_transcription_file", rule="report_values",
             stack=True),
    ]  # fmt: skip
