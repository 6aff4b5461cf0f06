"""Shared helpers for the benchmarks: the replicated PolNeAR texts and timing."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

REPO = Path(__file__).resolve().parents[1]
POLNEAR = REPO.parent / "shared" / "corpus" / "polnear-train"


def polnear_texts() -> list[str]:
    """The PolNeAR training texts, or exit with a message when ../shared is absent."""
    folder = POLNEAR / "text"
    if not folder.is_dir():
        sys.exit(f"benchmark needs {folder} (the shared reference data)")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def replicate(texts: list[str], target_mb: float) -> list[str]:
    """Copies of `texts` until their UTF-8 size reaches about `target_mb` megabytes."""
    size = sum(len(t.encode("utf-8")) for t in texts)
    copies = max(1, round(target_mb * 1e6 / size))
    return [t for _ in range(copies) for t in texts]


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def best_of(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Fastest wall-clock time of `repeat` runs, and the last result."""
    best = float("inf")
    result: T
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result
