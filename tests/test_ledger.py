"""Tests of the reproduction ledger and the claims (``analysis.ledger``).

1. The committed spec covers the report map: every FULL and PARTIAL element of §6.1 (lists
   hard-coded below as the specification), every NONE and NON-NUMERIC element, and every
   prose item 001-P01…P26 and 004-P01…P16; it holds no statuses and no values; its links
   point at chapters in the table of contents and at labels that exist there.
2. On the real data: every status is re-derived here from the stored values, tolerances and
   the rule, independently of the module's own implementation.
3. Changing one input value flips the affected status (a Kolada value for one region,
   a printed total in a table).
4. The claims' verdict rules on small **synthetic** inputs with known answers.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import ledger as L
from analysis.book import toc_stems
from analysis.ledger import claims as C
from analysis.presentation.ledger import DualTable
from analysis.regions import NAMES
from analysis.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "data-raw" / "ledger_spec.csv"
CLAIMS = ROOT / "data-raw" / "claims.csv"


def _figs(*spec) -> list[str]:
    """``_figs(28, (10, 13))`` -> ["Fig 28", "Fig 10", ..., "Fig 13"]."""
    out = []
    for s in spec:
        lo, hi = s if isinstance(s, tuple) else (s, s)
        out += [f"Fig {i}" for i in range(lo, hi + 1)]
    return out


def _tabs(*spec) -> list[str]:
    return [f.replace("Fig", "Tabell") for f in _figs(*spec)]


# ---- the report map, §6.1 (the specification of coverage) ---------------------------

MAP_001 = {
    "FULL": _figs(28, 40, 44, 51, 66, 68, 70, 71) + _tabs(4, 5, 8, 9, 13, 14, 15, 16, 20, 23, 24, 25),
    "PARTIAL": _figs(
        6, 9, (10, 13), 15, 16, 26, (29, 34), (36, 38), 41, 42, 45, (47, 50), 64, 67, 69, (72, 75)
    ),
    "NONE": _figs(14, (17, 25), 27, 35, 39, 43, 46, (52, 63), 65, 76) + _tabs(21),
    "NON-NUMERIC": _figs((1, 5), 7, 8) + _tabs((1, 3), 6, 7, 10, 11, 12, 17, 18, 19, 22),
}
MAP_004 = {
    "FULL": _tabs((1, 4)) + [f"Bilaga {i}" for i in range(1, 6)],
    "NONE": _figs((1, 6)),
}
PROSE = [f"001-P{i:02d}" for i in range(1, 27)] + [f"004-P{i:02d}" for i in range(1, 17)]


def _map_ids() -> dict[str, str]:
    ids = {}
    for report, classes in (("001", MAP_001), ("004", MAP_004)):
        for cls, elements in classes.items():
            for e in elements:
                ids[f"{report} {e}"] = cls
    ids.update({p: "PROSE" for p in PROSE})
    return ids


def test_map_lists_match_the_counts_in_section_6_1():
    assert [len(MAP_001[c]) for c in ("FULL", "PARTIAL", "NONE", "NON-NUMERIC")] == [20, 32, 30, 19]
    assert [len(MAP_004[c]) for c in ("FULL", "NONE")] == [9, 6]
    assert len(PROSE) == 42


@pytest.fixture(scope="module")
def spec() -> pd.DataFrame:
    return L.read_spec(SPEC)


def test_spec_covers_every_full_partial_element_and_prose_item(spec):
    ids = _map_ids()
    have = dict(zip(spec["element"], spec["map_class"], strict=True))
    required = [e for e, c in ids.items() if c in ("FULL", "PARTIAL", "PROSE")]
    missing = [e for e in required if e not in have]
    assert missing == [], f"elements without a ledger row: {missing}"
    wrong = {e: (have[e], c) for e, c in ids.items() if e in have and have[e] != c}
    assert wrong == {}, f"class differs from the report map: {wrong}"
    assert set(have) <= set(ids), f"ids not in the report map: {sorted(set(have) - set(ids))}"


def test_spec_holds_no_statuses_or_values(spec, tmp_path):
    assert list(spec.columns) == L.SPEC_COLUMNS
    bad = tmp_path / "spec.csv"
    pd.read_csv(SPEC, dtype=str, keep_default_na=False).assign(status="reproduced").to_csv(bad, index=False)
    with pytest.raises(ValueError, match="must not hold statuses"):
        L.read_spec(bad)


def test_spec_names_only_known_checks_and_every_check_is_used(spec, tmp_path):
    used = {name for c in spec["checks"] for name, _ in L.parse_checks(c)}
    assert used == set(L.CHECKS), f"registered but unused: {sorted(set(L.CHECKS) - used)}"
    bad = tmp_path / "spec.csv"
    df = pd.read_csv(SPEC, dtype=str, keep_default_na=False)
    df.loc[0, "checks"] = "no_such_check=1"
    df.to_csv(bad, index=False)
    with pytest.raises(ValueError, match="unknown check"):
        L.read_spec(bad)


def test_spec_links_point_to_chapters_and_existing_labels(spec):
    stems = set(toc_stems(ROOT / "_toc.yml"))
    assert set(spec["chapter"]) <= stems, sorted(set(spec["chapter"]) - stems)
    for row in spec[spec["anchor"] != ""].itertuples():
        text = (ROOT / "chapters" / f"{row.chapter}.md").read_text(encoding="utf-8")
        label = re.escape(row.anchor)
        assert re.search(rf"^\({label}\)=|^:name: {label}\s*$", text, re.M), (
            f"{row.element}: label {row.anchor} not found in chapters/{row.chapter}.md"
        )


# ---- the real data -------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_inputs(snapshot_dir) -> L.Inputs:
    from analysis.sources.kolada import read_snapshot
    from analysis.sources.skr import read_skr_costs
    from analysis.sources.transcriptions import load_transcriptions, read_categorical_file

    cat = pd.concat(
        [read_categorical_file(p) for p in sorted((ROOT / "data-raw" / "categorical").glob("*.csv"))],
        ignore_index=True,
    )
    return L.Inputs(
        report_values=load_transcriptions(ROOT / "data-raw" / "transcriptions"),
        categorical=cat,
        kolada=read_snapshot(snapshot_dir / "kolada" / "kolada_values.csv"),
        skr=read_skr_costs(
            snapshot_dir / "skr" / "skr_kostnad_per_invanare_per_verksamhetsomrade_2008-2017.csv"
        ),
        sheet=load_registry(ROOT / "data-raw" / "indicators.csv"),
    )


@pytest.fixture(scope="module")
def real_ledger(spec, real_inputs):
    return L.build_ledger(spec, real_inputs)


def _within(r) -> object:
    """The comparison rule, written independently of the module."""
    if math.isnan(r.report_value) or math.isnan(r.compendium_value):
        return None
    if r.relation == "ge":
        return r.compendium_value >= r.report_value - r.tolerance - 1e-9
    return abs(r.compendium_value - r.report_value) <= r.tolerance + 1e-9


def _status(n_values: int, checks: pd.DataFrame, map_class: str, anchor: str = "") -> str:
    """The element rule, written independently of the module."""
    done = [(w, m) for w, m in zip(checks["_w"], checks["method"], strict=True) if w is not None]
    if not done:
        if n_values:
            return "transcribed only"
        if map_class == "NONE" and anchor[:4] == "fig-":
            return "shown with open data"  # no printed values; a compendium figure draws the measure
        return "no numbers" if map_class == "NON-NUMERIC" else "not reproducible"
    ok = [w for w, _ in done]
    if all(ok) and len(done) < n_values:
        return "partly reproduced"  # every comparison passed, but not every printed value was compared
    if all(ok):
        methods = {m for _, m in done}
        if "independent" in methods:
            return "reproduced"
        # another definition in independent data agrees, which reproduces none of the numbers
        return "consistent (related measure)" if "related" in methods else "reproduced (arithmetic)"
    return "differs" if not any(ok) else "partly reproduced"


def test_ledger_has_one_row_per_spec_element(spec, real_ledger):
    ledger, _ = real_ledger
    assert list(ledger["element"]) == list(spec["element"])
    assert list(ledger.columns) == L.LEDGER_COLUMNS
    assert set(ledger["status"]) <= set(L.STATUSES)


def test_every_status_rederived_from_stored_values(real_ledger, real_inputs):
    ledger, checks = real_ledger
    assert len(checks) > 100
    checks = checks.assign(_w=[_within(r) for r in checks.itertuples()])
    stored = checks["within"].astype(object).where(checks["within"].notna(), None)
    assert stored.tolist() == checks["_w"].tolist()
    for row in ledger.itertuples():
        report, el = L.split_element_id(row.element)
        n_values = len(real_inputs.values(report, el)) + len(real_inputs.categorical_cells(report, el))
        assert row.n_report_values == n_values
        ch = checks[checks["element"] == row.element]
        assert row.status == _status(n_values, ch, row.map_class, row.anchor), row.element
        assert row.n_compared == sum(w is not None for w in ch["_w"])
        assert row.n_within == sum(bool(w) for w in ch["_w"] if w is not None)
        assert row.status_sv == L.STATUS_SV[row.status]


def test_known_elements_get_the_expected_kind_of_status(real_ledger):
    status = real_ledger[0].set_index("element")["status"]
    assert status["001 Fig 1"] == "no numbers"
    assert status["001 Fig 44"] == "transcribed only"
    assert status["001 Fig 59"] == "shown with open data"  # no labels; kap15 draws Kolada's series
    assert status["001 Fig 62"] == "not reproducible"  # Kolada has only one of its two groups
    # only the row and column totals are compared, not each printed value: partly reproduced
    assert status["001 Tabell 4"] == "partly reproduced"
    # the report itself notes that Tabell 9's 2022 total differs from Tabell 4's
    assert status["001 Tabell 9"] == "partly reproduced"


def test_bilaga1_region_flips_when_its_kolada_value_changes(spec, real_inputs):
    """Perturb one region's primary-care cost in 2021: only its Bilaga 1 comparison flips."""
    one = spec[spec["element"] == "004 Bilaga 1"]
    _, before = L.build_ledger(one, real_inputs)
    change = before[before["check"] == "bilaga1_own_change_kolada"]
    ok = change[change["within"].fillna(False).astype(bool)]
    assert len(ok), "no region reproduces the 2015–2021 change; nothing to perturb"
    item = ok["item"].iloc[0]
    region = item.split(",")[0]
    code = next(c for c, n in NAMES.items() if n == region)
    k = real_inputs.kolada.copy()
    hit = (k["indicator"] == "N71000") & (k["region_code"] == code) & (k["year"] == 2021)
    assert hit.sum() == 1
    k.loc[hit, "value"] *= 1.15
    perturbed = L.Inputs(
        real_inputs.report_values, real_inputs.categorical, k, real_inputs.skr, real_inputs.sheet
    )
    _, after = L.build_ledger(one, perturbed)
    key = ["check", "item"]
    merged = before.merge(after, on=key, suffixes=("_before", "_after"))
    flipped = merged[merged["within_before"].fillna(False) != merged["within_after"].fillna(False)]
    assert {i.split(",")[0] for i in flipped["item"]} == {region}
    assert item in set(flipped["item"])
    assert not flipped.loc[flipped["check"] == "bilaga1_own_change_kolada", "within_after"].any()


def test_changing_a_printed_total_flips_tabell4(spec, real_inputs):
    one = spec[spec["element"] == "001 Tabell 4"]
    _, before = L.build_ledger(one, real_inputs)
    assert before["within"].astype(bool).all()
    rv = real_inputs.report_values.copy()
    hit = (
        (rv["report"] == "001")
        & (rv["element"] == "Tabell 4")
        & (rv["series"] == "state_grants")
        & (rv["group"] == "Totalt")
        & (rv["year"] == 2020)
    )
    assert hit.sum() == 1
    rv.loc[hit, "value"] += 100
    led, ch = L.build_ledger(
        one, L.Inputs(rv, real_inputs.categorical, real_inputs.kolada, real_inputs.skr, real_inputs.sheet)
    )
    assert led["status"].iloc[0] == "partly reproduced"
    # the 2020 row sum and the Totalt column sum both use the changed value
    assert sorted(ch.loc[~ch["within"].astype(bool), "item"]) == ["2020", "Totalt"]


def test_real_claims_evaluate(real_inputs):
    claims = L.evaluate_claims(L.read_claims(CLAIMS), real_inputs)
    assert {"C01", "C02", "C03", "C04", "C05", "C06", "C07"} <= set(claims["claim"])
    assert set(claims["verdict"]) <= set(L.VERDICTS)
    by = claims.set_index("claim")
    assert by.at["C05", "verdict"] == "kan inte prövas"  # no continuity-index series
    assert by.at["C06", "verdict"] == "kan inte prövas"  # transcribed only
    gaps = json.loads(by.at["C01", "values"])  # C01's verdict follows from its stored numbers
    ok = [abs(v - 10) <= 2 for v in gaps.values() if v is not None]
    expected = (
        "stöds" if all(ok) and len(ok) == 6 else "stöds delvis" if sum(ok) >= len(ok) / 2 else "stöds inte"
    )
    assert by.at["C01", "verdict"] == expected


# ---- synthetic inputs (made-up numbers with known answers) ---------------------------


def synthetic_kolada(series: dict[str, dict[str, dict[int, float]]]) -> pd.DataFrame:
    """SYNTHETIC tidy Kolada table: {indicator: {region_code: {year: value}}}."""
    rows = [
        {"source": "kolada", "indicator": kpi, "region_code": code, "year": y, "sex": "T", "value": v}
        for kpi, regions in series.items()
        for code, years in regions.items()
        for y, v in years.items()
    ]
    return pd.DataFrame(rows)


EMPTY_RV = pd.DataFrame(
    columns=["report", "element", "series", "value", "unit", "year", "status", "region_code"]
)


def _inp(kolada: pd.DataFrame, rv: pd.DataFrame = EMPTY_RV) -> L.Inputs:
    return L.Inputs(report_values=rv, kolada=kolada)


def test_synthetic_bilaga1_reproduced_then_differs():
    """SYNTHETIC: report changes equal to the Kolada changes -> consistent with this related
    measure (Kolada's share is another definition), never "reproduced"; moved -> differs."""
    codes = ["01", "03", "00"]
    cost = {"N71000": 20.0, "N72000": 60.0, "N74000": 20.0}  # share 20 % in 2015
    kol = {k: {c: {2015: v, 2021: v} for c in codes} for k, v in cost.items()}
    for c in codes:
        kol["N71000"][c][2021] = 25.0  # share 25/105 in 2021
    kolada = synthetic_kolada(kol)
    change = 100 * (25 / 105 - 20 / 100)
    rv = pd.DataFrame(
        [
            {
                "report": "004",
                "element": "Bilaga 1",
                "series": "pc_share_hsv_costs_own_commitment_change_2015_2021_pp",
                "region_code": c,
                "year": 2021,
                "value": round(change, 1),
                "unit": "procentenheter",
                "status": "printed",
            }
            for c in codes
        ]
    )
    spec = pd.DataFrame(
        [
            {
                "element": "004 Bilaga 1",
                "title": "syntetisk",
                "map_class": "FULL",
                "checks": "bilaga1_own_change_kolada=0.5",
                "chapter": "kap08_resurstilldelning",
                "anchor": "",
                "reason": "",
            }
        ]
    )
    led, _ = L.build_ledger(spec, _inp(kolada, rv))
    assert led["status"].iloc[0] == "consistent (related measure)"
    assert led["method"].iloc[0] == "compared with a related measure"
    rv2 = rv.copy()
    rv2.loc[rv2["region_code"] == "03", "value"] += 2.0
    led2, ch2 = L.build_ledger(spec, _inp(kolada, rv2))
    assert led2["status"].iloc[0] == "partly reproduced"
    assert [i.split(",")[0] for i in ch2.loc[~ch2["within"].astype(bool), "item"]] == ["Uppsala"]
    led3, _ = L.build_ledger(spec, _inp(kolada, rv.assign(value=rv["value"] + 2.0)))
    assert led3["status"].iloc[0] == "differs"


def test_derive_status_rule():
    ind, ari = L.INDEPENDENT, L.ARITHMETIC
    assert L.derive_status(2, [True, True], [ind, ari], "FULL") == "reproduced"
    assert L.derive_status(2, [True, True], [ari, ari], "FULL") == "reproduced (arithmetic)"
    # every comparison passes, but only 2 of the 22 printed values were compared
    assert L.derive_status(22, [True, True], [ind, ind], "FULL") == "partly reproduced"
    assert L.derive_status(3, [True, False], [ind, ind], "FULL") == "partly reproduced"
    assert L.derive_status(3, [False, pd.NA], [ind, ind], "FULL") == "differs"
    assert L.derive_status(3, [pd.NA], [ind], "FULL") == "transcribed only"
    assert L.derive_status(0, [], [], "NONE") == "not reproducible"
    assert L.derive_status(0, [], [], "NONE", "fig-kap15-fig59") == "shown with open data"
    assert L.derive_status(0, [], [], "NONE", "sec-kap15-oppna-serier") == "not reproducible"
    assert L.derive_status(2, [], [], "NONE", "fig-x") == "transcribed only"  # printed values come first
    assert L.derive_status(0, [], [], "NON-NUMERIC") == "no numbers"


def test_is_within_relations():
    assert L.is_within(10, 10.4, 0.5) is True
    assert L.is_within(10, 10.6, 0.5) is False
    assert L.is_within(30, 34, 0, "ge") is True
    assert L.is_within(30, 29, 0, "ge") is False
    assert L.is_within(float("nan"), 1, 1) is pd.NA


def test_synthetic_gap_each_year():
    """SYNTHETIC: hospital minus primary care trust, Riket."""
    years = range(2018, 2024)
    k = synthetic_kolada({"A": {"00": {y: 70.0 for y in years}}, "B": {"00": {y: 60.0 for y in years}}})
    args = {"a": "kolada:A", "b": "kolada:B", "years": [2018, 2023], "expected": 10, "tolerance": 2}
    assert C.rule_gap_each_year(_inp(k), **args)["verdict"] == "stöds"
    k2 = k.copy()
    k2.loc[(k2["indicator"] == "B") & (k2["year"] <= 2020), "value"] = 50.0  # gap 20 in 3 of 6 years
    assert C.rule_gap_each_year(_inp(k2), **args)["verdict"] == "stöds delvis"
    k3 = k.assign(value=lambda d: d["value"].where(d["indicator"] == "A", 69.0))  # gap 1 every year
    assert C.rule_gap_each_year(_inp(k3), **args)["verdict"] == "stöds inte"
    assert C.rule_gap_each_year(_inp(k.iloc[0:0]), **args)["verdict"] == "kan inte prövas"


def test_synthetic_change():
    """SYNTHETIC share series via a fake Kolada indicator."""
    k = synthetic_kolada({"S": {"00": {2016: 20.0, 2022: 21.4, 2023: 21.0}}})
    base = {"series": "kolada:S", "start": 2016, "end": 2023, "tolerance": 0.5}
    assert C.rule_change(_inp(k), expected=1.0, **base)["verdict"] == "stöds"
    assert C.rule_change(_inp(k), expected=3.0, **base)["verdict"] == "stöds delvis"
    assert C.rule_change(_inp(k), expected=-1.0, **base)["verdict"] == "stöds inte"
    assert C.rule_change(_inp(k), expected=1.0, **{**base, "end": 2030})["verdict"] == "kan inte prövas"


def test_synthetic_temporary_shift():
    """SYNTHETIC trust series: rises in 2020–21 and falls back -> stöds; stays up -> delvis."""
    temp = {2019: 60.0, 2020: 69.0, 2021: 69.0, 2022: 62.0, 2023: 61.0}
    stay = {2019: 60.0, 2020: 69.0, 2021: 69.0, 2022: 69.0, 2023: 70.0}
    flat = {y: 60.0 for y in temp}
    args = {"before": [2019], "during": [2020, 2021], "after": [2022, 2023], "direction": 1, "min_shift": 2.0}
    for values, verdict in ((temp, "stöds"), (stay, "stöds delvis"), (flat, "stöds inte")):
        k = synthetic_kolada({"T": {"00": values}})
        assert C.rule_temporary_shift(_inp(k), series="kolada:T", **args)["verdict"] == verdict


def test_synthetic_regions_direction():
    """SYNTHETIC: four regions and Riket; the share falls in all but ``n_up`` regions."""

    def run(n_up: int, riket_falls: bool = True):
        regions = ["01", "03", "04", "05"]
        data = {c: {2019: 20.0, 2024: 21.0 if i < n_up else 19.0} for i, c in enumerate(regions)}
        data["00"] = {2019: 20.0, 2024: 19.0 if riket_falls else 21.0}
        k = synthetic_kolada({"S": data})
        p = {"series": "kolada:S", "start": 2019, "end": 2024, "direction": -1, "max_exceptions": 1}
        return C.rule_regions_direction(_inp(k), **p)["verdict"]

    assert run(0) == "stöds"
    assert run(1) == "stöds"
    assert run(2, riket_falls=True) == "stöds inte"  # 2 of 4 is not a majority
    assert run(3) == "stöds inte"


def test_synthetic_stable_and_direction():
    """SYNTHETIC access and admissions series."""
    k = synthetic_kolada(
        {
            "F": {"00": {2018: 80.0, 2019: 81.0, 2020: 82.0, 2021: 81.0, 2022: 80.5, 2023: 81.0}},
            "B": {"00": {2018: 80.0, 2019: 81.0, 2020: 88.0, 2021: 88.0, 2022: 84.0, 2023: 82.0}},
            "D": {"00": {2016: 100.0, 2023: 90.0}},
        }
    )
    inp = _inp(k)
    assert C.rule_stable(inp, "kolada:F", [2018, 2023], 3.0)["verdict"] == "stöds"
    assert C.rule_stable(inp, "kolada:B", [2018, 2023], 3.0)["verdict"] == "stöds delvis"
    assert C.rule_direction(inp, "kolada:D", 2016, 2023, -1, 5.0)["verdict"] == "stöds"
    assert C.rule_direction(inp, "kolada:D", 2016, 2023, -1, 20.0)["verdict"] == "stöds delvis"
    assert C.rule_direction(inp, "kolada:D", 2016, 2023, 1, 5.0)["verdict"] == "stöds inte"


def test_untestable_rules_say_so():
    assert C.rule_not_testable(_inp(synthetic_kolada({})), reason="x")["verdict"] == "kan inte prövas"
    rv = pd.DataFrame(
        [
            {"report": "001", "element": "Fig 64", "series": "v", "year": 2016, "value": 144000.0},
            {"report": "001", "element": "Fig 64", "series": "v", "year": 2023, "value": 111000.0},
        ]
    )  # SYNTHETIC copy of two report values
    res = C.rule_report_only(
        _inp(synthetic_kolada({}), rv), report="001", element="Fig 64", series="v", reason="r"
    )
    assert res["verdict"] == "kan inte prövas"
    assert "−22,9" in res["numbers"]


def test_claim_kolada_ids_finds_every_named_series_once():
    claims = pd.DataFrame(
        {
            "params": [
                '{"a": "kolada:U1", "b": "share:x", "sensitivity": ["kolada:U2", "kolada:U1"]}',
                "",
                '{"series": "kolada:U3", "nested": {"alt": "kolada:U4"}}',
            ]
        }
    )
    assert C.claim_kolada_ids(claims) == ["U1", "U2", "U3", "U4"]
    # the committed claims name the series the claims rule must declare (a missing one would
    # read as "Data saknas")
    assert {"U70446", "U70449", "U79133", "U79029"} <= set(C.claim_kolada_ids(L.read_claims(CLAIMS)))


def test_series_labels_name_kolada_series_in_swedish():
    names = {"U70449": "Tillgång till vård"}
    assert C.series_label("kolada:U70449", names) == "Tillgång till vård (Kolada)"
    assert C.series_label("kolada:U1", names) == "Kolada U1"  # unnamed: the id, never nothing
    text = C.rule_text("stable", {"series": "kolada:U70449", "years": [2018, 2023], "tolerance": 3}, names)
    assert text.startswith("Tillgång till vård (Kolada) 2018–2023:") and "U70449" not in text
    assert "± 3,0 procentenheter" in C.rule_text(
        "stable",
        {"series": "kolada:U70449", "years": [2018, 2023], "tolerance": 3},
        names,
        {"U70449": "procent"},
    )
    # a difference takes the series' unit; one year is a value, several a mean
    units = {"U1": "antal/1 000 inv"}
    shift = {"series": "kolada:U1", "before": [2019], "during": [2020], "after": [2021, 2022]}
    shift |= {"direction": -1, "min_shift": 20.0, "min_reversal_fraction": 0.0}
    text = C.rule_text("temporary_shift", shift, {}, units)
    assert "värdet 2020 jämfört med värdet 2019" in text and "medelvärdet 2021–2022" in text
    assert "minst 20,0 per 1\u202f000 invånare" in text.replace(" 000", "\u202f000")
    assert C.difference_unit("share:x") == "procentenheter" and C.difference_unit("kolada:U9") == "enheter"


def test_reader_texts_of_the_spec_and_checks_hold_no_ids_or_straight_quotes():
    """The spec's reasons and the checks' titles are shown on the protocol page as written."""
    spec = pd.read_csv(ROOT / "data-raw" / "ledger_spec.csv", dtype=str, keep_default_na=False)
    texts = list(spec["reason"]) + list(spec["title"]) + [c.description for c in L.CHECKS.values()]
    bad = [t for t in texts if re.search(r"\b[UN]\d{5}\b|\bFig\b", t) or "'" in t or '"' in t]
    assert bad == []


def test_claims_file_is_valid_and_holds_no_verdicts(tmp_path):
    claims = L.read_claims(CLAIMS)
    assert claims["claim"].is_unique
    for c in claims.itertuples():
        L.rule_text(c.rule, json.loads(c.params))  # every rule has its Swedish statement
    bad = tmp_path / "claims.csv"
    pd.read_csv(CLAIMS, dtype=str, keep_default_na=False).assign(verdict="stöds").to_csv(bad, index=False)
    with pytest.raises(ValueError, match="computed"):
        L.read_claims(bad)


# ---- display and workflow ------------------------------------------------------------


def test_dual_table_renders_links_for_the_site_and_doc_roles_for_the_pdf():
    df = pd.DataFrame(
        {
            "Element": ["001 Fig 44"],
            "Text": ["a | b <c>"],
            "Kapitel": ["Kap. 14"],
            "_link": ["kap14.html#x"],
            "_stem": ["kap14"],
        }
    )
    t = DualTable(
        df, "t1", links={"Kapitel": "_link"}, doc_links={"Kapitel": "_stem"}, row_attrs={"status": "Element"}
    )
    h = t._repr_html_()
    assert 'id="t1"' in h and '<a href="kap14.html#x">Kap. 14</a>' in h and 'data-status="001 Fig 44"' in h
    assert "_link" not in h and "&lt;c&gt;" in h
    md = t._repr_markdown_()
    assert "{doc}`Kap. 14 <kap14>`" in md and r"a \| b \<c\>" in md


def test_dual_table_gives_the_pdf_column_widths_and_right_aligned_counts():
    df = pd.DataFrame({"Status": ["stämmer med närliggande mått", "avviker"], "Totalt": ["1", "28"]})
    md = DualTable(df, "t2")._repr_markdown_()
    spec = md.split("\n", 1)[0]
    assert spec.startswith("```{tabularcolumns}") and spec.count(r"\Y{") == 2
    assert r"\raggedright" in spec and spec.rindex(r"\raggedleft") > spec.index(r"\raggedright")
    assert "|:---|---:|" in md


def test_ledger_rules_declare_the_code_and_the_outputs():
    text = (ROOT / "workflow" / "rules" / "ledger.smk").read_text(encoding="utf-8")
    assert "code_deps(" in text and "data-raw/ledger_spec.csv" in text and "data-raw/claims.csv" in text
    for out in ("ledger.parquet", "ledger.csv", "claims.parquet", "claims.csv"):
        assert out in text
