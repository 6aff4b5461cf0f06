"""The whole speaker-tone chain on ~100 MB of news: MB/s end to end and per stage.

    python benchmarks/bench_pipeline.py [--mb 100] [--threads 1,2] [--n-boot 2000]

Input: the PolNeAR training texts (../shared) replicated to about --mb megabytes, as
Python records (text, outlet from the file name, id). Stages, each timed on its own:
  - load: Corpus.from_records (decoding, boilerplate rules, segmentation);
  - entities: presslens.entities (detection, corpus-wide alias resolution, affiliations);
  - quotes: presslens.quotes on those entities (detection, attribution, utterance ids);
  - sentiment: the per-quote score (each quote's parts cut at sentence boundaries, every
    piece scored by VADER, averaged per quote);
  - aggregates: speaker_sentiment's grouping by speaker and outlet with --n-boot
    percentile-bootstrap resamples, shrinkage and provenance.
End to end is their sum: the work of Corpus.from_records + speaker_sentiment(quotes(...),
by=("speaker", "outlet")). The imports (numpy, pandas, presslens: about 0.4 s, whatever the
input) come before the first stage and are printed on their own line; before they were,
the first analysis that returns a table (quotes) paid for importing pandas.

Each thread count runs in a fresh process, so that its peak memory is its own: the peak
resident set size of the process (resource.getrusage ru_maxrss, C++ and Python together),
and the same before the first stage (the interpreter, the libraries and the input texts).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import POLNEAR, mb, polnear_texts, replicate

STAGES = ("load", "entities", "quotes", "sentiment", "aggregates")


def _records(target_mb: float) -> list[dict[str, str]]:
    texts = polnear_texts()
    outlets = [p.name.split("_", 1)[0] for p in sorted((POLNEAR / "text").glob("*.txt"))]
    rep = replicate(texts, target_mb)
    return [{"id": str(k), "text": t, "outlet": outlets[k % len(texts)]} for k, t in enumerate(rep)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(target_mb: float, threads: int, n_boot: int) -> dict[str, Any]:
    """One run of the chain in this process: seconds per stage and peak memory."""
    t0 = time.perf_counter()
    import numpy as np
    import pandas  # noqa: F401  (imported by the first analysis that returns a table)

    import presslens
    from presslens._speakers import quote_scores, sentiment_table

    imports = time.perf_counter() - t0
    records = _records(target_mb)
    size = mb([r["text"] for r in records])
    before = _peak_mb()
    secs: dict[str, float] = {}

    t0 = time.perf_counter()
    corpus = presslens.Corpus.from_records(records, threads=threads)
    secs["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    ents = presslens.entities(corpus, threads=threads)
    secs["entities"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    q = presslens.quotes(ents, threads=threads)
    secs["quotes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    scores = quote_scores(q, threads=threads)
    secs["sentiment"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    # speaker_sentiment(q, by=("speaker", "outlet"), n_boot=n_boot) after its scoring step
    table = sentiment_table(
        q.frame.assign(compound=scores),
        q,
        corpus.documents,
        ("speaker", "outlet"),
        kinds=("direct", "mixed", "indirect"),
        min_confidence=0.0,
        unit="quote",
        ci=0.95,
        n_boot=n_boot,
        seed=0,
        threads=threads,
    )
    secs["aggregates"] = time.perf_counter() - t0
    return {
        "threads": threads,
        "mb": size,
        "documents": len(records),
        "quotes": len(q),
        "rows": len(table),
        "finite_intervals": int(np.isfinite(table["ci_low"]).sum()),
        "seconds": secs,
        "imports": imports,
        "peak_mb_before": before,
        "peak_mb": _peak_mb(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=100.0, help="input size (default 100)")
    ap.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    ap.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.mb, args.child, args.n_boot)))
        return

    results = []
    for threads in (int(x) for x in args.threads.split(",")):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--mb", str(args.mb)]
        out = subprocess.run(
            [*cmd, "--n-boot", str(args.n_boot), "--child", str(threads)],
            capture_output=True,
            text=True,
            check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    r0 = results[0]
    print(
        f"input: {r0['documents']} documents, {r0['mb']:.1f} MB; {r0['quotes']} quotes; "
        f"{r0['rows']} speaker x outlet rows ({r0['finite_intervals']} with an interval); "
        f"{args.n_boot} bootstrap resamples"
    )
    head = "".join(f"{str(r['threads']) + ' thread(s)':>22s}" for r in results)
    print(f"{'stage':12s}{head}")
    for stage in (*STAGES, "end to end"):
        cells = []
        for r in results:
            s = sum(r["seconds"].values()) if stage == "end to end" else r["seconds"][stage]
            cells.append(f"{s:8.2f} s {r['mb'] / s:8.1f} MB/s")
        print(f"{stage:12s}" + "".join(f"{c:>22s}" for c in cells))
    print(
        "imports (once per process: numpy, pandas, presslens; not in the stages): "
        + ", ".join(f"{r['imports']:.2f} s" for r in results)
    )
    for r in results:
        print(
            f"peak RSS, {r['threads']} thread(s): {r['peak_mb']:.0f} MB "
            f"({r['peak_mb_before']:.0f} MB before the first stage: interpreter, libraries, "
            "input texts)"
        )


if __name__ == "__main__":
    main()
