"""Shared fixtures: the reference data beside the repository (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, or skip the test when it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared reference data is absent")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "corpus" / "seeds"


@pytest.fixture(scope="session")
def polnear(shared: Path) -> Path:
    p = shared / "corpus" / "polnear-train"
    if not (p / "text").is_dir():
        pytest.skip("PolNeAR training split is absent")
    return p
