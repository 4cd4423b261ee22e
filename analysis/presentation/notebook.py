"""What a chapter notebook needs besides drawing: its declared inputs, read once, and glue in bulk."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml


def declared_inputs(chapter: str | Path) -> list[str]:
    """The ``compendium.inputs`` of a chapter's front matter (paths under ``results/``)."""
    text = Path(chapter).read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise ValueError(f"{chapter}: no front matter")
    front = yaml.safe_load(text.split("---", 2)[1]) or {}
    inputs = (front.get("compendium") or {}).get("inputs") or []
    if not all(isinstance(p, str) and p.startswith("results/") for p in inputs):
        raise ValueError(f"{chapter}: compendium.inputs must be a list of paths under results/")
    return list(inputs)


def read_inputs(chapter: str | Path, root: str | Path = ".") -> dict[str, pd.DataFrame]:
    """Every declared Parquet input of ``chapter``, keyed by its file stem (``'shares'``).

    Two inputs with the same stem in different folders are an error, so a key always means
    one file. Notebooks run with the project root as working directory (``root``).
    """
    out: dict[str, pd.DataFrame] = {}
    for rel in declared_inputs(Path(root) / chapter):
        stem = Path(rel).stem
        if stem in out:
            raise ValueError(f"{chapter}: two declared inputs are named {stem!r}")
        out[stem] = pd.read_parquet(Path(root) / rel)
    return out


class Md(str):
    """A glued value meant as Markdown (a sentence with links or emphasis), not as plain text."""


def glue_all(values: dict[str, str]) -> None:
    """Glue every value under its key: plain strings for ``{glue:text}``, :class:`Md` for ``{glue:md}``.

    Markdown values are escaped first (:func:`~analysis.presentation.text.escape_md`), so a
    data string inside a sentence stays text.
    """
    from IPython.display import Markdown
    from myst_nb import glue

    from analysis.presentation.text import escape_md

    for key, value in values.items():
        if isinstance(value, Md):
            glue(key, Markdown(escape_md(str(value))), display=False)
        else:
            glue(key, str(value), display=False)


def publication(obj, data, name: str, source: str, code: str, rule: str, **extra) -> dict:
    """The keyword arguments of ``publish`` (``obj`` a figure) or ``publish_table`` (``obj`` a DataFrame).

    Figure and table helpers return this, so a chapter only writes ``publish(**helper(...))``.
    """
    import pandas as pd

    key = "table" if isinstance(obj, pd.DataFrame) else "fig"
    return {key: obj, "data": data, "name": name, "source": source, "code": code, "rule": rule, **extra}
