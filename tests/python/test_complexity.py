"""Every analysis in linear time and memory (issue 13).

Each adversarial pattern of _complexity.py runs at 0.25 and 1 MiB, each size in a fresh
process (forked from one server that has imported presslens), and every analysis is timed
once and its added peak memory measured. Four times the input may take at most 8 times the
time and memory (linear is 4, quadratic 16):

- time, when the larger run takes over 0.05 s, the smaller one counting as at least 0.01 s
  (below, timer and scheduler noise dominate); wall-clock time, and a growth over the limit
  counts only when the CPU time of the process grew as much (another process stealing the
  cores stretches the first, not the second);
- memory, when the larger run adds over 20 MB, the smaller run counting as at least 4 MB
  (what the allocator's state alone can change);
- every call under 20 s, adding at most 40 times the input plus 100 MB.

These are the only timing assertions: two sizes compared within one run. A miss on time
alone (the larger run under 2 s) is measured again, up to twice, and the fastest time per
size counts. An analysis that runs past 12 times its small-size time
(at least 2 s) is killed, as it would miss the ratio anyway; the small run gets 5 s per call
(20 s scaled to its size), so a quadratic case fails in seconds, not minutes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import _complexity as cx
import pytest

SIZES = (0.25, 1.0)  # MiB
MAX_RATIO = 8.0  # for 4 times the input: linear is 4, quadratic 16
TIME_FLOOR = 0.05  # seconds
TIME_NOISE = 0.01  # seconds: the smaller run's time counts as at least this much
TIME_CAP = 20.0  # seconds, any call at the larger size
MEMORY_FLOOR = 20.0  # MB
MEMORY_NOISE = 4.0  # MB: the smaller run's figure counts as at least this much
MEMORY_PER_INPUT = 40  # times the input, plus
MEMORY_BASE = 100.0  # MB
RETRIES = 2  # new measurements of a miss on time


@pytest.fixture(scope="module")
def runner() -> Iterator[cx.Runner]:
    if not hasattr(os, "fork") or not os.access("/proc/self/clear_refs", os.W_OK):
        pytest.skip("measuring needs Linux: fork() and /proc/self/clear_refs (peak RSS)")
    with cx.Runner(mem_limit_mb=6 * 1024) as r:
        yield r


_measured: dict[str, tuple[cx.Case, cx.Case]] = {}


def measure(
    runner: cx.Runner, pattern: str, analyses: tuple[str, ...] = cx.ANALYSES
) -> tuple[cx.Case, cx.Case]:
    return cx.measure_two_sizes(
        runner,
        pattern,
        SIZES,
        analyses,
        cap=TIME_CAP,
        small_cap=TIME_CAP * SIZES[0] / SIZES[1],
        factor=1.5 * MAX_RATIO,
    )


def _grew(small: float | None, large: float | None) -> bool:
    """Time grew more than allowed (the smaller time counting as at least TIME_NOISE)."""
    return small is None or large is None or large > MAX_RATIO * max(small, TIME_NOISE)


def problems(small: cx.Step, large: cx.Step, large_bytes: int) -> list[str]:
    """What is wrong with an analysis's two runs (empty when it scales linearly)."""
    if not small.ok:
        return [f"at {SIZES[0]} MB: {small.describe()}"]
    if not large.ok:
        return [f"at {SIZES[1]} MB: {large.describe()}"]
    assert small.seconds is not None and large.seconds is not None
    assert small.mb is not None and large.mb is not None
    out = []
    if large.seconds > TIME_CAP:
        out.append(f"{large.seconds:.2f} s at {SIZES[1]} MB (cap {TIME_CAP:g} s)")
    # Wall-clock time, confirmed by CPU time: another process stealing the cores stretches
    # the first, not the second; a quadratic call stretches both.
    if (
        large.seconds > TIME_FLOOR
        and _grew(small.seconds, large.seconds)
        and _grew(small.cpu, large.cpu)
    ):
        cpu = f", CPU {large.cpu / small.cpu:.1f}x" if small.cpu and large.cpu else ""
        out.append(f"time grew {large.seconds / small.seconds:.1f}x{cpu} (limit {MAX_RATIO:g}x)")
    if large.mb > MEMORY_FLOOR and large.mb > MAX_RATIO * max(small.mb, MEMORY_NOISE):
        growth = large.mb / small.mb if small.mb else float("inf")
        out.append(f"memory grew {growth:.1f}x (limit {MAX_RATIO:g}x)")
    bound = MEMORY_PER_INPUT * large_bytes / cx.MB + MEMORY_BASE
    if large.mb > bound:
        out.append(f"added {large.mb:.0f} MB at {SIZES[1]} MB (bound {bound:.0f} MB)")
    return out


@pytest.mark.parametrize("analysis", cx.ANALYSES)
@pytest.mark.parametrize("pattern", list(cx.PATTERNS))
def test_linear_time_and_memory(runner: cx.Runner, pattern: str, analysis: str) -> None:
    if pattern not in _measured:
        _measured[pattern] = measure(runner, pattern)
    small_case, large_case = _measured[pattern]
    small, large = small_case.step(analysis), large_case.step(analysis)
    found = problems(small, large, large_case.bytes)
    for _ in range(RETRIES):
        if not (found and small.ok and large.ok and all(p.startswith("time grew") for p in found)):
            break
        assert small.seconds is not None and large.seconds is not None
        if large.seconds > 2.0:
            break  # noise does not explain a miss of seconds
        again_small, again_large = measure(runner, pattern, (analysis,))
        small = cx.best(small, again_small.step(analysis))
        large = cx.best(large, again_large.step(analysis))
        found = problems(small, large, large_case.bytes)
    assert not found, (
        f"{analysis} on {pattern} is not linear: {'; '.join(found)}. "
        f"{SIZES[0]} MB ({small_case.bytes:,} bytes, {small_case.docs} docs): "
        f"{small.describe()}; {SIZES[1]} MB ({large_case.bytes:,} bytes): {large.describe()}. "
        f"Reproduce: python benchmarks/complexity.py --patterns {pattern} --analyses {analysis}"
        f" (measured {large_case.core or small_case.core})"
    )


@pytest.mark.parametrize("pattern", list(cx.PATTERNS))
def test_pattern_is_what_it_claims(pattern: str) -> None:
    """The texts have the size asked for and no boilerplate line: every analysis sees them."""
    from presslens import Corpus

    size = 64 * 1024
    texts = cx.texts_for(pattern, size)
    assert texts == cx.texts_for(pattern, size)  # deterministic
    n = sum(len(t.encode()) for t in texts)
    assert size * 0.99 <= n <= size * 1.01, n
    corpus = Corpus.from_records(cx.records_for(pattern, size))
    assert len(corpus) == len(texts) and len(corpus.boilerplate) == 0
    assert len(corpus.sentences()) > 0
