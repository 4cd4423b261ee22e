"""Tests of analysis.resources: shares, source reconciliation, cross-checks, scenarios, gaps.

Synthetic tidy tables with hand-computed answers, plus checks on the real snapshot (skipped
when it is absent).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import resources as R
from analysis.validation import TIDY_COLUMNS

# --------------------------------------------------------------------------------------
# Synthetic inputs
# --------------------------------------------------------------------------------------


def tidy(source: str, rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    """A tidy table from (indicator, region_code, year, value) tuples."""
    df = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value"])
    df["source"] = source
    df["sex"] = "T"
    df["unit"] = "kr/inv"
    for c in ("numerator", "denominator", "ci_low", "ci_high"):
        df[c] = np.nan
    df["source_file"] = "synthetic"
    df["source_row"] = range(2, len(df) + 2)
    return df[TIDY_COLUMNS]


def kolada_rows(code: str, year: int, pc, som, psy, total=None, drugs=None, pop=100_000, std=None, a80=5.0):
    """All Kolada series for one region-year (``pc=None`` leaves primary care out)."""
    values = {
        "N71000": pc,
        "N72000": som,
        "N74000": psy,
        "N70061": total if total is not None else (pc or 0) + som + psy + 2000,
        "N70059": drugs if drugs is not None else 1500,
        "SCB_FOLKMANGD": pop,
        "SCB_STANDARDKOSTNAD_HSV": std if std is not None else 20_000,
        "SCB_ANDEL80": a80,
    }
    return [(k, code, year, float(v)) for k, v in values.items() if v is not None]


def synthetic_kolada() -> pd.DataFrame:
    """Two regions with data, Gotland without primary/specialised care, and Riket."""
    rows = []
    for year, (pc1, sp1), (pc2, sp2) in [
        (2019, (1800, 7000), (2000, 6000)),
        (2024, (2000, 8000), (3000, 7000)),
    ]:
        rows += kolada_rows("01", year, pc1, sp1 - 1000, 1000, pop=100_000)
        rows += kolada_rows("03", year, pc2, sp2 - 1000, 1000, pop=50_000)
        rows += kolada_rows("09", year, None, None, None, total=30_000, pop=60_000)
        tot_pc = (pc1 * 100_000 + pc2 * 50_000) / 210_000
        tot_sp = (sp1 * 100_000 + sp2 * 50_000) / 210_000
        rows += kolada_rows("00", year, tot_pc, tot_sp - 500, 500, pop=210_000)
    # Gotland has no N72000/N74000 either: drop the None-valued rows (done in kolada_rows)
    return tidy("kolada", rows)


def synthetic_skr(share_01: float = 0.2) -> pd.DataFrame:
    rows = []
    for year in (2016, 2017):
        for code, share in (("01", share_01), ("00", 0.21)):
            pc = 1000.0
            rest = pc / share - pc
            rows += [
                ("skr:primarvard", code, year, pc),
                ("skr:specialiserad_somatisk_vard", code, year, rest * 0.8),
                ("skr:specialiserad_psykiatrisk_vard", code, year, rest * 0.2),
                ("skr:ovrig_halso_och_sjukvard", code, year, 300.0),
                ("skr:politisk_verksamhet_inom_halso_och_sjukvard", code, year, 20.0),
                ("skr:tandvard", code, year, 100.0),
            ]
    return tidy("skr", rows)


# --------------------------------------------------------------------------------------
# Shares
# --------------------------------------------------------------------------------------


def test_shares_are_fractions_and_match_hand_computation():
    shares = R.kolada_shares(synthetic_kolada())
    ok = shares["share"].dropna()
    assert ((ok > 0) & (ok < 1)).all()
    # region 01, 2024: 2000 / (2000 + 7000 + 1000) = 0.2
    row = shares[
        (shares["definition"] == R.KOLADA_PRIMARY)
        & (shares["region_code"] == "01")
        & (shares["year"] == 2024)
    ]
    assert row["share"].iloc[0] == pytest.approx(0.2)
    assert row["denominator"].iloc[0] == pytest.approx(10_000)
    # mixed: 2000 / (N70061 - N70059) = 2000 / (2000 + 8000 + 2000 - 1500)
    mixed = shares[
        (shares["definition"] == R.KOLADA_MIXED) & (shares["region_code"] == "01") & (shares["year"] == 2024)
    ]
    assert mixed["share"].iloc[0] == pytest.approx(2000 / 10_500)


def test_definitions_table_takes_each_definitions_years_from_the_shares():
    shares = R.kolada_shares(synthetic_kolada())
    table = R.definitions_table(shares).set_index("id")
    years = shares.dropna(subset=["share"])
    span = f"{years['year'].min()}–{years['year'].max()}"
    assert table.at[R.KOLADA_PRIMARY, "years"] == span
    assert table.at[R.SKR_3, "years"] == "inga år"  # no SKR rows in these shares
    assert list(table.columns)[-2:] == ["years", "use"]
    assert not table.apply(lambda c: c.astype(str).str.contains(r"\bN7\d{4}\b")).any().any()


def test_skr_share_definitions():
    shares = R.skr_shares(synthetic_skr(0.2))
    three = shares[(shares["definition"] == R.SKR_3) & (shares["region_code"] == "01")]
    assert three["share"].to_numpy() == pytest.approx([0.2, 0.2])
    hsv = shares[(shares["definition"] == R.SKR_HSV) & (shares["region_code"] == "01")]
    assert hsv["share"].iloc[0] == pytest.approx(1000 / (5000 + 300 + 20))
    dental = shares[(shares["definition"] == R.SKR_HSV_DENTAL) & (shares["region_code"] == "01")]
    assert dental["share"].iloc[0] == pytest.approx(1000 / (5000 + 300 + 20 + 100))


def test_region_with_missing_years_gets_a_visible_note_never_dropped():
    kolada = synthetic_kolada()
    shares = R.kolada_shares(kolada)
    got = shares[(shares["region_code"] == "09") & (shares["definition"] == R.KOLADA_PRIMARY)]
    assert len(got) == 2, "Gotland's rows must stay in the table"
    assert got["share"].isna().all()
    assert got["note"].str.contains("N71000").all() and got["note"].str.contains("Gotland").all()
    notes = R.missing_data_notes(shares)
    gotland = notes[(notes["region_code"] == "09") & (notes["definition"] == R.KOLADA_PRIMARY)]
    assert len(gotland) == 1 and gotland["years"].iloc[0] == "2019, 2024"
    # ... and in the scenario and need tables
    scen = R.reallocation_scenarios(kolada, R.ScenarioParams(0.25, 2030, None, 0.0, 2019))
    g = scen[scen["region_code"] == "09"].iloc[0]
    assert g["status"] == "data saknas" and "Gotland" in g["note"] and np.isnan(g["extra_pc_mnkr"])
    totals = R.scenario_totals(scen).iloc[0]
    # every region without data is listed (the synthetic table has only three regions)
    assert "Gotland" in totals["regions_missing"] and totals["n_regions_missing"] == 19
    need = R.need_table(kolada)
    assert need.loc[need["region_code"] == "09", "note"].str.contains("Gotland").all()


def test_a_region_missing_only_some_years_is_listed_with_those_years():
    kolada = synthetic_kolada()
    kolada = kolada[
        ~((kolada["indicator"] == "N71000") & (kolada["region_code"] == "03") & (kolada["year"] == 2019))
    ]
    notes = R.missing_data_notes(R.kolada_shares(kolada))
    row = notes[(notes["region_code"] == "03") & (notes["definition"] == R.KOLADA_PRIMARY)]
    assert row["years"].tolist() == ["2019"] and "N71000" in row["note"].iloc[0]


# --------------------------------------------------------------------------------------
# Reconciliation and cross-checks
# --------------------------------------------------------------------------------------


def _kolada_2016_2017(share_01: float) -> pd.DataFrame:
    rows = []
    for year in (2016, 2017):
        for code, share in (("01", share_01), ("00", 0.21)):
            pc = 1000.0
            spec = pc / share - pc
            rows += kolada_rows(code, year, pc, spec * 0.8, spec * 0.2)
    return tidy("kolada", rows)


def test_reconciliation_flags_differences_beyond_the_stated_tolerance():
    skr = R.skr_shares(synthetic_skr(0.20))
    close = pd.concat([R.kolada_shares(_kolada_2016_2017(0.205)), skr])
    far = pd.concat([R.kolada_shares(_kolada_2016_2017(0.22)), skr])
    rec_close = R.reconcile_sources(close)
    rec_far = R.reconcile_sources(far)
    r1 = rec_close[rec_close["region_code"] == "01"]
    r2 = rec_far[rec_far["region_code"] == "01"]
    assert r1["diff_pp"].to_numpy() == pytest.approx([0.5, 0.5])
    assert (r1["status"] == "inom tolerans").all()
    assert r2["diff_pp"].to_numpy() == pytest.approx([2.0, 2.0])
    assert (r2["status"] == "utanför tolerans").all()
    assert R.RECONCILE_TOLERANCE_PP == 1.0
    summary = R.reconciliation_summary(rec_far)
    assert summary.loc[summary["region_code"] == "01", "n_within"].iloc[0] == 0


def _report_values(change_2022_2023: float = -0.4, bilaga_change_riket: float = 0.8) -> pd.DataFrame:
    base = {"page": 142, "line": 5800, "group_type": "period", "region_code": "", "n": np.nan, "note": ""}
    rows = [
        {
            **base,
            "report": "001",
            "element": "Fig 14",
            "series": "pc_share_of_regional_hsv_cost_change",
            "group": "2022–2023",
            "year": 2023,
            "value": change_2022_2023,
            "unit": "procentenheter",
            "status": "printed",
        },
        {
            **base,
            "report": "004",
            "element": "Bilaga 1",
            "page": pd.NA,
            "series": "pc_share_hsv_costs_own_commitment_change_2015_2021_pp",
            "group_type": "region",
            "group": "Riket",
            "region_code": "00",
            "year": 2021,
            "value": bilaga_change_riket,
            "unit": "procentenheter",
            "status": "printed",
        },
    ]
    return pd.DataFrame(rows)


def _shares_for_changes() -> pd.DataFrame:
    """Riket primary share: 2015 0.20, 2021 0.208, 2022 0.23, 2023 0.226 (−0.4 pp)."""
    rows = []
    for year, share in ((2015, 0.20), (2021, 0.208), (2022, 0.23), (2023, 0.226)):
        rows.append(
            {"definition": R.KOLADA_PRIMARY, "region_code": "00", "year": year, "share": share, "note": ""}
        )
        rows.append(
            {"definition": R.KOLADA_MIXED, "region_code": "00", "year": year, "share": share, "note": ""}
        )
    return pd.DataFrame(rows)


def test_crosscheck_status_flips_when_the_report_value_changes():
    shares = _shares_for_changes()
    ok = R.check_001_statements(shares, _report_values(-0.4))
    assert (ok["status"] == "inom tolerans").all()
    assert ok["our_value"].iloc[0] == pytest.approx(-0.4)
    bad = R.check_001_statements(shares, _report_values(-1.5))
    assert (bad["status"] == "utanför tolerans").all()
    assert bad["difference"].iloc[0] == pytest.approx(1.1)


SPEC = pd.DataFrame(
    {
        "element": ["004 Bilaga 1"],
        "checks": [
            "bilaga1_own_change_kolada=0.5; bilaga1_own_2021_kolada=0.5; "
            "bilaga1_net_2021_kolada=0.5; bilaga1_net_2015_skr=0.5"
        ],
    }
)
TOL = R.bilaga1_tolerances(SPEC)


def test_bilaga1_tolerances_come_from_the_ledger_spec():
    assert {c: 0.5 for c in R.BILAGA1_LEDGER_CHECKS} == TOL
    wider = SPEC.assign(
        checks=SPEC["checks"].str.replace("bilaga1_own_change_kolada=0.5", "bilaga1_own_change_kolada=2")
    )
    assert R.bilaga1_tolerances(wider)["bilaga1_atagande_andring"] == 2.0
    with pytest.raises(ValueError, match="lacks"):
        R.bilaga1_tolerances(SPEC.assign(checks="bilaga1_own_change_kolada=0.5"))
    with pytest.raises(ValueError, match="no tolerance"):
        R.spec_tolerances(SPEC.assign(checks="bilaga1_own_change_kolada"), "004 Bilaga 1")
    with pytest.raises(ValueError, match="0 rows"):
        R.spec_tolerances(SPEC, "004 Bilaga 9")


def test_bilaga1_verdicts_agree_with_the_ledger_rule():
    """Each row's status is what the ledger's is_within says for the same values and tolerance."""
    from analysis.ledger import is_within

    b1 = R.check_bilaga1(_shares_for_changes(), _report_values(), TOL)
    judged = b1.dropna(subset=["our_value", "report_value"])
    assert len(judged)
    for r in judged.itertuples():
        assert bool(r.passed) == is_within(r.report_value, r.our_value, TOL[r.check])
        assert r.tolerance == TOL[r.check]


def test_the_committed_spec_gives_every_bilaga1_check_a_tolerance():
    from conftest import ROOT

    spec = pd.read_csv(ROOT / "data-raw" / "ledger_spec.csv", dtype=str, keep_default_na=False)
    assert set(R.bilaga1_tolerances(spec)) == set(R.BILAGA1_LEDGER_CHECKS)


def test_crosscheck_status_flips_when_our_input_changes():
    shares = _shares_for_changes()
    rv = _report_values()
    b1 = R.check_bilaga1(shares, rv, TOL)
    row = b1[(b1["check"] == "bilaga1_atagande_andring") & (b1["region_code"] == "00")].iloc[0]
    assert row["our_value"] == pytest.approx(0.8) and bool(row["passed"])
    moved = shares.copy()
    moved.loc[(moved["year"] == 2021) & (moved["definition"] == R.KOLADA_PRIMARY), "share"] = 0.22
    b1b = R.check_bilaga1(moved, rv, TOL)
    row = b1b[(b1b["check"] == "bilaga1_atagande_andring") & (b1b["region_code"] == "00")].iloc[0]
    assert row["our_value"] == pytest.approx(2.0) and not bool(row["passed"])
    # a missing input gives "saknas", not a pass or a fail
    gone = shares[shares["year"] != 2015]
    b1c = R.check_bilaga1(gone, rv, TOL)
    row = b1c[(b1c["check"] == "bilaga1_atagande_andring") & (b1c["region_code"] == "00")].iloc[0]
    assert row["status"] == "saknas" and pd.isna(row["passed"])


def test_assignment_check_counts_rising_regions():
    rows = []
    for i, code in enumerate(["01", "03", "04", "05", "06"]):
        rows.append(
            {"definition": R.KOLADA_PRIMARY, "region_code": code, "year": 2019, "share": 0.2, "note": ""}
        )
        rows.append(
            {
                "definition": R.KOLADA_PRIMARY,
                "region_code": code,
                "year": 2024,
                "share": 0.19 if i < 4 else 0.21,
                "note": "",
            }
        )
    shares = pd.DataFrame(rows)
    got = R.check_assignment_2026(shares, definitions=(R.KOLADA_PRIMARY,)).iloc[0]
    assert got["our_value"] == 1 and bool(got["passed"])
    more = shares.copy()
    more.loc[(more["year"] == 2024), "share"] = 0.21
    got = R.check_assignment_2026(more, definitions=(R.KOLADA_PRIMARY,)).iloc[0]
    assert got["our_value"] == 5 and not bool(got["passed"])


# --------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------


def test_scenario_arithmetic_matches_hand_computation():
    kolada = synthetic_kolada()
    scen = R.reallocation_scenarios(kolada, R.ScenarioParams(0.25, 2029, None, 0.0, 2019))
    r = scen[scen["region_code"] == "01"].iloc[0]
    # base 2024: P0 = 2000, S0 = 8000, share 0.2; n = 5; S_T = 8000; P_T = 8000/3
    assert r["base_year"] == 2024 and r["years"] == 5
    assert r["share_base"] == pytest.approx(0.2)
    assert r["pc_target"] == pytest.approx(8000 / 3)
    assert r["extra_pc_per_inv"] == pytest.approx(8000 / 3 - 2000)
    assert r["extra_pc_mnkr"] == pytest.approx((8000 / 3 - 2000) * 100_000 / 1e6)
    assert r["pc_growth_required"] == pytest.approx((4 / 3) ** (1 / 5) - 1)
    assert r["total_growth_required"] == pytest.approx((32000 / 3 / 10000) ** 0.2 - 1)
    # pure reallocation within today's total: 0.25 * 10000 - 2000 = 500 kr taken from 8000
    assert r["move_within_total_per_inv"] == pytest.approx(500)
    assert r["spec_change_if_moved"] == pytest.approx(-500 / 8000)
    # recent growth 2019 -> 2024: P 1800 -> 2000, S 7000 -> 8000
    gp, gs = (2000 / 1800) ** 0.2 - 1, (8000 / 7000) ** 0.2 - 1
    assert r["pc_growth_recent"] == pytest.approx(gp)
    assert r["differential_recent"] == pytest.approx((1 + gp) / (1 + gs) - 1)
    assert np.isnan(r["years_to_target_recent"])  # differential negative: never
    # region 03 already above target: 3000 / 10000 = 0.3
    r3 = scen[scen["region_code"] == "03"].iloc[0]
    assert r3["status"] == "redan över målet" and r3["extra_needed_mnkr"] == 0
    assert r3["extra_pc_per_inv"] == pytest.approx(7000 / 3 - 3000)


def test_scenario_with_specialised_growth_and_the_aggregate():
    kolada = synthetic_kolada()
    scen = R.reallocation_scenarios(kolada, R.ScenarioParams(0.25, 2029, 2024, 0.01, 2019))
    r = scen[scen["region_code"] == "01"].iloc[0]
    s_t = 8000 * 1.01**5
    assert r["spec_target"] == pytest.approx(s_t)
    assert r["pc_target"] == pytest.approx(s_t / 3)
    agg = scen[scen["region_code"] == R.AGGREGATE].iloc[0]
    # aggregate of the regions with data (Gotland excluded): population-weighted
    p0 = (2000 * 100_000 + 3000 * 50_000) / 150_000
    s0 = (8000 * 100_000 + 7000 * 50_000) / 150_000
    assert agg["population"] == 150_000
    assert agg["pc_base"] == pytest.approx(p0) and agg["spec_base"] == pytest.approx(s0)
    assert agg["extra_pc_mnkr"] == pytest.approx((s0 * 1.01**5 / 3 - p0) * 150_000 / 1e6)


def test_years_to_target_and_cagr():
    assert R.cagr(100, 121, 2) == pytest.approx(0.1)
    assert R.years_to_target(0.25, 1 / 3, 0.05) == pytest.approx(math.log(4 / 3) / math.log(1.05))
    assert R.years_to_target(0.4, 1 / 3, 0.05) == 0
    assert np.isnan(R.years_to_target(0.25, 1 / 3, -0.01))


def test_scenario_parameters_are_validated():
    with pytest.raises(ValueError):
        R.ScenarioParams(target_share=1.2)
    with pytest.raises(ValueError, match="after the base year"):
        R.reallocation_scenarios(synthetic_kolada(), R.ScenarioParams(0.25, 2024, 2024))


# --------------------------------------------------------------------------------------
# Need-adjusted view
# --------------------------------------------------------------------------------------


def test_age_regression_recovers_a_known_slope():
    rng = np.random.default_rng(1)
    codes = [c for c in R.REGION_CODES if c != "09"]
    a80 = np.linspace(4, 9, len(codes))
    rows = []
    for code, x in zip(codes, a80, strict=True):
        pc = 5000 + 300 * x + rng.normal(0, 20)
        rows += kolada_rows(code, 2024, pc, 15_000, 2500, a80=x)
    rows += kolada_rows("00", 2024, 6000, 15_000, 2500, a80=6.0)
    need = R.need_table(tidy("kolada", rows))
    reg = R.age_regressions(need, outcomes=["pc_cost"])
    row = reg.iloc[0]
    assert row["n"] == len(codes)
    assert row["ci_low"] < 300 < row["ci_high"]
    assert row["slope"] == pytest.approx(300, abs=15)
    line = R.age_fit_line(need, "pc_cost", 2024)
    assert (line["ci_low"] <= line["fit"]).all() and (line["fit"] <= line["ci_high"]).all()


# --------------------------------------------------------------------------------------
# The real snapshot
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(snapshot_dir):
    from analysis.sources.kolada import read_snapshot
    from analysis.sources.skr import read_skr_costs

    kolada = read_snapshot(snapshot_dir / "kolada" / "kolada_values.csv")
    skr = read_skr_costs(
        snapshot_dir / "skr" / "skr_kostnad_per_invanare_per_verksamhetsomrade_2008-2017.csv"
    )
    return kolada, skr


def test_real_shares_within_0_1_and_gotland_noted(real):
    kolada, skr = real
    shares = R.all_shares(kolada, skr)
    ok = shares["share"].dropna()
    assert ((ok > 0) & (ok < 1)).all()
    assert ok.between(0.10, 0.40).all(), "a primary-care share outside 10–40 % means a definition error"
    notes = R.missing_data_notes(shares)
    assert ((notes["region_code"] == "09") & (notes["definition"] == R.KOLADA_PRIMARY)).any()


def test_real_sources_agree_in_overlapping_years(real):
    """Kolada (own commitment) vs SKR (net), same three areas, 2011–2017.

    Stated tolerance: 1 pp per region-year (RECONCILE_TOLERANCE_PP). Riket must agree in
    every year; at least two thirds of region-years must agree (different cost types).
    """
    kolada, skr = real
    rec = R.reconcile_sources(R.all_shares(kolada, skr))
    assert sorted(rec["year"].unique()) == list(range(2011, 2018))
    riket = rec[rec["region_code"] == "00"]
    assert (riket["status"] == "inom tolerans").all()
    regions = rec[(rec["region_code"] != "00") & (rec["status"] != "saknas")]
    assert (regions["status"] == "inom tolerans").mean() >= 2 / 3
    # Kolada's "Kostnad" is above SKR's net cost in every year (own-commitment cost type)
    assert (R.level_ratios(kolada, skr)["ratio"] > 1.05).all()


def test_leave_one_out_recomputes_the_national_change_without_each_region():
    """SYNTHETIC regions 01 (100 000 inhabitants) and 03 (50 000); Gotland has no share and is
    left out of every aggregate. Hand-computed: with both, 2019 (1800·1 + 2000·0,5) /
    (8800·1 + 8000·0,5) and 2024 (2000 + 1500) / (10 000 + 5000)."""
    kolada = synthetic_kolada()
    shares = R.kolada_shares(kolada)
    loo = R.leave_one_out(kolada, shares, R.KOLADA_PRIMARY, 2019, 2024).set_index("dropped")
    assert list(loo.index) == ["", "01", "03"]
    assert loo.loc["", "n_regions"] == 2 and loo.loc["01", "n_regions"] == 1
    assert loo.loc["", "share_start"] == pytest.approx(2800 / 12800)
    assert loo.loc["", "share_end"] == pytest.approx(3500 / 15000)
    # without 01 the national change is 03's own
    assert loo.loc["01", "change_pp"] == pytest.approx(100 * (3000 / 10000 - 2000 / 8000))
    assert loo.loc["03", "region"] == "Uppsala"


def test_leave_one_out_names_a_region_without_population():
    kolada = synthetic_kolada()
    shares = R.kolada_shares(kolada)
    gone = kolada[~((kolada["indicator"] == "SCB_FOLKMANGD") & (kolada["region_code"] == "03"))]
    with pytest.raises(ValueError, match="no population for region-years"):
        R.leave_one_out(gone, shares, R.KOLADA_PRIMARY, 2019, 2024)
