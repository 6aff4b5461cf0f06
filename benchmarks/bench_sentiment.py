"""presslens VADER vs vaderSentiment 3.3.2 on every PolNeAR training sentence, same run,
and presslens's news model (model="news") beside exact VADER.

    python benchmarks/bench_sentiment.py [--shared ../shared] [--repeat 5] [--threads 0]

Sentences come from presslens's own splitter (presslens.sentences) over
<shared>/corpus/polnear-train/text. Both tools score the same list of str; the script
checks that every score is identical, then prints sentences/s for vaderSentiment,
presslens's Python batch API single-threaded and threaded, and the per-call API, with the
ratios, then sentences/s of model="news" and model="vader" single-threaded and their ratio
(the news model must score at least 200,000 sentences/s per core). presslens timings are the best of --repeat runs, each on freshly created str objects
and including the DataFrame; vaderSentiment is timed once (it takes seconds).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import presslens
from presslens import sentiment


def load_sentences(shared: Path) -> list[str]:
    folder = shared / "corpus" / "polnear-train" / "text"
    if not folder.is_dir():
        sys.exit(f"bench_sentiment: {folder} not found (use --shared)")
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        out += [s.text for s in presslens.sentences(path.read_text(encoding="utf-8"))]
    return out


def best_of(repeat: int, texts: list[str], fn) -> float:  # type: ignore[no-untyped-def]
    """Best time of fn(fresh) over `repeat` runs, each on new str objects: CPython caches a
    str's UTF-8 form on first use, and a run must not profit from the previous one."""
    best = float("inf")
    for _ in range(repeat):
        fresh = [t.encode("utf-8").decode("utf-8") for t in texts]
        t0 = time.perf_counter()
        fn(fresh)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    repo = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=repo.parent / "shared")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0, help="threads for the threaded run (0 = all)")
    args = ap.parse_args()

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = load_sentences(args.shared)
    n = len(texts)
    chars = sum(map(len, texts))
    print(f"{n} PolNeAR sentences ({chars / 1e6:.1f} M characters), {os.cpu_count()} CPUs")

    t0 = time.perf_counter()
    vader = SentimentIntensityAnalyzer()
    vader_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    reference = [vader.polarity_scores(t) for t in texts]
    vader_time = time.perf_counter() - t0

    t0 = time.perf_counter()
    ours = sentiment.SentimentAnalyzer()
    ours_load = time.perf_counter() - t0
    single = best_of(args.repeat, texts, lambda ts: ours.polarity_scores_many(ts, threads=1))
    threaded = best_of(
        args.repeat, texts, lambda ts: ours.polarity_scores_many(ts, threads=args.threads)
    )
    per_call = best_of(args.repeat, texts, lambda ts: [ours.polarity_scores(t) for t in ts])

    df = ours.polarity_scores_many(texts, threads=1)
    identical = sum(row == ref for row, ref in zip(df.to_dict("records"), reference, strict=True))

    def line(name: str, seconds: float) -> None:
        print(
            f"  {name:<44} {seconds:8.3f} s {n / seconds:>12,.0f} sentences/s"
            f"  {vader_time / seconds:7.1f}x"
        )

    print(f"identical scores: {identical}/{n}")
    print(
        f"lexicon load: vaderSentiment {vader_load * 1e3:.0f} ms, presslens {ours_load * 1e3:.0f} ms"
    )
    line("vaderSentiment 3.3.2 polarity_scores loop", vader_time)
    line("presslens polarity_scores_many, 1 thread", single)
    threads = args.threads or os.cpu_count()
    line(f"presslens polarity_scores_many, {threads} threads", threaded)
    line("presslens SentimentAnalyzer.polarity_scores loop", per_call)
    print(f"ratio (batch, 1 thread): {vader_time / single:.1f}x")
    print(f"ratio (batch, {threads} threads): {vader_time / threaded:.1f}x")
    news = sentiment.SentimentAnalyzer(model="news")
    news_single = best_of(args.repeat, texts, lambda ts: news.polarity_scores_many(ts, threads=1))
    print(
        f"  {'presslens model=news, 1 thread':<44} {news_single:8.3f} s"
        f" {n / news_single:>12,.0f} sentences/s"
    )
    print(
        f"  {'presslens model=vader, 1 thread':<44} {single:8.3f} s {n / single:>12,.0f} sentences/s"
    )
    print(f"ratio news/vader speed (1 thread): {single / news_single:.2f}")
    if identical != n:
        sys.exit(f"bench_sentiment: {n - identical} sentences differ from vaderSentiment")


if __name__ == "__main__":
    main()
