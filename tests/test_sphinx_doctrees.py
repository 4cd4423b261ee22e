"""The shared doctrees of analysis.sphinx_doctrees: lookers share, a changer takes over once."""

from __future__ import annotations

from analysis import sphinx_doctrees as sd


class FakeEnv:
    """An environment whose get_doctree unpickles a fresh object per call and counts the calls."""

    def __init__(self):
        self.loads = 0

    def get_doctree(self, docname):
        self.loads += 1
        return {"doc": docname, "load": self.loads}


def _env():
    env = FakeEnv()
    get = sd.shared_get_doctree(FakeEnv.get_doctree)
    look = sd.looking(lambda docname: get(env, docname))
    return env, get, look


def test_lookers_share_one_doctree_per_page():
    env, _, look = _env()
    first = look("a")
    assert look("a") is first
    assert look("b") is not first
    assert env.loads == 2


def test_a_changer_takes_the_shared_doctree_over_once():
    env, get, look = _env()
    shared = look("a")
    taken = get(env, "a")
    assert taken is shared and env.loads == 1
    again = get(env, "a")  # a second changer never gets the tree the first one may have changed
    assert again is not taken and env.loads == 2
    fresh = look("a")  # nor does a looker
    assert fresh is not taken and fresh is not again and env.loads == 3


def test_without_lookers_every_call_unpickles():
    env, get, _ = _env()
    assert get(env, "a") is not get(env, "a")
    assert env.loads == 2


def test_a_rewritten_page_leaves_the_store():
    env, get, look = _env()
    stale = look("a")

    class Builder:
        pass

    builder = Builder()
    builder.env = env
    written = []
    sd.forgetting(lambda b, docname, doctree: written.append(docname))(builder, "a", {"new": True})
    assert written == ["a"]
    assert look("a") is not stale


def test_setup_patches_once(monkeypatch):
    import sphinx.builders.latex
    import sphinx.util.nodes
    from sphinx.builders import Builder
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment
    from sphinx.environment.collectors.toctree import TocTreeCollector

    patched = [
        (BuildEnvironment, "get_doctree"),
        (TocTreeCollector, "assign_figure_numbers"),
        (StandardDomain, "_resolve_numref_xref"),
        (Builder, "write_doctree"),
        (sphinx.util.nodes, "inline_all_toctrees"),
        (sphinx.builders.latex, "inline_all_toctrees"),
    ]
    for owner, name in patched:  # restored after the test
        monkeypatch.setattr(owner, name, getattr(owner, name))
    sd.setup(object())
    once = [getattr(owner, name) for owner, name in patched]
    sd.setup(object())
    assert [getattr(owner, name) for owner, name in patched] == once
    assert all(getattr(f, "__wrapped_by_gnv__", False) for f in once)


def test_inlining_uses_the_callers_own_tree_and_leaves_it_as_it_was():
    """``owning``: the wrapped function's ``tree.deepcopy()`` is the tree itself, only during the call."""
    from docutils import nodes

    seen = []

    def inline(builder, docnameset, docname, tree, *rest):
        seen.append(tree.deepcopy() is tree)
        tree += nodes.paragraph(text="inlined")
        return tree

    tree = nodes.document(None, None)
    out = sd.owning(inline)(None, set(), "index", tree, None, [])
    assert seen == [True] and out is tree and len(tree.children) == 1
    assert tree.deepcopy() is not tree  # a plain document again
