"""Words and tables of the data-quality pages: "Datakvalitet" and "Vad är nytt".

Both pages list single values (an indicator in a region, a year, a sex) that were set aside,
corrected or revised, and both replace an empty table with a sentence. The shaping is here so
the chapters only glue: each table comes as a :class:`Shown` (what to show, its data, the
sentence for when there is nothing, the function that made it) and the chapter publishes it
with :func:`analysis.presentation.chapter.show_table`. The checks themselves are in
:mod:`analysis.quality` (quarantine, exceptions, covered years) and the comparison with the
published vintage in :mod:`analysis.vintage`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.calendar_sv import swedish_date
from analysis.presentation.text import counted, fmt_num, fmt_pct, fmt_percent, fmt_signed, join_sv
from analysis.regions import REGION_CODES, region_name
from analysis.vintage import SOURCE_NAMES

SEX = {"T": "totalt", "K": "kvinnor", "M": "män"}
#: Revised values shown in the table (all are in its data file).
SHOWN_REVISED = 200
ACTION = {"exclude": "uteslutet", "correct": "rättat", "not_applied": "inte tillämpat"}
CHANGE_KIND = {
    "new_indicator": "ny indikator",
    "removed_indicator": "borttagen",
    "changed_values": "ändrade värden",
}
CONCLUSION_KIND = {"bedömning": "Bedömning av en serie", "mål": "Kompendiets bedömning av ett mål"}


@dataclass(frozen=True)
class Shown:
    """One table of a page: ``table`` as shown, ``data`` behind it, ``empty`` in its place."""

    name: str
    table: pd.DataFrame
    data: pd.DataFrame
    empty: str
    code: str


def _one(v: float) -> str:
    return fmt_num(v, 1)


def value_rows(df: pd.DataFrame, indicator: pd.Series) -> pd.DataFrame:
    """The columns that name a single value: indicator (names given), region, year, sex."""
    out = pd.DataFrame(index=df.index)
    out["Indikator"] = indicator
    out["Region"] = df["region_code"].map(region_name)
    out["År"] = df["year"].astype(int).astype(str)
    out["Kön"] = df["sex"].map(SEX)
    return out


# --- Datakvalitet ---------------------------------------------------------------------------


def _names(registry: pd.DataFrame) -> Mapping[str, str]:
    return dict(zip(registry["id"], registry["name_sv"], strict=True))


def _named(ids: pd.Series, names: Mapping[str, str]) -> pd.Series:
    return ids.map(lambda i: names.get(i, i))


def quality_summary(trail: pd.DataFrame, years: pd.DataFrame, meta: Mapping) -> str:
    """One sentence: values set aside, reviewed exceptions applied, later years waiting."""
    quarantined = int((trail["action"] == "quarantine").sum())
    applied = int(trail["action"].isin(["exclude", "correct"]).sum())
    summary = (
        "I den här utgåvan: "
        + counted(quarantined, "omöjligt värde", "omöjliga värden", "inga omöjliga värden")
        + (" satt" if quarantined == 1 else " satta")
        + " åt sidan, "
        + counted(applied, "granskat undantag", "granskade undantag", "inga granskade undantag")
        + (" tillämpat" if applied == 1 else " tillämpade")
        + " och "
        + counted(int(years["n_values"].sum()), "värde", "värden", "inga värden")
        + " från senare eller ofullständiga år som väntar på fler regioner."
    )
    if meta.get("strict"):
        summary += (
            " Utgåvan är framställd i strikt läge, där ett omöjligt värde i stället stoppar uppdateringen."
        )
    return summary


def year_rule(meta: Mapping) -> str:
    """How the last analysed year of an indicator is chosen in this build."""
    if meta.get("configured_last_year"):
        return (
            f"Sista år är fastställt till {int(meta['configured_last_year'])} i konfigurationen; "
            "senare år redovisas nedan men analyseras inte."
        )
    share = float(meta["min_region_share"])
    # the rule compares the share of the 21 with the threshold: the least number that meets it
    least = math.ceil(share * len(REGION_CODES) - 1e-9)
    return (
        f"Ett år tas med för en indikator när minst {least} av de {len(REGION_CODES)} regionerna "
        f"(tröskeln är {fmt_percent(100 * share)}) har ett värde; det senaste sådana året är indikatorns sista år. Senare år med färre "
        "regioner redovisas nedan men analyseras inte förrän fler regioner har rapporterat. "
        "Två strängare regler avgör sedan hur ett år som tagits med används: ett riksvärde ingår "
        "i trendmodellerna bara när nästan alla regioner har rapporterat det året (kapitlen "
        "namnger de år som lämnas utanför), och ett år ingår i jämförelser mellan regioner bara "
        "när tillräckligt många regioner har ett värde (sidan Regionala skillnader anger antalet)."
    )


def quality_tables(trail: pd.DataFrame, years: pd.DataFrame, registry: pd.DataFrame) -> list[Shown]:
    """Values set aside, reviewed exceptions and later years, as the page shows them."""
    names = _names(registry)
    quarantined = trail[trail["action"] == "quarantine"]
    table = value_rows(quarantined, _named(quarantined["indicator"], names))
    table["Värde i källan"] = quarantined["value"].map(_one)
    table["Skäl"] = quarantined["reason"]

    applied = trail[trail["action"].isin(["exclude", "correct", "not_applied"])]
    ex = value_rows(applied, _named(applied["indicator"], names))
    ex["Åtgärd"] = applied["action"].map(ACTION)
    ex["Värde i källan"] = applied["value"].map(_one)
    ex["Nytt värde"] = applied["new_value"].map(_one)
    ex["Skäl"] = applied["reason"]
    ex["Underlag"] = applied["reference"]
    ex["Granskat"] = applied["date"]

    yt = pd.DataFrame(index=years.index)
    yt["Indikator"] = _named(years["indicator"], names)
    yt["År"] = years["year"].astype(str)
    yt["Regioner med värde"] = years["n_regions"].astype(str)
    yt["Andel av regionerna"] = years["share"].map(lambda s: fmt_pct(100 * s))
    yt["Sista år som analyseras"] = years["last_year"].astype(str)
    return [
        Shown(
            "datakvalitet-karantan",
            table,
            quarantined,
            "Inga värden har satts åt sidan i den här utgåvan.",
            "analysis.quality.quarantine",
        ),
        Shown(
            "datakvalitet-undantag",
            ex,
            applied,
            "Inga granskade undantag finns.",
            "analysis.quality.apply_exceptions",
        ),
        Shown(
            "datakvalitet-ar",
            yt,
            years,
            "Inga senare eller ofullständiga år har lämnats utanför.",
            "analysis.quality.covered_years",
        ),
    ]


# --- Vad är nytt ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """The changelog against the published vintage, split as the page shows it."""

    new_years: pd.DataFrame
    revised: pd.DataFrame
    indicators: pd.DataFrame
    other: pd.DataFrame
    quarantined: pd.DataFrame

    @classmethod
    def split(cls, changes: pd.DataFrame, quarantined: pd.DataFrame) -> Changes:
        kind = changes["change"]
        return cls(
            new_years=changes[kind == "new_year"],
            revised=changes[kind == "revised"],
            indicators=changes[kind.isin(list(CHANGE_KIND))],
            other=changes[kind.isin(["new_value", "removed_value"])],
            quarantined=quarantined,
        )


def changes_status(c: Changes, meta: Mapping) -> str:
    """The page's opening sentence: what changed since the published vintage, and where."""
    if meta["published"] is None:
        status = "Ingen dataårgång har publicerats ännu, så det finns inget att jämföra med."
    else:
        parts = []
        if len(c.new_years):
            years = sorted(int(y) for y in c.new_years["year"].unique())
            values = counted(len(c.new_years), "värde", "värden")
            parts.append(f"{values} för nya år ({join_sv([str(y) for y in years])})")
        if len(c.revised):
            parts.append(counted(len(c.revised), "reviderat värde", "reviderade värden"))
        if len(c.other):
            parts.append(
                counted(len(c.other), "tillkommet eller borttaget värde", "tillkomna eller borttagna värden")
            )
        if len(c.indicators):
            n = c.indicators["indicator"].nunique()
            parts.append(f"{counted(n, 'indikator', 'indikatorer')} som tillkommit, försvunnit eller ändrats")
        fresh = c.quarantined[c.quarantined["is_new"]]
        if len(fresh):
            parts.append(f"{counted(len(fresh), 'nytt värde', 'nya värden')} som satts åt sidan")
        head = f"Jämfört med utgåvan som publicerades {swedish_date(meta['published'])}"
        status = f"{head} finns {join_sv(parts)}." if parts else f"{head} har data inte förändrats."
        sources = {f["file"].split("/", 1)[0] for f in meta["changed_files"]}
        if sources:
            status += (
                f" Källfiler som har ändrats: {join_sv(sorted({SOURCE_NAMES.get(s, s) for s in sources}))}."
            )
    if len(c.revised) > SHOWN_REVISED:
        status += f" Tabellen över reviderade värden visar de första {SHOWN_REVISED}; alla finns i dess data."
    return status


def changes_tables(c: Changes, conclusions: pd.DataFrame, published: str | None) -> list[Shown]:
    """Changed conclusions, new years, revised values, indicators and values set aside."""
    ny = (
        c.new_years.groupby(["indicator_name", "year"])
        .size()
        .rename("n")
        .reset_index()
        .rename(columns={"indicator_name": "Indikator", "year": "År", "n": "Antal värden"})
    )
    ny["År"] = ny["År"].astype(int).astype(str)
    ny["Antal värden"] = ny["Antal värden"].map(lambda n: fmt_num(n, 0))

    rev = value_rows(c.revised, c.revised["indicator_name"])
    rev["Tidigare"] = c.revised["value_prev"].map(_one)
    rev["Nu"] = c.revised["value_cur"].map(_one)
    rev["Förändring"] = (c.revised["value_cur"] - c.revised["value_prev"]).map(lambda v: fmt_signed(v, 1))

    ind = pd.DataFrame(
        {
            "Källa": c.indicators["source"].map(SOURCE_NAMES),
            "Indikator": c.indicators["indicator_name"],
            "Förändring": c.indicators["change"].map(CHANGE_KIND),
        }
    ).drop_duplicates()

    ct = pd.DataFrame(
        {
            "Slutsats": conclusions["kind"].map(CONCLUSION_KIND),
            "Serie eller mål": conclusions["name"],
            "Tidigare": conclusions["before"].replace("", "–"),
            "Nu": conclusions["after"].replace("", "–"),
        }
    )

    q = c.quarantined[c.quarantined["action"] == "quarantine"]
    qt = value_rows(q, q["indicator_name"])
    qt["Värde i källan"] = q["value"].map(_one)
    qt["Skäl"] = q["reason"]
    qt["Nytt sedan publiceringen"] = q["is_new"].map({True: "ja", False: "nej"})

    changelog = "analysis.vintage.changelog"
    return [
        Shown(
            "nytt-slutsatser",
            ct,
            conclusions,
            "Inga slutsatser har ändrats." if published else "Ingen dataårgång har publicerats ännu.",
            "analysis.vintage.changed_conclusions",
        ),
        Shown("nytt-nya-ar", ny, c.new_years, "Inga nya år.", changelog),
        Shown(
            "nytt-reviderade",
            rev.head(SHOWN_REVISED),
            c.revised,
            "Inga värden har reviderats.",
            changelog,
        ),
        Shown(
            "nytt-indikatorer",
            ind,
            c.indicators,
            "Inga indikatorer har tillkommit, försvunnit eller ändrats.",
            changelog,
        ),
        Shown("nytt-karantan", qt, q, "Inga värden har satts åt sidan.", "analysis.quality.quarantine"),
    ]
