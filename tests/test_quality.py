"""Quarantine, reviewed exceptions and covered years (synthetic tidy tables, labelled as such)."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from analysis import quality as Q
from analysis.regions import REGION_CODES
from analysis.validation import TIDY_COLUMNS, DataValidationError

IDS = {"P1", "K1"}
UNITS = {"P1": "procent", "K1": "kr/inv"}


def synthetic(values: dict[tuple[str, str, int], float]) -> pd.DataFrame:
    """A tidy Kolada-like table of synthetic test values keyed (indicator, region, year)."""
    rows = []
    for line, ((ind, code, year), value) in enumerate(values.items(), start=2):
        rows.append(
            {
                "source": "kolada",
                "indicator": ind,
                "region_code": code,
                "year": year,
                "sex": "T",
                "value": value,
                "unit": UNITS[ind],
                "numerator": float("nan"),
                "denominator": float("nan"),
                "ci_low": float("nan"),
                "ci_high": float("nan"),
                "source_file": "synthetic.csv",
                "source_row": line,
            }
        )
    return pd.DataFrame(rows, columns=TIDY_COLUMNS)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- ranges -----------------------------------------------------------------------------


def test_range_table_uses_unit_defaults_and_narrows_with_overrides(tmp_path):
    path = write(tmp_path, "r.csv", "id,min,max,reason\nP1,10,,minst tio procent i alla år\n")
    ranges = Q.range_table(UNITS, Q.read_plausible_ranges(path, IDS)).set_index("indicator")
    assert (ranges.at["P1", "min"], ranges.at["P1", "max"]) == (10.0, 100.0)
    assert ranges.at["P1", "reason"] == "minst tio procent i alla år"
    assert ranges.at["K1", "min"] == 0 and pd.isna(ranges.at["K1", "max"])


def test_unknown_unit_is_not_checked():
    ranges = Q.range_table({"X": "okänd"})
    assert ranges["min"].isna().all() and ranges["max"].isna().all()


@pytest.mark.parametrize(
    "line, column",
    [("Z9,0,1,x", "id"), ("P1,a,1,x", "min"), ("P1,5,1,x", "min"), ("P1,0,1,", "reason")],
)
def test_bad_plausible_ranges_name_row_and_column(tmp_path, line, column):
    path = write(tmp_path, "r.csv", f"id,min,max,reason\n{line}\n")
    with pytest.raises(DataValidationError) as err:
        Q.read_plausible_ranges(path, IDS)
    assert err.value.problems[0].row == 2 and err.value.problems[0].column == column


def test_committed_plausible_ranges_and_exceptions_are_valid(project_root):
    from analysis.registry import load_registry

    ids = set(load_registry(project_root / "data-raw" / "indicators.csv")["id"])
    Q.read_plausible_ranges(project_root / "data-raw" / "plausible_ranges.csv", ids)
    Q.read_exceptions(project_root / "data-raw" / "exceptions.csv", ids)


# --- quarantine ---------------------------------------------------------------------------


def test_quarantine_sets_impossible_values_aside_with_reason_and_log(caplog):
    df = synthetic({("P1", "01", 2020): 55.0, ("P1", "03", 2020): 146.1, ("K1", "01", 2020): -5.0})
    with caplog.at_level(logging.WARNING, logger="analysis.quality"):
        kept, trail = Q.quarantine(df, Q.range_table(UNITS))
    assert kept["value"].tolist() == [55.0]
    assert set(trail["action"]) == {"quarantine"}
    row = trail.set_index("region_code").loc["03"]
    assert row["value"] == 146.1 and row["source_row"] == 3
    assert "146,1" in row["reason"] and "0–100" in row["reason"]
    assert "minst 0" in trail.set_index("indicator").at["K1", "reason"]
    assert "quarantined P1/03/2020/T" in caplog.text


def test_screen_strict_mode_raises_naming_file_and_row():
    df = synthetic({("P1", "01", 2020): 55.0, ("P1", "03", 2020): 146.1})
    with pytest.raises(Q.DataQualityError, match=r"synthetic.csv, row 3.*P1/03/2020"):
        Q.screen(df, Q.range_table(UNITS), strict=True)
    kept, trail = Q.screen(df, Q.range_table(UNITS), strict=False)
    assert len(kept) == 1 and len(trail) == 1


# --- exceptions ---------------------------------------------------------------------------

HEADER = "indicator,region,year,sex,action,value,reason,source,date\n"


def test_exceptions_exclude_and_correct_are_applied_and_logged(tmp_path, caplog):
    path = write(
        tmp_path,
        "e.csv",
        HEADER
        + "P1,Stockholm,2020,,exclude,146.1,felkodat i källan,RKA e-post,2026-11-20\n"
        + "P1,03,2021,T,correct,46.1,kommatecken förskjutet,RKA rättelse,2026-11-21\n",
    )
    ex = Q.read_exceptions(path, IDS)
    assert ex["region_code"].tolist() == ["01", "03"]
    df = synthetic({("P1", "01", 2020): 146.1, ("P1", "03", 2021): 461.0, ("P1", "04", 2021): 40.0})
    with caplog.at_level(logging.INFO, logger="analysis.quality"):
        kept, trail = Q.screen(df, Q.range_table(UNITS), ex, strict=True)
    assert sorted(kept["value"]) == [40.0, 46.1]
    assert trail.set_index("action").loc["correct", ["value", "new_value"]].tolist() == [461.0, 46.1]
    assert "exception applied: excluded P1/01/2020/T" in caplog.text
    assert "corrected P1/03/2021/T 461.0 -> 46.1" in caplog.text


def test_exception_lapses_when_the_source_value_changed_or_is_gone(tmp_path):
    path = write(
        tmp_path,
        "e.csv",
        HEADER
        + "P1,01,2020,T,exclude,146.1,fel,RKA,2026-11-20\n"
        + "P1,05,2020,T,exclude,,fel,RKA,2026-11-20\n",
    )
    df = synthetic({("P1", "01", 2020): 46.1})
    kept, trail = Q.apply_exceptions(df, Q.read_exceptions(path, IDS))
    assert kept["value"].tolist() == [46.1]
    assert trail["action"].tolist() == ["not_applied", "not_applied"]


@pytest.mark.parametrize(
    "line, column",
    [
        ("Z9,01,2020,T,exclude,,r,s,2026-01-01", "indicator"),
        ("P1,Atlantis,2020,T,exclude,,r,s,2026-01-01", "region"),
        ("P1,01,20,T,exclude,,r,s,2026-01-01", "year"),
        ("P1,01,2020,T,delete,,r,s,2026-01-01", "action"),
        ("P1,01,2020,T,correct,,r,s,2026-01-01", "value"),
        ("P1,01,2020,T,exclude,,,s,2026-01-01", "reason"),
        ("P1,01,2020,T,exclude,,r,,2026-01-01", "source"),
        ("P1,01,2020,T,exclude,,r,s,igår", "date"),
    ],
)
def test_bad_exceptions_name_row_and_column(tmp_path, line, column):
    path = write(tmp_path, "e.csv", HEADER + line + "\n")
    with pytest.raises(DataValidationError) as err:
        Q.read_exceptions(path, IDS)
    assert (err.value.problems[0].row, err.value.problems[0].column) == (2, column)


# --- years --------------------------------------------------------------------------------


def test_covered_years_come_from_the_data_and_later_years_are_reported():
    values = {("P1", c, y): 50.0 for c in REGION_CODES for y in (2020, 2021)}
    values.update({("P1", c, 2022): 50.0 for c in REGION_CODES[:3]})  # 3 of 21 reported
    values.update({("P1", "00", 2022): 50.0})
    df = synthetic(values)
    kept, years = Q.covered_years(df, min_share=0.4)
    assert kept["year"].max() == 2021
    assert years.to_dict("records") == [
        {
            "indicator": "P1",
            "year": 2022,
            "n_regions": 3,
            "share": 3 / 21,
            "last_year": 2021,
            "status": "incomplete",
            "n_values": 4,
        }
    ]
    # adding the missing regions moves the last year, whatever today's date is
    values.update({("P1", c, 2022): 50.0 for c in REGION_CODES})
    kept, years = Q.covered_years(synthetic(values), min_share=0.4)
    assert kept["year"].max() == 2022 and years.empty


def test_explicit_last_year_wins_and_later_years_are_reported():
    df = synthetic({("P1", c, y): 50.0 for c in REGION_CODES for y in (2020, 2021)})
    kept, years = Q.covered_years(df, min_share=0.4, last_year=2020)
    assert kept["year"].max() == 2020
    assert years["status"].tolist() == ["after_last_year"] and years["n_values"].tolist() == [21]


def test_riket_only_indicator_is_measured_against_riket():
    df = synthetic({("P1", "00", 2020): 50.0, ("P1", "00", 2021): 51.0})
    cov = Q.region_coverage(df)
    assert cov["share"].tolist() == [1.0, 1.0]
    assert Q.covered_years(df, 0.4)[1].empty
