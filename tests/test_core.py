"""Unit tests of the small core modules: regions, validation, config, figures, book."""

from __future__ import annotations

import json

import jsonschema
import pandas as pd
import pytest
import yaml

from analysis import book, config, figures, regions
from analysis.validation import DataValidationError, coverage_gaps, validate_tidy

# --- regions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (1, "01"),
        ("0001", "01"),
        ("01", "01"),
        ("0000", "00"),
        ("Jönköpings län", "06"),
        ("Västra Götalandsregionen", "14"),
        ("Örebro län", "18"),
        ("Riket", "00"),
        ("Jämtland Härjedalen", "23"),
        ("sörmland", "04"),
    ],
)
def test_region_spellings_map_to_codes(value, code):
    assert regions.to_region_code(value) == code


@pytest.mark.parametrize("value", ["02", "0026", "Atlantis", None, ""])
def test_unknown_regions_raise(value):
    with pytest.raises(KeyError):
        regions.to_region_code(value)


def test_region_key_has_21_regions():
    assert len(regions.REGION_CODES) == 21 and regions.RIKET not in regions.REGION_CODES


# --- validation ----------------------------------------------------------------------


def tidy_row(**kw):
    row = dict(
        source="kolada",
        indicator="U1",
        region_code="01",
        year=2020,
        sex="T",
        value=50.0,
        unit="procent",
        numerator=None,
        denominator=None,
        ci_low=None,
        ci_high=None,
        source_file="f.csv",
        source_row=2,
    )
    row.update(kw)
    return row


def test_valid_table_passes_and_is_typed():
    out = validate_tidy(pd.DataFrame([tidy_row(), tidy_row(region_code="03", source_row=3)]))
    assert out["year"].dtype.kind == "i" and out["value"].dtype.kind == "f"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"region_code": "99"}, "f.csv, row 3, column 'region_code': found '99'"),
        (
            {"value": 101.0},
            "f.csv, row 3, column 'value': found 101.0, expected a percentage between 0 and 100",
        ),
        ({"sex": "X"}, "column 'sex': found 'X'"),
        ({"region_code": "01"}, "occurs more than once"),
        ({"unit": "kr/inv", "value": -5.0}, "expected a non-negative kr/inv"),
    ],
)
def test_validation_errors_name_file_row_column_value(change, message):
    df = pd.DataFrame([tidy_row(), {**tidy_row(source_row=3, region_code="03"), **change}])
    with pytest.raises(DataValidationError) as err:
        validate_tidy(df)
    assert message in str(err.value)


def test_units_must_match_registry():
    with pytest.raises(DataValidationError, match="'kr/inv' as the indicator registry states for U1"):
        validate_tidy(pd.DataFrame([tidy_row()]), units={"U1": "kr/inv"})


def test_coverage_gaps_are_reported_not_filled():
    df = validate_tidy(pd.DataFrame([tidy_row(year=2019), tidy_row(year=2021, source_row=3)]))
    gaps = coverage_gaps(df)
    assert gaps[["region_code", "year"]].values.tolist() == [["01", 2020]]


# --- config --------------------------------------------------------------------------


def test_config_file_matches_its_schema(project_root):
    cfg = yaml.safe_load((project_root / "config" / "config.yaml").read_text())
    schema = yaml.safe_load((project_root / "config" / "config.schema.yaml").read_text())
    jsonschema.validate(cfg, schema)
    bad = {**cfg, "models": {**cfg["models"], "confidence": 1.5}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_snapshot_resolution_order(tmp_path):
    root = tmp_path / "checkout"
    root.mkdir()
    (tmp_path / "shared" / "data").mkdir(parents=True)
    conf, envdir = tmp_path / "conf", tmp_path / "env"
    conf.mkdir()
    envdir.mkdir()
    env = {config.ENV_VAR: str(envdir)}
    assert config.resolve_snapshot_dir(str(conf), env, root)[0] == conf
    assert config.resolve_snapshot_dir(None, env, root)[0] == envdir
    assert config.resolve_snapshot_dir(None, {}, root)[0] == tmp_path / "shared" / "data"
    (tmp_path / "shared" / "data").rmdir()
    assert config.resolve_snapshot_dir(None, {}, root)[0] is None
    with pytest.raises(config.SnapshotNotFound, match="does not exist"):
        config.resolve_snapshot_dir(str(tmp_path / "missing"), {}, root)
    with pytest.raises(config.SnapshotNotFound, match="GNV_DATA_DIR"):
        config.snapshot_file(None, "kolada/kolada_values.csv")


# --- figures -------------------------------------------------------------------------


def test_swedish_number_format():
    assert figures.fmt_num(1234.56, 1) == "1\u202f234,6"
    assert figures.fmt_num(-0.4, 1) == "−0,4"
    assert figures.fmt_pct(54) == "54\u00a0%"
    assert figures.fmt_num(float("nan")) == "–"


def test_provenance_line_links_data_and_code():
    line = figures.provenance_line("x", "Kolada", "analysis.trends.models.fit_survey_trend", vintage="2025")
    assert "[x.csv](_static/data/x.csv)" in line
    assert "[koden som räknade fram dem](_static/code/analysis/trends/models.py)" in line
    # the dotted name is for auditors (the JSON beside the CSV), not a reader's caption
    assert "fit_survey_trend" not in line and "analysis." not in line
    with pytest.raises(ValueError):
        figures.provenance_line("x", "Kolada", "fit")


# --- book ----------------------------------------------------------------------------

CHAPTER = """---
kernelspec: {name: python3, display_name: Python 3, language: python}
jupytext:
  text_representation: {extension: .md, format_name: myst}
compendium:
  inputs:
    - results/a.parquet
---
# Titel

```{code-cell} ipython3
import pandas as pd
a = pd.read_parquet("results/a.parquet")
b = pd.read_parquet("results/b.parquet")
```
"""


def test_chapter_front_matter_and_undeclared_reads(tmp_path):
    md = tmp_path / "kap.md"
    md.write_text(CHAPTER)
    assert book.chapter_inputs(md) == ["results/a.parquet"]
    assert book.undeclared_reads(md) == ["results/b.parquet"]
    assert book.has_code(md)
    plain = tmp_path / "plain.md"
    plain.write_text("# Bara text\n")
    assert book.chapter_inputs(plain) == [] and not book.has_code(plain)


def test_toc_stems_in_order(project_root):
    stems = book.toc_stems(project_root / "_toc.yml")
    assert stems[0] == "index" and stems.index("kap01_omstallning") < stems.index("kap16_tillsyn")
    assert len(stems) == len(set(stems))


def test_stage_book_rejects_duplicate_figure_names(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.csv").write_text("1")
    (tmp_path / "b" / "x.csv").write_text("2")
    (tmp_path / "analysis").mkdir()
    with pytest.raises(ValueError, match="x.csv is used by both"):
        book.stage_book(
            project_root=tmp_path,
            notebooks=[],
            figdata_dirs=[tmp_path / "a", tmp_path / "b"],
            extra_files=[],
            stage=tmp_path / "stage",
        )


def test_stage_book_writes_checksum_manifest(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_text("1")
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "m.py").write_text("")
    manifest = book.stage_book(
        project_root=tmp_path,
        notebooks=[],
        figdata_dirs=[tmp_path / "a"],
        extra_files=[],
        stage=tmp_path / "stage",
    )
    saved = json.loads((tmp_path / "stage" / "_static" / "data" / "manifest.json").read_text())
    assert saved == manifest and len(manifest["x.csv"]) == 64
    assert (tmp_path / "stage" / "_static" / "code" / "analysis" / "m.py").exists()
