"""The package itself: its version and its public names (presslens/__init__.py)."""

from __future__ import annotations

import importlib.metadata

import presslens


def test_version_is_the_package_metadata_version() -> None:
    # One version, set in CMakeLists.txt: compiled into _core and read by the build backend.
    assert presslens.__version__ == importlib.metadata.version("presslens")
