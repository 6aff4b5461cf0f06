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
Then the per-text calls, one call per document on the same texts in memory:
  - presslens.sentences(text) against a Python regex sentence split, both as the baseline
    above writes it (a list of str per paragraph) and producing what sentences() gives,
    (start, end) offsets into the text (one boundary regex, re.finditer);
  - presslens.tokenize(text) against a regex tokenizer (re.findall of a run of word
    characters or one other non-space character; and with offsets, re.finditer);
  - the batched calls sentences(texts) / tokenize(texts), 1 thread and all cores.
Prints MB/s and the ratios; the per-text call ratios last.
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
# The same sentence ends, plus line breaks (the baseline splits paragraphs on "\n").
BOUNDARY = re.compile(r"\s*\n\s*|(?<=[.!?])\s+(?=[\"“A-Z])")
TOKEN = re.compile(r"\w+|[^\w\s]")


def baseline(files: list[Path]) -> int:
    n = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        for para in text.split("\n"):
            if para.strip():
                n += len(SENTENCE.split(para))
    return n


def regex_sentences(texts: list[str]) -> int:
    """The baseline's split, on texts in memory: a list of sentence strings per paragraph."""
    n = 0
    for text in texts:
        for para in text.split("\n"):
            if para.strip():
                n += len(SENTENCE.split(para))
    return n


def regex_sentence_spans(texts: list[str]) -> int:
    """A regex split that gives what presslens.sentences() gives: (start, end) per sentence."""
    n = 0
    for text in texts:
        spans = []
        start = 0
        for m in BOUNDARY.finditer(text):
            if m.start() > start:
                spans.append((start, m.start()))
            start = m.end()
        if start < len(text):
            spans.append((start, len(text)))
        n += len(spans)
    return n


def per_text_calls(texts: list[str], size: float, repeat: int) -> None:
    """One call per document, presslens against the regex baselines, in one run."""
    cores = os.cpu_count() or 1
    timed = {
        "regex sentence split (strings)": lambda: regex_sentences(texts),
        "regex sentence split (offsets)": lambda: regex_sentence_spans(texts),
        "presslens.sentences(text)": lambda: sum(len(presslens.sentences(t)) for t in texts),
        "presslens.sentences(texts), 1 thread": lambda: len(presslens.sentences(texts, threads=1)),
        f"presslens.sentences(texts), {cores} threads": lambda: len(presslens.sentences(texts)),
        "regex tokens (re.findall)": lambda: sum(len(TOKEN.findall(t)) for t in texts),
        "regex tokens (offsets)": lambda: sum(
            len([m.span() for m in TOKEN.finditer(t)]) for t in texts
        ),
        "presslens.tokenize(text)": lambda: sum(len(presslens.tokenize(t)) for t in texts),
        "presslens.tokenize(texts), 1 thread": lambda: len(presslens.tokenize(texts, threads=1)),
        f"presslens.tokenize(texts), {cores} threads": lambda: len(presslens.tokenize(texts)),
    }
    # Interleaved (every call once per round, best of the rounds), so that a change of load
    # on a shared machine weighs on the baselines and on presslens alike.
    seconds = dict.fromkeys(timed, float("inf"))
    for _ in range(repeat):
        for name, fn in timed.items():
            seconds[name] = min(seconds[name], best_of(fn, 1)[0])
    print(f"\nper-text calls, {len(texts)} texts in memory")
    print(f"{'':44s} {'seconds':>8s} {'MB/s':>8s}")
    for name, t in seconds.items():
        print(f"{name:44s} {t:8.2f} {size / t:8.1f}")
    sent = seconds["presslens.sentences(text)"]
    tok = seconds["presslens.tokenize(text)"]
    print(
        "per-text call ratio: sentences(text) "
        f"{seconds['regex sentence split (strings)'] / sent:.1f}x the regex split "
        f"(strings), {seconds['regex sentence split (offsets)'] / sent:.1f}x (offsets); "
        f"tokenize(text) {seconds['regex tokens (re.findall)'] / tok:.1f}x re.findall, "
        f"{seconds['regex tokens (offsets)'] / tok:.1f}x (offsets)"
    )


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
    per_text_calls(texts, size, args.repeat)


if __name__ == "__main__":
    main()
