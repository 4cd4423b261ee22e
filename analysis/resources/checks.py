"""Cross-checks of the reports' statements about cost shares, grants and municipal costs against our data."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.regions import REGION_CODES, RIKET, region_name
from analysis.resources.definitions import (
    GAP_REASONS,
    KOLADA_MIXED,
    KOLADA_PRIMARY,
    KPI,
    SKR_AREAS,
    SKR_HSV,
    SKR_HSV_DENTAL,
    SKR_NURSING,
    _report_rows,
    kolada_wide,
)
from analysis.resources.shares import share_change

# --------------------------------------------------------------------------------------
# Cross-checks against the reports
# --------------------------------------------------------------------------------------

CHECK_COLUMNS = [
    "check",
    "report",
    "element",
    "page",
    "definition",
    "region_code",
    "region",
    "year",
    "unit",
    "report_value",
    "our_value",
    "difference",
    "tolerance",
    "passed",
    "status",
    "note",
]

#: The ledger spec's checks of 004 Bilaga 1 that judge the same values as ours (our check ->
#: ledger check). Their tolerances come from ``data-raw/ledger_spec.csv``, so a region reads
#: the same ("inom"/"utanför tolerans") in chapter 8 and in the ledger: one tolerance policy.
BILAGA1_LEDGER_CHECKS = {
    "bilaga1_netto_2021": "bilaga1_net_2021_kolada",
    "bilaga1_atagande_2021": "bilaga1_own_2021_kolada",
    "bilaga1_netto_2015_skr": "bilaga1_net_2015_skr",
    "bilaga1_atagande_andring": "bilaga1_own_change_kolada",
}


def spec_tolerances(spec: pd.DataFrame, element: str) -> dict[str, float]:
    """Check name -> tolerance for one element of the ledger spec (its ``checks`` column).

    The column reads ``"name=tolerance; name=tolerance"``; an element without a spec row or
    a check without a tolerance is an error, so no comparison falls back to a second policy.
    """
    rows = spec[spec["element"] == element]
    if len(rows) != 1:
        raise ValueError(f"the ledger spec has {len(rows)} rows for {element!r}, expected one")
    out = {}
    for part in filter(None, (p.strip() for p in str(rows["checks"].iloc[0]).split(";"))):
        name, sep, tol = (x.strip() for x in part.partition("="))
        if not sep or not tol:
            raise ValueError(f"{element}: check {name!r} has no tolerance in the ledger spec")
        out[name] = float(tol)
    return out


def bilaga1_tolerances(spec: pd.DataFrame) -> dict[str, float]:
    """Our Bilaga 1 checks -> the tolerance the ledger spec gives the same comparison."""
    tol = spec_tolerances(spec, "004 Bilaga 1")
    missing = sorted(set(BILAGA1_LEDGER_CHECKS.values()) - set(tol))
    if missing:
        raise ValueError(f"the ledger spec's 004 Bilaga 1 row lacks {missing}")
    return {ours: tol[theirs] for ours, theirs in BILAGA1_LEDGER_CHECKS.items()}


#: Tolerances of the other cross-checks, with their reasons (pp unless stated).
TOLERANCES = {
    # changes over time: definition offsets mostly cancel.
    "change": 0.5,
    # share of primary care sub-area printed as a whole percent (±0.5) plus vintage.
    "subarea_share": 1.0,
    # "one third": an approximate statement.
    "approximate_fraction": 3.0,
    # two printed tables of the same grants (mnkr).
    "grants_mnkr": 1.0,
}


def _check(
    check: str,
    report: str,
    element: str,
    page,
    definition: str,
    region_code: str | None,
    year,
    unit: str,
    report_value: float,
    our_value: float,
    tolerance: float,
    note: str = "",
) -> dict:
    """One cross-check row; ``passed`` is NA when either value is missing."""
    # One comparison rule for every report-vs-compendium check: the ledger's (imported here,
    # not at module level, because the ledger imports this package).
    from analysis.ledger import is_within

    diff = our_value - report_value if pd.notna(our_value) and pd.notna(report_value) else np.nan
    passed = is_within(report_value, our_value, tolerance)
    if pd.isna(passed):
        passed, status = pd.NA, "saknas"
    else:
        status = "inom tolerans" if passed else "utanför tolerans"
    return {
        "check": check,
        "report": report,
        "element": element,
        "page": page if page is not None and pd.notna(page) else pd.NA,
        "definition": definition,
        "region_code": region_code or "",
        "region": region_name(region_code) if region_code else "",
        "year": year if year is not None and pd.notna(year) else pd.NA,
        "unit": unit,
        "report_value": report_value,
        "our_value": our_value,
        "difference": diff,
        "tolerance": tolerance,
        "passed": passed,
        "status": status,
        "note": note,
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    out["passed"] = out["passed"].astype("boolean")
    out["page"] = out["page"].astype("Int64")
    out["year"] = out["year"].astype("Int64")
    return out


def _share_at(shares: pd.DataFrame, definition: str, code: str, year: int) -> float:
    sub = shares[
        (shares["definition"] == definition) & (shares["region_code"] == code) & (shares["year"] == year)
    ]
    return float(sub["share"].iloc[0]) if len(sub) else np.nan


def _share_note(shares: pd.DataFrame, definition: str, code: str, year: int) -> str:
    sub = shares[
        (shares["definition"] == definition) & (shares["region_code"] == code) & (shares["year"] == year)
    ]
    return str(sub["note"].iloc[0]) if len(sub) else f"{definition} har inget värde {year}"


def check_bilaga1(
    shares: pd.DataFrame, report_values: pd.DataFrame, tolerances: dict[str, float]
) -> pd.DataFrame:
    """004 Bilaga 1 (shares 2021 by region, change 2015–2021) against our shares.

    ``tolerances``: check name -> tolerance, from the ledger spec (:func:`bilaga1_tolerances`).

    Four checks per region and Riket:
    ``bilaga1_netto_2021`` (the nettokostnad column vs our Kolada share, different
    definition), ``bilaga1_atagande_2021`` (own-commitment column vs our Kolada share, same
    cost type, narrower denominator), ``bilaga1_atagande_andring`` (change 2015–2021, where
    the definition offset largely cancels) and ``bilaga1_netto_2015_skr`` (the derived 2015
    net share vs the SKR file's net share, the same definition).
    """
    b1 = _report_rows(report_values, "004", "Bilaga 1")
    if b1.empty:
        raise ValueError("004 Bilaga 1 is not in the report values")
    specs = [
        (
            "bilaga1_netto_2021",
            "pc_share_hsv_costs_net",
            2021,
            KOLADA_PRIMARY,
            "bilaga1_netto_2021",
            "Rapportens nettokostnadsandel mot vår Kolada-andel (kostnad för eget åtagande, tre områden): olika definitioner, nivåskillnad väntad.",
        ),
        (
            "bilaga1_atagande_2021",
            "pc_share_hsv_costs_own_commitment",
            2021,
            KOLADA_PRIMARY,
            "bilaga1_atagande_2021",
            "Samma kostnadsslag; vår nämnare saknar övrig hälso- och sjukvård, så vår nivå väntas ligga högre.",
        ),
        (
            "bilaga1_netto_2015_skr",
            "pc_share_hsv_costs_net",
            2015,
            SKR_HSV,
            "bilaga1_netto_2015_skr",
            "Rapportens 2015-värde är härlett (2021 minus tryckt förändring); SKR-filen har samma definition (nettokostnad utom läkemedel och tandvård).",
        ),
        (
            "bilaga1_netto_2015_skr",
            "pc_share_hsv_costs_net",
            2015,
            SKR_HSV_DENTAL,
            "bilaga1_netto_2015_skr",
            "Känslighetsprövning: samma som ovan men med tandvård i nämnaren.",
        ),
    ]
    rows = []
    for check, series, year, definition, tol_key, note in specs:
        rep = b1[(b1["series"] == series) & (b1["year"] == year)]
        for _, r in rep.sort_values("region_code").iterrows():
            code = r["region_code"]
            ours = 100 * _share_at(shares, definition, code, year)
            extra = "" if pd.notna(ours) else " " + _share_note(shares, definition, code, year)
            rows.append(
                _check(
                    check,
                    "004",
                    "Bilaga 1",
                    r["page"],
                    definition,
                    code,
                    year,
                    "procent",
                    float(r["value"]),
                    ours,
                    tolerances[tol_key],
                    (note + extra).strip(),
                )
            )
    # change 2015–2021, own commitment
    rep = b1[b1["series"] == "pc_share_hsv_costs_own_commitment_change_2015_2021_pp"]
    for _, r in rep.sort_values("region_code").iterrows():
        code = r["region_code"]
        ours = 100 * (
            _share_at(shares, KOLADA_PRIMARY, code, 2021) - _share_at(shares, KOLADA_PRIMARY, code, 2015)
        )
        extra = "" if pd.notna(ours) else " " + _share_note(shares, KOLADA_PRIMARY, code, 2021)
        rows.append(
            _check(
                "bilaga1_atagande_andring",
                "004",
                "Bilaga 1",
                r["page"],
                KOLADA_PRIMARY,
                code,
                2021,
                "procentenheter",
                float(r["value"]),
                ours,
                tolerances["bilaga1_atagande_andring"],
                (
                    "Förändring 2015–2021 i procentenheter; definitionsskillnaden i nämnaren tar i stort sett ut sig."
                    + extra
                ).strip(),
            )
        )
    # The printed own-commitment value for Gotland is "0.0 %" (missing); say so if it is absent.
    have = {(row["check"], row["region_code"]) for row in rows}
    for check in ("bilaga1_atagande_2021", "bilaga1_atagande_andring"):
        if (check, "09") not in have:
            rows.append(
                _check(
                    check,
                    "004",
                    "Bilaga 1",
                    None,
                    KOLADA_PRIMARY,
                    "09",
                    2021,
                    "procent" if check.endswith("2021") else "procentenheter",
                    np.nan,
                    np.nan,
                    tolerances[check],
                    "Rapporten trycker 0,0 % för Gotland (värde saknas) och Kolada saknar primärvårdens kostnad för Gotland. "
                    + GAP_REASONS["09"],
                )
            )
    return _frame(rows)


def _change(shares: pd.DataFrame, definition: str, start: int, end: int, code: str = RIKET) -> float:
    return 100 * (_share_at(shares, definition, code, end) - _share_at(shares, definition, code, start))


def check_001_statements(shares: pd.DataFrame, report_values: pd.DataFrame) -> pd.DataFrame:
    """001 ch. 8.2 (p. 142): share up about 1 pp 2016–2023, down 0.4 pp 2022–2023 (Riket).

    Compared with both Kolada definitions (the report uses SKR's net costs in fixed prices;
    a share is price-free when one index deflates every area, as LPIK does).
    """
    fig14 = _report_rows(report_values, "001", "Fig 14", "pc_share_of_regional_hsv_cost_change")
    if fig14.empty:
        raise ValueError("001 Fig 14 statements are not in the report values")
    rows = []
    for _, r in fig14.iterrows():
        start, end = (int(x) for x in str(r["group"]).replace("–", "-").split("-"))
        for definition in (KOLADA_PRIMARY, KOLADA_MIXED):
            rows.append(
                _check(
                    f"001_andring_{start}_{end}",
                    "001",
                    "Fig 14",
                    r["page"],
                    definition,
                    RIKET,
                    end,
                    "procentenheter",
                    float(r["value"]),
                    _change(shares, definition, start, end),
                    TOLERANCES["change"],
                    f"Rapportens uppgift ({r['status']}): förändring {start}–{end} i procentenheter (SKR 2024a).",
                )
            )
    return _frame(rows)


#: The 2026 assignment (000, "Ärendet"): Socialstyrelsen's lägesrapport 2026 says the share
#: fell 2019–2024 "med undantag för enstaka regioner". We read "enstaka" as at most this many.
ASSIGNMENT_STATEMENT = {"report": "000", "element": "Ärendet", "line": 46, "start": 2019, "end": 2024}
MAX_EXCEPTIONS = 3


def check_assignment_2026(
    shares: pd.DataFrame,
    definitions: tuple[str, ...] = (KOLADA_PRIMARY, KOLADA_MIXED),
    max_exceptions: int = MAX_EXCEPTIONS,
) -> pd.DataFrame:
    """The 2026 assignment's statement: the share fell 2019–2024 in all but a few regions.

    ``report_value`` is the largest number of regions with a rising share that still fits
    "enstaka regioner" (:data:`MAX_EXCEPTIONS`); ``our_value`` is the number of regions
    whose share rose. Passed when ours ≤ theirs (tolerance 0 regions).
    """
    s = ASSIGNMENT_STATEMENT
    rows = []
    for definition in definitions:
        ch = share_change(shares, definition, s["start"], s["end"])
        reg = ch[ch["region_code"] != RIKET]
        n_up = int((reg["change_pp"] > 0).sum())
        n_down = int((reg["change_pp"] < 0).sum())
        n_missing = int(reg["change_pp"].isna().sum())
        missing_names = ", ".join(reg.loc[reg["change_pp"].isna(), "region"])
        row = _check(
            "uppdrag_2026_minskat",
            s["report"],
            s["element"],
            None,
            definition,
            None,
            s["end"],
            "antal regioner med ökad andel",
            float(max_exceptions),
            float(n_up),
            0.0,
            (
                f"Påstående: andelen minskade {s['start']}–{s['end']} utom i enstaka regioner (rad {s['line']}); "
                f"'enstaka' tolkas som högst {max_exceptions}. Hos oss: {n_down} regioner minskade, {n_up} ökade"
                + (f", {n_missing} saknas ({missing_names})" if n_missing else "")
                + "."
            ),
        )
        # one-sided: fewer rising regions than allowed also agrees with the statement
        if pd.notna(row["difference"]):
            row["passed"] = bool(row["difference"] <= 0)
            row["status"] = "inom tolerans" if row["passed"] else "utanför tolerans"
        rows.append(row)
    return _frame(rows)


def check_fig15_nursing(skr: pd.DataFrame, report_values: pd.DataFrame, year: int = 2016) -> pd.DataFrame:
    """001 Fig 15 (p. 143): sjuksköterskevård's share of primary care's net cost in 2016 vs the SKR file."""
    rep = _report_rows(report_values, "001", "Fig 15", "pc_cost_share_nursing")
    rep = rep[rep["year"] == year]
    nursing = skr[(skr["indicator"] == SKR_NURSING) & (skr["region_code"] == RIKET) & (skr["year"] == year)]
    total = skr[
        (skr["indicator"] == SKR_AREAS["primary"]) & (skr["region_code"] == RIKET) & (skr["year"] == year)
    ]
    ours = (
        100 * float(nursing["value"].iloc[0]) / float(total["value"].iloc[0])
        if len(nursing) and len(total)
        else np.nan
    )
    rows = [
        _check(
            "fig15_sjukskoterskevard",
            "001",
            "Fig 15",
            r["page"],
            "skr_netto_delomrade",
            RIKET,
            year,
            "procent",
            float(r["value"]),
            ours,
            TOLERANCES["subarea_share"],
            "Sjuksköterskevård inkl. jour som andel av primärvårdens nettokostnad (SKR-filen); rapporten avrundar till hela procent.",
        )
        for _, r in rep.iterrows()
    ]
    return _frame(rows)


def regional_primary_care_mnkr(kolada: pd.DataFrame) -> pd.DataFrame:
    """Regional primary care cost in mnkr per year: sum over regions of ``KPI["primary"]`` × population.

    Gotland has no primary-care cost and contributes nothing (noted); the same sum is what Kolada's
    Riket value times the national population gives.
    """
    w = kolada_wide(kolada)
    w = w[w["region_code"].isin(REGION_CODES)]
    w = w.assign(cost=w[KPI["primary"]] * w[KPI["population"]] / 1e6)
    g = w.groupby("year")
    out = pd.DataFrame(
        {
            "regional_pc_mnkr": g["cost"].sum(min_count=1),
            "n_regions": g["cost"].count(),
            "regions_missing": g.apply(
                lambda d: ", ".join(region_name(c) for c in d.loc[d["cost"].isna(), "region_code"]),
                include_groups=False,
            ),
        }
    ).reset_index()
    return out


def check_municipal_share(
    report_values: pd.DataFrame, kolada: pd.DataFrame, year: int = 2022
) -> pd.DataFrame:
    """001 ch. 8.3 (p. 144): municipalities bear about one third of primary care's total costs.

    Ours: Tabell 5's municipal cost ÷ (that + regional primary care from Kolada). Caveat: Tabell
    5 is in 2023 prices and net of drugs; Kolada is current prices and own-commitment cost.
    """
    t5 = _report_rows(report_values, "001", "Tabell 5", "municipal_hsv_cost")
    t5 = t5[(t5["year"] == year) & (t5["unit"] == "mnkr")]
    claim = _report_rows(report_values, "001", "Tabell 5", "municipal_share_of_pc_cost")
    regional = regional_primary_care_mnkr(kolada).set_index("year")
    rows = []
    for _, c in claim.iterrows():
        mun = float(t5["value"].iloc[0]) if len(t5) else np.nan
        reg = float(regional.at[year, "regional_pc_mnkr"]) if year in regional.index else np.nan
        ours = 100 * mun / (mun + reg) if pd.notna(mun) and pd.notna(reg) else np.nan
        rows.append(
            _check(
                "kommunal_andel_tredjedel",
                "001",
                "Tabell 5",
                c["page"],
                "tabell5_och_kolada",
                RIKET,
                year,
                "procent",
                float(c["value"]),
                ours,
                TOLERANCES["approximate_fraction"],
                f"Kommunernas kostnad {year} (Tabell 5, 2023 års priser) delat med den plus regional primärvård ur Kolada "
                f"(primärvårdens kostnad per invånare × folkmängd, löpande priser, kostnad för eget åtagande; {regional.at[year, 'regions_missing'] or 'inga'} saknas).",
            )
        )
    return _frame(rows)


def check_grants(report_values: pd.DataFrame) -> pd.DataFrame:
    """001 Tabell 4 vs Tabell 9 (grants to regions 2020–2022) and Tabell 4's row sums."""
    t4 = _report_rows(report_values, "001", "Tabell 4", "state_grants")
    t9 = _report_rows(report_values, "001", "Tabell 9", "grants_to_regions_by_area")
    rows = []
    t9_tot = t9[t9["group"] == "Totalt"].set_index("year")["value"]
    t4_reg = t4[t4["group"] == "Regioner"].set_index("year")["value"]
    for year in sorted(set(t9_tot.index) & set(t4_reg.index)):
        rows.append(
            _check(
                "tabell4_mot_tabell9",
                "001",
                "Tabell 4/Tabell 9",
                None,
                "rapportens tabeller",
                None,
                int(year),
                "mnkr",
                float(t4_reg[year]),
                float(t9_tot[year]),
                TOLERANCES["grants_mnkr"],
                "Medel till regionerna enligt Tabell 4 (rapportvärde) och summan i Tabell 9 (vårt värde).",
            )
        )
    for year, g in t4.groupby("year"):
        parts = g[g["group"] != "Totalt"]["value"].sum()
        total = g[g["group"] == "Totalt"]["value"]
        if len(total):
            rows.append(
                _check(
                    "tabell4_radsumma",
                    "001",
                    "Tabell 4",
                    g["page"].iloc[0],
                    "rapportens tabeller",
                    None,
                    int(year),
                    "mnkr",
                    float(total.iloc[0]),
                    float(parts),
                    TOLERANCES["grants_mnkr"],
                    "Summa av regioner, kommuner och SKR mot tryckt totalsumma.",
                )
            )
    return _frame(rows)


def all_crosschecks(
    shares: pd.DataFrame,
    skr: pd.DataFrame,
    kolada: pd.DataFrame,
    report_values: pd.DataFrame,
    ledger_spec: pd.DataFrame,
) -> pd.DataFrame:
    """Every cross-check in one table (see :data:`CHECK_COLUMNS`); Bilaga 1 with the ledger spec's tolerances."""
    parts = [
        check_bilaga1(shares, report_values, bilaga1_tolerances(ledger_spec)),
        check_001_statements(shares, report_values),
        check_assignment_2026(shares),
        check_fig15_nursing(skr, report_values),
        check_municipal_share(report_values, kolada),
        check_grants(report_values),
    ]
    return pd.concat(parts, ignore_index=True)


def crosscheck_summary(checks: pd.DataFrame) -> pd.DataFrame:
    """Per check × definition: number compared, passed, failed, missing, tolerance, unit."""
    g = checks.groupby(["check", "definition"], sort=False)
    out = g.agg(
        report=("report", "first"),
        element=("element", "first"),
        unit=("unit", "first"),
        tolerance=("tolerance", "first"),
        n=("status", "size"),
        n_passed=("status", lambda s: int((s == "inom tolerans").sum())),
        n_failed=("status", lambda s: int((s == "utanför tolerans").sum())),
        n_missing=("status", lambda s: int((s == "saknas").sum())),
        mean_difference=("difference", "mean"),
    ).reset_index()
    return out


def bilaga1_region_table(checks: pd.DataFrame) -> pd.DataFrame:
    """004 Bilaga 1 per region: the report's and our own-commitment share 2021 and change 2015–2021.

    One row per region (Riket last) with ``report_level``, ``our_level``, ``report_change``,
    ``our_change`` and ``change_status`` (the change check's status; the level is a different
    definition and is shown, not judged).
    """
    b1 = checks[checks["definition"] == KOLADA_PRIMARY]
    level = b1[b1["check"] == "bilaga1_atagande_2021"].set_index("region_code")
    change = b1[b1["check"] == "bilaga1_atagande_andring"].set_index("region_code")
    codes = sorted(set(level.index) | set(change.index), key=lambda c: (c == RIKET, region_name(c)))
    out = pd.DataFrame({"region_code": codes, "region": [region_name(c) for c in codes]})
    out["report_level"] = out["region_code"].map(level["report_value"])
    out["our_level"] = out["region_code"].map(level["our_value"])
    out["report_change"] = out["region_code"].map(change["report_value"])
    out["our_change"] = out["region_code"].map(change["our_value"])
    out["tolerance"] = out["region_code"].map(change["tolerance"])
    out["change_status"] = out["region_code"].map(change["status"]).fillna("saknas")
    return out
