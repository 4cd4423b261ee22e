"""Tests of analysis.assignment.grants: population distribution, dose table, known slope (synthetic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.assignment import grants as G
from analysis.regions import REGION_CODES


def test_regional_grants_sum_to_national_and_equal_per_inhabitant():
    pop = pd.DataFrame(
        {"region_code": ["01", "03", "00"], "year": 2020, "pop": [3_000_000, 1_000_000, 4_000_000]}
    )
    nat = pd.DataFrame({"year": [2020], "mnkr": [400.0]})
    out = G.regional_grants(nat, pop).set_index("region_code")
    assert "00" not in out.index  # Riket is not a region
    assert out["grant_mnkr"].sum() == pytest.approx(400.0)
    assert out.loc["01", "grant_mnkr"] == pytest.approx(300.0)
    assert out["grant_per_inv"].tolist() == pytest.approx([100.0, 100.0])


def _kolada(slope: float, seed: int = 0) -> pd.DataFrame:
    """Regions whose lasting share change is ``slope`` pp per % dose (plus noise)."""
    rng = np.random.default_rng(seed)
    rows = []
    for code in REGION_CODES:
        pc19 = rng.uniform(4000, 7000)
        spec = 20000.0
        pop = 500_000.0
        for year in (2019, 2020, 2021, 2022, 2024):
            rows += [
                ("cost_somatic", code, year, spec),
                ("cost_psychiatric", code, year, 0.0),
                ("population", code, year, pop),
            ]
        # dose_sum = 3 years * 1000 kr / pc19 * 100 (%); share change built from it
        dose = 100 * 3 * 1000 / pc19
        share19 = pc19 / (pc19 + spec)
        share24 = share19 + (slope * dose + rng.normal(0, 0.05)) / 100
        pc24 = share24 / (1 - share24) * spec
        rows += [("cost_primary_care", code, 2019, pc19), ("cost_primary_care", code, 2024, pc24)]
        for year in (2020, 2021, 2022):
            rows.append(("cost_primary_care", code, year, pc19))
    d = pd.DataFrame(rows, columns=["indicator", "region_code", "year", "value"])
    d["sex"] = "T"
    return d


def test_dose_model_recovers_known_slope():
    kolada = _kolada(slope=0.2)
    # 1 000 kr per inhabitant each year: national amount = 1 000 * total population / 1e6 mnkr
    total = 500_000.0 * len(REGION_CODES)
    nat = pd.DataFrame({"year": [2020, 2021, 2022], "mnkr": [1000 * total / 1e6] * 3})
    res = G.grant_analysis(kolada, nat, 2019, [2020, 2021, 2022], 2024)
    d = res.doses.set_index("region_code")
    assert d["grant_per_inv_sum"].iloc[0] == pytest.approx(3000.0)
    m = res.models.set_index("model").loc["lasting_share"]
    assert m["ci_low"] < 0.2 < m["ci_high"]
    assert abs(m["coef"] - 0.2) < 0.05
    assert "lasting_share" in res.summary()
    assert G.last_share_year(kolada) == 2024


def test_national_grants_reads_table_4():
    rv = pd.DataFrame(
        {
            "report": ["001", "001", "001"],
            "element": ["Tabell 4"] * 3,
            "series": ["state_grants"] * 3,
            "group": ["Regioner", "Kommuner", "Regioner"],
            "year": [2020.0, 2020.0, np.nan],
            "value": [5699.0, 500.0, 1.0],
        }
    )
    assert G.national_grants(rv).to_dict("records") == [{"year": 2020, "mnkr": 5699.0}]
