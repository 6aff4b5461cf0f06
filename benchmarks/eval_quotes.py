"""Quote extraction and attribution on PolNeAR, scored by the shared scorer; and speed.

    python benchmarks/eval_quotes.py [--by-publisher] [--dump-errors FILE] [--speed-mb 20]

Runs presslens over the PolNeAR training split (../shared/corpus/polnear-train), writes the
scorer's system format (one JSON object per article, code-point offsets), runs
../shared/eval/eval_quotes.py on it (direct quotes, then all attributions) and prints the
metrics. Then times quote extraction with attribution (entities included) on the texts
replicated to --speed-mb megabytes: articles/s and MB/s, single-threaded.
Only the training split is used (development data).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import presslens

from _common import POLNEAR, mb, replicate

SCORER = POLNEAR.parent.parent / "eval" / "eval_quotes.py"


def write_system(frame, out: Path) -> None:
    """A quote frame (presslens.quotes(...).frame) in the scorer's system format: one JSON
    object per article, code-point offsets; scare quotes are no quotations."""
    with out.open("w", encoding="utf-8") as fh:
        for doc_id, grp in frame.groupby("doc_id", sort=True):
            quotes = [
                {
                    "start": int(r.start),
                    "end": int(r.end),
                    "speaker": r.speaker_name or r.speaker_mention or None,
                    "speaker_start": int(r.speaker_start) if r.speaker_start >= 0 else None,
                    "speaker_end": int(r.speaker_end) if r.speaker_end >= 0 else None,
                    "kind": "indirect" if r.kind == "indirect" else "direct",
                }
                for r in grp.itertuples()
                if r.kind != "scare"
            ]
            fh.write(json.dumps({"id": doc_id, "quotes": quotes}, ensure_ascii=False) + "\n")


def system_file(out: Path, threads: int = 0) -> int:
    corpus = presslens.Corpus.from_folder(POLNEAR / "text", threads=threads)
    q = presslens.quotes(corpus, threads=threads).frame
    write_system(q, out)
    return len(q)


def score(system: Path, *extra: str) -> tuple[str, dict]:
    """The scorer's table and its metrics (the JSON line it prints last)."""
    cmd = [
        sys.executable,
        str(SCORER),
        "--gold-dir",
        str(POLNEAR),
        "--system",
        str(system),
        "--json",
        *extra,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    lines = out.rstrip().splitlines()
    return "\n".join(lines[:-1]), json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--by-publisher", action="store_true")
    ap.add_argument("--dump-errors", help="write the scorer's error cases (JSONL) here")
    ap.add_argument("--speed-mb", type=float, default=20.0)
    args = ap.parse_args()
    if not SCORER.exists():
        sys.exit(f"needs the scorer at {SCORER} (the shared reference data)")

    with tempfile.TemporaryDirectory() as tmp:
        sysf = Path(tmp) / "system.jsonl"
        n = system_file(sysf)
        print(f"presslens: {n} quotes on the PolNeAR training split")
        extra = ["--by-publisher"] if args.by_publisher else []
        if args.dump_errors:
            extra += ["--dump-errors", args.dump_errors]
        table, result = score(sysf, *extra)
    print(table)
    d, a = result["direct"], result["all"]
    print(
        f"direct: detection F1 {d['f1']:.3f}, attribution accuracy {d['attr_acc']:.3f}, "
        f"end-to-end F1 {d['e2e_f1']:.3f}; all attributions: end-to-end F1 {a['e2e_f1']:.3f}"
    )

    texts = replicate(
        [p.read_text("utf-8") for p in sorted((POLNEAR / "text").glob("*.txt"))], args.speed_mb
    )
    size = mb(texts)
    corpus = presslens.Corpus.from_texts(texts, threads=1)
    t0 = time.perf_counter()
    q = presslens.quotes(corpus, threads=1)
    secs = time.perf_counter() - t0
    print(
        f"speed (entities + quotes + attribution, 1 thread, segmentation excluded): "
        f"{len(texts) / secs:.0f} articles/s, {size / secs:.1f} MB/s ({len(q)} quotes, {size:.1f} MB)"
    )


if __name__ == "__main__":
    main()
