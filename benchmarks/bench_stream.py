"""Peak memory of streaming a large JSONL file against loading it at once.

    python benchmarks/bench_stream.py [--size-mb 500] [--batch-size 10000] [--keep PATH]

Writes a synthetic JSONL file of about --size-mb megabytes (seeded random news-like
sentences over a 20,000-word vocabulary, ~3 KB per document, outlet and date fields), then
runs two child processes on it, each measuring its own peak resident memory (ru_maxrss):
  - stream: ``presslens.stream(path, batch_size=...)`` with the term counts of every
    batch (``term_matrix``) accumulated into one vocabulary-wide count vector;
  - load:   ``presslens.load(path)`` and one ``term_matrix`` of the whole corpus.
Both count the same terms; the script checks that the totals agree, then prints each
peak, the ratio, and the time of each. A child process per mode keeps one mode's memory
out of the other's figure. --keep writes the file to PATH and keeps it (reused if there).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUTLETS = ("northern-wire", "capital-post", "river-times", "daily-ledger", "east-herald")


def write_jsonl(path: Path, size_mb: float, seed: int = 19) -> int:
    rng = random.Random(seed)
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    words = sorted(
        {
            "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(1, 4)))
            for _ in range(20_000)
        }
    )
    common = ["the", "of", "and", "to", "in", "said", "on", "for", "with", "was"]
    target = int(size_mb * 1e6)
    written = n = 0
    with path.open("w", encoding="utf-8") as f:
        while written < target:
            sentences = []
            for _ in range(rng.randint(15, 35)):
                k = rng.randint(8, 20)
                ws = [
                    rng.choice(common) if rng.random() < 0.3 else rng.choice(words)
                    for _ in range(k)
                ]
                sentences.append(" ".join(ws).capitalize() + ".")
            paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
            rec = {
                "id": f"doc{n}",
                "text": "\n\n".join(paragraphs),
                "outlet": OUTLETS[n % len(OUTLETS)],
                "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
            }
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def child(mode: str, path: str, batch_size: int) -> None:
    import numpy as np

    import presslens

    t0 = time.perf_counter()
    totals: dict[str, int] = {}
    n_docs = n_batches = 0
    if mode == "stream":
        for batch in presslens.stream(path, batch_size=batch_size):
            tm = presslens.term_matrix(batch)
            sums = np.asarray(tm.matrix.sum(axis=0)).ravel().tolist()
            for term, count in zip(tm.terms, sums, strict=True):
                totals[term] = totals.get(term, 0) + int(count)
            n_docs += len(batch)
            n_batches += 1
            del batch, tm
    else:
        corpus = presslens.load(path)
        tm = presslens.term_matrix(corpus)
        sums = np.asarray(tm.matrix.sum(axis=0)).ravel().tolist()
        totals = {term: int(c) for term, c in zip(tm.terms, sums, strict=True)}
        n_docs, n_batches = len(corpus), 1
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(
        json.dumps(
            {
                "peak_mb": peak_mb,
                "seconds": seconds,
                "docs": n_docs,
                "batches": n_batches,
                "terms": len(totals),
                "tokens": sum(totals.values()),
            }
        )
    )


def run(mode: str, path: Path, batch_size: int) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            "--path",
            str(path),
            "--batch-size",
            str(batch_size),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--size-mb", type=float, default=500)
    ap.add_argument("--batch-size", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, help="write the JSONL here and keep it")
    ap.add_argument("--child", choices=("stream", "load"), help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.path, args.batch_size)
        return

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "news.jsonl"
        if not path.exists():
            t0 = time.perf_counter()
            n = write_jsonl(path, args.size_mb)
            print(f"wrote {path}: {n} documents in {time.perf_counter() - t0:.0f} s")
        size = os.path.getsize(path) / 1e6
        print(f"input: {size:.0f} MB JSONL, batch_size={args.batch_size}")
        s = run("stream", path, args.batch_size)
        w = run("load", path, args.batch_size)
        if (s["docs"], s["terms"], s["tokens"]) != (w["docs"], w["terms"], w["tokens"]):
            sys.exit(f"streamed and loaded counts differ: {s} vs {w}")
        print(f"documents {s['docs']}, terms {s['terms']}, tokens {s['tokens']} (both modes)")
        print(
            f"stream: peak RSS {s['peak_mb']:8.0f} MB  {s['seconds']:6.1f} s  ({s['batches']} batches)"
        )
        print(f"load:   peak RSS {w['peak_mb']:8.0f} MB  {w['seconds']:6.1f} s")
        print(f"ratio load/stream peak RSS: {w['peak_mb'] / s['peak_mb']:.1f}x")


if __name__ == "__main__":
    main()
