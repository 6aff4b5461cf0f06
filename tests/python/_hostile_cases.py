"""Hostile inputs run one per subprocess by test_hostile.py (and by hand:
``python tests/python/_hostile_cases.py CASE FOLDER``).

Each case prepares its input, then times the presslens calls alone (wall clock, and the
CPU time of the process, which a busy machine disturbs less) and measures the memory they
add: the peak RSS of the calls (``VmHWM``, reset once the input is ready, so that
preparing the input does not count; ``ru_maxrss`` where it cannot be reset) minus the RSS
once the input is ready. It prints one JSON line: the case's own checks have passed when it
prints at all.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas  # noqa: F401  (imported before the baseline: the views use it)

import presslens
from presslens import Corpus

SKIP_CODES = {"malformed_json", "missing_text", "non_string_field"}
MB = 1024 * 1024


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def _reset_peak() -> None:
    """Start VmHWM afresh (Linux: writing 5 to clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # the peak then includes preparing the input


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def skipped(c: Corpus) -> int:
    codes = c.warnings["code"].astype(str)
    return int((codes.str.startswith("skipped_") | codes.isin(SKIP_CODES)).sum())


def accounted(c: Corpus) -> None:
    """Every input document is in the corpus or skipped with a warning."""
    assert len(c) + skipped(c) == c.n_inputs, (len(c), skipped(c), c.n_inputs)


def codes(c: Corpus) -> list[str]:
    return sorted(set(c.warnings["code"]))


def check_spans(text: str, frame: Any) -> None:
    """Code-point offsets of a sentences()/tokens() frame slice the text exactly."""
    starts, ends = frame["start"].to_numpy(), frame["end"].to_numpy()
    assert (starts < ends).all() and (ends <= len(text)).all()
    assert (starts[1:] >= ends[:-1]).all()
    for s, e, t in zip(starts[:200], ends[:200], frame["text"][:200], strict=False):
        assert text[s:e] == t


# ---- cases: each returns (input size in bytes, run) where run() does the presslens calls
# and returns a short description of the outcome.


def huge_line(tmp: Path, mb: int = 200) -> tuple[int, Callable[[], str]]:
    unit = "Deputy Minister Ryabkov said the talks were “useful”, not great. "
    text = (unit * (mb * MB // len(unit.encode()) + 1))[: mb * MB // 1]
    text = text.encode()[: mb * MB].decode("utf-8", "ignore")

    def run() -> str:
        c = Corpus.from_records([{"id": "big", "text": text}])
        accounted(c)
        docs = c.documents
        assert len(c) == 1 and c[0].text == text
        n_tok = int(docs["n_tokens"][0])
        assert n_tok > len(text) // 12
        sent = presslens.document_sentiment(c)
        assert -1 <= float(sent["compound_mean"][0]) <= 1
        return f"1 document, {n_tok:,} tokens, {int(docs['n_sentences'][0]):,} sentences"

    return len(text.encode()), run


def quote_marks(tmp: Path) -> tuple[int, Callable[[], str]]:
    text = '"' * 100_000

    def run() -> str:
        c = Corpus.from_records(
            [{"id": "q", "text": text}, {"id": "q2", "text": "“”«»‘’" * 20_000}]
        )
        accounted(c)
        check_spans(text, c.sentences().query("doc_id == 'q'"))
        toks = c.tokens()
        assert len(toks) >= 100_000
        presslens.document_sentiment(c)
        presslens.entities(c)
        if hasattr(presslens, "quotes"):
            presslens.quotes(c)
        return f"{len(toks):,} punctuation tokens, no quotes, no entities"

    return 2 * len(text) + len(("“”«»‘’" * 20_000).encode()), run


def nested_quotes(tmp: Path) -> tuple[int, Callable[[], str]]:
    pairs = [("“", "”"), ("‘", "’"), ("«", "»"), ('"', '"')]
    head = "".join(f"{pairs[i % 4][0]}Speaker {i} said " for i in range(1000))
    tail = "".join(pairs[i % 4][1] for i in reversed(range(1000)))
    text = f"Ryabkov told reporters: {head}nothing.{tail} Then he left."

    def run() -> str:
        c = Corpus.from_records([{"id": "n", "text": text}])
        accounted(c)
        check_spans(text, c.sentences())
        check_spans(text, c.tokens())
        presslens.document_sentiment(c)
        ents = presslens.entities(c)
        m = ents.mentions
        assert all(text[s:e] == t for s, e, t in zip(m["start"], m["end"], m["text"], strict=True))
        if hasattr(presslens, "quotes"):
            presslens.quotes(c)
        return f"{len(c.sentences())} sentences, {len(m)} mentions"

    return len(text.encode()), run


def whitespace_only(tmp: Path) -> tuple[int, Callable[[], str]]:
    texts = ["", "   ", "\t\r\n \n\r", "\u00a0\u2003\u3000\u2028\u2029\u200b", "\ufeff"]

    def run() -> str:
        c = Corpus.from_records([{"id": str(i), "text": t} for i, t in enumerate(texts)])
        accounted(c)
        assert len(c) == len(texts)
        assert len(c.tokens()) == 0 and len(c.sentences()) == 0
        w = c.warnings
        assert sorted(w.loc[w["code"] == "empty", "doc_id"]) == ["0", "1", "2", "3", "4"]
        presslens.document_sentiment(c)
        presslens.entities(c)
        return "kept, no tokens, `empty` warning (ASCII or Unicode white space, BOM only)"

    return sum(len(t.encode()) for t in texts), run


def emoji_only(tmp: Path) -> tuple[int, Callable[[], str]]:
    text = "🙂👍🏽🇺🇸👨‍👩‍👧😡🔥" * 10_000

    def run() -> str:
        c = Corpus.from_records([{"id": "e", "text": text}])
        accounted(c)
        toks = c.tokens()
        check_spans(text, toks)
        assert set(toks["kind"]) == {"symbol"} and len(toks) == 60_000
        s = presslens.polarity_scores([text[:700], text])
        assert s["compound"].between(-1, 1).all()
        presslens.entities(c)
        return f"{len(toks):,} symbol tokens (flags, ZWJ families, skin tones whole)"

    return len(text.encode()), run


def mixed_newlines(tmp: Path) -> tuple[int, Callable[[], str]]:
    body = "First line.\r\nSecond line.\rThird line.\nFourth line.\n\rFifth.\r\n\r\nSixth."
    path = tmp / "newlines.txt"
    path.write_bytes(body.encode())

    def run() -> str:
        c = Corpus.from_folder(tmp, paragraphs="line")
        accounted(c)
        p = c.paragraphs()
        assert p["text"].tolist() == [
            "First line.",
            "Second line.",
            "Third line.",
            "Fourth line.",
            "Fifth.",
            "Sixth.",
        ]
        assert p["line"].tolist() == [0, 1, 2, 3, 5, 7]
        check_spans(c[0].text, c.sentences())
        return "6 paragraphs, line numbers count \\r\\n, \\r and \\n once each"

    return len(body), run


def bom(tmp: Path) -> tuple[int, Callable[[], str]]:
    (tmp / "bom.txt").write_bytes(b"\xef\xbb\xbfGeneva talks resumed.")
    (tmp / "b.jsonl").write_bytes(b'\xef\xbb\xbf{"id": "j", "text": "\xef\xbb\xbfHi."}\n')

    def run() -> str:
        c = Corpus.from_folder(tmp)
        accounted(c)
        assert c[0].text == "Geneva talks resumed." and len(c.warnings) == 0
        j = Corpus.from_jsonl(tmp / "b.jsonl")
        accounted(j)
        assert j[0].text == "Hi." and len(j.warnings) == 0
        return "removed (file, JSONL line, JSON text), no warning"

    return 25, run


def bad_utf8(tmp: Path) -> tuple[int, Callable[[], str]]:
    data = (
        b"Overlong \xc0\xaf and \xe0\x80\xaf, surrogates \xed\xa0\x80\xed\xbf\xbf, "
        b"beyond U+10FFFF \xf4\x90\x80\x80, cut \xe2\x82, stray \x80\xff. Ryabkov spoke."
    )
    (tmp / "bad.txt").write_bytes(data)
    recs = [{"id": "s", "text": "lone \ud800 surrogate and \udfff"}]

    def run() -> str:
        c = Corpus.from_folder(tmp)
        accounted(c)
        w = c.warnings
        assert w["code"].tolist() == ["invalid_utf8"] and int(w["offset"][0]) == 9
        assert c[0].text == data.decode("utf-8", "replace")
        try:
            Corpus.from_folder(tmp, errors="strict")
        except ValueError as e:
            assert "bad" in str(e) and "offset 9" in str(e)
        else:
            raise AssertionError("strict decoding accepted invalid UTF-8")
        r = Corpus.from_records(recs)
        accounted(r)
        assert "\ud800" not in r[0].text and "\ufffd" in r[0].text
        assert codes(r) == ["invalid_utf8"]
        return "repaired as Python's errors='replace', `invalid_utf8` at byte 9; strict: ValueError"

    return len(data), run


def nul_jsonl(tmp: Path) -> tuple[int, Callable[[], str]]:
    path = tmp / "nul.jsonl"
    lines = [
        b'{"id": "a", "text": "before\\u0000after"}',
        b'{"id": "b", "text": "raw \x00 byte"}',
        b'{"id": "c", "text": "fine", "meta": "x\\u0000y"}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    (tmp / "bin.txt").write_bytes(b"binary\x00\x01\x02 data")

    def run() -> str:
        c = Corpus.from_jsonl(path)
        accounted(c)
        assert c.ids == ["a", "c"] and c[0].text == "beforeafter"
        assert c.warnings["code"].tolist() == ["nul_removed", "malformed_json"]
        f = Corpus.from_folder(tmp)
        accounted(f)
        assert len(f) == 0 and f.warnings["code"].tolist() == ["skipped_binary"]
        return "`\\u0000` removed (`nul_removed`); a raw NUL: `malformed_json`; NUL in a file: `skipped_binary`"

    return path.stat().st_size, run


def deep_json(tmp: Path) -> tuple[int, Callable[[], str]]:
    path = tmp / "deep.jsonl"
    deep = '{"id": "d", "text": "x", "m": ' + "[" * 100_000 + "]" * 100_000 + "}"
    ok = '{"id": "ok", "text": "' + "[" * 1000 + '"}'
    fine = '{"id": "f", "text": "y", "m": ' + "[" * 500 + "]" * 500 + "}"
    path.write_text("\n".join([deep, ok, fine, "[" * 1_000_000]) + "\n", "utf-8")

    def run() -> str:
        c = Corpus.from_jsonl(path)
        accounted(c)
        assert c.ids == ["ok", "f"]
        assert c.warnings["code"].tolist() == ["malformed_json", "malformed_json"]
        return "nested deeper than 512: `malformed_json` (no recursion)"

    return path.stat().st_size, run


def long_jsonl_line(tmp: Path, mb: int = 50) -> tuple[int, Callable[[], str]]:
    path = tmp / "long.jsonl"
    unit = 'Sorokin said \\"no\\" to Kestrel. '
    body = unit * (mb * MB // len(unit))
    with path.open("w", encoding="utf-8") as f:
        f.write('{"id": "small1", "text": "Before."}\n')
        f.write('{"id": "big", "outlet": "wire", "text": "' + body + '"}\n')
        f.write('{"id": "small2", "text": "After."}\n')
    del body

    def run() -> str:
        c = Corpus.from_jsonl(path)
        accounted(c)
        assert c.ids == ["small1", "big", "small2"] and len(c.warnings) == 0
        assert c[1].text.startswith('Sorokin said "no"')
        return f"3 documents, {int(c.documents['n_tokens'][1]):,} tokens in the long one"

    return path.stat().st_size, run


def many_files(tmp: Path, n: int = 100_000) -> tuple[int, Callable[[], str]]:
    folder = tmp / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i:06d}.txt").write_bytes(b"Tiny %d. Talks went on." % i)
    size = sum(len(b"Tiny %d. Talks went on." % i) for i in range(n))

    def run() -> str:
        c = Corpus.from_folder(folder)
        accounted(c)
        assert len(c) == n and c.ids[0] == "d000000" and c.ids[-1] == f"d{n - 1:06d}"
        assert len(c.sentences()) == 2 * n
        return f"{n:,} documents, {2 * n:,} sentences"

    return size, run


CASES: dict[str, Callable[..., tuple[int, Callable[[], str]]]] = {
    "huge_line": huge_line,
    "quote_marks": quote_marks,
    "nested_quotes": nested_quotes,
    "whitespace_only": whitespace_only,
    "emoji_only": emoji_only,
    "mixed_newlines": mixed_newlines,
    "bom": bom,
    "bad_utf8": bad_utf8,
    "nul_jsonl": nul_jsonl,
    "deep_json": deep_json,
    "long_jsonl_line": long_jsonl_line,
    "many_files": many_files,
}


def main(name: str, folder: str, *args: str) -> None:
    size, run = CASES[name](Path(folder), *map(int, args))
    _reset_peak()
    base = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    outcome = run()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = _peak_mb()
    print(
        json.dumps(
            {
                "case": name,
                "bytes": size,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "peak_rss_mb": round(peak, 1),
                "extra_mb": round(max(0.0, peak - base), 1),
                "outcome": outcome,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
