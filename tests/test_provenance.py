"""Tests of the build-provenance helpers (what changed since the previous build, colophon)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.provenance import colophon, diff_manifests, summarise_changes, value_manifest


def manifest(rows):
    """Synthetic manifest rows: (indicator, region, year, value)."""
    return value_manifest(
        [
            pd.DataFrame(
                [
                    {"source": "kolada", "indicator": i, "region_code": r, "year": y, "sex": "T", "value": v}
                    for i, r, y, v in rows
                ]
            )
        ]
    )


def test_identical_builds_have_no_changes():
    m = manifest([("U1", "01", 2023, 50.0), ("U1", "01", 2024, 51.0)])
    assert diff_manifests(m, m).empty


def test_each_kind_of_change_is_classified():
    previous = manifest([("U1", "01", 2023, 50.0), ("U1", "03", 2023, 40.0), ("OLD", "01", 2023, 1.0)])
    current = manifest(
        [
            ("U1", "01", 2023, 50.5),
            ("U1", "01", 2024, 52.0),
            ("NEW", "01", 2024, 3.0),
            ("U1", "03", 2024, 41.0),
        ]
    )
    diff = diff_manifests(previous, current).set_index(["indicator", "region_code", "year"])["change"]
    assert diff[("U1", "01", 2023)] == "revised"
    assert diff[("U1", "01", 2024)] == "new_year"
    assert diff[("NEW", "01", 2024)] == "new_indicator"
    assert diff[("OLD", "01", 2023)] == "removed_indicator"
    assert diff[("U1", "03", 2023)] == "removed_value"
    assert diff[("U1", "03", 2024)] == "new_year"
    assert len(diff) == 6


def test_value_in_known_year_for_new_region_is_a_new_value():
    previous = manifest([("U1", "01", 2023, 50.0)])
    current = manifest([("U1", "01", 2023, 50.0), ("U1", "03", 2023, 45.0)])
    assert diff_manifests(previous, current)["change"].tolist() == ["new_value"]


def test_summary_uses_swedish_labels_and_lists_years():
    previous = manifest([("U1", "01", 2023, 50.0)])
    current = manifest([("U1", "01", 2023, 50.0), ("U1", "01", 2024, 1.0), ("U1", "03", 2024, 2.0)])
    summary = summarise_changes(diff_manifests(previous, current))
    assert summary.to_dict("records") == [
        {"source": "kolada", "indicator": "U1", "change": "Nytt år", "antal": 2, "år": "2024"}
    ]


def test_colophon_records_versions_and_date(tmp_path):
    info = colophon(tmp_path, "snapshot X", today=dt.date(2026, 1, 2))
    assert info["build_date"] == "2026-01-02" and info["data"] == "snapshot X"
    assert info["packages"]["pandas"] == pd.__version__
    assert info["commit"] == ""  # not a git checkout
