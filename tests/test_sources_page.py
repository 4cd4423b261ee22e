"""The tables of Datakällor: a compact coverage summary, Swedish units, no machine paths."""

from __future__ import annotations

import json

import pandas as pd

from analysis.presentation import sources_page as sp

COVERAGE = pd.DataFrame(
    {
        "source": ["kolada", "kolada", "kolada", "vis"],
        "indicator": ["A", "B", "SCB_X", "vis:y"],
        "unit": ["procent", "procent", "kr/inv", "procent"],
        "first_year": [2016, 2011, 2011, 2010],
        "last_year": [2024, 2023, 2024, 2018],
        "n_years": [9, 13, 14, 9],
        "n_regions": [21, 20, 21, 21],
        "has_riket": [True, True, False, True],
        "sexes": ["T", "T", "T", "T"],
        "n_values": [189, 250, 294, 189],
        "gaps": [0, 3, 0, 1],
        "gap_detail": ["", "04: 2017", "", "09: 2012"],
    }
)


def test_coverage_summary_has_one_row_per_source_and_unit():
    s = sp.coverage_summary(COVERAGE)
    assert len(s) == 3
    kp = s[(s["Källa"] == "Kolada") & (s["Enhet"] == "procent")].iloc[0]
    assert kp["Serier"] == 2 and kp["År"] == "2011–2024" and kp["Serier med luckor"] == 1
    assert kp["Värden"] == 439 and kp["Regioner (högst)"] == 21
    assert "kr per invånare" in set(s["Enhet"])


def test_full_coverage_table_reads_in_swedish_and_hides_snapshot_names():
    t = sp.coverage_table(COVERAGE)
    assert "SCB_X" not in set(t["Indikator"]) and "SCB" in set(t["Indikator"])
    assert set(t["Källa"]) == {"Kolada", "Vården i siffror"}
    assert set(t["Riket"]) == {"ja", "nej"}


def test_files_table_shows_file_names_without_folders(tmp_path):
    meta = tmp_path / "m.json"
    meta.write_text(
        json.dumps([{"path": "/srv/data/kolada/kolada_values.csv", "kind": "snapshot", "sha256": "ab" * 32}])
    )
    table = sp.files_table(sp.read_metadata({"Kolada": str(meta)}))
    assert table["Fil"].tolist() == ["kolada_values.csv"]
    assert table["SHA-256 (början)"].tolist() == ["ab" * 6]
