"""Drawn figures kept between executions (analysis.figure_cache): a kept figure is the drawing
it would get anew, and anything that changes the drawing changes its key."""

from __future__ import annotations

import subprocess
import sys
import threading

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import ROOT
from IPython.core.formatters import format_display_data

from analysis import figure_cache, figures
from analysis.figures import decimal_comma, make_legible, setup

DATA = pd.DataFrame({"year": [2022, 2023, 2024], "value": [1.5, 2.25, 1.75]})  # SYNTHETIC


def _figure(values=(1.5, 2.25, 1.75), title="Syntetisk serie", color="C0", decimals=1):
    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    ax.plot(DATA["year"], list(values), color=color)
    ax.set_title(title, fontsize=6)  # below the print minimum: make_legible raises it
    decimal_comma(ax, decimals=decimals)  # a closure formatter, as in the chapters
    return fig


def _key(**kwargs) -> str:
    fig = _figure(**kwargs)
    key = figure_cache.figure_key(fig)
    plt.close(fig)
    return key


@pytest.fixture
def glued(monkeypatch, tmp_path):
    import myst_nb

    out = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, obj, display=True: out.__setitem__(name, obj))
    monkeypatch.setattr(figures, "FIGDATA_DIR", tmp_path / "figdata")
    monkeypatch.setattr(figure_cache, "STORE", tmp_path / "figures")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    setup()
    return out


def test_the_same_figure_gets_the_same_key_and_any_change_another():
    setup()
    base = _key()
    assert _key() == base  # built again from scratch
    assert _key(values=(1.5, 2.25, 1.8)) != base
    assert _key(title="Annan rubrik") != base
    assert _key(color="C1") != base
    assert _key(decimals=2) != base  # a closure's values are part of the key
    with mpl.rc_context({"svg.fonttype": "none"}):  # a setting read only when drawing
        assert _key() != base


def test_the_key_follows_the_build_date(monkeypatch):
    setup()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = _key()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")  # the SVG and PDF carry the date
    assert _key() != first


def test_the_key_is_the_same_in_another_process():
    """Object ids and string hashing differ between processes; the key must not."""
    code = (
        "import sys; sys.path.insert(0, 'tests'); import matplotlib; matplotlib.use('agg');"
        "from analysis.figures import setup; setup();"
        "from test_figure_cache import _key; print(_key())"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000", "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(keys) == 1 and len(keys.pop()) == 64


def test_a_figure_that_cannot_be_pickled_has_no_key():
    fig = _figure()
    fig.lock = threading.Lock()
    assert figure_cache.figure_key(fig) is None
    plt.close(fig)


def test_publish_keeps_an_unchanged_figure_and_it_displays_as_a_new_drawing(glued, monkeypatch):
    prov = {"source": "Syntetisk", "alt": "Syntetisk serie.", "code": "analysis.figures.publish"}
    figures.publish(_figure(), DATA, "syntetisk", **prov)
    fresh = _figure()
    make_legible(fresh)
    assert format_display_data(glued["syntetisk"]) == format_display_data(fresh)
    plt.close(fresh)

    drawn = []
    real = figures.make_legible
    monkeypatch.setattr(figures, "make_legible", lambda fig: drawn.append(fig) or real(fig))
    figures.publish(_figure(), DATA, "syntetisk", **prov)  # unchanged: kept, not drawn
    assert drawn == []
    kept = format_display_data(glued["syntetisk"])
    figures.publish(_figure(values=(1.5, 2.25, 1.8)), DATA, "syntetisk", **prov)  # changed: drawn
    assert len(drawn) == 1
    assert format_display_data(glued["syntetisk"]) != kept
    assert plt.get_fignums() == []  # every published figure is closed


def test_a_broken_store_entry_is_drawn_again(glued):
    prov = {"source": "Syntetisk", "alt": "Syntetisk serie.", "code": "analysis.figures.publish"}
    figure_cache.STORE.mkdir(parents=True)
    (figure_cache.STORE / "syntetisk.json").write_text("{not json")
    figures.publish(_figure(), DATA, "syntetisk", **prov)
    assert "image/svg+xml" in format_display_data(glued["syntetisk"])[0]
