"""A page that shows tables glued by other chapters: the PDF's technical appendix.

Technical tables (model terms, sensitivity runs, figure status) are folded on the web
inside their chapter and collected in one appendix in the PDF. The appendix does not
recompute them: its Markdown pastes the chapters' glue keys (``{glue:} kap14-modeller``),
and at staging :func:`borrow_glue` copies those glued outputs, exactly as the chapters
produced them, into a hidden cell of the appendix notebook. MyST-NB's own cross-page glue
cannot do this, because it does not render Markdown outputs (our tables are Markdown).

The appendix names the chapters it borrows from in its front matter
(``compendium: {glue_from: [kap14_patienters_erfarenheter, ...]}``).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

#: ``{glue:}``/``{glue:md}`` directives and ``{glue:md}`key``` roles in MyST Markdown.
_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{glue(?::\w*)?\}\s+(\S+)", re.MULTILINE)
_ROLE = re.compile(r"\{glue(?::\w*)?\}`([^`]+)`")
BORROWED_CELL_ID = "borrowed-glue"


def referenced_keys(nb) -> list[str]:
    """Glue keys pasted by the notebook's Markdown cells, in order of first use."""
    keys: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for pattern in (_DIRECTIVE, _ROLE):
            for key in pattern.findall(cell.source):
                if key not in keys:
                    keys.append(key)
    return keys


def glued_outputs(nb) -> dict[str, dict]:
    """The notebook's glued outputs by key (outputs carrying MyST-NB's ``scrapbook`` name)."""
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None:
                found[name] = output
    return found


def glue_sources(nb) -> list[str]:
    """The chapter stems a notebook borrows glue from (``compendium.glue_from``)."""
    return list((nb.metadata.get("compendium") or {}).get("glue_from") or [])


def borrow_glue(target, sources: dict[str, object]) -> list[str]:
    """Copy into ``target`` (a notebook) the glued outputs it pastes but does not glue itself.

    ``sources`` maps chapter stems to their executed notebooks. The outputs land in one
    hidden code cell. Raises ``KeyError`` naming the key when no source glues it, or when
    two do (the appendix would show an arbitrary one). Returns the borrowed keys.
    """
    import nbformat

    own = glued_outputs(target)
    wanted = [k for k in referenced_keys(target) if k not in own]
    if not wanted:
        return []
    by_source = {stem: glued_outputs(nb) for stem, nb in sources.items()}
    outputs = []
    for key in wanted:
        holders = [stem for stem, glued in by_source.items() if key in glued]
        if len(holders) != 1:
            where = ", ".join(holders) if holders else f"none of {', '.join(sources) or 'no chapters'}"
            raise KeyError(f"glue key {key!r} is pasted by the appendix but glued by {where}")
        outputs.append(copy.deepcopy(by_source[holders[0]][key]))
    cell = nbformat.v4.new_code_cell(
        "# tables glued by the chapters, copied at staging (analysis.appendix)",
        metadata={"tags": ["remove-cell"]},
    )
    cell["id"] = BORROWED_CELL_ID  # fixed: identical builds stay byte-identical
    cell["outputs"] = outputs
    target.cells.append(cell)
    return wanted


def add_borrowed_glue(stage: Path) -> dict[str, list[str]]:
    """Fill every staged notebook that declares ``glue_from`` from the staged chapters beside it."""
    import nbformat

    done = {}
    for path in sorted(Path(stage).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        stems = glue_sources(nb)
        if not stems:
            continue
        missing = [s for s in stems if not (path.parent / f"{s}.ipynb").exists()]
        if missing:
            raise FileNotFoundError(f"{path.name} borrows glue from chapters not in the book: {missing}")
        sources = {s: nbformat.read(path.parent / f"{s}.ipynb", as_version=4) for s in stems}
        done[path.stem] = borrow_glue(nb, sources)
        nbformat.write(nb, path)
    return done


__all__ = ["add_borrowed_glue", "borrow_glue", "glue_sources", "glued_outputs", "referenced_keys"]
