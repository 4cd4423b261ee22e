"""Arithmetic checks of report 001 (Vårdanalys 2025): sums, shares and the same number in two places."""

from __future__ import annotations

import math

import pandas as pd

from analysis.ledger.framework import (
    ARITHMETIC,
    Inputs,
    by_region,
    compare,
    one,
    register_check,
)

#: Sweden's number of municipalities (since 2003), the base of the MAS/MAR response rates.
N_MUNICIPALITIES = 290


@register_check("tabell4_row_sums", ARITHMETIC, "Regioner + kommuner + SKR mot tryckt totalsumma per år")
def _t4_rows(inp: Inputs, tol: float) -> list[dict]:
    t4 = inp.values("001", "Tabell 4", "state_grants")
    out = []
    for year, g in t4.groupby("year"):
        parts = g.loc[g["group"] != "Totalt", "value"].sum()
        out.append(compare(f"{int(year)}", one(g, group="Totalt"), parts, tol, "mnkr", "Tabell 4, årsrad"))
    return out


@register_check("tabell4_column_sums", ARITHMETIC, "Summan av åren 2019–2024 mot tryckt summa per mottagare")
def _t4_cols(inp: Inputs, tol: float) -> list[dict]:
    t4 = inp.values("001", "Tabell 4")
    yearly = t4[t4["series"] == "state_grants"]
    sums = t4[t4["series"] == "state_grants_sum_2019_2024"]
    return [
        compare(
            grp,
            one(sums, group=grp),
            yearly.loc[yearly["group"] == grp, "value"].sum(),
            tol,
            "mnkr",
            "Tabell 4, kolumn",
        )
        for grp in sums["group"]
    ]


@register_check(
    "tabell4_shares", ARITHMETIC, "Tryckt andel av totalsumman mot mottagarens summa / totalsumman"
)
def _t4_shares(inp: Inputs, tol: float) -> list[dict]:
    t4 = inp.values("001", "Tabell 4")
    sums = t4[t4["series"] == "state_grants_sum_2019_2024"]
    shares = t4[t4["series"] == "state_grants_share_2019_2024"]
    total = one(sums, group="Totalt")
    return [
        compare(
            grp,
            one(shares, group=grp),
            100 * one(sums, group=grp) / total,
            tol,
            "procent",
            "Tabell 4, summarad",
        )
        for grp in shares["group"]
    ]


def _t5_parts(inp: Inputs) -> tuple[pd.DataFrame, float]:
    t5 = inp.values("001", "Tabell 5")
    return t5, one(t5, series="municipal_hsv_cost", unit="mnkr", year=2022) / 1000


@register_check(
    "tabell5_prose_amount", ARITHMETIC, "Textens belopp för 2022 (miljarder kr) mot tabellens värde"
)
def _t5_amount(inp: Inputs, tol: float) -> list[dict]:
    t5, table_2022 = _t5_parts(inp)
    return [
        compare(
            "Kommunernas kostnad 2022",
            one(t5, series="municipal_hsv_cost", unit="mdkr"),
            table_2022,
            tol,
            "mdkr",
            "Tabell 5, 2022 (mnkr / 1 000)",
        )
    ]


@register_check(
    "tabell5_municipal_share",
    ARITHMETIC,
    "Kommunernas andel av primärvårdens kostnader (”en tredjedel”) mot tabellen",
)
def _t5_share(inp: Inputs, tol: float) -> list[dict]:
    t5, table_2022 = _t5_parts(inp)
    regional = one(t5, series="regional_pc_cost")
    return [
        compare(
            "Kommunernas andel 2022",
            one(t5, series="municipal_share_of_pc_cost"),
            100 * table_2022 / (table_2022 + regional),
            tol,
            "procent",
            "Tabell 5 (2022) / (Tabell 5 + regionernas drygt 61 miljarder)",
        )
    ]


@register_check("tabell8_sum", ARITHMETIC, "Summan av åren 2019–2024 mot tryckt totalsumma")
def _t8(inp: Inputs, tol: float) -> list[dict]:
    t8 = inp.values("001", "Tabell 8")
    yearly = t8[t8["series"] == "nrf_glesbygd_grant"]["value"].sum()
    return [
        compare(
            "2019–2024",
            one(t8, series="nrf_glesbygd_grant_total_2019_2024"),
            yearly,
            tol,
            "mnkr",
            "Tabell 8, årsvärden",
        )
    ]


@register_check("tabell9_sums", ARITHMETIC, "Utvecklingsområdena summerade mot tryckt total per år")
def _t9(inp: Inputs, tol: float) -> list[dict]:
    t9 = inp.values("001", "Tabell 9", "grants_to_regions_by_area")
    out = []
    for year, g in t9.groupby("year"):
        parts = g.loc[g["group_type"] == "area", "value"].sum()
        out.append(compare(f"{int(year)}", one(g, group="Totalt"), parts, tol, "mnkr", "Tabell 9, områden"))
    return out


@register_check(
    "tabell9_vs_tabell4", ARITHMETIC, "Tabell 9:s total till regionerna mot Tabell 4:s regionkolumn"
)
def _t9_t4(inp: Inputs, tol: float) -> list[dict]:
    t9 = inp.values("001", "Tabell 9", "grants_to_regions_by_area")
    t4 = inp.values("001", "Tabell 4", "state_grants")
    reg = t4[t4["group"] == "Regioner"].set_index("year")["value"]
    out = []
    for _, r in t9[t9["group"] == "Totalt"].iterrows():
        out.append(
            compare(
                f"{int(r['year'])}",
                r["value"],
                reg.get(r["year"], math.nan),
                tol,
                "mnkr",
                "Tabell 4, regioner",
            )
        )
    return out


@register_check(
    "fig40_vs_fig41", ARITHMETIC, "Andel med fast läkare enligt figur 40 (behov × tillgång) mot figur 41"
)
def _fig40(inp: Inputs, tol: float) -> list[dict]:
    f40 = inp.values("001", "Fig 40")
    f41 = inp.values("001", "Fig 41")
    need = one(f40, series="needs_regular_doctor") / 100
    has_need = one(f40, series="has_regular_doctor", group="Behöver fast läkare") / 100
    has_no_need = one(f40, series="has_regular_doctor", group="Behöver inte fast läkare") / 100
    implied = 100 * (need * has_need + (1 - need) * has_no_need)
    return [
        compare(
            "Befolkningspanelen 2024",
            one(f41, group="Befolkningspanel"),
            implied,
            tol,
            "procent",
            "Fig 40: behov × andel med fast läkare bland dem med och utan behov",
        )
    ]


#: Fig 67's question per figure (order of the report's summary matrix, §16.2).
FIG67_QUESTIONS = {
    "Fig 68": "Är regionernas arbete med omställningen ändamålsenligt?",
    "Fig 69": "Har omställningsarbetet konkretiserats?",
    "Fig 70": "Har det skett någon resursförflyttning för att stärka primärvården?",
    "Fig 71": "Är arbetet med omställningen tillräckligt resurssatt?",
    "Fig 74": "Finns en fungerande samverkansstruktur med kommunerna?",
}


def _audit_sum(figure: str):
    def func(inp: Inputs, tol: float) -> list[dict]:
        f = inp.values("001", figure, "audit_rating")
        f67 = inp.values("001", "Fig 67", "audit_reports_with_question")
        return [
            compare(
                "Antal granskningar",
                one(f67, group=FIG67_QUESTIONS[figure]),
                f["value"].sum(),
                tol,
                "antal",
                f"summan av bedömningarna i {figure}",
            )
        ]

    return func


for _fig in FIG67_QUESTIONS:
    register_check(
        f"audit_sum_{_fig.split()[1]}",
        ARITHMETIC,
        f"Bedömningarna i {_fig.replace('Fig', 'figur')} summerade mot antalet granskningar i figur 67",
    )(_audit_sum(_fig))


@register_check("fig75_response", ARITHMETIC, "Svarsfrekvensen mot 253 svarande av Sveriges 290 kommuner")
def _fig75(inp: Inputs, tol: float) -> list[dict]:
    f75 = inp.values("001", "Fig 75")
    n = one(inp.values("001", "P15", "responding_municipalities"), year=2024)
    return [
        compare(
            "Riket",
            one(f75, series="response_rate", group="Riket"),
            100 * n / N_MUNICIPALITIES,
            tol,
            "procent",
            f"{n:.0f} / {N_MUNICIPALITIES} kommuner",
        )
    ]


@register_check("p15_shares", ARITHMETIC, "Tryckta andelar mot antalen i texten")
def _p15(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P15")
    resp = one(p, series="responding_municipalities")
    return [
        compare(
            "Svarande kommuner 2024",
            one(p, series="responding_municipalities_share"),
            100 * resp / N_MUNICIPALITIES,
            tol,
            "procent",
            f"antal / {N_MUNICIPALITIES} kommuner",
        ),
        compare(
            "Kommuner med MAR 2024",
            one(p, series="municipalities_with_mar_share", year=2024),
            100 * one(p, series="municipalities_with_mar", year=2024) / resp,
            tol,
            "procent",
            "antal / svarande kommuner",
        ),
        compare(
            "Kommuner med MAR 2017",
            one(p, series="municipalities_with_mar_share", year=2017),
            100 * one(p, series="municipalities_with_mar", year=2017) / N_MUNICIPALITIES,
            tol,
            "procent",
            f"antal / {N_MUNICIPALITIES} kommuner",
        ),
    ]


@register_check(
    "p01_gap_to_target",
    ARITHMETIC,
    "Ökning som behövs för 1 100 invånare per specialist, ur textens egna tal",
)
def _p01(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P01")
    ratio = one(p, series="inhabitants_per_gp_specialist", year=2023)
    target = one(p, series="riktvarde_patients_per_gp")
    return [
        compare(
            "Behövd ökning av antalet specialister",
            one(p, series="gp_specialists_increase_needed"),
            100 * (ratio / target - 1),
            tol,
            "procent",
            "2023 års 2 039 invånare per specialist / riktvärdet 1 100 − 1",
            note="Rapporten hänvisar till Vård- och omsorgsanalys (2023b), som kan ha räknat på listade patienter.",
        )
    ]


@register_check("p04_vs_tabell4", ARITHMETIC, "Textens belopp mot Tabell 4:s summor")
def _p04(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P04")
    sums = inp.values("001", "Tabell 4", "state_grants_sum_2019_2024")
    return [
        compare(
            "Statsbidrag totalt, miljarder kr",
            one(p, series="state_grants_total_2019_2024"),
            one(sums, group="Totalt") / 1000,
            tol,
            "mdkr",
            "Tabell 4, summa (mnkr / 1 000)",
        ),
        compare(
            "Till SKR, miljoner kr",
            one(p, series="grants_to_skr_2019_2024") / 1000,
            one(sums, group="SKR") / 1000,
            tol,
            "mdkr",
            "Tabell 4, SKR:s summa",
        ),
    ]


#: 001-P05 series -> (Tabell 13 attribute, values counted) for the SKR-survey counts.
P05_TABELL13 = {
    "regions_gp_care_in_basic_mission": ("Allmänmedicinsk verksamhet", ["Grunduppdrag vårdcentral"]),
    "regions_mental_health_separate_lov": (
        "Psykisk ohälsa/psykosocial verksamhet",
        ["Fristående vårdval (LOV)"],
    ),
    "regions_rehab_in_basic_mission": ("Rehabilitering", ["Grunduppdrag vårdcentral"]),
    "regions_rehab_separate_lov": ("Rehabilitering", ["Fristående vårdval (LOV)"]),
    "regions_bvc_in_vc_mission": (
        "Barnhälsovård (BVC)",
        ["Grunduppdrag vårdcentral", "Frivilligt tilläggsuppdrag vårdcentral"],
    ),
    "regions_bvc_basic_mission": ("Barnhälsovård (BVC)", ["Grunduppdrag vårdcentral"]),
    "regions_bvc_voluntary_addon": ("Barnhälsovård (BVC)", ["Frivilligt tilläggsuppdrag vårdcentral"]),
    "regions_bvc_separate_lov": ("Barnhälsovård (BVC)", ["Fristående vårdval (LOV)"]),
    "regions_bvc_own_regi": ("Barnhälsovård (BVC)", ["Primärvård i regional regi"]),
    "regions_mvc_outside_pc": ("Mödrahälsovård (MVC)", ["Verksamhet utanför primärvårdens uppdrag"]),
    "regions_mvc_pc_own_regi": ("Mödrahälsovård (MVC)", ["Primärvård i regional regi"]),
    "regions_mvc_basic_mission": ("Mödrahälsovård (MVC)", ["Grunduppdrag vårdcentral"]),
    "regions_mvc_voluntary_addon": ("Mödrahälsovård (MVC)", ["Frivilligt tilläggsuppdrag vårdcentral"]),
    "regions_mvc_separate_lov": ("Mödrahälsovård (MVC)", ["Fristående vårdval (LOV)"]),
}
IN_VC_MISSION = ["Grunduppdrag vårdcentral", "Obligatoriskt tilläggsuppdrag vårdcentral"]


@register_check("p05_vs_tabell13_14", ARITHMETIC, "Antal regioner i texten mot antal i Tabell 13 och 14")
def _p05(inp: Inputs, tol: float) -> list[dict]:
    p = inp.values("001", "P05")
    cat = inp.categorical
    t13 = cat[(cat["report"] == "001") & (cat["element"] == "Tabell 13")] if not cat.empty else cat
    out = []
    for series, (attribute, values) in P05_TABELL13.items():
        rows = p[p["series"] == series]
        if rows.empty or t13.empty:
            continue
        n = int(((t13["attribute"] == attribute) & t13["value"].isin(values)).sum())
        out.append(
            compare(str(rows["group"].iloc[0]), rows["value"].iloc[0], n, tol, "antal regioner", "Tabell 13")
        )
    if not t13.empty:
        all_in = t13.assign(ok=t13["value"].isin(IN_VC_MISSION)).groupby("region_code")["ok"].all()
        out.append(
            compare(
                "Alla sex områden i vårdcentralens uppdrag",
                one(p, series="regions_all_areas_in_vc_mission"),
                int(all_in.sum()),
                tol,
                "antal regioner",
                "Tabell 13 (grunduppdrag eller obligatoriskt tilläggsuppdrag i alla sex områden)",
            )
        )
    t14 = by_region(inp.values("001", "Tabell 14", "supplementary_lov_schemes"))
    if len(t14):
        for series, label, n in [
            ("regions_without_supplementary_lov", "Inga kompletterande vårdval", int((t14 == 0).sum())),
            ("regions_with_supplementary_lov", "Kompletterande vårdval", int((t14 > 0).sum())),
        ]:
            out.append(compare(label, one(p, series=series), n, tol, "antal regioner", "Tabell 14"))
        out.append(
            compare(
                "Stockholms kompletterande vårdval",
                one(p, series="supplementary_lov_schemes", region_code="01"),
                t14.get("01", math.nan),
                tol,
                "antal vårdval",
                "Tabell 14",
            )
        )
    return out


@register_check("p06_vs_tabell16", ARITHMETIC, "Regioner där barn och unga undantas mot Tabell 16")
def _p06(inp: Inputs, tol: float) -> list[dict]:
    cat = inp.categorical
    if cat.empty:
        return []
    t16 = cat[(cat["report"] == "001") & (cat["element"] == "Tabell 16")]
    adults = int(t16["value"].str.startswith("Ja, gäller enbart vuxna").sum())
    return [
        compare(
            "Barn och unga undantas",
            one(inp.values("001", "P06"), series="regions_children_excluded_mental_health"),
            adults,
            tol,
            "antal regioner",
            "Tabell 16, rader 'Ja, gäller enbart vuxna'",
        )
    ]


def _share_of_counts(element: str, item: str, share: dict, numerator: dict, denominator: dict, how: str):
    """A check: a printed share (percent) against 100 × numerator / denominator printed beside it."""

    def check(inp: Inputs, tol: float) -> list[dict]:
        p = inp.values("001", element)
        ours = 100 * one(p, **numerator) / one(p, **denominator)
        return [compare(item, one(p, **share), ours, tol, "procent", how)]

    return check


register_check("p07_share", ARITHMETIC, "Andelen fritextsvar mot antalen i texten")(
    _share_of_counts(
        "P07",
        "Fritextsvar",
        {"series": "free_text_respondents_share"},
        {"series": "free_text_respondents"},
        {"series": "respondents"},
        "fritextsvar / svarande",
    )
)
register_check("p19_rate", ARITHMETIC, "Befolkningspanelens svarsandel mot antalen i texten")(
    _share_of_counts(
        "P19",
        "Befolkningspanelen 2024",
        {"series": "participation_rate"},
        {"series": "respondents", "group": "Befolkningspanel"},
        {"series": "panel_members"},
        "svarande / panelmedlemmar (cirka 8 000)",
    )
)


@register_check(
    "tabell20_sums",
    ARITHMETIC,
    "Varje variabels kategorier summerade till 100 procent (tolerans 0,5 per kategori)",
)
def _t20(inp: Inputs, tol: float) -> list[dict]:
    t20 = inp.values("001", "Tabell 20")
    labels = {
        "sample_share_unweighted": "oviktat",
        "sample_share_weighted": "viktat",
        "population_share": "befolkningen",
    }
    out = []
    for (series, gt), g in t20.groupby(["series", "group_type"], sort=False):
        out.append(
            compare(
                f"{gt}, {labels.get(series, series)}",
                100.0,
                g["value"].sum(),
                tol * len(g),
                "procent",
                f"summan av {len(g)} avrundade andelar",
            )
        )
    return out
