"""The indicator registry ``data-raw/indicators.csv`` and its loader."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis.presentation.text import reader_title
from analysis.registry import (
    COLUMNS,
    DIRECTIONS,
    FAMILIES,
    KOLADA_TABLE_PROVIDERS,
    api_ids,
    as_roles,
    ids_by_family,
    load_registry,
    parse_breaks,
    role_ids,
    units_by_id,
)
from analysis.validation import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "data-raw" / "indicators.csv"
SHARED = ROOT.parent / "shared" / "data" / "kolada"

REQUIRED = {
    "trust": ["U70447", "U70446", "U71458"],
    "access": ["U70449", "U70450", "U70448", "N79179", "N79173", "N79221", "N79222", "N79223", "N79224"],
    "participation": ["U71451"],
    "system": ["U79133", "U79092", "U79029", "N70808"],
    "resources": ["N70061", "N71000", "N72000", "N74000", "N70059"],
    "population": ["SCB_STANDARDKOSTNAD_HSV", "SCB_FOLKMANGD", "SCB_ANDEL80"],
}


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    return load_registry(REGISTRY)


def test_committed_registry_loads(registry):
    assert list(registry.columns) == COLUMNS
    assert registry["id"].is_unique
    assert set(registry["family"]) <= set(FAMILIES) and set(registry["direction"]) <= set(DIRECTIONS)
    assert registry["denominator_known"].dtype == bool and registry["first_year"].dtype.kind == "i"


@pytest.mark.parametrize("family", sorted(REQUIRED))
def test_required_indicators_are_registered(registry, family):
    assert set(REQUIRED[family]) <= set(ids_by_family(registry, family))


def test_n79179_method_break(registry):
    row = registry.set_index("id").loc["N79179"]
    assert parse_breaks(row["breaks"]) == [(2024, "metodbyte")]


def test_units_and_selection_helpers(registry):
    units = units_by_id(registry)
    assert units["U70447"] == "procent" and units["N70061"] == "kr/inv" and units["SCB_FOLKMANGD"] == "antal"
    assert ids_by_family(registry, "trust")[:3] == ["U70447", "U70446", "U71458"]
    assert "SCB_FOLKMANGD" not in api_ids(registry["id"]) and "U70447" in api_ids(registry["id"])
    with pytest.raises(ValueError, match="unknown family"):
        ids_by_family(registry, "trsut")


def test_analysis_sheet_selections(registry):
    from analysis.registry import ids_for, special_waves, the_id

    trend = ids_for(registry, "trend")
    assert "U71458" in trend and all(registry.set_index("id").loc[trend, "analyses"].str.contains("trend"))
    assert all(i.startswith("vis:") for i in ids_for(registry, "trend", "vis"))
    assert the_id(registry, "did_treated") == "U71458" and the_id(registry, "did_control") == "U70446"
    assert special_waves(registry, "U70447") == [2020, 2024] and special_waves(registry, "N71000") == []
    with pytest.raises(ValueError, match="unknown analysis"):
        ids_for(registry, "trends")
    with pytest.raises(ValueError, match="exactly one"):
        the_id(registry, "trend")


def test_parse_breaks():
    assert parse_breaks("") == []
    assert parse_breaks("2014: a; 2019: b c") == [(2014, "a"), (2019, "b c")]


@pytest.mark.skipif(not (SHARED / "kolada_kpis.csv").is_file(), reason="../shared/data snapshot not present")
def _words_in_order(title: str, name: str) -> bool:
    """Whether every word of ``title`` is in ``name``, in the same order (a name may only add)."""
    rest = iter(name.split())
    return all(word in rest for word in title.split())


def test_registry_agrees_with_snapshot(registry):
    with (SHARED / "kolada_kpis.csv").open(encoding="utf-8") as fh:
        kpis = {r["kpi"]: r for r in csv.DictReader(fh)}
    values = pd.read_csv(SHARED / "kolada_values.csv", dtype={"region_code": str})
    first = values.groupby("kpi")["year"].min()
    for row in registry[registry["provider"].isin(KOLADA_TABLE_PROVIDERS)].itertuples():
        assert row.id in kpis, f"{row.id} is not in the snapshot"
        title = reader_title(kpis[row.id]["title"])
        # a name may add what Kolada's description says and its title leaves out; the note says so
        added = row.name_sv != title
        assert not added or ("Name adds" in row.note and _words_in_order(title, row.name_sv)), row.id
        assert row.first_year == first[row.id], row.id
        snap_unit = kpis[row.id]["unit"]
        if row.unit != snap_unit:
            # only 'antal' is refined (rates per inhabitants/beds) or corrected, and the note says so
            assert snap_unit == "antal" and "'antal'" in row.note, row.id


@pytest.mark.skipif(
    not (SHARED.parent / "kolada_extra").is_dir(), reason="../shared/data snapshot not present"
)
def test_kolada_extra_rows_name_a_series_of_their_files(registry):
    """Each kolada_extra row is a column (its lower-case id) of a file in the snapshot's kolada_extra/."""
    columns = set()
    for path in (SHARED.parent / "kolada_extra").glob("*_by_geo_year.csv"):
        columns |= set(path.read_text(encoding="utf-8").splitlines()[0].split(","))
    extra = registry[registry["provider"] == "kolada_extra"]
    assert len(extra) and set(extra["id"].str.lower()) <= columns


def test_roles_are_looked_up_and_replace_ids():
    sheet = pd.DataFrame({"id": ["A1", "B2", "C3"], "role": ["cost_a", "", "beds"]})
    assert role_ids(sheet, ["beds", "cost_a"]) == {"beds": "C3", "cost_a": "A1"}
    with pytest.raises(ValueError, match=r"role \['tax_rate'\]"):
        role_ids(sheet, ["beds", "tax_rate"])
    with pytest.raises(ValueError, match="role"):
        role_ids(sheet, [""])  # an empty role is nobody's
    tidy = pd.DataFrame({"indicator": ["A1", "B2", "C3"], "value": [1.0, 2.0, 3.0]})
    out = as_roles(tidy, {"cost_a": "A1", "beds": "C3"})
    assert out["indicator"].tolist() == ["cost_a", "beds"] and out["value"].tolist() == [1.0, 3.0]
    assert tidy["indicator"].tolist() == ["A1", "B2", "C3"]  # the input is not changed
    with pytest.raises(ValueError, match=r"roles beds \(D4\)"):
        as_roles(tidy, {"cost_a": "A1", "beds": "D4"})


def test_every_role_a_model_reads_is_played_by_one_sheet_series(registry):
    from analysis.assignment import roles

    for model in (roles.SCENARIOS, roles.MECHANISMS, roles.GRANTS, roles.SHIFT, roles.SHIFT_FILES):
        ids = role_ids(registry, model)
        assert len(set(ids.values())) == len(model)
    files = role_ids(registry, roles.SHIFT_FILES).values()
    assert set(registry.set_index("id").loc[list(files), "provider"]) == {"kolada_extra"}


def test_a_role_played_twice_is_refused(tmp_path):
    def edit(df):
        df.loc[df["id"] == "N72000", "role"] = "cost_primary_care"  # N71000 plays it already
        return df

    with pytest.raises(DataValidationError, match="column 'role'") as err:
        load_registry(write_registry(tmp_path, edit))
    assert "not used by another row" in str(err.value)


def write_registry(tmp_path: Path, edit) -> Path:
    df = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    df = edit(df)
    path = tmp_path / "indicators.csv"
    df.to_csv(path, index=False)
    return path


def set_cell(row, column, value):
    def edit(df):
        df.loc[row, column] = value
        return df

    return edit


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("family", "acess", "expected one of access, continuity"),
        ("direction", "up", "expected one of higher_better, lower_better, neutral"),
        ("unit", "procnet", "extend registry.UNITS"),
        ("denominator_known", "yes", "expected 'true' or 'false'"),
        ("first_year", "16", "expected a four-digit year"),
        ("breaks", "2024 metodbyte", "'YYYY: what changed'"),
        ("name_sv", "", "the Swedish title"),
        ("role", "Cost primary", "a lower-case name"),
    ],
)
def test_bad_cell_names_file_row_and_column(tmp_path, column, value, expected):
    path = write_registry(tmp_path, set_cell(3, column, value))
    with pytest.raises(DataValidationError) as err:
        load_registry(path)
    message = str(err.value)
    assert f"indicators.csv, row 5, column '{column}'" in message and expected in message, message


def test_duplicate_id_is_refused(tmp_path):
    path = write_registry(tmp_path, set_cell(2, "id", "U70447"))
    with pytest.raises(DataValidationError, match="this id occurs more than once") as err:
        load_registry(path)
    assert {p.row for p in err.value.problems} == {2, 4}


def test_missing_column_is_refused(tmp_path):
    path = write_registry(tmp_path, lambda df: df.drop(columns=["direction"]))
    with pytest.raises(DataValidationError, match=r"indicators.csv, row 1, column 'direction'"):
        load_registry(path)
