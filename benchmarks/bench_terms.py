"""presslens term counting and tf-idf against scikit-learn, same input, same run.

    python benchmarks/bench_terms.py                  # ~100 MB, presslens vs scikit-learn
    python benchmarks/bench_terms.py --mb 20          # a quicker run

The input is the PolNeAR training texts (../shared/corpus/polnear-train/text) replicated
into about 20,000 documents of ~100 MB of UTF-8, every document a distinct Python str in
a list, as a user would hold them. Each measurement runs in a fresh subprocess that builds
the input, then times one call and reports:

- wall-clock seconds and MB/s (UTF-8 megabytes of input per second);
- peak memory: the growth of the process's peak resident set (getrusage ru_maxrss) over
  what the input itself occupies, measured the same way for every tool, and the
  tracemalloc peak (Python and numpy allocations only; presslens's C++ vectors are not
  seen by tracemalloc, which is why the RSS figure is the one to compare).

Tasks: counts (``term_matrix(texts, token_pattern="sklearn")`` vs
``CountVectorizer().fit_transform(texts)``) and (1, 2)-gram tf-idf
(``tfidf(term_matrix(texts, ngram_range=(1, 2), token_pattern="sklearn"))`` vs
``TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)``). The outputs' shapes and
non-zero counts are printed so that a mismatch shows. No result is cached between
measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve()
DEFAULT_SHARED = HERE.parents[1].parent / "shared"


def build_input(shared: Path, mb: float) -> tuple[list[str], float]:
    """Distinct str objects, cycling through the texts until `mb` MB of UTF-8."""
    files = sorted((shared / "corpus" / "polnear-train" / "text").glob("*.txt"))
    if not files:
        raise SystemExit(f"no PolNeAR texts under {shared}; pass --shared")
    base = [f.read_text(encoding="utf-8") for f in files]
    sizes = [len(t.encode("utf-8")) for t in base]
    texts: list[str] = []
    total = 0
    i = 0
    while total < mb * 1e6:
        t = base[i % len(base)]
        # A new object with the same text (no sharing between replicas, as real input).
        texts.append((t + " ")[:-1])
        total += sizes[i % len(base)]
        i += 1
    return texts, total / 1e6


def run_task(tool: str, task: str, texts: list[str], threads: int) -> dict[str, object]:
    if tool == "presslens":
        from presslens.terms import term_matrix, tfidf

        if task == "counts":
            out = term_matrix(texts, token_pattern="sklearn", threads=threads)
        else:
            out = tfidf(
                term_matrix(texts, ngram_range=(1, 2), token_pattern="sklearn", threads=threads)
            )
        m = out.matrix
        n_terms = len(out.terms)
    else:
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        v = CountVectorizer() if task == "counts" else TfidfVectorizer(ngram_range=(1, 2))
        m = v.fit_transform(texts)
        n_terms = len(v.vocabulary_)
    return {"shape": list(m.shape), "nnz": int(m.nnz), "n_terms": n_terms, "result": m}


def worker(args: argparse.Namespace) -> None:
    texts, mb = build_input(Path(args.shared), args.mb)
    # Import the tool before the baseline so that module code is not counted as data.
    if args.tool == "presslens":
        import presslens.terms  # noqa: F401
    else:
        import sklearn.feature_extraction.text  # noqa: F401
    import scipy.sparse  # noqa: F401

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    r = run_task(args.tool, args.task, texts, args.threads)
    seconds = time.perf_counter() - t0
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    r.pop("result")
    r.update(
        {
            "seconds": seconds,
            "mb": mb,
            "docs": len(texts),
            "peak_rss_mb": (peak_rss - base_rss) / 1024,  # ru_maxrss is in KiB on Linux
            "tracemalloc_peak_mb": py_peak / 1e6,
        }
    )
    print(json.dumps(r))


def measure(tool: str, task: str, args: argparse.Namespace, threads: int) -> dict[str, object]:
    cmd = [
        sys.executable,
        str(HERE),
        "--worker",
        "--tool",
        tool,
        "--task",
        task,
        "--shared",
        str(args.shared),
        "--mb",
        str(args.mb),
        "--threads",
        str(threads),
    ]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--shared", default=str(DEFAULT_SHARED), help="the ../shared folder")
    p.add_argument("--mb", type=float, default=100.0, help="input size in MB (default 100)")
    p.add_argument("--threads", type=int, default=0, help="presslens threads (0 = all cores)")
    p.add_argument("--repeat", type=int, default=3, help="presslens runs (best is kept)")
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--tool", choices=["presslens", "sklearn"], help=argparse.SUPPRESS)
    p.add_argument("--task", choices=["counts", "tfidf12"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        worker(args)
        return

    import sklearn

    import presslens

    print(
        f"presslens {presslens.__version__}, scikit-learn {sklearn.__version__}, "
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"presslens threads={args.threads or 'all'}"
    )
    labels = {"counts": "counts (1-grams)", "tfidf12": "tf-idf (1,2)-grams"}
    peers = {"counts": "CountVectorizer()", "tfidf12": "TfidfVectorizer(ngram_range=(1, 2))"}
    for task in ("counts", "tfidf12"):
        runs = [measure("presslens", task, args, args.threads) for _ in range(args.repeat)]
        ours = min(runs, key=lambda r: r["seconds"])
        one = measure("presslens", task, args, 1)
        peer = measure("sklearn", task, args, 0)
        mb = ours["mb"]
        print(f"\n{labels[task]}: {ours['docs']} documents, {mb:.1f} MB of UTF-8")
        print(
            f"  {'':38s} {'seconds':>8s} {'MB/s':>8s} {'peak RSS +MB':>13s} {'tracemalloc MB':>15s}"
        )
        rows = [
            (f"presslens (threads={args.threads or 'all'})", ours),
            ("presslens (threads=1)", one),
            (peers[task], peer),
        ]
        for name, r in rows:
            print(
                f"  {name:38s} {r['seconds']:8.2f} {mb / r['seconds']:8.1f} "
                f"{r['peak_rss_mb']:13.0f} {r['tracemalloc_peak_mb']:15.0f}"
            )
        print(
            f"  speed ratio presslens/scikit-learn: {peer['seconds'] / ours['seconds']:.1f}x "
            f"(threads=1: {peer['seconds'] / one['seconds']:.1f}x); "
            f"peak RSS ratio: {ours['peak_rss_mb'] / max(peer['peak_rss_mb'], 1e-9):.2f}"
        )
        same = ours["shape"] == peer["shape"] and ours["nnz"] == peer["nnz"]
        print(
            f"  output: presslens {ours['shape']} nnz={ours['nnz']}, scikit-learn "
            f"{peer['shape']} nnz={peer['nnz']} -> {'identical shape' if same else 'MISMATCH'}"
        )


if __name__ == "__main__":
    main()
