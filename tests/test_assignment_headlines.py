"""Tests of analysis.assignment.headlines: sentences from synthetic results, wording follows the intervals."""

from __future__ import annotations

import pandas as pd

from analysis.assignment.headlines import COLUMNS, ageing_text, build_headlines, clear


def _inputs(shift_ci=(-1.0, 1.0), grant_ci=(-0.3, 0.3)):
    national = pd.DataFrame(
        {
            "target": ["bast"] * 3,
            "target_label": ["de bästa regionernas nivå"] * 3,
            "elasticity": [0.0, 0.5, 1.0],
            "price_diff": [0.0] * 3,
            "extra_mnkr": [9000.0, 15000.0, 22000.0],
            "share_target": [0.24] * 3,
            "base_year": [2024] * 3,
            "target_year": [2030] * 3,
        }
    )

    def model(name, term, lo, hi, **extra):
        return {"model": name, "term": term, "coef": (lo + hi) / 2, "ci_low": lo, "ci_high": hi, **extra}

    shift = pd.DataFrame([model("hemsjukvard_vardplatser", "beds", *shift_ci)])
    mech = pd.DataFrame([model("pc_growth", "spec_growth", -0.9, 0.3, first_year=2017, last_year=2024)])
    grants = pd.DataFrame([model("lasting_share", "dose_sum_pct", *grant_ci)])
    return national, shift, mech, grants


def test_headlines_have_columns_numbers_and_anchors():
    h = build_headlines(*_inputs(), central_elasticity=0.5, grant_years="2020–2022")
    assert list(h.columns) == COLUMNS
    first = h.iloc[0]
    assert first["value"] == 15.0 and first["low"] == 9.0 and first["high"] == 22.0
    assert "15,0 miljarder kronor" in first["text_sv"]
    # each amount with the ageing assumption it rests on
    assert "hälften så snabbt" in first["text_sv"]
    assert "9,0 miljarder om den hålls oförändrad" in first["text_sv"]
    assert "22,0 miljarder om den växer lika snabbt" in first["text_sv"]
    assert h["anchor"].str.startswith("sec-fraga-").all()
    # an interval across zero is said to show no crowding out
    assert h.set_index("key").loc["fraga2_undantrangning", "text_sv"].endswith("ingen säker undanträngning.")
    grants = h.set_index("key").loc["fraga3_statsbidrag", "text_sv"]
    assert "inte en tydligt" in grants
    # the per-inhabitant assumption that makes the dose a matter of cheap primary care is stated
    assert grants.startswith("Om statsbidragen 2020–2022 fördelades efter folkmängd")


def test_wording_follows_the_interval():
    # beds coefficient clearly negative -> fewer beds go with *more* home care ("snabbare")
    h = build_headlines(
        *_inputs(shift_ci=(-3.0, -1.0), grant_ci=(0.1, 0.5)), central_elasticity=0.5, grant_years="2020–2022"
    )
    t = h.set_index("key")["text_sv"]
    assert "fick snabbare" in t["fraga45_vardplatser_hemsjukvard"]
    assert "varaktigt högre" in t["fraga3_statsbidrag"]
    assert clear(0.1, 0.2) == 1 and clear(-0.2, -0.1) == -1 and clear(-0.1, 0.1) == 0


def test_ageing_text_names_the_assumption():
    assert ageing_text(0.0) == "hålls oförändrad"
    assert "lika snabbt" in ageing_text(1.0) and "hälften" in ageing_text(0.5)
    assert "0,25 gånger" in ageing_text(0.25)
