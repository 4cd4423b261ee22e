"""Chapter 8 (primärvårdens resurstilldelning): its glued numbers, figures and tables.

Each ``fig_*``/``table_*`` function returns the keyword arguments of
:func:`analysis.figures.publish` or :func:`analysis.figures.publish_table`, so the chapter only
calls ``publish(**fig_x(...))``; :func:`kap08_texts` returns every glued number and word.
Inputs are the chapter's declared result tables (:func:`analysis.presentation.notebook.read_inputs`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator, MultipleLocator

from analysis.figures import PALETTE, decimal_comma, label_points, min_font_size, swedish_table
from analysis.findings import share_paragraph
from analysis.presentation.notebook import Md, publication
from analysis.presentation.staffing import staff_texts
from analysis.presentation.text import counted, fmt_num, fmt_signed, fmt_years, join_sv
from analysis.resources.checks import bilaga1_region_table
from analysis.resources.definitions import (
    KOLADA_MIXED,
    KOLADA_PRIMARY,
    SKR_3,
    SKR_HSV,
    SKR_HSV_DENTAL,
)
from analysis.resources.shares import subarea_table

REPORT = "Vårdanalys (2025), Omtag för omställning"
#: Kolada's cost series by name for readers (:data:`analysis.resources.definitions.KPI` keys;
#: the ids stay in the data files).
KPI_SV = {
    "primary": "primärvård",
    "somatic": "specialiserad somatisk vård",
    "psychiatric": "specialiserad psykiatrisk vård",
    "total_incl_drugs": "hälso- och sjukvård totalt",
    "drugs": "läkemedel",
}


def kolada_source(*keys: str) -> str:
    """A source line naming Kolada's cost series ``keys`` by name, not by id."""
    return f"Kolada (RKA), kostnad per invånare för {join_sv([KPI_SV[k] for k in keys])}"


KOLADA_SRC = kolada_source("primary", "somatic", "psychiatric", "total_incl_drugs", "drugs")
SKR_SRC = "SKR, kostnad per invånare per verksamhetsområde 2008–2017"
B1 = "Socialstyrelsen (2023), bilaga 1"

#: The cross-checks as readers know them (check id -> Swedish label).
CHECK_NAMES = {
    "bilaga1_netto_2021": f"{B1}: nettokostnadsandel 2021 per region",
    "bilaga1_atagande_2021": f"{B1}: andel för eget åtagande 2021 per region",
    "bilaga1_netto_2015_skr": f"{B1}: nettokostnadsandel 2015 (härledd) mot SKR:s tabell",
    "bilaga1_atagande_andring": f"{B1}: förändring 2015–2021 (eget åtagande)",
    "001_andring_2016_2023": "Vårdanalys (2025), kap. 8.2: förändring 2016–2023, riket",
    "001_andring_2022_2023": "Vårdanalys (2025), kap. 8.2: förändring 2022–2023, riket",
    "uppdrag_2026_minskat": "Uppdraget 2026: andelen minskade 2019–2024 utom i enstaka regioner",
    "fig15_sjukskoterskevard": "Vårdanalys (2025), figur 15: sjuksköterskevårdens andel 2016",
    "kommunal_andel_tredjedel": "Vårdanalys (2025), kap. 8.3: kommunerna en tredjedel",
    "tabell4_mot_tabell9": "Vårdanalys (2025), tabell 4 mot tabell 9: medel till regionerna",
    "tabell4_radsumma": "Vårdanalys (2025), tabell 4: radsummor",
}
#: A check's status as the prose says it.
_STATUS = {
    "inom tolerans": "inom toleransen",
    "utanför tolerans": "utanför toleransen",
    "saknas": "kan inte prövas",
}
#: Fig 13's questions as the chapter words them (series id -> Swedish).
FIG13_QUESTIONS = {
    "regions_fixed_pc_share_target": "Har fastställt mål för primärvårdens andel",
    "regions_larger_pc_budget_share": "Har 2023 beslutat om större budgetandel än 2022",
    "regions_other_measures": "Har gjort andra insatser än att tillföra pengar",
    "regions_no_to_all_questions": "Nej på samtliga frågor",
}


def _one(df: pd.DataFrame, what: str, **where) -> pd.Series:
    """The single row of ``df`` matching ``where``; a clear error when there is not exactly one."""
    sub = df
    for col, val in where.items():
        sub = sub[sub[col] == val]
    if len(sub) != 1:
        raise LookupError(f"{what} {where}: väntade en rad, fick {len(sub)}")
    return sub.iloc[0]


def report_row(rv: pd.DataFrame, element: str, series: str, **where) -> pd.Series:
    """One transcribed value of report 001 (element, series and optionally group/year)."""
    return _one(rv, "001", report="001", element=element, series=series, **where)


def share_at(shares: pd.DataFrame, definition: str, year: int, code: str = "00") -> float:
    """Primary care's share (fraction) for one definition, region and year."""
    return float(_one(shares, "andel", definition=definition, region_code=code, year=year)["share"])


def year_span(shares: pd.DataFrame, prefix: str) -> str:
    """Years covered by the definitions starting with ``prefix`` ('2011–2024')."""
    y = shares.loc[shares["definition"].str.startswith(prefix), "year"]
    return fmt_years(y.min(), y.max())


def labels(definitions: pd.DataFrame) -> dict[str, str]:
    """Definition id -> Swedish label."""
    return dict(zip(definitions["id"], definitions["label"], strict=True))


# ---- texts ----------------------------------------------------------------------------


def _texts_fig13(rv: pd.DataFrame) -> dict[str, str]:
    target = report_row(rv, "Fig 13", "pc_share_target")
    out = {"kap08-mal-andel": fmt_num(target["value"], 0), "kap08-mal-ar": str(int(target["year"]))}
    keys = ("kap08-n-mal", "kap08-n-storre", "kap08-n-andra", "kap08-n-nej")
    for series, key in zip(FIG13_QUESTIONS, keys, strict=True):
        out[key] = fmt_num(report_row(rv, "Fig 13", series)["value"], 0)
    return out


def _texts_shares(shares: pd.DataFrame, ratios: pd.DataFrame) -> dict[str, str]:
    nat = shares[(shares["region_code"] == "00") & (shares["definition"] == KOLADA_PRIMARY)]
    last = int(nat.dropna(subset=["share"])["year"].max())
    out = {"kap08-sista-ar": str(last)}
    for y in (2011, 2019, 2022, 2023):
        out[f"kap08-andel-{y}"] = fmt_num(100 * share_at(shares, KOLADA_PRIMARY, y), 1)
    out["kap08-andel-sista"] = fmt_num(100 * share_at(shares, KOLADA_PRIMARY, last), 1)
    out["kap08-skr-2008"] = fmt_num(100 * share_at(shares, SKR_HSV, 2008), 1)
    out["kap08-skr-2017"] = fmt_num(100 * share_at(shares, SKR_HSV, 2017), 1)
    reg = shares[
        (shares["definition"] == KOLADA_PRIMARY) & (shares["year"] == last) & (shares["region_code"] != "00")
    ].dropna(subset=["share"])
    lo, hi = reg.loc[reg["share"].idxmin()], reg.loc[reg["share"].idxmax()]
    out |= {"kap08-min-region": lo["region"], "kap08-min-andel": fmt_num(100 * lo["share"], 1)}
    out |= {"kap08-max-region": hi["region"], "kap08-max-andel": fmt_num(100 * hi["share"], 1)}
    pv = ratios.loc[ratios["area"] == "Primärvård", "ratio"]
    out["kap08-kvot-min"] = fmt_num(100 * (pv.min() - 1), 0)
    out["kap08-kvot-max"] = fmt_num(100 * (pv.max() - 1), 0)
    return out


def _texts_subareas(rv, checks, subareas) -> dict[str, str]:
    nurse = rv[
        (rv["report"] == "001") & (rv["element"] == "Fig 15") & (rv["series"] == "pc_cost_share_nursing")
    ]
    nurse = nurse.set_index("year")["value"]
    last = int(subareas["year"].max())
    top = subareas[subareas["year"] == last].sort_values("share", ascending=False).iloc[0]
    return {
        "kap08-ssk-2016-rapport": fmt_num(nurse[2016], 0),
        "kap08-ssk-2023-rapport": fmt_num(nurse[2023], 0),
        "kap08-ssk-2016-skr": fmt_num(check_row(checks, "fig15_sjukskoterskevard")["our_value"], 1),
        "kap08-sub-ar": str(last),
        "kap08-allman-andel": fmt_num(100 * top["share"], 0),
    }


def _texts_municipal(rv, checks, municipal) -> dict[str, str]:
    first, last = municipal.iloc[0], municipal.iloc[-1]
    return {
        "kap08-t5-forsta-ar": str(int(first["year"])),
        "kap08-t5-sista-ar": str(int(last["year"])),
        "kap08-t5-forsta": fmt_num(first["mnkr"] / 1000, 1),
        "kap08-t5-sista": fmt_num(last["mnkr"] / 1000, 1),
        "kap08-t5-okning": fmt_num(last["index_first"] - 100, 0),
        "kap08-regional-pv-rapport": fmt_num(
            report_row(rv, "Tabell 5", "regional_pc_cost", year=2022)["value"], 0
        ),
        "kap08-kommunal-andel-var": fmt_num(check_row(checks, "kommunal_andel_tredjedel")["our_value"], 0),
    }


def assignment_claim_words(status: str) -> str:
    """Whether the assignment's "utom i enstaka regioner" holds in Kolada, from its check's status."""
    return {
        "inom tolerans": "stämmer påståendet med Kolada",
        "utanför tolerans": "stämmer påståendet alltså inte med Kolada",
    }.get(status, "kan påståendet inte prövas med Kolada")


def check_row(checks: pd.DataFrame, name: str, definition: str | None = None, code: str = "00") -> pd.Series:
    """One cross-check row (check id, definition, region)."""
    where = {"check": name, "region_code": code} | ({"definition": definition} if definition else {})
    return _one(checks, "kontroll", **where)


def _texts_checks(checks, check_sum, rec_sum) -> dict[str, str]:
    out = {}
    for name, defn, key in [
        ("001_andring_2016_2023", KOLADA_PRIMARY, "a1623"),
        ("001_andring_2022_2023", KOLADA_PRIMARY, "a2223"),
        ("001_andring_2022_2023", KOLADA_MIXED, "a2223-bl"),
        ("bilaga1_atagande_andring", KOLADA_PRIMARY, "b1d"),
    ]:
        c = check_row(checks, name, defn)
        out[f"kap08-{key}-rapport"] = fmt_num(c["report_value"], 1)
        out[f"kap08-{key}-var"] = fmt_num(c["our_value"], 1)
        out[f"kap08-{key}-status"] = _STATUS[c["status"]]

    def summ(name, definition):
        return _one(check_sum, "sammanfattning", check=name, definition=definition)

    chg = summ("bilaga1_atagande_andring", KOLADA_PRIMARY)
    s15, s15d = summ("bilaga1_netto_2015_skr", SKR_HSV), summ("bilaga1_netto_2015_skr", SKR_HSV_DENTAL)
    own = check_row(checks, "bilaga1_atagande_2021", KOLADA_PRIMARY)
    own_sum = summ("bilaga1_atagande_2021", KOLADA_PRIMARY)
    ua = check_row(checks, "uppdrag_2026_minskat", KOLADA_PRIMARY, code="")
    allrow = _one(rec_sum, "avstämning", region_code="alla")
    bad = checks[(checks["check"] == "tabell4_mot_tabell9") & (checks["status"] == "utanför tolerans")]
    out |= {
        "kap08-b1d-ok": fmt_num(chg["n_passed"], 0),
        "kap08-b1d-n": fmt_num(chg["n_passed"] + chg["n_failed"], 0),
        "kap08-b1a-mean": fmt_num(own_sum["mean_difference"], 1),
        "kap08-b1a-utanfor": fmt_num(own_sum["n_failed"], 0),
        "kap08-b1a-n": fmt_num(own_sum["n_passed"] + own_sum["n_failed"], 0),
        "kap08-b1n-mean": fmt_num(summ("bilaga1_netto_2021", KOLADA_PRIMARY)["mean_difference"], 1),
        "kap08-b1-tol": fmt_num(own["tolerance"], 1),
        "kap08-b1d-tol": fmt_num(
            check_row(checks, "bilaga1_atagande_andring", KOLADA_PRIMARY)["tolerance"], 1
        ),
        "kap08-b15-ok": fmt_num(s15["n_passed"], 0),
        "kap08-b15-n": fmt_num(s15["n"], 0),
        "kap08-b15-mean": fmt_num(s15["mean_difference"], 1),
        "kap08-b15d-ok": fmt_num(s15d["n_passed"], 0),
        "kap08-b15d-mean": fmt_num(s15d["mean_difference"], 1),
        "kap08-b1-faktor": fmt_num(own["our_value"] - own["report_value"], 1),
        "kap08-tol-niva": fmt_num(check_row(checks, "bilaga1_netto_2015_skr", SKR_HSV)["tolerance"], 1),
        "kap08-tol-andring": fmt_num(
            check_row(checks, "001_andring_2016_2023", KOLADA_PRIMARY)["tolerance"], 1
        ),
        "kap08-uppdrag-okat": fmt_num(ua["our_value"], 0),
        "kap08-uppdrag-max": fmt_num(ua["report_value"], 0),
        "kap08-uppdrag-stammer": assignment_claim_words(ua["status"]),
        "kap08-rec-tol": fmt_num(allrow["tolerance_pp"], 0),
        "kap08-rec-ok": fmt_num(allrow["n_within"], 0),
        "kap08-rec-n": fmt_num(allrow["n_compared"], 0),
        "kap08-rec-riket-max": fmt_num(_one(rec_sum, "avstämning", region_code="00")["max_abs_diff_pp"], 1),
        "kap08-rec-saknas": fmt_num(allrow["n_missing"], 0),
        "kap08-t49-ar": ", ".join(str(int(y)) for y in bad["year"]) if len(bad) else "inget år",
    }
    return out


def kap08_texts(d: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Every number and word glued in chapter 8, from its declared inputs ``d`` (by file stem)."""
    rv, shares, checks = d["report_values"], d["shares"], d["crosschecks"]
    gotland = d["missing_notes"]
    gotland = gotland[(gotland["region_code"] == "09") & (gotland["definition"] == KOLADA_PRIMARY)]
    return (
        {"kap08-kolada-ar": year_span(shares, "kolada"), "kap08-skr-ar": year_span(shares, "skr")}
        | _texts_fig13(rv)
        | _texts_shares(shares, d["level_ratios"])
        | {"kap08-gotland-ar": gotland["years"].iloc[0] if len(gotland) else "inga"}
        | _texts_subareas(rv, checks, d["pc_subareas"])
        | _texts_municipal(rv, checks, d["municipal_costs"])
        | _texts_checks(checks, d["crosscheck_summary"], d["reconciliation_summary"])
        | staff_texts(rv)
    )


# ---- figures ----------------------------------------------------------------------------


def fig13(rv: pd.DataFrame) -> dict:
    """Fig 13: how many regions answered yes to each question (the values the text prints)."""
    f13 = rv[(rv["report"] == "001") & (rv["element"] == "Fig 13") & (rv["unit"] == "antal regioner")]
    d = f13[f13["series"].isin(FIG13_QUESTIONS)].set_index("series").loc[list(FIG13_QUESTIONS)].reset_index()
    data = d.assign(fraga=d["series"].map(FIG13_QUESTIONS))[["fraga", "value", "n", "page", "line"]]
    data = data.rename(columns={"value": "antal_regioner", "n": "antal_tillfragade"})
    fig, ax = plt.subplots(figsize=(7.0, 2.6))
    ax.barh(data["fraga"][::-1], data["antal_regioner"][::-1], color=PALETTE[0])
    for y, v in enumerate(data["antal_regioner"][::-1]):
        ax.text(v + 0.3, y, fmt_num(v, 0), va="center", fontsize=9)
    n = data["antal_tillfragade"].max()
    ax.set_xlim(0, float(n))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    decimal_comma(ax, "x", 0)
    ax.set_xlabel(f"Antal regioner (av {fmt_num(n, 0)})")
    ax.grid(axis="y", visible=False)
    page = int(d["page"].dropna().min())
    return publication(
        fig,
        data,
        "kap08-fig13",
        f"{REPORT}, figur 13 och avsnitt 8.1.2–8.1.3, s. {page}",
        "analysis.sources.transcriptions.read_transcription_file",
        "report_values",
        alt="Liggande staplar med antal regioner som svarat ja på frågorna om resursallokering till primärvården.",
    )


def fig_shares(shares: pd.DataFrame, definitions: pd.DataFrame) -> dict:
    """The national share 2008– by the four definitions."""
    lab = labels(definitions)
    styles = {
        KOLADA_PRIMARY: ("-", PALETTE[0]),
        KOLADA_MIXED: (":", PALETTE[5]),
        SKR_HSV: ("-", PALETTE[1]),
        SKR_3: ("--", PALETTE[2]),
    }
    nat = shares[(shares["region_code"] == "00") & shares["definition"].isin(styles)].dropna(subset=["share"])
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    for d, (ls, col) in styles.items():
        s = nat[nat["definition"] == d].sort_values("year")
        ax.plot(s["year"], 100 * s["share"], ls, color=col, marker="o", ms=3, label=lab[d])
    ax.set_ylabel("Primärvårdens andel, procent")
    ax.set_xlabel("År")
    ax.yaxis.set_major_locator(MultipleLocator(1))
    decimal_comma(ax, "y", 0)
    ax.legend(fontsize=8, loc="upper left")
    data = nat[["definition", "year", "numerator", "denominator", "share", "note"]]
    return publication(
        fig,
        data.assign(label=data["definition"].map(lab)),
        "kap08-andel",
        f"{KOLADA_SRC}; {SKR_SRC}",
        "analysis.resources.shares.all_shares",
        "resources_shares",
        vintage=f"Kolada {year_span(shares, 'kolada')}, SKR {year_span(shares, 'skr')}",
        alt="Linjediagram över primärvårdens kostnadsandel i riket 2008–2024 enligt fyra definitioner.",
    )


def highlighted_regions(
    shares: pd.DataFrame, definition: str = KOLADA_PRIMARY, since: int = 2019
) -> pd.DataFrame:
    """The regions worth naming in the per-region figure, with why.

    Highest and lowest share in the last year, and the largest rise and fall since ``since``
    (one row per region; a region that is both keeps its first reason). Columns
    ``region_code, region, reason``.
    """
    reg = shares[(shares["definition"] == definition) & (shares["region_code"] != "00")].dropna(
        subset=["share"]
    )
    last = int(reg["year"].max())
    end = reg[reg["year"] == last].set_index("region_code")
    start = reg[reg["year"] == since].set_index("region_code")["share"]
    change = (end["share"] - start.reindex(end.index)).dropna()
    picks = [
        (end["share"].idxmax(), f"högst andel {last}"),
        (end["share"].idxmin(), f"lägst andel {last}"),
        (change.idxmax(), f"störst ökning {since}–{last}"),
        (change.idxmin(), f"störst minskning {since}–{last}"),
    ]
    rows, seen = [], set()
    for code, reason in picks:
        if code not in seen:
            seen.add(code)
            rows.append({"region_code": code, "region": end.at[code, "region"], "reason": reason})
    return pd.DataFrame(rows, columns=["region_code", "region", "reason"])


def fig_regions(shares: pd.DataFrame) -> dict:
    """Per-region shares: the country in bold, four named regions in colour, the rest in grey."""
    reg = shares[(shares["definition"] == KOLADA_PRIMARY) & (shares["region_code"] != "00")]
    nat = shares[(shares["definition"] == KOLADA_PRIMARY) & (shares["region_code"] == "00")].dropna(
        subset=["share"]
    )
    named = highlighted_regions(shares)
    colours = dict(zip(named["region_code"], [PALETTE[1], PALETTE[3], PALETTE[2], PALETTE[5]], strict=False))
    fig, ax = plt.subplots(figsize=(7.2, 4.4))
    ends = []
    for code, s in reg.dropna(subset=["share"]).sort_values("year").groupby("region_code"):
        col = colours.get(code, "#c8c8c8")
        ax.plot(
            s["year"],
            100 * s["share"],
            color=col,
            lw=1.6 if code in colours else 0.8,
            zorder=3 if code in colours else 1,
        )
        if code in colours:
            ends.append(
                [float(s["year"].iloc[-1]), 100 * float(s["share"].iloc[-1]), s["region"].iloc[0], col]
            )
    nat = nat.sort_values("year")
    ax.plot(nat["year"], 100 * nat["share"], color=PALETTE[7], lw=2.4, zorder=4)
    ends.append([float(nat["year"].iloc[-1]), 100 * float(nat["share"].iloc[-1]), "Riket", PALETTE[7]])
    for x, y, text, col in _spread_labels(ends, gap=0.55):
        ax.text(x + 0.3, y, text, color=col, fontsize=9, va="center")
    first, last = int(reg["year"].min()), int(reg["year"].max())
    ax.set_xlim(right=last + 4.5)  # room for the end labels; ticks only over the data
    ax.set_xticks(list(range(last, first - 1, -3))[::-1])
    ax.spines["bottom"].set_bounds(first, last)
    ax.set_ylabel("Primärvårdens andel, procent")
    ax.set_xlabel("År")
    decimal_comma(ax, "y", 0)
    data = reg[["region_code", "region", "year", "numerator", "denominator", "share", "note"]]
    data = data.merge(named[["region_code", "reason"]], on="region_code", how="left").fillna({"reason": ""})
    return publication(
        fig,
        data,
        "kap08-regioner",
        KOLADA_SRC,
        "analysis.resources.shares.kolada_shares",
        "resources_shares",
        vintage=f"Kolada {year_span(shares, 'kolada')}",
        alt="Linjediagram per region; riket och fyra regioner med namn: högst och lägst andel och störst ökning och minskning.",
    )


def _spread_labels(ends: list[list], gap: float) -> list[list]:
    """End labels moved apart vertically (at least ``gap`` between neighbours), order kept."""
    ends = sorted(ends, key=lambda e: e[1])
    for i in range(1, len(ends)):
        ends[i][1] = max(ends[i][1], ends[i - 1][1] + gap)
    return ends


def fig_bilaga1(checks: pd.DataFrame, shares: pd.DataFrame) -> dict:
    """Our shares against Socialstyrelsen's Bilaga 1: levels 2021 and changes 2015–2021."""
    b1 = checks[
        checks["check"].isin(["bilaga1_atagande_2021", "bilaga1_netto_2021", "bilaga1_atagande_andring"])
    ]
    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.8))
    for check_id, marker, col, lab in [
        ("bilaga1_atagande_2021", "o", PALETTE[0], "mot eget åtagande"),
        ("bilaga1_netto_2021", "s", PALETTE[1], "mot nettokostnad"),
    ]:
        d = b1[(b1["check"] == check_id)].dropna(subset=["our_value", "report_value"])
        axes[0].scatter(d["report_value"], d["our_value"], marker=marker, color=col, s=22, label=lab)
    d = b1[b1["check"] == "bilaga1_atagande_andring"].dropna(subset=["our_value", "report_value"])
    axes[1].scatter(d["report_value"], d["our_value"], color=PALETTE[2], s=22)
    for ax, lims in ((axes[0], [14, 32]), (axes[1], [-4, 6])):
        ax.plot(lims, lims, color="#888888", lw=0.8)
        ax.set_xlim(lims)
        ax.set_ylim(lims)
        decimal_comma(ax, "x", 0)
        decimal_comma(ax, "y", 0)
    axes[0].set_xlabel("Rapportens andel 2021, procent")
    axes[0].set_ylabel("Vår andel 2021, procent")
    axes[0].legend(fontsize=8)
    axes[1].set_xlabel("Rapportens förändring 2015–2021,\nprocentenheter")
    axes[1].set_ylabel("Vår förändring, procentenheter")
    fig.tight_layout()
    outside = d[d["status"] == "utanför tolerans"]
    label_points(
        axes[1], outside["report_value"], outside["our_value"], outside["region"], min_font_size(fig)
    )
    cols = ["check", "region_code", "region", "year", "report_value", "our_value", "difference", "tolerance"]
    return publication(
        fig,
        b1[[*cols, "status", "note"]],
        "kap08-bilaga1",
        f"{B1}; {KOLADA_SRC}",
        "analysis.resources.checks.check_bilaga1",
        "resources_crosschecks",
        vintage=f"Kolada {year_span(shares, 'kolada')}",
        alt="Två punktdiagram: vår andel mot rapportens per region 2021, och vår förändring 2015–2021 mot rapportens.",
    )


# ---- tables ----------------------------------------------------------------------------


def table_subareas(subareas: pd.DataFrame) -> dict:
    """Primary care's sub-areas as shares of its net cost in four years (SKR)."""
    t = subarea_table(subareas, (2008, 2012, 2016, 2017))
    shown = swedish_table(100 * t, 1).rename_axis("Delområde")
    shown.columns = [str(c) for c in shown.columns]
    return publication(
        shown,
        subareas,
        "kap08-delomraden",
        f"{SKR_SRC} (nettokostnad exkl. läkemedel, riket)",
        "analysis.resources.shares.primary_care_subareas",
        "resources_shares",
        vintage="SKR 2008–2017",
    )


def table_municipal(municipal: pd.DataFrame) -> dict:
    """001 Tabell 5: municipal health-care costs with index and yearly change."""
    t = municipal.rename(columns={"index_first": "Index", "change_pct": "Förändring, %"})
    shown = swedish_table(t[["mnkr", "Index", "Förändring, %"]], {"mnkr": 0, "Index": 1, "Förändring, %": 1})
    shown.index = pd.Index(t["year"].astype(int).astype(str), name="År")
    return publication(
        shown,
        municipal,
        "kap08-tabell5",
        f"{REPORT}, tabell 5, s. {int(municipal['page'].iloc[0])} (SCB:s schablonberäkning)",
        "analysis.resources.funding.municipal_costs",
        "resources_funding",
    )


def table_definitions(definitions: pd.DataFrame) -> dict:
    """The share definitions: numerator, denominator, cost type, years and use."""
    cols = {
        "label": "Definition",
        "numerator": "Täljare",
        "denominator": "Nämnare",
        "cost_type": "Kostnadsslag",
        "years": "År",
        "use": "Användning",
    }
    return publication(
        definitions[list(cols)].rename(columns=cols).set_index("Definition"),
        definitions,
        "kap08-definitioner",
        f"{KOLADA_SRC}; {SKR_SRC}",
        "analysis.resources.definitions.definitions_table",
        "resources_shares",
    )


def tolerance_text(tolerance: float, unit: str) -> str:
    """'0,5 procentenheter', '3 mnkr', '3 regioner': a check's tolerance in words."""
    decimals, word = _check_unit(unit)
    return f"{fmt_num(tolerance, decimals)} {word}"


def deviation_text(deviation: float, unit: str) -> str:
    """'+3,9 procentenheter', '−42 mnkr', '+5 regioner': a check's mean deviation with its unit."""
    decimals, word = _check_unit(unit)
    return f"{fmt_signed(deviation, decimals)} {word}"


def _check_unit(unit: str) -> tuple[int, str]:
    """A check's unit as (decimals, word): shares in percentage points, counts and mnkr whole."""
    if unit in ("procent", "procentenheter"):
        return 1, "procentenheter"
    return 0, "mnkr" if unit == "mnkr" else "regioner"


def table_checks(checks: pd.DataFrame, check_sum: pd.DataFrame, definitions: pd.DataFrame) -> dict:
    """Every cross-check: comparisons within and outside its tolerance, mean deviation."""
    defs = labels(definitions) | {
        "skr_netto_delomrade": "SKR, nettokostnad per delområde",
        "tabell5_och_kolada": "Tabell 5 + Kolada",
        "rapportens tabeller": "rapportens egna tabeller",
    }
    t = pd.DataFrame(
        {
            "Kontroll": check_sum["check"].map(CHECK_NAMES).fillna(check_sum["check"]),
            "Vår definition": check_sum["definition"].map(defs).fillna(check_sum["definition"]),
            "Tolerans": [
                tolerance_text(t, u) for t, u in zip(check_sum["tolerance"], check_sum["unit"], strict=True)
            ],
            "Antal": check_sum["n"],
            "Inom": check_sum["n_passed"],
            "Utanför": check_sum["n_failed"],
            "Saknas": check_sum["n_missing"],
            "Medelavvikelse": [
                deviation_text(d, u)
                for d, u in zip(check_sum["mean_difference"], check_sum["unit"], strict=True)
            ],
        }
    )
    shown = swedish_table(t, {"Antal": 0, "Inom": 0, "Utanför": 0, "Saknas": 0})
    return publication(
        shown.set_index("Kontroll"),
        checks,
        "kap08-kontroller",
        f"{KOLADA_SRC}; {SKR_SRC}; {REPORT}; {B1}",
        "analysis.resources.checks.all_crosschecks",
        "resources_crosschecks",
    )


# ---- conclusions -----------------------------------------------------------------------------


def kap08_conclusions(d: dict[str, pd.DataFrame]) -> dict[str, Md]:
    """The chapter's conclusions, generated from its results (numbers first, judgement from the checks).

    Cost shares come from accounts without sampling error, so they are described, not given a
    verdict word; the report's statements are judged by the cross-checks' tolerances only.
    """
    checks = d["crosschecks"]
    a1623 = check_row(checks, "001_andring_2016_2023", KOLADA_PRIMARY)
    b1 = _one(
        d["crosscheck_summary"], "sammanfattning", check="bilaga1_atagande_andring", definition=KOLADA_PRIMARY
    )
    ua = check_row(checks, "uppdrag_2026_minskat", KOLADA_PRIMARY, code="")
    staff = staff_texts(d["report_values"])
    enstaka = "stämmer inte med Kolada" if ua["status"] == "utanför tolerans" else "stämmer med Kolada"
    return {
        "kap08-slutsats-andel": Md(share_paragraph(d, KOLADA_PRIMARY)),
        "kap08-slutsats-rapporten": Md(
            f"Vårdanalys förändring av andelen 2016–2023, {fmt_signed(a1623['report_value'], 1)} procentenheter, "
            f"{'återskapas' if a1623['status'] == 'inom tolerans' else 'återskapas inte'} med Kolada: "
            f"{fmt_signed(a1623['our_value'], 1)} procentenheter, {_STATUS[a1623['status']]}. "
            f"Socialstyrelsens förändring 2015–2021 ligger {_STATUS['inom tolerans']} för "
            f"{fmt_num(b1['n_passed'], 0)} av {fmt_num(b1['n_passed'] + b1['n_failed'], 0)} jämförbara rader "
            "(regionerna och riket)."
        ),
        "kap08-slutsats-uppdrag": Md(
            f"Uppdragets uppgift att andelen minskade 2019–2024 utom i enstaka regioner {enstaka} om ”enstaka” "
            f"betyder högst {fmt_num(ua['report_value'], 0)} regioner: andelen ökade i "
            f"{counted(ua['our_value'], 'region', 'regioner', 'ingen region')}. Lägesrapportens definition "
            "är okänd för oss."
        ),
        "kap08-slutsats-personal": Md(
            f"Socialstyrelsens tal, inte kompendiets egna: legitimerade per invånare i regionernas "
            f"primärvård {staff['kap08-pers-reg-chg']} procent 2015–2020, i kommunernas {staff['kap08-pers-kom-chg']} procent."
        ),
    }


def table_bilaga1(checks: pd.DataFrame) -> dict:
    """Bilaga 1 per region: levels side by side, changes and their difference judged by the ledger's tolerance."""
    t = bilaga1_region_table(checks)
    shown = pd.DataFrame(
        {
            "Nivå, rapporten (%)": t["report_level"],
            "Nivå, vår (%)": t["our_level"],
            "Förändring, rapporten": t["report_change"],
            "Förändring, vår": t["our_change"],
            # two decimals: a difference of 0,49 is within the 0,5 tolerance and 0,53 is not,
            # which one decimal would print alike
            "Skillnad": t["our_change"] - t["report_change"],
            "Förändringen": t["change_status"].map(_STATUS),
        }
    )
    shown.index = pd.Index(t["region"], name="Region")
    return publication(
        swedish_table(shown, {"Skillnad": 2} | dict.fromkeys(list(shown.columns)[:4], 1)),
        t,
        "kap08-bilaga1-tabell",
        f"{B1}; {KOLADA_SRC}",
        "analysis.resources.checks.bilaga1_region_table",
        "resources_crosschecks",
        stack=True,  # the chapter's main comparison: rows as blocks on a phone, no sideways scrolling
    )
