"""Live refresh into a dated snapshot, against a scripted local Kolada server (synthetic data)."""

from __future__ import annotations

import hashlib
import json
from contextlib import closing
from datetime import UTC, datetime

import pandas as pd
import pytest
from test_kolada_client import FAST, Server, answer, entry

from analysis.refresh import api_ids, refresh_snapshot
from analysis.sources.kolada import read_snapshot
from analysis.sources.kolada_api import KoladaError, data_url

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
YEARS = [2023, 2024, 2025]
SHEET = pd.DataFrame({"id": ["U70447", "N70061", "SCB_FOLKMANGD"], "provider": ["kolada", "kolada", "scb"]})
BASE = """kpi,region_code,region,year,gender,value
N99999,0001,Stockholm,2024,T,3.5
SCB_FOLKMANGD,0001,Stockholm,2024,T,2500000
U70447,0001,Stockholm,2023,T,60.1
U70447,0001,Stockholm,2024,T,61.2
"""


@pytest.fixture
def api():
    with closing(Server()) as server:
        yield server


@pytest.fixture
def base(tmp_path):
    snap = tmp_path / "shared"
    (snap / "kolada").mkdir(parents=True)
    (snap / "kolada" / "kolada_values.csv").write_text(BASE)
    (snap / "vis").mkdir()
    (snap / "vis" / "export.csv").write_text("a;b\n1;2\n")
    for path in [snap / "kolada", snap / "vis", snap]:  # read-only, as on the build machines
        for f in path.iterdir():
            f.chmod(0o444 if f.is_file() else 0o555)
    snap.chmod(0o555)
    yield snap
    for path in [snap, *snap.rglob("*")]:
        path.chmod(0o755)


def route(api, kpi, values):
    path = data_url(api.base_url, [kpi], YEARS)[len(api.root) :]
    api.routes[path] = answer({"values": values, "count": len(values)})


def test_refresh_replaces_api_series_and_keeps_snapshot_only_ones(api, base, tmp_path):
    route(api, "U70447", [entry("U70447", "0001", 2024, 62.0), entry("U70447", "0001", 2025, 63.5)])
    null = {
        "kpi": "N70061",
        "municipality": "0003",
        "period": 2025,
        "values": [{"gender": "T", "value": None}],
    }
    route(api, "N70061", [entry("N70061", "0001", 2025, 31000), entry("N70061", "0180", 2025, 1.0), null])
    out = refresh_snapshot(
        base, tmp_path / "snapshots", api_ids(SHEET), YEARS, base_url=api.base_url, now=NOW, **FAST
    )

    assert out == tmp_path / "snapshots" / "kolada-2026-11-29"
    lines = (out / "kolada" / "kolada_values.csv").read_text().splitlines()
    assert lines[0] == "kpi,region_code,region,year,gender,value"
    assert set(lines[1:]) == {
        "N99999,0001,Stockholm,2024,T,3.5",  # not in the sheet: kept
        "SCB_FOLKMANGD,0001,Stockholm,2024,T,2500000",  # snapshot-only series: kept
        "U70447,0001,Stockholm,2024,T,62",  # revised by the API (whole numbers as in Kolada)
        "U70447,0001,Stockholm,2025,T,63.5",  # new year; 2023 is no longer served, so gone
        "N70061,0001,Stockholm,2025,T,31000",  # the municipality 0180 and the null are left out
    }
    assert not any(h.startswith(("/v3/data/kpi/SCB", "/v3/data/kpi/N99999")) for h in api.hits)
    table = read_snapshot(out / "kolada" / "kolada_values.csv")
    assert len(table) == 5

    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["created"] == "2026-11-29T12:00:00+00:00"
    assert [r["indicator"] for r in manifest["requests"]] == ["U70447", "N70061"]
    assert all(r["url"].startswith(api.base_url) for r in manifest["requests"])
    assert manifest["kept_from_snapshot"] == ["N99999", "SCB_FOLKMANGD"]
    for rel, digest in manifest["files"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
    assert set(manifest["files"]) == {"kolada/kolada_values.csv", "vis/export.csv"}


def test_a_failed_download_leaves_no_snapshot(api, base, tmp_path):
    route(api, "U70447", [entry("U70447", "0001", 2024, 62.0)])
    api.routes[data_url(api.base_url, ["N70061"], YEARS)[len(api.root) :]] = answer(
        {"error": "x"}, status=500
    )
    with pytest.raises(KoladaError):
        refresh_snapshot(
            base, tmp_path / "snapshots", api_ids(SHEET), YEARS, base_url=api.base_url, now=NOW, **FAST
        )
    assert list((tmp_path / "snapshots").iterdir()) == []


def test_refresh_does_not_overwrite_an_existing_snapshot(api, base, tmp_path):
    (tmp_path / "snapshots" / "kolada-2026-11-29").mkdir(parents=True)
    with pytest.raises(FileExistsError):
        refresh_snapshot(base, tmp_path / "snapshots", [], YEARS, base_url=api.base_url, now=NOW, **FAST)
