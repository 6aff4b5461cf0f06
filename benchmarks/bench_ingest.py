"""Loading + segmenting ~100 MB of news: presslens vs a Python baseline, same run.

    python benchmarks/bench_ingest.py [--mb 100] [--repeat 3]

The PolNeAR training texts (../shared) are replicated to about --mb megabytes and written
as one .txt file per document to a temporary folder. Timed on the same files:
  - baseline: what a user writes without presslens: open() + read each file, then a
    regex sentence split (re.split on [.!?] followed by white space and a capital);
  - presslens: Corpus.from_folder (read, UTF-8 validation, boilerplate, tokens, sentences,
    paragraphs) with 1 thread and with all cores;
  - presslens from in-memory str (Corpus.from_texts, 1 thread), with and without the
    boilerplate rules (without them: UTF-8 validation + tokens + sentences + paragraphs).
Prints MB/s and the ratios.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

import presslens

from _common import best_of, mb, polnear_texts, replicate

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"“A-Z])")


def baseline(files: list[Path]) -> int:
    n = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        for para in text.split("\n"):
            if para.strip():
                n += len(SENTENCE.split(para))
    return n


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=100.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    texts = replicate(polnear_texts(), args.mb)
    size = mb(texts)
    print(f"input: {len(texts)} documents, {size:.1f} MB (PolNeAR train replicated)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = []
        for i, t in enumerate(texts):
            p = folder / f"{i:06d}.txt"
            p.write_text(t, encoding="utf-8")
            files.append(p)

        t_base, n_base = best_of(lambda: baseline(files), args.repeat)
        t_one, c1 = best_of(lambda: presslens.Corpus.from_folder(folder, threads=1), args.repeat)
        t_all, c_all = best_of(lambda: presslens.Corpus.from_folder(folder), args.repeat)
    t_mem, cm = best_of(lambda: presslens.Corpus.from_texts(texts, threads=1), args.repeat)
    t_seg, _ = best_of(
        lambda: presslens.Corpus.from_texts(texts, threads=1, boilerplate=False), args.repeat
    )
    s1 = c1.summary()
    assert len(c1) == len(c_all) == len(cm) == len(texts)

    cores = os.cpu_count() or 1
    rows = [
        ("python open() + regex split", t_base, f"{n_base} sentences"),
        ("presslens from_folder, 1 thread", t_one, f"{s1['sentences']} sentences"),
        (f"presslens from_folder, {cores} threads", t_all, ""),
        ("presslens from_texts (in memory), 1 thread", t_mem, "decode+boilerplate+segment"),
        ("presslens from_texts, no boilerplate, 1 thread", t_seg, "decode+segment"),
    ]
    print(f"{'':44s} {'seconds':>8s} {'MB/s':>8s} {'vs baseline':>12s}")
    for name, t, note in rows:
        print(f"{name:44s} {t:8.2f} {size / t:8.1f} {t_base / t:11.1f}x  {note}")


if __name__ == "__main__":
    main()
