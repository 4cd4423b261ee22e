"""The tables of Datakällor: a compact coverage summary, Swedish units, no machine paths."""

from __future__ import annotations

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
    assert "vis:y" not in set(t["Indikator"]) and "Vården i siffror" in set(t["Indikator"])
    assert set(t["Källa"]) == {"Kolada", "Vården i siffror"}
    assert set(t["Riket"]) == {"ja", "nej"}


def test_coverage_table_names_series_from_the_sheet_vis_and_skr():
    from analysis.vintage import indicator_names

    registry = pd.DataFrame({"id": ["SCB_X"], "name_sv": ["Folkmängd"]})
    vis = pd.DataFrame({"indicator": ["vis:y"], "title": ["Besök i primärvård"]})
    skr = pd.DataFrame({"indicator": ["skr:a"], "name": ["Primärvård: Allmänläkarvård"]})
    names = indicator_names(registry, vis, skr_names=skr)
    assert names["skr:a"] == "Primärvård: Allmänläkarvård"
    t = sp.coverage_table(COVERAGE, names)
    assert {"Folkmängd", "Besök i primärvård"} <= set(t["Indikator"])
    assert "SCB_X" not in set(t["Indikator"]) and "vis:y" not in set(t["Indikator"])


def _record(files, name="Kolada", kind="snapshot"):
    return [{"source": "x", "name": name, "publisher": "RKA", "licence": "CC BY 4.0", "attribution": "Källa: Kolada, RKA",
             "description": "Indikatorer.", "files": [{"kind": kind, **f} for f in files]}]  # fmt: skip


def test_files_table_shows_file_names_without_folders():
    record = _record([{"name": "values.csv", "sha256": "ab" * 32, "date": "2026-11-29", "n_rows": 7}])
    table = sp.files_table(record)
    assert table["Fil som hämtad"].tolist() == ["values.csv"]
    assert table["SHA-256 (början)"].tolist() == ["ab" * 6]
    assert table["Hämtad"].tolist() == ["2026-11-29"] and table["Rader"].tolist() == [7]
    assert sp.sources_table(record)["Licens och källhänvisning"].tolist() == [
        "CC BY 4.0, ”Källa: Kolada, RKA”"
    ]


def test_committed_transcriptions_are_one_row_with_a_checksum_over_all_files():
    files = [{"name": f"{i}.csv", "sha256": c * 64, "date": None, "n_rows": 2} for i, c in enumerate("ab")]
    table = sp.files_table(_record(files, name="Rapporterna", kind="project"))
    assert len(table) == 1
    row = table.iloc[0]
    assert row["Fil som hämtad"] == "2 överförda tabeller i kompendiet" and row["Rader"] == 4
    assert row["Hämtad"] == "–" and len(row["SHA-256 (början)"]) == 12
    swapped = sp.files_table(_record(files[::-1], name="Rapporterna", kind="project"))
    assert swapped.iloc[0]["SHA-256 (början)"] == row["SHA-256 (början)"]  # order of files does not matter


def test_register_table_names_families_and_directions_in_swedish():
    from conftest import ROOT

    from analysis.presentation.text import DIRECTION_SV, FAMILY_SV
    from analysis.registry import load_registry

    shown = sp.registry_table(load_registry(ROOT / "data-raw" / "indicators.csv"))
    assert set(shown["Familj"]) <= set(FAMILY_SV.values()), "a family of the sheet has no Swedish name"
    assert set(shown["Riktning"]) <= set(DIRECTION_SV.values())
    assert set(shown["Nämnaren känd"]) <= {"ja", "nej"} and shown["Källa"].notna().all()
    assert not shown["Id"].str.contains(r"^(?:vis:|SCB_)").any(), (
        "the compendium's own series names are internal"
    )
