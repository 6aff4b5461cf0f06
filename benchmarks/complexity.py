"""Time and memory of every analysis on adversarial inputs at two sizes (issue 13).

Prints a Markdown table: per pattern and analysis, the seconds and the peak memory the call
adds (MB) at each size, and their ratios. With sizes k times apart, a linear analysis has
ratios near k and a quadratic one near k squared; rows above 2k (time over 0.05 s, memory
over 20 MB, the thresholds of tests/python/test_complexity.py) are flagged. Each pattern and
size runs in a process of its own (tests/python/_complexity.py); an analysis that outlives its
deadline is killed and reported as a timeout.

    python benchmarks/complexity.py                      # 0.25 and 1 MB (MiB), every pattern
    python benchmarks/complexity.py --sizes 1 20         # 1 and 20 MB
    python benchmarks/complexity.py --patterns quotes_dense --analyses quotes --sizes 1 4
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))

import _complexity as cx

# The thresholds of tests/python/test_complexity.py: a ratio is flagged when the larger
# run is over the floor and the smaller one counts as at least the noise level.
TIME_FLOOR = 0.05  # seconds
TIME_NOISE = 0.01  # seconds
MEMORY_FLOOR = 20.0  # MB
MEMORY_NOISE = 4.0  # MB


def _fmt(v: float | None, spec: str) -> str:
    return "–" if v is None else format(v, spec)


def _ratio(v: float | None) -> str:
    if v is None:
        return "–"
    return "inf" if v == float("inf") else f"{v:.1f}x"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", nargs=2, type=float, default=[0.25, 1.0], metavar=("A", "B"))
    p.add_argument("--patterns", nargs="+", choices=list(cx.PATTERNS), default=list(cx.PATTERNS))
    p.add_argument("--analyses", nargs="+", choices=cx.ANALYSES, default=list(cx.ANALYSES))
    p.add_argument("--cap", type=float, default=120.0, help="seconds allowed to one analysis (120)")
    p.add_argument(
        "--factor",
        type=float,
        default=None,
        help="at the larger size an analysis is killed after FACTOR times its time at the "
        "smaller one (at least 2 s; default 2 x the squared size ratio)",
    )
    p.add_argument(
        "--mem-limit-gb", type=float, default=6.0, help="address space of a case process (6)"
    )
    p.add_argument("--json", type=Path, help="also write every measurement to this file")
    args = p.parse_args(argv)

    a, b = args.sizes
    if not 0 < a < b:
        p.error("--sizes A B needs 0 < A < B")
    k = b / a
    factor = args.factor if args.factor is not None else 2 * k * k
    analyses = cx.with_needs(args.analyses)
    rows = []
    results = []
    t0 = time.monotonic()
    with cx.Runner(mem_limit_mb=args.mem_limit_gb * 1024) as runner:
        for pattern in args.patterns:
            t = time.monotonic()
            small, large = cx.measure_two_sizes(
                runner, pattern, (a, b), analyses, cap=args.cap, factor=factor
            )
            print(f"{pattern}: {time.monotonic() - t:.1f} s", file=sys.stderr, flush=True)
            results.append((small, large))
            for name in args.analyses:
                s, g = small.step(name), large.step(name)
                tr = cx.ratio(s.seconds, g.seconds)
                cr = cx.ratio(s.cpu, g.cpu)
                mr = cx.ratio(s.mb, g.mb)
                note = ""
                if not s.ok:
                    note = f"{a:g} MB: {s.describe()}"
                elif not g.ok:
                    note = f"{b:g} MB: {g.describe()}"
                else:
                    assert s.seconds is not None and g.seconds is not None
                    assert s.mb is not None and g.mb is not None
                    flags = []
                    if (
                        g.seconds > TIME_FLOOR
                        and g.seconds > 2 * k * max(s.seconds, TIME_NOISE)
                        and (
                            s.cpu is None or g.cpu is None or g.cpu > 2 * k * max(s.cpu, TIME_NOISE)
                        )
                    ):
                        flags.append("time")
                    if g.mb > MEMORY_FLOOR and g.mb > 2 * k * max(s.mb, MEMORY_NOISE):
                        flags.append("memory")
                    if flags:
                        note = "superlinear " + " and ".join(flags)
                rows.append(
                    (
                        pattern,
                        name,
                        _fmt(s.seconds, ".3f"),
                        _fmt(g.seconds, ".3f"),
                        _ratio(tr),
                        _ratio(cr),
                        _fmt(s.mb, ".1f"),
                        _fmt(g.mb, ".1f"),
                        _ratio(mr),
                        note,
                    )
                )
    head = (
        "pattern",
        "analysis",
        f"s @{a:g} MB",
        f"s @{b:g} MB",
        "time ratio",
        "CPU ratio",
        f"MB @{a:g} MB",
        f"MB @{b:g} MB",
        "memory ratio",
        "note",
    )
    cores = sorted({c.core for pair in results for c in pair if c.core})
    print(f"Sizes {a:g} and {b:g} MiB (ratio {k:g}: linear ~{k:g}x, quadratic ~{k * k:g}x).")
    print("s = wall-clock seconds of the call; CPU ratio = the same for the CPU time of the")
    print("process (all threads); MB = peak RSS the call adds. Flagged: a ratio over", end=" ")
    print(f"{2 * k:g}x (time: wall and CPU). Measured {', '.join(cores) or '?'};", end=" ")
    print(f"{time.monotonic() - t0:.0f} s in all.\n")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    flagged = [r for r in rows if r[-1]]
    print(f"\n{len(flagged)} of {len(rows)} rows flagged.")
    if args.json:
        with args.json.open("w", encoding="utf-8") as f:
            for small, large in results:
                for case in (small, large):
                    d = asdict(case)
                    d.pop("stderr")
                    f.write(json.dumps(d) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
