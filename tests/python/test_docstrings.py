"""Every docstring example of the installed package runs and prints what it says (doctest).

Each docstring with ``>>>`` lines in a presslens module is one test, named after the object
it documents; objects re-exported by ``presslens/__init__.py`` are tested once, in the
module that defines them.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import inspect
import io
import pkgutil

import pytest

import presslens

SUBMODULES = [m.name for m in pkgutil.iter_modules(presslens.__path__) if m.name != "__main__"]
# presslens.dask runs its examples on Dask, an optional dependency (presslens[dask]).
if importlib.util.find_spec("dask") is None:
    SUBMODULES.remove("dask")
MODULES = ["presslens", *(f"presslens.{name}" for name in sorted(SUBMODULES))]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
# Examples allowed to carry "# doctest: +SKIP", each with the reason it cannot run offline.
SKIPPED: dict[str, str] = {}


def _doctests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = []
    for name in MODULES:
        module = importlib.import_module(name)
        tests += [t for t in finder.find(module) if t.examples]
    return sorted(tests, key=lambda t: t.name)


DOCTESTS = _doctests()


def test_every_public_name_has_an_example() -> None:
    names = {t.name for t in DOCTESTS}
    assert "presslens" in names  # the package docstring, and not an empty collection
    missing = [
        name
        for name in presslens.__all__
        if name != "__version__" and ">>>" not in (inspect.getdoc(getattr(presslens, name)) or "")
    ]
    assert not missing, f"public names without an Example: {missing}"


def test_examples_are_skipped_only_with_a_reason() -> None:
    skipped = {t.name for t in DOCTESTS for ex in t.examples if ex.options.get(doctest.SKIP)}
    assert skipped <= set(SKIPPED), f"skipped examples without a reason in SKIPPED: {skipped}"


@pytest.mark.parametrize("test", DOCTESTS, ids=[t.name for t in DOCTESTS])
def test_docstring_example(test: doctest.DocTest) -> None:
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=out.write, clear_globs=True)
    assert result.failed == 0, out.getvalue()
