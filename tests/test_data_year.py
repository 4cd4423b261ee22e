"""The analyst's path end to end: a new data year with one impossible value, and one revised value.

On a copy of the finished end-to-end build (project and data), the published vintage is
recorded, then SYNTHETIC TEST DATA are appended to the copy of the Kolada snapshot: one extra
year (each indicator's values of its last year, repeated) in which one percentage is set to
an impossible 146,1, and one published value is revised. The build must finish, set the
impossible value aside on the Datakvalitet page and in "Vad är nytt", show the revision
old -> new with Swedish names, and move the figures and latest-year texts to the new year.
Nothing here pins counts of the real snapshot: every expectation is derived from the data.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_snakemake

from analysis.presentation.downloads import read_csv
from analysis.presentation.text import fmt_num
from analysis.regions import region_name

pytestmark = pytest.mark.integration

IMPOSSIBLE = 146.1
#: The copies live at other paths than the build they come from; a real analyst's data path
#: does not change, so the changed *path* of unchanged inputs must not trigger reruns.
TRIGGERS = ["--rerun-triggers", "mtime", "params", "code", "software-env"]


@dataclass(frozen=True)
class Update:
    project: Path
    data: Path
    new_year: int
    bad: dict  # the impossible value (kpi, region_code, gender)
    revised: dict  # kpi, region_code, year, old, new
    names: dict


def page_text(path: Path) -> str:
    """Visible text of a built page, whitespace collapsed."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def family_logs(project: Path) -> str:
    """The logs of the per-family Kolada tidy jobs, together."""
    return "\n".join(p.read_text() for p in sorted((project / "logs" / "tidy_kolada").glob("*.log")))


@pytest.fixture(scope="module")
def update(build, tmp_path_factory) -> Update:
    base = tmp_path_factory.mktemp("new-year")
    project, data = base / "project", base / "data"
    shutil.copytree(build.project, project, symlinks=True)
    shutil.copytree(build.data, data)
    env = {"GNV_DATA_DIR": str(data)}
    # 1. publish the vintage of the unchanged build (the baseline "Vad är nytt" compares with)
    subprocess.run([sys.executable, "-m", "analysis.vintage", "publish"], cwd=project, check=True)

    # 2. SYNTHETIC TEST DATA: append one year and revise one value in the copy of the snapshot
    registry = pd.read_csv(project / "data-raw" / "indicators.csv", dtype=str)
    names = dict(zip(registry["id"], registry["name_sv"], strict=True))
    percent = registry.loc[registry["unit"] == "procent", "id"].tolist()
    values = data / "kolada" / "kolada_values.csv"
    with values.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    col = {c: i for i, c in enumerate(header)}
    mine = [r for r in body if r[col["kpi"]] in names]
    new_year = max(int(r[col["year"]]) for r in mine) + 1
    last = {}
    for r in mine:
        last[r[col["kpi"]]] = max(last.get(r[col["kpi"]], 0), int(r[col["year"]]))
    extra = [[*r] for r in mine if int(r[col["year"]]) == last[r[col["kpi"]]]]
    for r in extra:
        r[col["year"]] = str(new_year)
    bad_row = next(
        r
        for r in extra
        if r[col["kpi"]] in percent and r[col["region_code"]] == "0001" and r[col["gender"]] == "T"
    )
    bad_row[col["value"]] = str(IMPOSSIBLE)
    target = next(
        r
        for r in body
        if r[col["kpi"]] == bad_row[col["kpi"]]
        and r[col["region_code"]] == "0003"
        and r[col["gender"]] == "T"
        and int(r[col["year"]]) == last[bad_row[col["kpi"]]]
    )
    old = float(target[col["value"]])
    new = round(old + 1.3, 1) if old < 90 else round(old - 1.3, 1)
    target[col["value"]] = str(new)
    with values.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *body, *extra])

    # 3. the analyst's build: no code or configuration changes
    run_snakemake(project, *TRIGGERS, env=env)
    return Update(
        project,
        data,
        new_year,
        bad={"kpi": bad_row[col["kpi"]], "region_code": "01"},
        revised={
            "kpi": target[col["kpi"]],
            "region_code": "03",
            "year": int(target[col["year"]]),
            "old": old,
            "new": new,
        },
        names=names,
    )


def test_impossible_value_is_quarantined_with_reason(update):
    trail = pd.read_parquet(update.project / "results" / "tidy" / "quarantine.parquet")
    hit = trail[(trail["action"] == "quarantine") & (trail["value"] == IMPOSSIBLE)]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert (row["indicator"], row["region_code"], row["year"]) == (
        update.bad["kpi"],
        update.bad["region_code"],
        update.new_year,
    )
    tidy = pd.read_parquet(update.project / "results" / "tidy" / "kolada.parquet")
    assert not (tidy["value"] == IMPOSSIBLE).any()
    assert "quarantined" in family_logs(update.project)


def test_datakvalitet_page_lists_the_value_with_names(update):
    text = page_text(update.project / "_build" / "html" / "datakvalitet.html")
    assert fmt_num(IMPOSSIBLE, 1) in text
    assert update.names[update.bad["kpi"]] in text and region_name(update.bad["region_code"]) in text
    assert update.bad["kpi"] not in text  # no internal ids on the reader page


def test_vad_ar_nytt_shows_new_year_revision_and_quarantine(update):
    text = page_text(update.project / "_build" / "html" / "vad_ar_nytt.html")
    assert str(update.new_year) in text
    assert fmt_num(IMPOSSIBLE, 1) in text
    rev = update.revised
    changes = pd.read_parquet(update.project / "results" / "publishing" / "changes.parquet")
    revised = changes[changes["change"] == "revised"]
    assert len(revised) == 1
    got = revised.iloc[0]
    assert (got["indicator"], got["region_code"], got["year"]) == (
        rev["kpi"],
        rev["region_code"],
        rev["year"],
    )
    assert (got["value_prev"], got["value_cur"]) == (rev["old"], rev["new"])
    # on the page: names, old and new value in one row
    row = re.search(
        re.escape(update.names[rev["kpi"]])
        + r"\s+"
        + re.escape(region_name("03"))
        + rf"\s+{rev['year']}\s+totalt\s+"
        + re.escape(fmt_num(rev["old"], 1))
        + r"\s+"
        + re.escape(fmt_num(rev["new"], 1)),
        text,
    )
    assert row, "the revision is not shown as old -> new with indicator and region names"


def test_figures_and_latest_year_texts_move_to_the_new_year(update):
    tidy = pd.read_parquet(update.project / "results" / "tidy" / "kolada.parquet")
    assert tidy["year"].max() == update.new_year
    assert tidy.loc[tidy["indicator"] == update.bad["kpi"], "year"].max() == update.new_year
    # figure data: some published figure of Kolada data now reaches the new year
    reaching = []
    for csv_path in (update.project / "results" / "figdata").rglob("*.csv"):
        frame = read_csv(csv_path)  # semicolon, decimal comma (analysis.presentation.downloads)
        for column in ("year", "År", "år"):
            if column in frame and pd.to_numeric(frame[column], errors="coerce").max() == update.new_year:
                reaching.append(csv_path.name)
    assert reaching, "no figure's data reach the new year"
    text = page_text(update.project / "_build" / "html" / "datakvalitet.html")
    assert f"–{update.new_year}" in text  # "Kolada-data i analyserna täcker åren 2011–<new year>"


def test_strict_mode_stops_on_the_impossible_value(update):
    """Last in this module: the failed job removes the copy's Kolada outputs."""
    proc = run_snakemake(
        update.project,
        "results/tidy/kolada.parquet",
        "--forcerun",
        "tidy_kolada_family",
        "--configfile",
        "config/strict.yaml",
        env={"GNV_DATA_DIR": str(update.data)},
        check=False,
    )
    assert proc.returncode != 0
    log = family_logs(update.project)
    assert "strict mode" in log and re.search(r"kolada_values\.csv, row \d+, column 'value'", log)
    assert fmt_num(IMPOSSIBLE, 1) in log
