"""Report references as readers know them (analysis.presentation.references)."""

from __future__ import annotations

import pytest

from analysis.presentation.references import element_ref, element_text, report_name, report_ref


def test_report_names_follow_the_bibliography():
    assert report_name("001") == "Vårdanalys (2025)"
    assert report_name("4") == "Socialstyrelsen (2023)"
    with pytest.raises(KeyError):
        report_name("009")


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ("Fig 33", "figur 33"),
        ("Tabell 4", "tabell 4"),
        ("Bilaga 1", "bilaga 1"),
        ("P01", "texten"),
        ("avsnitt 7.4", "avsnitt 7.4"),
    ],
)
def test_element_text(element, expected):
    assert element_text(element) == expected


def test_report_ref_with_element_and_page():
    assert report_ref("001", "Fig 33", 231) == "Vårdanalys (2025), figur 33, s. 231"
    assert report_ref("004", "Bilaga 1") == "Socialstyrelsen (2023), bilaga 1"
    assert report_ref("001", None, 12.0) == "Vårdanalys (2025), s. 12"


def test_element_ref_reads_ledger_ids_and_rejects_others():
    assert element_ref("001 Fig 44") == "Vårdanalys (2025), figur 44"
    assert element_ref("004-P01") == "Socialstyrelsen (2023), texten"
    with pytest.raises(ValueError):
        element_ref("Fig 44")


def test_readable_ids_rewrites_ids_inside_notes_and_leaves_numbers():
    from analysis.presentation.references import readable_ids

    assert readable_ids("kontroll (001-P05) och 004 Bilaga 1") == (
        "kontroll (Vårdanalys (2025), texten) och Socialstyrelsen (2023), bilaga 1"
    )
    assert readable_ids("2 004 kronor, 001 Fig 44") == "2 004 kronor, Vårdanalys (2025), figur 44"
