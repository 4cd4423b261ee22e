"""Small Sphinx extension that keeps the published site self-contained and its console clean.

Jupyter Book 1 always loads sphinx-thebe (live code cells via Binder), which the compendium
does not use: its inline script points at unpkg.com and is injected twice, which makes the
browser report "THEBE_JS_URL has already been declared". This extension drops thebe's
scripts from every page and sets the theme's default colour mode (an empty mode makes the
pydata theme log an error on every page).
"""

from __future__ import annotations


def _drop_thebe(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files", [])
    context["script_files"] = [
        s for s in scripts if "thebe" not in f"{s} {getattr(s, 'attributes', {})}".lower()
    ]
    css = context.get("css_files", [])
    context["css_files"] = [c for c in css if "thebe" not in str(c).lower()]
    if not context.get("default_mode"):
        context["default_mode"] = "light"


def setup(app):
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
