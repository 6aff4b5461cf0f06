"""The benchmarks still run against the current package: each one's smallest configuration,
in process (their figures are not checked; benchmarks measure, tests do not time)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture()
def bench_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """benchmarks/ on sys.path, as the scripts expect when run from there."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    yield BENCHMARKS
    for name in ("_common", "bench_pipeline"):
        sys.modules.pop(name, None)


def test_pipeline_child_runs_every_stage(polnear: Path, bench_path: Path) -> None:
    """bench_pipeline's child on about 0.3 MB (the private functions it calls moved once
    without a test noticing)."""
    bench = importlib.import_module("bench_pipeline")
    out = bench.child(0.3, 1, 20)
    assert set(out["seconds"]) == set(bench.STAGES)
    assert out["quotes"] > 0 and out["rows"] > 0
