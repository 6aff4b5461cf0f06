"""Sentence-scope co-mentions on ~100 MB of news: presslens vs the baseline a user writes.

    python benchmarks/bench_comentions.py [--mb 100] [--repeat 1] [--threads 0]

Input: the PolNeAR training texts (../shared) replicated to about --mb megabytes, as a
Python list of str. Timed in the same run:
  - baseline: a regex sentence split, then CountVectorizer(binary=True, ngram_range=(1, 3),
    vocabulary=<entity names>) over the sentences and X.T @ X (the entity vocabulary is the
    names and aliases presslens finds in the unreplicated texts: the baseline gets entity
    detection for free);
  - presslens: Corpus.from_texts (decoding, boilerplate, segmentation) + entities()
    (detection and alias resolution) + comentions(scope="sentence") with its association
    measures, on 1 thread and on all cores.
Prints MB/s and the ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import time

import pandas  # noqa: F401  (imported before timing: both sides need pandas and scipy)
import scipy.sparse  # noqa: F401
from sklearn.feature_extraction.text import CountVectorizer

import presslens

from _common import mb, polnear_texts, replicate

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])")


def baseline(texts: list[str], vocabulary: list[str]) -> int:
    sents = [s for t in texts for p in t.split("\n") if p.strip() for s in SENTENCE.split(p)]
    cv = CountVectorizer(binary=True, ngram_range=(1, 3), vocabulary=vocabulary)
    x = cv.fit_transform(sents)
    co = (x.T @ x).tocsr()
    return int(co.nnz)


def run_presslens(texts: list[str], threads: int) -> int:
    corpus = presslens.Corpus.from_texts(texts, threads=threads)
    ents = presslens.entities(corpus, threads=threads)
    co = presslens.comentions(ents, scope="sentence", threads=threads)
    return int(co.matrix.nnz)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()

    base_texts = polnear_texts()
    ents = presslens.entities(presslens.Corpus.from_texts(base_texts))
    t = ents.table
    t = t[t["type"] != "OTHER"]
    vocab = sorted({a.lower() for aliases in t["aliases"] for a in aliases if len(a) > 1})
    texts = replicate(base_texts, args.mb)
    size = mb(texts)
    print(f"input: {len(texts)} documents, {size:.1f} MB; baseline vocabulary: {len(vocab)} names")

    t0 = time.perf_counter()
    nnz_base = baseline(texts, vocab)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    nnz_one = run_presslens(texts, 1)
    t_one = time.perf_counter() - t0
    cores = args.threads or os.cpu_count() or 1
    t0 = time.perf_counter()
    run_presslens(texts, args.threads)
    t_all = time.perf_counter() - t0

    print(f"{'':48s} {'seconds':>8s} {'MB/s':>8s} {'vs baseline':>12s}")
    rows = [
        ("regex split + CountVectorizer + X.T @ X", t_base, f"{nnz_base} nonzeros"),
        ("presslens (segment+entities+comentions), 1 thread", t_one, f"{nnz_one} nonzeros"),
        (f"presslens, {cores} threads", t_all, ""),
    ]
    for name, secs, note in rows:
        print(f"{name:48s} {secs:8.2f} {size / secs:8.1f} {t_base / secs:11.1f}x  {note}")


if __name__ == "__main__":
    main()
