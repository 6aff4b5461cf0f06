"""The package itself: its version and its public names (presslens/__init__.py)."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import pkgutil
from pathlib import Path

import pytest

import presslens

PACKAGE = Path(presslens.__file__).parent
# Every module but the command line itself and ``python -m presslens``.
ANALYSIS_MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("cli", "__main__"))


def test_version_is_the_package_metadata_version() -> None:
    # One version, set in CMakeLists.txt: compiled into _core and read by the build backend.
    assert presslens.__version__ == importlib.metadata.version("presslens")


def test_no_public_name_hides_a_module() -> None:
    # presslens.entities and presslens.quotes are functions; their modules were entities.py
    # and quotes.py, which ``import presslens.entities as m`` could not reach (issue 14).
    modules = {m.name for m in pkgutil.iter_modules(presslens.__path__)} - {"__main__"}
    for name in sorted(modules):
        module = importlib.import_module(f"presslens.{name}")
        assert getattr(presslens, name) is module, name
    assert not modules & set(presslens.__all__)
    assert callable(presslens.entities) and callable(presslens.quotes)


def _imports(module: str) -> set[str]:
    """Absolute names of the presslens modules that ``module``'s source imports."""
    path = PACKAGE / f"{module}.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = "presslens" if node.level else ""
            mod = f"{base}.{node.module}" if node.module and base else node.module or base
            names.add(mod)
            names.update(f"{mod}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("presslens")}


@pytest.mark.parametrize("module", ANALYSIS_MODULES)
def test_analysis_modules_never_import_the_command_line(module: str) -> None:
    # The command line calls the analyses, never the reverse (issue 14).
    assert "presslens.cli" not in _imports(module)
