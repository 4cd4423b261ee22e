"""Drawn figures kept between executions: a figure whose drawing state is unchanged is not drawn again.

A chapter re-executes when any of its inputs changed, and then drew every figure again, though a
revised value changes a few of them (drawing SVG and PDF is most of a figure's cost). Here a
figure's key is a digest of its whole drawing state: the figure pickled (data, artists, texts,
styles), the matplotlib settings in force, the environment (interpreter, locked packages,
``SOURCE_DATE_EPOCH``) and this package's figure code. A figure with the key of its last
drawing gets that drawing back, byte for byte the same display bundle
(tests/test_figure_cache.py). One entry per figure name in :data:`STORE`, a cache that is safe
to delete; a figure that cannot be pickled is simply drawn.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import os
import pickle
import types
from pathlib import Path

import matplotlib as mpl
from matplotlib.transforms import TransformNode

from analysis import reuse

#: One JSON file per figure name: its key and its display bundle.
STORE = Path(os.environ.get("GNV_FIGURE_CACHE", ".cache/figures"))

#: The figure code whose changes must reach every figure (styles, legibility, display formats).
CODE = (Path(__file__).parent / "figures.py", Path(__file__))


class _Digest:
    """A file-like sink that hashes what is written to it."""

    def __init__(self) -> None:
        self.hash = hashlib.sha256()

    def write(self, data) -> None:
        self.hash.update(data)


class _StatePickler(pickle.Pickler):
    """Pickles a figure's drawing state for hashing only (never unpickled).

    Functions (tick formatters are often closures) are written as their name, code, constants
    and closure values; transforms leave out their links to parent transforms, a dict keyed by
    object ids that differs between processes and only serves invalidation.
    """

    def reducer_override(self, obj):
        if isinstance(obj, types.FunctionType):
            code = obj.__code__
            cells = tuple(c.cell_contents for c in obj.__closure__ or ())
            return tuple, ((obj.__module__, obj.__qualname__, code.co_code, repr(code.co_consts), cells),)
        if isinstance(obj, TransformNode):
            state = {k: v for k, v in obj.__getstate__().items() if k != "_parents"}
            return copyreg.__newobj__, (type(obj),), state
        return NotImplemented


def figure_key(fig) -> str | None:
    """Digest of everything that shapes ``fig``'s drawing, or None when it cannot be pickled."""
    sink = _Digest()
    try:
        _StatePickler(sink, protocol=5).dump(fig)
    except Exception:  # an artist holding something unpicklable: no key, the figure is drawn
        return None
    sink.write(repr(sorted((k, repr(v)) for k, v in mpl.rcParams.items())).encode())
    sink.write(json.dumps(reuse.environment(), sort_keys=True).encode())
    for path in CODE:
        sink.write(path.read_bytes())
    return sink.hash.hexdigest()


def kept(name: str, key: str | None) -> dict | None:
    """The display bundle stored for figure ``name`` under ``key``, if any."""
    if key is None:
        return None
    try:
        entry = json.loads((STORE / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return entry.get("rendered") if entry.get("key") == key else None


def keep(name: str, key: str | None, rendered: dict) -> None:
    """Store figure ``name``'s display bundle under ``key`` (written whole or not at all)."""
    if key is None:
        return
    STORE.mkdir(parents=True, exist_ok=True)
    tmp = STORE / f"{name}.json.tmp"
    tmp.write_text(json.dumps({"key": key, "rendered": rendered}), encoding="utf-8")
    tmp.replace(STORE / f"{name}.json")
