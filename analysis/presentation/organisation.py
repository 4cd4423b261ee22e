"""How the regions organise primary care (Vårdanalys 2025, Tabell 13–16): the tables as shown.

The report's appendix 2 prints four text tables, one row per region; the compendium
transcribes them cell by cell (``data-raw/categorical/``). These functions turn the cells into
what the appendix page shows: short codes and counts (Tabell 13), vårdval per region
(Tabell 14), the doctor-input principle simplified by keywords (Tabell 15) and the age limit
of the vårdcentral's mental-health mission (Tabell 16).
"""

from __future__ import annotations

import pandas as pd

#: Tabell 13's forms of organisation and the short codes the page uses, in the report's order.
MISSION_CODES = {
    "Grunduppdrag vårdcentral": "G",
    "Obligatoriskt tilläggsuppdrag vårdcentral": "OT",
    "Frivilligt tilläggsuppdrag vårdcentral": "FT",
    "Fristående vårdval (LOV)": "LOV",
    "Primärvård i regional regi": "RR",
    "Verksamhet utanför primärvårdens uppdrag": "U",
}

#: Forms that put an area inside the vårdcentral's mission.
IN_VC_MISSION = ("Grunduppdrag vårdcentral", "Obligatoriskt tilläggsuppdrag vårdcentral")

#: Short column headings so the tables fit a page and a phone; the CSV keeps the report's wording.
AREA_SHORT = {
    "Allmänmedicinsk verksamhet": "Allmänmedicin",
    "Psykisk ohälsa/psykosocial verksamhet": "Psykisk ohälsa",
    "Rehabilitering": "Rehabilitering",
    "Läkarmedverkan på kommunala boendeenheter": "Läkarmedverkan",
    "Barnhälsovård (BVC)": "BVC",
    "Mödrahälsovård (MVC)": "MVC",
}


def short_region(name: str) -> str:
    """``'Region Stockholm'`` -> ``'Stockholm'`` (and Västra Götaland without "regionen")."""
    return name.removeprefix("Region ").replace("Västra Götalandsregionen", "Västra Götaland")


def _by_region(wide: pd.DataFrame) -> pd.DataFrame:
    wide = wide.copy()
    wide.index = [short_region(r) for r in wide.index]
    wide.index.name = "Region"
    wide.columns.name = None
    return wide


def mission_counts(t13: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tabell 13: regions per form of organisation and area (shown table, its data)."""
    unknown = set(t13["value"]) - set(MISSION_CODES)
    if unknown:
        raise ValueError(f"Tabell 13: okända organiseringsformer {sorted(unknown)}")
    areas = list(dict.fromkeys(t13["attribute"]))
    counts = pd.crosstab(t13["value"], t13["attribute"]).reindex(
        index=list(MISSION_CODES), columns=areas, fill_value=0
    )
    counts.index.name = "Organiseringsform"
    counts.columns.name = None
    return counts.rename(columns=AREA_SHORT), counts.reset_index()


def mission_codes(t13: pd.DataFrame) -> pd.DataFrame:
    """Tabell 13 region by area in short codes; ``*`` marks a cell with a footnote."""
    noted = t13["note"].fillna("").ne("").map({True: "*", False: ""})
    cells = t13.assign(kod=t13["value"].map(MISSION_CODES) + noted)
    areas = list(dict.fromkeys(t13["attribute"]))
    wide = cells.pivot(index="region", columns="attribute", values="kod").reindex(columns=areas)
    return _by_region(wide).rename(columns=AREA_SHORT)


def regions_all_in_vc(t13: pd.DataFrame) -> int:
    """Regions where every area of Tabell 13 is in the vårdcentral's (basic or obligatory) mission."""
    inside = t13["value"].isin(IN_VC_MISSION)
    return int(inside.groupby(t13["region"]).all().sum())


def vardval_per_region(t14: pd.DataFrame) -> pd.DataFrame:
    """Tabell 14: supplementary vårdval schemes per region (fewest first) and their names."""
    t14 = t14.assign(lov=~t14["value"].str.startswith("Inga vårdval"))
    n = t14.groupby("region")["lov"].sum().astype(int).sort_values()
    names = t14[t14["lov"]].groupby("region")["value"].agg("; ".join)
    return pd.DataFrame(
        {
            "region": n.index,
            "region_kort": [short_region(r) for r in n.index],
            "antal_kompletterande_vardval": n.to_numpy(),
            "vardval": n.index.map(names).fillna("").to_numpy(),
        }
    )


def simplify_doctor_input(text: str) -> str:
    """Tabell 15 cell -> mission form and responsibility principle, by keywords.

    ``'Grunduppdrag. Listningsansvar.'`` -> ``'grunduppdrag: lista'``; a trailing
    parenthesis (an optional extra mission) is ignored.
    """
    t = text.lower().split(". (")[0]
    if t.startswith("nämns ej"):
        return "nämns ej"
    forms = {"grunduppdrag": "grunduppdrag", "obligatoriskt": "oblig. tillägg", "frivilligt": "friv. tillägg"}
    form = next((v for k, v in forms.items() if t.startswith(k)), "annat")
    keys = (("överenskommelse", "överenskommelse"), ("område", "områdesansvar"), ("lista", "listningsansvar"))
    principles = [p for p, key in keys if key in t]
    return f"{form}: {', '.join(principles) if principles else 'ej angivet'}"


def doctor_input(t15: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tabell 15 region by kind of residence, simplified (shown table, its data with both texts)."""
    t15 = t15.assign(forenklat=t15["value"].map(simplify_doctor_input))
    forms = list(dict.fromkeys(t15["attribute"]))
    wide = t15.pivot(index="region", columns="attribute", values="forenklat").reindex(columns=forms)
    wide.columns = [c.replace("Ansvar för läkarmedverkan i ", "") for c in wide.columns]
    wide.columns = [c[0].upper() + c[1:] for c in wide.columns]
    data = t15[["region_code", "region", "attribute", "value", "forenklat", "page", "line"]]
    return _by_region(wide), data


def age_limits(t16: pd.DataFrame) -> pd.DataFrame:
    """Tabell 16: per region, whether the vårdcentral's mental-health mission is limited by age."""
    age = t16[t16["attribute"].str.startswith("Är vårdcentralens ansvar")]
    if age.empty:
        raise LookupError("Tabell 16 saknar kolumnen om åldersavgränsning.")
    return _by_region(age.set_index("region")[["value"]].rename(columns={"value": "Åldersavgränsning"}))
