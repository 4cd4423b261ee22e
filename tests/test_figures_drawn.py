"""Figures drawn ahead of their page (rule ``region_figures``) and placed by ``publish``."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from IPython.core.formatters import format_display_data

from analysis import figures
from analysis.figures import Drawn, data_digest, make_legible, render, setup

DATA = pd.DataFrame({"year": [2022, 2023, 2024], "value": [1.5, 2.25, 1.75]})  # SYNTHETIC


def _figure():
    fig, ax = plt.subplots(figsize=(8.0, 3.0))
    ax.plot(DATA["year"], DATA["value"])
    ax.set_title("Syntetisk serie", fontsize=6)  # below the print minimum: make_legible raises it
    return fig


def test_a_drawn_figure_is_the_live_figure_made_legible_and_printed_at_its_own_size(monkeypatch):
    from IPython.core.pylabtools import print_figure

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the SVG and PDF dates, as in a build
    setup()
    rendered = render(_figure(), DATA)
    live = _figure()
    make_legible(live)
    bundle = rendered["bundle"]
    assert bundle["image/svg+xml"] == print_figure(live, "svg", bbox_inches=None)
    assert bundle["application/pdf"] == print_figure(live, "pdf", bbox_inches=None, base64=True)
    assert 'width="576pt" height="216pt"' in bundle["image/svg+xml"]  # 8 x 3 inches, not cropped
    assert bundle["text/plain"] == format_display_data(live)[0]["text/plain"]
    assert format_display_data(Drawn(rendered))[0] == bundle
    plt.close(live)


def test_data_digest_ignores_the_index_but_not_the_values():
    assert data_digest(DATA) == data_digest(DATA.set_axis([7, 8, 9]))
    assert data_digest(DATA) != data_digest(DATA.assign(value=[1.5, 2.25, 1.8]))


@pytest.fixture
def glued(monkeypatch, tmp_path):
    import myst_nb

    out = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, obj, display=True: out.__setitem__(name, obj))
    monkeypatch.setattr(figures, "FIGDATA_DIR", tmp_path)
    return out


def test_publish_places_a_drawn_figure_and_refuses_one_drawn_from_other_data(glued):
    setup()
    rendered = render(_figure(), DATA)
    prov = {"source": "Syntetisk", "alt": "Syntetisk serie.", "code": "analysis.figures.render"}
    figures.publish(Drawn(rendered), DATA, "syntetisk", **prov)
    assert format_display_data(glued["syntetisk"])[0] == rendered["bundle"]
    with pytest.raises(ValueError, match="other data"):
        figures.publish(Drawn(rendered), DATA.assign(value=0.0), "syntetisk-2", **prov)
    assert "syntetisk-2" not in glued
