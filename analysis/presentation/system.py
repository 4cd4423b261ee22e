"""Chapter 15's words, tables and figures: consumption of care and the system series.

Functions return ``{glue:text}`` values (key -> string) or the keyword arguments of
:func:`analysis.figures.publish` / :func:`analysis.figures.publish_table`, for
:func:`analysis.presentation.trends.show`. Data come from :mod:`analysis.trends.system`.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analysis.figures import PALETTE, decimal_comma, swedish_table
from analysis.findings import level_phrase, shared_break_note, trend_break_phrase
from analysis.presentation.references import report_ref
from analysis.presentation.text import (
    counted,
    fmt_num,
    join_sv,
    lower_first,
    reader_title,
    unit_decimals,
    unit_label,
)
from analysis.presentation.verdicts import labelled
from analysis.trends.system import first_last_change, report_rows, report_value

REPORT = "Vårdanalys (2025), Omtag för omställning"
TRANSCRIPTION_CODE = "analysis.sources.transcriptions.read_transcription_file"
KOLADA = "Kolada (RKA)"
MATCH_SV = {"samma": "samma definition", "närliggande": "närliggande definition", "delvis": "delvis samma"}


def report_source(rows: pd.DataFrame, label: str) -> str:
    """Source line: report, element and printed pages (the transcription is in the data link)."""
    p = sorted(rows["page"].dropna().astype(int).unique())
    pages = f"s. {p[0]}" if len(p) == 1 else f"s. {p[0]}–{p[-1]}"
    return f"{REPORT}, {label}, {pages} (kompendiets transkription)"


def _verdict_count(judged: pd.DataFrame, word: str, n: int) -> str:
    """'förbättrad för 1 av 6 serier', with the caution when none of them changed course at the
    reform start (:func:`analysis.findings.shared_break_note`)."""
    note = shared_break_note(judged[judged["verdict"] == word])
    return f"{word} för {n} av {counted(len(judged), 'serie', 'serier')}" + (f" ({note})" if note else "")


def texts(report: pd.DataFrame, robust: pd.DataFrame, sheet: pd.DataFrame) -> dict[str, str]:
    """The chapter's numbers from the report's text and the conclusion box from the robust table."""
    visits = first_last_change(report, "Fig 64", "pc_physical_doctor_visits")
    system = set(sheet.loc[sheet["analyses"].str.contains("system"), "id"])
    judged = robust[robust["indicator"].isin(system)]
    counts = judged["verdict"].value_counts()
    p23 = {
        "kap15-halsosamtal-regioner": "regions_targeted_health_talks",
        "kap15-levnadsvanor": "regions_lifestyle_clinics",
        "kap15-appar": "regions_using_apps",
        "kap15-styrning": "regions_steering_to_right_level_matters",
        "kap15-kostnad-min": "lifestyle_societal_cost_min",
        "kap15-kostnad-max": "lifestyle_societal_cost_max",
    }
    out = {
        "kap15-besok-2016": fmt_num(visits["first"], 0),
        "kap15-besok-2023": fmt_num(visits["last"], 0),
        "kap15-besok-minskning": fmt_num(abs(visits["change_pct"]), 0),
        "kap15-video-2019": fmt_num(report_value(report, "P21", "video_meeting_with_care", 2019), 0),
        "kap15-video-2023": fmt_num(report_value(report, "P21", "video_meeting_with_care", 2023), 0),
        "kap15-khsl2": fmt_num(report_value(report, "P22", "khsl2_persons_without_care_actions"), 0),
        "kap15-slutsats": join_sv([_verdict_count(judged, w, n) for w, n in counts.items()]) + ".",
        "kap15-beskrivande": descriptive_sentence(sheet, judged),
    }
    out.update({key: fmt_num(report_value(report, "P23", series), 0) for key, series in p23.items()})
    return out


def descriptive_sentence(sheet: pd.DataFrame, judged: pd.DataFrame) -> str:
    """Which system series the figure shows without a verdict: the sheet gives them no trend model."""
    system = sheet[sheet["analyses"].str.contains("system")]
    shown_only = system[~system["id"].isin(judged["indicator"])]
    if shown_only.empty:
        return ""
    names = join_sv([f"”{lower_first(n)}”" for n in shown_only["name_sv"]])
    return (
        f"Tabellen bedömer {fmt_num(len(system) - len(shown_only), 0)} av figurens "
        f"{counted(len(system), 'serie', 'serier')}; {names} visas bara beskrivande, eftersom "
        "analysplanen inte prövar deras trend."
    )


def visits_table(report: pd.DataFrame) -> dict:
    """001 Fig 64: physical doctor visits in regional primary care, first and last year, change."""
    rows = report_rows(report, "Fig 64", "pc_physical_doctor_visits")
    v = first_last_change(report, "Fig 64", "pc_physical_doctor_visits")
    first, last = v["first_year"], v["last_year"]
    table = pd.DataFrame(
        {"Besök per 100 000 invånare": [v["first"], v["last"], v["change"]]},
        index=[str(first), str(last), f"Förändring {first}–{last}"],
    )
    table.index.name = "År"
    shown = swedish_table(table, decimals=0)
    shown.loc[f"Förändring {first}–{last}, procent"] = [fmt_num(v["change_pct"], 1)]
    data = pd.DataFrame({"ar": [first, last], "besok_per_100000": [v["first"], v["last"]]})
    return {
        "table": shown,
        "data": data,
        "name": "kap15-fig64",
        "source": report_source(rows, "figur 64"),
        "code": TRANSCRIPTION_CODE,
    }


def health_talks(report: pd.DataFrame) -> dict:
    """001 Fig 66: health-promoting talks about diet and physical activity, 2020 and 2023."""
    labels = {"health_talk_diet": "Kost", "health_talk_physical_activity": "Fysisk aktivitet"}
    rows = report_rows(report, "Fig 66", list(labels))
    d = rows[["series", "year", "value", "status"]].assign(amne=rows["series"].map(labels))
    d = d.rename(columns={"year": "ar", "value": "andel_procent"})[["amne", "ar", "andel_procent", "status"]]
    years = sorted(d["ar"].unique())
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    width = 0.35
    for i, (year, colour) in enumerate(zip(years, [PALETTE[4], PALETTE[0]], strict=False)):
        vals = d[d["ar"] == year].set_index("amne").reindex(list(labels.values()))["andel_procent"]
        xs = [j + (i - 0.5) * width for j in range(len(vals))]
        ax.bar(xs, vals, width=width, color=colour, label=str(year))
        for x, v in zip(xs, vals, strict=True):
            ax.text(x, v + 1, fmt_num(v, 0), ha="center", fontsize=9)
    ax.set_xticks(range(len(labels)), list(labels.values()))
    ax.set_ylim(0, 60)
    ax.set_ylabel("Procent")
    decimal_comma(ax, decimals=0)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="upper left")
    return {
        "fig": fig,
        "data": d,
        "name": "kap15-fig66",
        "source": report_source(rows, "figur 66"),
        "alt": "Hälsofrämjande samtal om kost och fysisk aktivitet 2020 och 2023.",
        "code": TRANSCRIPTION_CODE,
    }


def _range_panel(ax, rows: pd.DataFrame, colour: str) -> None:
    """National line with points over the regions' lowest-to-highest band; the reform start dotted."""
    rows = rows.sort_values("year")
    band = rows[rows["n_regions"] > 0]
    ax.fill_between(band["year"], band["region_min"], band["region_max"], color=colour, alpha=0.2, lw=0)
    nat = rows.dropna(subset=["national"])
    ax.plot(nat["year"], nat["national"], "o-", color=colour, ms=3)
    if "reform_start" in rows and len(rows):
        ax.axvline(int(rows["reform_start"].iloc[0]) - 0.5, color="#888888", lw=0.8, ls=":")
    ax.xaxis.set_major_locator(plt.MaxNLocator(4, integer=True))
    decimal_comma(ax)


def system_grid(series: pd.DataFrame, sheet: pd.DataFrame) -> dict:
    """Every system series of the sheet: Riket and the regional range per year, small multiples."""
    s = sheet.set_index("id")
    ids = [i for i in dict.fromkeys(series["indicator"]) if i in s.index]
    ncols = 2
    nrows = int(np.ceil(len(ids) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(8, 2.7 * nrows), squeeze=False)
    for ax, ind in zip(axes.flat, ids, strict=False):
        _range_panel(ax, series[series["indicator"] == ind], PALETTE[0])
        ax.set_title(textwrap.fill(s.at[ind, "name_sv"], 36), fontsize=9)
        ax.set_ylabel(unit_label(s.at[ind, "unit"]).capitalize(), fontsize=8.5)
    for ax in axes.flat[len(ids) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return {
        "fig": fig,
        "data": series,
        "name": "kap15-system",
        "source": KOLADA,
        "alt": "Riksvärde och regional spridning per år för systemserierna.",
        "code": "analysis.trends.system.national_and_range",
        "rule": "trends_system",
    }


def element_figure(elements: pd.DataFrame, definitions: pd.DataFrame, element: str) -> dict:
    """One of the report's register figures drawn from its Kolada series, in the report's unit.

    The figure is marked as showing the report's element (``shows``) unless Kolada covers only
    part of it (match "delvis", e.g. one of two age groups); the ledger then calls the element
    "shown with open data", never reproduced, since the report prints no values for it.
    """
    d = definitions.set_index("element").loc[element]
    rows = elements[elements["element"] == element]
    if rows.empty:
        raise LookupError(f"{element}: no Kolada values for {d['kolada_title']}")
    fig, ax = plt.subplots(figsize=(5.6, 3.5))
    _range_panel(ax, rows, PALETTE[0])
    ax.set_ylabel(unit_label(d["report_unit"]).capitalize(), fontsize=9)
    ax.plot([], [], "o-", color=PALETTE[0], label="Riket")
    ax.fill_between([], [], [], color=PALETTE[0], alpha=0.2, label="Regionerna, lägsta till högsta")
    ax.legend(fontsize=8.5, loc="best")
    number = element.split()[-1]
    return {
        "fig": fig,
        "data": rows,
        "name": f"kap15-fig{number}",
        "source": f"{KOLADA}, {reader_title(d['kolada_title'])} ({unit_label(d['kolada_unit'])}); jämförd med {report_ref('001', element)}",
        "alt": f"Riksvärde per år och regionernas spridning: {reader_title(d['kolada_title'])}.",
        "code": "analysis.trends.system.element_series",
        "rule": "trends_system",
        "shows": [] if d["match"] == "delvis" else [f"001 {element}"],
    }


def element_texts(elements: pd.DataFrame, definitions: pd.DataFrame) -> dict[str, str]:
    """Per reproduced element: reader reference, how close the definitions are, first and last value."""
    out = {}
    for d in definitions.itertuples(index=False):
        rows = elements[(elements["element"] == d.element) & elements["national"].notna()].sort_values("year")
        if rows.empty:
            continue
        k = f"kap15-fig{d.element.split()[-1]}"
        first, last = rows.iloc[0], rows.iloc[-1]
        unit = unit_label(d.report_unit)
        out.update(
            {
                f"{k}-ref": report_ref("001", d.element),
                f"{k}-match": MATCH_SV[d.match],
                f"{k}-forsta": f"{fmt_num(first['national'], unit_decimals(d.report_unit))} {unit} "
                f"{int(first['year'])}",
                f"{k}-sista": f"{fmt_num(last['national'], unit_decimals(d.report_unit))} {unit} "
                f"{int(last['year'])}",
            }
        )
    return out


def definitions_table(definitions: pd.DataFrame) -> dict:
    """Tabell 15.1: the report's register figures beside Kolada's series, with the differences."""
    d = definitions
    ref = [
        f"{report_ref('001', e)}, {'s.' if exact == 'ja' else 'omkring s.'} {p}"
        for e, p, exact in zip(d["element"], d["page"], d["page_exact"], strict=True)
    ]
    table = pd.DataFrame(
        {
            "Rapportens figur": ref,
            "Rapportens mått": d["report_measure"]
            + " ("
            + d["report_unit"].map(unit_label)
            + ", "
            + d["report_years"]
            + ")",
            "Koladas serie": d["kolada_title"].map(reader_title)
            + " ("
            + d["kolada_unit"].map(unit_label)
            + ")",
            "Överensstämmelse": d["match"].map(MATCH_SV),
            "Skillnad": d["difference_sv"],
        }
    )
    return {
        "table": table,
        "data": d,
        "name": "kap15-definitioner",
        "source": f"{REPORT}, kapitel 14–15; Kolada (RKA), indikatorbeskrivningar; kompendiets jämförelse",
        "code": "analysis.declarations.read_definitions",
        "rule": "trends_system",
    }


def effects_table(robust: pd.DataFrame, sheet: pd.DataFrame) -> dict:
    """Tabell 15.2: change since the reform, the trend before and after its start, and the verdict."""
    system = set(sheet.loc[sheet["analyses"].str.contains("system"), "id"])
    judged = robust[robust["indicator"].isin(system)]
    table = pd.DataFrame(
        {
            "Serie": judged["name_sv"],
            "Nivåförändring": [level_phrase(r) or "–" for _, r in judged.iterrows()],
            "Trend per år efter och före reformstarten": [
                trend_break_phrase(r) for _, r in judged.iterrows()
            ],
            "Bedömning": judged["verdict"].map(labelled),
        }
    ).reset_index(drop=True)
    return {
        "table": table,
        "data": judged,
        "name": "kap15-effekter",
        "source": "Kolada (RKA); modell: kompendiet",
        "code": "analysis.robust.robust_word",
        "rule": "trends_models",
        "stack": True,  # five columns of long phrases: rows as blocks on a phone
    }
