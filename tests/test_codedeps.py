"""Code inputs of rules: re-exports of a subpackage's ``__init__`` followed to their modules."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_snakemake
from test_workflow import planned_jobs

from analysis.codedeps import code_deps, defining_file


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


REEXPORTING = {
    "analysis/__init__.py": "",
    "analysis/helper.py": "H = 1\n",
    "analysis/pkg/__init__.py": (
        '"""Re-exports."""\n\nfrom analysis.pkg.a import alpha\nfrom .b import beta as bee\n\n'
        '__all__ = ["alpha", "bee"]\n'
    ),
    "analysis/pkg/a.py": "from analysis.pkg.base import base\n\nalpha = base\n",
    "analysis/pkg/b.py": "import analysis.helper\n\nbeta = 2\n",
    "analysis/pkg/base.py": "base = 1\n",
}


@pytest.mark.parametrize(
    ("name", "modules"),
    [
        ("alpha", ["analysis/pkg/a.py", "analysis/pkg/base.py"]),
        ("bee", ["analysis/helper.py", "analysis/pkg/b.py"]),  # relative, under an alias
    ],
)
def test_a_reexported_name_depends_on_the_module_binding_it(tmp_path, name, modules):
    root = _write(tmp_path, {**REEXPORTING, "script.py": f"from analysis.pkg import {name}\n"})
    expected = ["analysis/__init__.py", "analysis/pkg/__init__.py", *modules]
    assert code_deps("script.py", str(root)) == sorted(expected)


def test_importing_a_submodule_skips_the_siblings_the_init_reexports(tmp_path):
    root = _write(tmp_path, {**REEXPORTING, "script.py": "from analysis.pkg.base import base\n"})
    assert code_deps("script.py", str(root)) == [
        "analysis/__init__.py",
        "analysis/pkg/__init__.py",
        "analysis/pkg/base.py",
    ]
    root = _write(tmp_path, {"chapter.md": "```{code-cell} ipython3\nfrom analysis.pkg import b\n```\n"})
    assert "analysis/pkg/a.py" not in code_deps("chapter.md", str(root))
    assert "analysis/pkg/b.py" in code_deps("chapter.md", str(root))


@pytest.mark.parametrize(
    "script",
    [
        "import analysis.pkg\n",  # the package as a whole
        "from analysis.pkg import *\n",
        "from analysis.pkg import gamma\n",  # not bound in __init__: cannot tell
        "from analysis.pkg import alpha, own\n",  # defined in __init__ itself
    ],
)
def test_the_whole_package_when_the_init_cannot_tell(tmp_path, script):
    files = {**REEXPORTING, "script.py": script}
    files["analysis/pkg/__init__.py"] += "\n\ndef own():\n    return 0\n"
    deps = code_deps("script.py", str(_write(tmp_path, files)))
    assert {"analysis/pkg/a.py", "analysis/pkg/b.py", "analysis/helper.py"} <= set(deps)


def test_imports_used_by_the_inits_own_code_are_followed(tmp_path):
    files = {**REEXPORTING, "script.py": "from analysis.pkg import alpha\n"}
    files["analysis/pkg/__init__.py"] += "\nTOTAL = bee + 1\n"
    assert "analysis/pkg/b.py" in code_deps("script.py", str(_write(tmp_path, files)))


def test_edits_are_seen_by_a_later_call(tmp_path):
    root = _write(tmp_path, {**REEXPORTING, "s1.py": "from analysis.pkg import alpha\n"})
    assert "analysis/helper.py" not in code_deps("s1.py", str(root))
    _write(root, {"analysis/pkg/base.py": "import analysis.helper\n\nbase = 1\n"})
    _write(root, {"s2.py": "from analysis.pkg import alpha\n"})
    assert "analysis/helper.py" in code_deps("s2.py", str(root))


@pytest.mark.integration
def test_editing_an_unused_submodule_does_not_replan_the_validation(build, tmp_path):
    """The slow validation re-runs for edits to the modules it uses, not to their siblings."""
    project = tmp_path / "project"
    shutil.copytree(build.project, project, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    script = "workflow/scripts/validation_replicates.py"
    deps = set(code_deps(script, str(project)))
    packages = {Path(d).parent for d in deps if Path(d).name == "__init__.py"}
    siblings = {str(f.relative_to(project)) for p in packages for f in (project / p).glob("*.py")}
    unused, used = sorted(siblings - deps), sorted(siblings & deps - {"analysis/__init__.py"})
    assert unused and used

    def planned_after_editing(rel: str) -> list[str]:
        path = project / rel
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "\n# edited\n", encoding="utf-8")
        try:
            return planned_jobs(run_snakemake(project, "-n", env=build.env).stdout)
        finally:
            path.write_text(original, encoding="utf-8")

    assert "validation_replicates" not in planned_after_editing(unused[0])
    used_module = next(d for d in used if not d.endswith("__init__.py"))
    assert "validation_replicates" in planned_after_editing(used_module)


_CODE_LINK = re.compile(r"""["']code["']\s*:\s*["'](analysis\.[\w.]+)["']|code=["'](analysis\.[\w.]+)["']""")


def test_defining_file_read_from_the_code_is_the_file_python_finds_on_import():
    """Every code link of the chapters and the package: reading the source gives the file that
    importing and inspecting it gives (re-exports followed, outside names left with the module)."""
    import importlib
    import inspect

    files = [*sorted((ROOT / "analysis").rglob("*.py")), *sorted((ROOT / "chapters").glob("*.md"))]
    links = {a or b for f in files for a, b in _CODE_LINK.findall(f.read_text(encoding="utf-8"))}
    links |= {"analysis.ledger.build_ledger", "analysis.figures.Sequence"}  # a re-export; an outside name
    assert len(links) > 20
    for dotted in sorted(links):
        module, _, name = dotted.rpartition(".")
        mod = importlib.import_module(module)
        found = inspect.getmodule(getattr(mod, name))
        found = found if found is not None and found.__name__.startswith("analysis") else mod
        assert defining_file(ROOT, module, name) == Path(found.__file__), dotted
