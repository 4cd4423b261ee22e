"""The report's surveys and audits as shown in the appendices (Vårdanalys 2025, bilaga 5, 7 och 8).

Tabell 20 (the panels' composition against the population), Tabell 23–24 (regression
coefficients with significance stars), Fig 75 (response rates by municipality type) and
Tabell 25 (the audit reports): the chapter only draws and places what these return.
"""

from __future__ import annotations

import pandas as pd

from analysis.presentation.text import fmt_num

#: Readable Swedish labels for the grouping variables of Tabell 20, 23 and 24.
GROUP_TYPES = {
    "sex": "Kön",
    "age": "Ålder",
    "education": "Utbildning",
    "municipality_type": "Kommuntyp",
    "foreign_background": "Utländsk bakgrund",
    "self_rated_health": "Självskattad hälsa",
    "long_term_condition": "Långvarigt hälsotillstånd",
    "vc_visits": "Fysiska besök på vårdcentral",
    "model": "Modell",
}

#: Variables with a reference category in Tabell 23 and 24 (named in the chapter's text).
REFERENCES = {
    "Kön": "man",
    "Ålder": "50–59 år",
    "Utbildning": "grundskola/gymnasium",
    "Kommuntyp": "blandade kommuner",
    "Utländsk bakgrund": "nej",
    "Självskattad hälsa": "dålig",
    "Långvarigt hälsotillstånd": "nej",
    "Fysiska besök på vårdcentral": "0 besök",
}

#: Models of Tabell 23 and 24: series prefix -> column heading.
MODELS_T23 = {
    "access_index": "Tillgänglighet",
    "participation_index": "Delaktighet/personcentrering",
    "information_index": "Information",
}
MODELS_T24 = {
    "high_coordination": "Hög grad av samordning",
    "regular_doctor_vc": "Fast läkarkontakt på vårdcentralen",
    "same_doctor_vc": "Får träffa samma läkare",
}

#: Tabell 20's three distributions.
DISTRIBUTIONS = {
    "sample_share_unweighted": "Oviktad",
    "sample_share_weighted": "Viktad",
    "population_share": "Befolkningen",
}

#: Kommuntyper in the report's order.
MUNICIPALITY_TYPES = ["Storstadskommuner", "Blandade kommuner", "Landsbygdskommuner"]


def stars(note) -> str:
    """Significance stars as printed (kept in the transcription note): '***', '**', '*' or ''."""
    text = str(note)
    return next((s for s in ("***", "**", "*") if f"significance: {s} " in text), "")


def regression_table(rows: pd.DataFrame, models: dict[str, str], decimals: int = 3) -> pd.DataFrame:
    """Tabell 23/24 as a wide table, term by model, each cell a coefficient with its stars."""
    rows = rows.assign(
        Variabel=rows["group_type"].map(GROUP_TYPES).fillna(rows["group_type"]),
        cell=[fmt_num(v, decimals) + stars(n) for v, n in zip(rows["value"], rows["note"], strict=True)],
    )
    counts = rows["unit"] == "antal"
    rows.loc[counts, "cell"] = rows.loc[counts, "value"].map(lambda v: fmt_num(v, 0))
    rows["Modell"] = rows["series"].str.replace(r"_(coef|or|n)$", "", regex=True).map(models)
    if rows["Modell"].isna().any():
        raise ValueError(f"Okända modeller: {set(rows.loc[rows['Modell'].isna(), 'series'])}")
    rows["group"] = [g.removeprefix(f"{v}: ") for v, g in zip(rows["Variabel"], rows["group"], strict=True)]
    rows = rows.assign(_last=rows["group"].map({"Konstant": 1, "Antal svar": 2}).fillna(0))
    rows = rows.sort_values("_last", kind="stable")
    order = list(dict.fromkeys(zip(rows["Variabel"], rows["group"], strict=True)))
    wide = rows.pivot_table(index=["Variabel", "group"], columns="Modell", values="cell", aggfunc="first")
    wide = wide.reindex(pd.MultiIndex.from_tuples(order))[list(dict.fromkeys(models.values()))]
    wide.index = [f"{v}: {g}" if v in REFERENCES else g for v, g in wide.index]
    wide.index.name = "Term"
    wide.columns.name = None
    return wide


def composition(t20: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Tabell 20: unweighted, weighted and population shares per group (report order) and row labels."""
    wide = t20.pivot_table(index=["group_type", "group"], columns="series", values="value", aggfunc="first")
    order = list(dict.fromkeys(zip(t20["group_type"], t20["group"], strict=True)))
    wide = wide.reindex(pd.MultiIndex.from_tuples(order))[list(DISTRIBUTIONS)].rename(columns=DISTRIBUTIONS)
    wide.columns.name = None
    labels = [f"{GROUP_TYPES.get(t, t)}: {g}" if not g.startswith("Utländsk") else g for t, g in wide.index]
    return wide.reset_index(names=["variabel", "grupp"]), labels


def response_by_type(f75: pd.DataFrame) -> pd.DataFrame:
    """Fig 75: response rate per municipality type, then all municipalities (the national rate)."""
    by_type = (
        f75[f75["group_type"] == "municipality_type"].set_index("group")["value"].reindex(MUNICIPALITY_TYPES)
    )
    if by_type.isna().any():
        raise LookupError(f"Fig 75: svarsfrekvens saknas för {list(by_type[by_type.isna()].index)}.")
    total = f75.loc[f75["group"] == "Riket", "value"]
    if len(total) != 1:
        raise LookupError("Fig 75: svarsfrekvensen för riket saknas.")
    drawn = by_type.rename("svarsfrekvens_procent").reset_index().rename(columns={"group": "kommuntyp"})
    drawn.loc[len(drawn)] = ["Samtliga kommuner", float(total.iloc[0])]
    return drawn


def audit_reports(t25: pd.DataFrame) -> pd.DataFrame:
    """Tabell 25: one audit report per region with its publication, auditor and title."""
    wide = t25.pivot(index="region", columns="attribute", values="value")
    missing = {"Publicerad", "Titel", "Revisor"} - set(wide.columns)
    if missing:
        raise LookupError(f"Tabell 25 saknar kolumnerna {sorted(missing)}.")
    wide = wide[["Publicerad", "Revisor", "Titel"]].sort_index()
    wide.index.name = "Region"
    wide.columns.name = None
    return wide


#: The audits' rating scale, best first (Fig 68–74).
RATING_SCALE = ["Helt", "Till stor del", "Till viss del", "Inte"]


def audit_ratings(element) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fig 67–74: per audit question, the number of audits and their ratings as far as the text gives them.

    ``element`` is ``Transcribed.element``. Fig 67 lists the seven questions in the order of
    Fig 68–74. Returns the shown table and the rows used.
    """
    f67 = element("Fig 67", "audit_reports_with_question").sort_values("line")
    if len(f67) != 7:
        raise ValueError(f"Fig 67: väntade sju revisionsfrågor, fick {len(f67)}.")
    rank = {g: i for i, g in enumerate(RATING_SCALE)}
    rows, used = [], [f67]
    for (_, q), fig_no in zip(f67.iterrows(), range(68, 75), strict=True):
        ratings = element(f"Fig {fig_no}", "audit_rating")
        ratings = ratings.assign(_rank=ratings["group"].map(rank).fillna(len(rank))).sort_values(
            ["_rank", "line"]
        )
        used.append(ratings.drop(columns="_rank"))
        n, stated = int(q["value"]), int(ratings["value"].sum())
        text = "; ".join(
            f"{g.lower()} {int(v)}" for g, v in zip(ratings["group"], ratings["value"], strict=True)
        )
        if stated < n:
            text += f"; övriga {n - stated} anges inte"
        rows.append(
            {
                "Revisionsfråga": q["group"],
                "Figur": f"figur {fig_no}",
                "Antal granskningar": n,
                "Bedömningar": text,
            }
        )
    return pd.DataFrame(rows).set_index("Revisionsfråga"), pd.concat(used)
