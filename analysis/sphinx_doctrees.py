"""Sphinx extension: each stored doctree is unpickled once for the readers that only look at it.

Sphinx unpickles a page's doctree from disk every time it needs it. Two of its readers only
look: figure numbering walks every page after each read (all 56 pages, even when one
changed), and each numbered reference (``{numref}``) unpickles its target's whole page to find
the target's type. The PDF build then unpickles every page once more to assemble the book,
about 150 unpickles in all, 4 s of the PDF's 20 s (profiled on the build machine).

Here the lookers share one unpickled doctree per page. The next caller that may change the
doctree (assembling, resolving, writing) is given that doctree instead of a fresh one and it
leaves the shared store, so no looker ever sees a changed tree, and no changer sees a tree
another changer had. A page whose doctree is written again leaves the store too. Assembling the
PDF's one document also skips Sphinx's deep copy of every page (:func:`owning`): each tree it
gets is already its own. The output
is unchanged: ``tests/test_sphinx_doctrees.py`` checks the sharing rules, and the publishing
tests check that incremental and cold builds are byte-identical.
"""

from __future__ import annotations

import contextvars
import functools
import weakref

import sphinx.builders.latex
import sphinx.util.nodes
from sphinx.builders import Builder
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

_LOOKING = contextvars.ContextVar("looking", default=False)
#: Per environment: docname -> the doctree the lookers share (kept out of the pickled env).
_SHARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def shared_get_doctree(get_doctree):
    """``BuildEnvironment.get_doctree`` that shares one unpickled doctree among lookers."""

    @functools.wraps(get_doctree)
    def wrapper(env, docname):
        shared = _SHARED.setdefault(env, {})
        if _LOOKING.get():
            if docname not in shared:
                shared[docname] = get_doctree(env, docname)
            return shared[docname]
        tree = shared.pop(docname, None)  # a caller that may change it takes it over
        return tree if tree is not None else get_doctree(env, docname)

    wrapper.__wrapped_by_gnv__ = True
    return wrapper


def looking(method):
    """Run ``method`` as a looker: the doctrees it gets are the shared ones."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        token = _LOOKING.set(True)
        try:
            return method(*args, **kwargs)
        finally:
            _LOOKING.reset(token)

    wrapper.__wrapped_by_gnv__ = True
    return wrapper


def forgetting(write_doctree):
    """``Builder.write_doctree`` that drops the page's shared doctree (it is stale now)."""

    @functools.wraps(write_doctree)
    def wrapper(builder, docname, doctree, *args, **kwargs):
        _SHARED.get(builder.env, {}).pop(docname, None)
        return write_doctree(builder, docname, doctree, *args, **kwargs)

    wrapper.__wrapped_by_gnv__ = True
    return wrapper


def owning(inline):
    """``inline_all_toctrees`` without its defensive deep copy of each page's doctree.

    Every tree it is given comes from ``get_doctree`` in a caller that may change it, so it is
    that caller's own (a fresh unpickle, or the shared one taken out of the store): copying it
    again cost about 1,2 s of the PDF build (profiled). The copy is skipped by letting the
    tree's ``deepcopy`` return the tree itself while it is inlined.
    """

    @functools.wraps(inline)
    def wrapper(builder, docnameset, docname, tree, *args, **kwargs):
        tree.deepcopy = lambda: tree
        try:
            return inline(builder, docnameset, docname, tree, *args, **kwargs)
        finally:
            del tree.deepcopy

    wrapper.__wrapped_by_gnv__ = True
    return wrapper


def _patch(owner, name, wrap) -> None:
    if not getattr(getattr(owner, name), "__wrapped_by_gnv__", False):
        setattr(owner, name, wrap(getattr(owner, name)))


def setup(app):
    _patch(BuildEnvironment, "get_doctree", shared_get_doctree)
    _patch(TocTreeCollector, "assign_figure_numbers", looking)
    _patch(StandardDomain, "_resolve_numref_xref", looking)
    _patch(Builder, "write_doctree", forgetting)
    # the LaTeX builder calls its own imported name; the recursion calls the module's
    _patch(sphinx.util.nodes, "inline_all_toctrees", owning)
    _patch(sphinx.builders.latex, "inline_all_toctrees", owning)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
