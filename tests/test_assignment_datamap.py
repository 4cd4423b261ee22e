"""Tests of analysis.assignment.datamap: the committed map passes its schema, broken ones fail."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.assignment.datamap import COLUMNS, load_datamap, validate_datamap

ROOT = Path(__file__).resolve().parents[1]


def test_committed_map_is_valid_and_covers_all_questions():
    d = load_datamap(ROOT / "data-raw" / "assignment_datamap.csv")
    assert list(d.columns) == COLUMNS
    assert set(d["question"]) == set(range(1, 7))


def _good() -> pd.DataFrame:
    return pd.DataFrame(
        [[str(q), f"data {q}", "SCB", "region", "2020–", "något", "ja", "nej"] for q in range(1, 7)],
        columns=COLUMNS,
    )


def test_good_synthetic_map_passes():
    assert len(validate_datamap(_good())) == 6


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("question", "7", "not 1–6"),
        ("public", "kanske", "public"),
        ("holder", "", "holder is empty"),
        ("in_compendium", "yes", "in_compendium"),
    ],
)
def test_broken_values_are_listed(column, value, message):
    d = _good()
    d.loc[0, column] = value
    with pytest.raises(ValueError, match=message):
        validate_datamap(d)


def test_missing_column_and_duplicates_and_uncovered_question():
    with pytest.raises(ValueError, match="missing"):
        validate_datamap(_good().drop(columns="years"))
    d = pd.concat([_good(), _good().head(1)], ignore_index=True)
    with pytest.raises(ValueError, match="duplicate"):
        validate_datamap(d)
    with pytest.raises(ValueError, match=r"question\(s\) \[6\]"):
        validate_datamap(_good().head(5))
