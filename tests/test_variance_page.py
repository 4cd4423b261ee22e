"""The chapter *Regionala skillnader* reads the series its text quotes from the analysis sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.presentation.variance_page import COST_ROLES, quoted_series
from analysis.registry import load_registry

SHEET = Path(__file__).resolve().parents[1] / "data-raw" / "indicators.csv"


def test_quoted_series_come_from_roles_and_marks():
    sheet = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E", "F"],
            "role": [*COST_ROLES, "", ""],
            "analyses": ["", "region_icc", "", "", "trend;region_icc;did_treated", "trend"],
        }
    )
    assert quoted_series(sheet) == {
        "cost_ids": ["A", "B", "C", "D"],
        "icc_named": ["B", "E"],
        "rank_indicator": "E",
    }
    with pytest.raises(ValueError, match="cost_somatic"):
        quoted_series(sheet.assign(role=sheet["role"].replace("cost_somatic", "")))


def test_the_committed_sheet_marks_what_the_text_quotes():
    sheet = load_registry(SHEET).set_index("id")
    quoted = quoted_series(sheet.reset_index())
    assert set(sheet.loc[quoted["cost_ids"], "unit"]) == {"kr/inv"}
    assert quoted["icc_named"] and quoted["rank_indicator"] in sheet.index
    assert sheet.at[quoted["rank_indicator"], "family"] == "trust"
