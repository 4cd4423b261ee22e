"""The tables of the appendix *Datakällor*: files read, coverage, the analysis sheet, transcriptions.

Each function turns a workflow result into the table readers see (Swedish headers, no
machine paths). The coverage table has one row per series (hundreds); the page shows
:func:`coverage_summary` (one row per source and unit) and folds the full table on the web.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.presentation.references import report_name
from analysis.presentation.text import fmt_years, unit_label

SOURCES = {"kolada": "Kolada", "vis": "Vården i siffror", "skr": "SKR"}
STATUS = {"printed": "tryckt", "derived": "härlett", "corrected": "rättat", "approximate": "ungefärligt"}


def read_metadata(paths: dict[str, str]) -> pd.DataFrame:
    """The workflow's record of every file read (``{source name: meta json}``), one row per file."""
    rows = [{"källa": name, **m} for name, path in paths.items() for m in json.loads(Path(path).read_text())]
    return pd.DataFrame(rows)


def files_table(meta: pd.DataFrame) -> pd.DataFrame:
    """Source, file name (no folder), kind, vintage and the start of the checksum."""
    meta = meta.rename(columns={"mtime": "vintage"}) if "mtime" in meta and "vintage" not in meta else meta
    cols = {
        "källa": "Källa",
        "path": "Fil",
        "kind": "Typ",
        "vintage": "Årgång (filens datum)",
        "sha256": "SHA-256 (början)",
    }
    table = meta[[c for c in cols if c in meta.columns]].rename(columns=cols)
    if "SHA-256 (början)" in table:
        table["SHA-256 (början)"] = table["SHA-256 (början)"].str[:12]
    table["Fil"] = table["Fil"].map(lambda p: str(p).rsplit("/", 1)[-1])
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


def coverage_table(coverage: pd.DataFrame) -> pd.DataFrame:
    """The full coverage table (one row per series) with Swedish headers."""
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
    shown["Indikator"] = shown["Indikator"].map(lambda i: "SCB" if str(i).startswith("SCB_") else i)
    shown["Enhet"] = shown["Enhet"].map(unit_label)
    if "Riket" in shown:
        shown["Riket"] = shown["Riket"].map({True: "ja", False: "nej"})
    return shown


def registry_table(registry: pd.DataFrame) -> pd.DataFrame:
    """The analysis sheet as readers see it: id, name, family, unit, direction, breaks."""
    cols = {
        "id": "Id",
        "name_sv": "Namn",
        "family": "Familj",
        "unit": "Enhet",
        "direction": "Riktning",
        "breaks": "Brott i serien",
    }
    shown = registry[list(cols)].rename(columns=cols)
    shown["Id"] = shown["Id"].map(lambda i: "SCB" if str(i).startswith("SCB_") else i)
    shown["Enhet"] = shown["Enhet"].map(unit_label)
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


def page_tables(meta, coverage, registry, report) -> list[dict]:
    """The page's tables as keyword arguments of ``analysis.figures.publish_table``, in page order."""
    both = "Kolada, Vården i siffror, SKR"
    return [
        dict(table=files_table(meta), data=meta, name="datakallor-filer",
             source="arbetsflödets metadata om varje hämtning", code="analysis.coverage.source_metadata",
             rule="tidy_kolada, tidy_vis, tidy_skr"),
        dict(table=coverage_summary(coverage), data=coverage, name="datakallor-tackning-sammanfattning",
             source=both, code="analysis.coverage.coverage_table", rule="coverage"),
        dict(table=coverage_table(coverage), data=coverage, name="datakallor-tackning", source=both,
             code="analysis.coverage.coverage_table", rule="coverage"),
        dict(table=registry_table(registry), data=registry, name="datakallor-register",
             source="kompendiets indikatorregister", code="analysis.registry.load_registry", rule="registry"),
        dict(table=transcription_counts(report), data=report, name="datakallor-rapporter",
             source="kompendiets transkriptioner av rapporterna",
             code="analysis.sources.transcriptions.read_transcription_file", rule="report_values"),
    ]  # fmt: skip
