"""Result tables are declared and checked where they are written; a source that lost what the
analyses need stops at the tidy rule, naming file, row and column (issue 16)."""

import importlib
import pkgutil
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.schemas
from analysis.registry import load_registry
from analysis.schemas.core import ResultSchema, count, number, probability, region, text, write_result, year
from analysis.sources.expected import require_regions, require_sheet_series
from analysis.sources.skr import EXCL_GOTLAND, read_skr_costs
from analysis.sources.vis import read_vis_export, slugify, vis_indicator_metadata
from analysis.validation import DataValidationError

ROOT = Path(__file__).resolve().parents[1]


def all_schemas() -> dict[str, ResultSchema]:
    found = {}
    for info in pkgutil.iter_modules(analysis.schemas.__path__):
        module = importlib.import_module(f"analysis.schemas.{info.name}")
        for value in vars(module).values():
            if isinstance(value, ResultSchema):
                found[f"results/{value.name}.parquet"] = value
    return found


def test_every_result_table_a_chapter_reads_is_declared():
    declared = all_schemas()
    read = set()
    for chapter in (ROOT / "chapters").glob("*.md"):
        read |= set(re.findall(r"results/[\w/]+\.parquet", chapter.read_text(encoding="utf-8")))
    assert read, "no chapter reads a result table?"
    assert sorted(read - set(declared)) == []


def test_workflow_writes_parquet_only_through_write_result():
    """A bare ``to_parquet`` would skip the schema; every script and rule writes through it."""
    files = [*(ROOT / "workflow" / "scripts").glob("*.py"), *(ROOT / "workflow" / "rules").glob("*.smk")]
    bare = [f.name for f in files if ".to_parquet(" in f.read_text(encoding="utf-8")]
    assert bare == []


TOY = ResultSchema(
    "toy/table",
    {
        "indicator": text(),
        "region_code": region(),
        "year": year(),
        "slope": number(),
        "p": probability(),
        "n": count(),
    },
    unique=("indicator", "region_code", "year"),
    present={"region_code": ("00",)},
)


def toy() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": ["a", "a", "b"],
            "region_code": ["00", "01", "00"],
            "year": [2020, 2020, 2021],
            "slope": [0.1, np.nan, -0.2],
            "p": [0.5, 0.01, np.nan],
            "n": [10, 20, 30],
        }
    )


def test_valid_table_is_written_unchanged(tmp_path):
    path = tmp_path / "t.parquet"
    write_result(toy(), path, TOY)
    pd.testing.assert_frame_equal(pd.read_parquet(path), toy())


@pytest.mark.parametrize(
    ("change", "row", "column", "value", "expected"),
    [
        (lambda d: d.drop(columns="slope"), None, "slope", "<missing>", "this column"),
        (lambda d: d.assign(region_code=["00", "99", "00"]), 2, "region_code", "99", "län code"),
        (lambda d: d.assign(year=[2020, 2020, 3021]), 3, "year", 3021, "a year between"),
        (lambda d: d.assign(p=[0.5, 1.5, 0.1]), 2, "p", 1.5, "at most 1"),
        (lambda d: d.assign(slope=["x", "y", "z"]), None, "slope", "str", "numbers"),
        (lambda d: d.assign(slope=[0.1, np.inf, 0.2]), 2, "slope", np.inf, "a finite number"),
        (lambda d: d.assign(indicator=["a", None, "b"]), 2, "indicator", "<missing value>", "a value"),
        (lambda d: d.assign(region_code=["01", "01", "03"], year=[2020, 2021, 2020]), None, "region_code",
         "<absent>", "a row with region_code = '00'"),
        (lambda d: d.assign(indicator=["a", "a", "a"], year=[2020, 2020, 2020], region_code=["00", "00", "01"]),
         1, "indicator+region_code+year", "a/00/2020", "unique key"),
        (lambda d: d.iloc[0:0], None, "<rows>", 0, "at least 1 row"),
    ],
)  # fmt: skip
def test_broken_table_is_refused_naming_file_row_column(tmp_path, change, row, column, value, expected):
    path = tmp_path / "t.parquet"
    with pytest.raises(DataValidationError) as info:
        write_result(change(toy()), path, TOY)
    problems = [p for p in info.value.problems if p.column == column]
    assert problems, str(info.value)
    problem = problems[0]
    assert problem.file == str(path)
    assert problem.row == row
    assert problem.value == value or str(value) in str(problem.value)
    assert expected in problem.expected
    assert not path.exists(), "a table that breaks its schema must not be written"


def test_tidy_rows_are_traced_to_their_source_line(tmp_path):
    schema = ResultSchema("toy/tidy", {"region_code": region(), "source_file": text(), "source_row": count()})
    frame = pd.DataFrame({"region_code": ["01", "77"], "source_file": ["in.csv"] * 2, "source_row": [2, 9]})
    with pytest.raises(DataValidationError) as info:
        schema.validate(frame, "results/tidy/x.parquet")
    (problem,) = info.value.problems
    assert problem.file.startswith("in.csv") and problem.row == 9 and problem.column == "region_code"


# --- regressions from the issue: the data layer stops, never a chapter -------------------------

HEADER = (
    "Datum och tid för uttag;Register/källa;Titel;Diagramrubrik;Indikator-Id;Mätperiod;Länskod;Enhetskod;"
    "Enhetstyp;Enhetsnamn;Ålder;Kön/Totalt;Måttenhet;Värde;Täljare;Nämnare/antal fall;KI-Låg;KI-Hög;"
    "Täckningsgrad i %;Bortfall i %;Önskat värde;Högsta målnivå;Utgivare målnivå;Område"
)


def vis_line(title: str, uuid: int, year: int, code: int, name: str, value: str) -> str:
    return (
        f"2019-03-27 13:24:46;Syntetisk testkälla;{title};Påhittad andel.;00000000-0000-0000-0000-"
        f"{uuid:012d};{year};{code};{code};Län;{name};Alla;Totalt;%;{value};-;-;-;-;0;-;Högt;-;-;Syntetiskt"
    )


def test_respelled_vis_title_stops_at_the_tidy_rule(tmp_path):
    """Synthetic export with every VIS series of the analysis sheet, one title respelled: today a
    chapter fails with ``KeyError: 'slope'`` / ``IndexError``; the tidy rule must stop first."""
    sheet = load_registry(ROOT / "data-raw" / "indicators.csv")
    ids = list(sheet.loc[sheet["provider"] == "vis", "id"])
    if not ids:
        pytest.skip("the analysis sheet has no Vården i siffror series")
    titles = [i.removeprefix("vis:").split("/")[0].replace("_", " ").capitalize() for i in ids]
    assert all(f"vis:{slugify(t)}" == i for t, i in zip(titles, ids, strict=True)), "suffixed ids: adapt"
    respelled = titles[0] + "na"
    lines = [HEADER]
    for k, title in enumerate([respelled, *titles[1:]]):
        for when in (2015, 2016):
            lines.append(vis_line(title, k, when, 1, "Stockholms län", "50,0"))
            lines.append(vis_line(title, k, when, 3, "Uppsala län", "55,0"))
    path = tmp_path / "vis_export_synthetic.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")

    table = read_vis_export(path)
    meta = vis_indicator_metadata(path)
    with pytest.raises(DataValidationError) as info:
        require_sheet_series(
            table, sheet, "vis", "Titel", dict(zip(meta["indicator"], meta["title"], strict=True))
        )
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert problem.row == 2  # first data row of the respelled series
    assert problem.column == "Titel"
    assert problem.value == respelled
    assert ids[0] in problem.expected and "respelled" in problem.expected

    fixed = path.read_text(encoding="utf-8").replace(respelled, titles[0])
    path.write_text(fixed, encoding="utf-8")
    require_sheet_series(read_vis_export(path), sheet, "vis", "Titel")  # the right titles pass


def test_skr_file_without_riket_stops_at_the_tidy_rule(tmp_path):
    """SKR data without Riket: today ``ValueError`` in the resources chapter; now the tidy rule."""
    rows = [
        "Huvudområde;Område;Delområde;Underkonto;År;Region;Värde",
        "Hälso- och sjukvård;Primärvård;Barnhälsovård;Nettokostnad exkl läkemedel;2015;Stockholm;180,25",
        "Hälso- och sjukvård;Primärvård;Barnhälsovård;Nettokostnad exkl läkemedel;2015;Uppsala;170",
        "Hälso- och sjukvård;Primärvård;Barnhälsovård;Nettokostnad exkl läkemedel;2015;Riket exkl gotland;200,1",
    ]
    path = tmp_path / "skr_synthetic.csv"
    path.write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    table = read_skr_costs(path)
    with pytest.raises(DataValidationError) as info:
        require_regions(table, ["00"], str(path), "Region", "national shares", exclude_suffix=EXCL_GOTLAND)
    (problem,) = info.value.problems
    assert problem.file == str(path) and problem.column == "Region"
    assert "'00' (Riket)" in problem.expected and "none is '00'" in problem.expected

    path.write_text(path.read_text(encoding="utf-8").replace("Uppsala;170", "Riket;175"), encoding="utf-8")
    require_regions(read_skr_costs(path), ["00"], str(path), "Region", "x", exclude_suffix=EXCL_GOTLAND)


def test_results_on_disk_meet_their_schemas():
    """Where a build has left results, every declared table meets its schema (else: skipped)."""
    checked = 0
    for path, schema in all_schemas().items():
        files = sorted(ROOT.glob(re.sub(r"\{\w+\}", "*", path)))
        for file in files:
            rel = str(file.relative_to(ROOT))
            assert schema.problems(pd.read_parquet(file), rel) == [], rel
            checked += 1
    if not checked:
        pytest.skip("no results/ built")


def _project_with_data(tmp_path: Path, snapshot_dir: Path, changed: dict[str, str]) -> tuple[Path, dict]:
    """A copy of the project and a snapshot directory of links, with ``changed`` files rewritten."""
    import shutil

    from conftest import IGNORE

    project, data = tmp_path / "project", tmp_path / "data"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    data.mkdir()
    for entry in snapshot_dir.iterdir():
        if entry.is_dir():
            (data / entry.name).mkdir()
            for file in entry.iterdir():
                (data / entry.name / file.name).symlink_to(file)
    for relative, content in changed.items():
        (data / relative).unlink()
        (data / relative).write_text(content, encoding="utf-8")
    return project, {"GNV_DATA_DIR": str(data)}


@pytest.mark.integration
def test_the_tidy_rules_stop_on_a_respelled_title_and_on_missing_riket(tmp_path, snapshot_dir):
    """End to end through Snakemake: the tidy rule fails, its log names file, row and column."""
    import yaml
    from conftest import run_snakemake

    sources = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))["data"]["sources"]
    files = {name: s["location"] for name, s in sources.items()}
    sheet = load_registry(ROOT / "data-raw" / "indicators.csv")
    vis = (snapshot_dir / files["vis_indicators"]).read_text(encoding="utf-8-sig")
    wanted = sheet.loc[sheet["provider"] == "vis", "id"].str.removeprefix("vis:")
    title = next(
        t for t in {line.split(";")[2] for line in vis.splitlines()[1:]} if slugify(t) in set(wanted)
    )
    skr = (snapshot_dir / files["skr_costs"]).read_text(encoding="utf-8-sig").splitlines(keepends=True)
    no_riket = "".join([skr[0], *(line for line in skr[1:] if ";Riket;" not in line)])
    project, env = _project_with_data(
        tmp_path,
        snapshot_dir,
        {
            files["vis_indicators"]: "\ufeff" + vis.replace(f";{title};", f";{title}na;"),
            files["skr_costs"]: no_riket,
        },
    )
    proc = run_snakemake(
        project, "--keep-going", "results/tidy/vis.parquet", "results/tidy/skr.parquet", env=env, check=False
    )
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    vis_file = files["vis_indicators"].split("/")[-1]
    assert f"column 'Titel': found '{title}na'" in output
    assert any(vis_file in line and ", row " in line and "'Titel'" in line for line in output.splitlines())
    assert "column 'Region'" in output and "'00' (Riket)" in output
    assert not (project / "results" / "tidy" / "vis.parquet").exists()
    assert not (project / "results" / "tidy" / "skr.parquet").exists()


def test_a_family_without_panels_may_write_an_empty_part_but_not_an_empty_result():
    from analysis.schemas import variance

    assert variance.DECOMPOSITION_PART.problems(pd.DataFrame(), "part") == []
    assert variance.DECOMPOSITION.problems(pd.DataFrame(), "result") != []
    assert "sigma_trend" not in variance.CONVERGENCE_PART.columns  # added after the join
