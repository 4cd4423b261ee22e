"""State and regional governance in the report (Vårdanalys 2025, kapitel 6, 7 och 11): tables as shown.

Each function takes the transcribed rows of one report element (``Transcribed.element``),
checks what the chapter relies on, and returns the table or the drawn data the chapter
publishes, with the report's own wording kept in the data file.
"""

from __future__ import annotations

import pandas as pd

from analysis.presentation.text import fmt_num, fmt_pct, fmt_percent

#: Tabell 4's recipients of state grants, in the report's order.
RECIPIENTS = ["Regioner", "Kommuner", "SKR", "Totalt"]


def state_grants(t4: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Tabell 4: yearly grants per recipient (mnkr), the printed sums and shares 2019–2024.

    Raises when a recipient is missing or the printed sums differ from the yearly rows by more
    than rounding (the table is printed, not derived by us).
    """
    yearly = t4[t4["series"] == "state_grants"].pivot_table(
        index="year", columns="group", values="value", aggfunc="first"
    )
    missing = [c for c in RECIPIENTS if c not in yearly.columns]
    if missing:
        raise LookupError(f"Tabell 4 saknar mottagarna {missing} i transkriptionerna.")
    yearly = yearly[RECIPIENTS]
    yearly.columns.name = None
    sums = t4[t4["series"] == "state_grants_sum_2019_2024"].set_index("group")["value"]
    shares = t4[t4["series"] == "state_grants_share_2019_2024"].set_index("group")["value"]
    if not (yearly.sum() - sums[RECIPIENTS]).abs().max() < 1:
        raise ValueError(
            f"Tabell 4: årsraderna summerar till {yearly.sum().to_dict()}, tryckt summa {sums.to_dict()}."
        )
    return yearly, sums, shares


def state_grants_table(t4: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tabell 4 as shown (years, sum and share rows as Swedish text) and its data."""
    yearly, sums, shares = state_grants(t4)
    table = yearly.copy()
    table.index = [str(int(y)) for y in table.index]
    table.loc["Summa 2019–2024"] = sums[RECIPIENTS]
    shown = table.map(lambda v: fmt_num(v, 0))
    shown.loc["Andel av summan"] = [fmt_pct(shares[c]) for c in RECIPIENTS]
    shown.index.name = "År"
    data = table.reset_index(names="ar")
    data.loc[len(data)] = ["andel_procent", *[shares[c] for c in RECIPIENTS]]
    return shown, data


def state_grants_texts(t4: pd.DataFrame) -> dict[str, str]:
    """The numbers kapitel 6 writes about Tabell 4, by glue key."""
    yearly, sums, shares = state_grants(t4)
    peak = int(yearly["Totalt"].idxmax())
    return {
        "kap06-total": fmt_num(sums["Totalt"], 0),
        "kap06-share-regions": fmt_percent(shares["Regioner"]),
        "kap06-share-municipalities": fmt_percent(shares["Kommuner"]),
        "kap06-share-skr": fmt_percent(shares["SKR"]),
        "kap06-peak-year": str(peak),
        "kap06-peak-total": fmt_num(yearly.loc[peak, "Totalt"], 0),
        "kap06-last-total": fmt_num(yearly["Totalt"].iloc[-1], 0),
    }


#: Fig 9's two kinds of requirement in the agreements, as the table names them.
REQUIREMENTS = {
    "agreement_requirement_on_funds": "Krav kopplade till stimulansmedlen",
    "agreement_followup_requirement": "Krav på uppföljning",
}


def agreement_requirements(f9: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fig 9 per goal: requirements on the funds and on follow-up (ja/nej), and its data."""
    wide = f9.pivot_table(index="group", columns="series", values="value", aggfunc="first")
    wide = wide.reindex(f9.drop_duplicates("group")["group"].tolist())
    missing = [s for s in REQUIREMENTS if s not in wide.columns]
    if missing:
        raise LookupError(f"Fig 9 saknar serierna {missing} i transkriptionerna.")
    shown = wide[list(REQUIREMENTS)].rename(columns=REQUIREMENTS).replace({1.0: "ja", 0.0: "nej"})
    shown.index.name = "Mål"
    shown.columns.name = None
    data = wide[list(REQUIREMENTS)].reset_index().rename(columns={"group": "mal"})
    data.columns.name = None
    return shown, data


#: Fig 10–12: the question, its figure and the series of Socialstyrelsen's and SKR's surveys.
SURVEY_QUESTIONS = [
    ("Uppdraget", "Fig 10", "regions_changed_pc_mission", "skr_regions_changed_tender_documents"),
    (
        "Ersättningsmodellen",
        "Fig 11",
        "regions_changed_reimbursement_model",
        "skr_regions_changed_reimbursement_model",
    ),
    ("Uppföljningen", "Fig 12", "regions_changed_followup", None),
]
#: The two surveys as the legend names them: Socialstyrelsen asked about 2023 in March 2024.
SURVEYS = ("Socialstyrelsens enkät (om 2023)", "SKR:s enkät (våren 2024)")


def survey_answers(element) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fig 10–12: regions answering yes, respondents and share per question and survey.

    ``element`` is ``Transcribed.element``; returns the drawn data and the rows used.
    """
    rows, used = [], []
    for question, fig, *series in SURVEY_QUESTIONS:
        for survey, s in zip(SURVEYS, series, strict=True):
            if s is None:
                continue
            r = element(fig, s)
            n = r["n"].iloc[0]
            if pd.isna(n):
                raise ValueError(f"{fig}, {s}: antal svarande regioner (n) saknas i transkriptionen.")
            used.append(r)
            yes = float(r["value"].iloc[0])
            rows.append(
                {"fraga": question, "enkat": survey, "ja": yes, "svarande": n, "andel_procent": 100 * yes / n}
            )
    return pd.DataFrame(rows), pd.concat(used)


#: The reproduction ledger's check that counts the regions of avsnitt 7.4 in Tabell 13 and 14.
ORGANISATION_CHECK = "p05_vs_tabell13_14"


def organisation_counts(
    p05: pd.DataFrame, checks: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Avsnitt 7.4: regions per area and form of organisation ("område: form" groups), as the
    text gives them and as counted in the report's Tabell 13 (the ledger's check), since the two
    do not always agree.

    Returns the shown table, its data and the rows used.
    """
    org = p05[p05["group"].str.contains(":", regex=False)].copy()
    org[["Verksamhetsområde", "Organisering"]] = org["group"].str.split(":", n=1, expand=True)
    org["Organisering"] = org["Organisering"].str.strip()
    counted = checks[checks["check"] == ORGANISATION_CHECK].set_index("item")["compendium_value"]
    org["tabell13"] = org["group"].map(counted)
    shown = org.set_index(["Verksamhetsområde", "Organisering"])[["value", "tabell13"]]
    shown = shown.rename(columns={"value": "Enligt texten", "tabell13": "Räknat i Tabell 13"}).map(
        lambda v: "–" if pd.isna(v) else fmt_num(v, 0)
    )
    data = org[["Verksamhetsområde", "Organisering", "value", "tabell13", "page", "line"]]
    return shown, data.rename(columns={"value": "antal_regioner", "tabell13": "antal_i_tabell13"}), org


def mentioned(cells: pd.DataFrame, attribute: str, absent: str) -> tuple[int, int]:
    """Regions of a transcribed text table whose cell for ``attribute`` (a substring) mentions
    something, i.e. does not start with ``absent``; and how many regions the table has."""
    rows = cells[cells["attribute"].str.contains(attribute, regex=False)]
    said = ~rows["value"].str.strip().str.startswith(absent)
    return int(rows.loc[said, "region"].nunique()), int(cells["region"].nunique())


def text_and_table(text_count: float, table_count: int, claim: str) -> str:
    """A sentence comparing a count in the report's text with the same count in one of its
    tables; ``claim`` says what the table shows, with ``{}`` for its count."""
    said = claim.format(fmt_num(table_count, 0))
    if text_count == table_count:
        return f"{said}, som texten."
    return f"{said}, mot {fmt_num(text_count, 0)} i rapportens text."


def yearly_with_total(t8: pd.DataFrame, series: str, total_series: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A yearly amount with its printed total (Tabell 8), checked to sum within rounding."""
    yearly = t8[t8["series"] == series].set_index("year")["value"].sort_index()
    total = t8.loc[t8["series"] == total_series, "value"]
    if len(total) != 1:
        raise ValueError(f"{total_series}: väntade en rad, fick {len(total)}.")
    total = float(total.iloc[0])
    if abs(yearly.sum() - total) > 0.5:
        raise ValueError(f"Årsbeloppen summerar till {yearly.sum()}, tryckt totalsumma {total}.")
    table = pd.DataFrame(
        {"Miljoner kronor": list(yearly) + [total]}, index=[str(y) for y in yearly.index] + ["Totalt"]
    )
    table.index.name = "År"
    data = table.reset_index().rename(columns={"År": "ar", "Miljoner kronor": "mnkr"})
    return table.map(lambda v: fmt_num(v, 0)), data


def area_by_year(t9: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tabell 9: grants per development area (rows, report order) and year; shown and data."""
    order = t9.drop_duplicates("group")["group"].tolist()
    wide = t9.pivot_table(index="group", columns="year", values="value", aggfunc="first").reindex(order)
    wide.columns = [str(c) for c in wide.columns]
    wide.index.name = "Utvecklingsområde"
    shown = wide.map(lambda v: fmt_num(v, 0 if pd.isna(v) or float(v).is_integer() else 1))
    return shown, wide.reset_index()


def specialists_needed(p01: pd.DataFrame) -> pd.DataFrame:
    """Avsnitt 4.1.3: inhabitants per GP specialist by year against the 1 100 target, and the
    increase in specialists needed to reach it with population fixed: ratio / target − 1."""
    per_gp = p01[p01["series"] == "inhabitants_per_gp_specialist"].set_index("year")["value"].sort_index()
    target = p01.loc[p01["series"] == "riktvarde_patients_per_gp", "value"]
    if per_gp.empty or len(target) != 1:
        raise LookupError("P01: invånare per specialist eller riktvärdet saknas i transkriptionerna.")
    target = float(target.iloc[0])
    return pd.DataFrame(
        {
            "ar": per_gp.index.astype(int),
            "invanare_per_specialist": per_gp.to_numpy(),
            "riktvarde": target,
            "okning_som_behovs_procent": (per_gp / target - 1).to_numpy() * 100,
        }
    )
