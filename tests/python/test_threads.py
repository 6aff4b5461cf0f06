"""Every analysis gives byte-identical results with 1, 2 and 3 threads (issue 19): on the
sample corpus, on it repeated (more documents than threads, so work is split unevenly) and
on the seed reports of ../shared when present."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import presslens

THREADS = (1, 2, 3)


def frame_bytes(df: pd.DataFrame) -> bytes:
    """The exact content of a frame: column names, dtypes, index and every value (numbers
    by their bytes, so that 0.1 + 0.2 and 0.3 differ, and NaN payloads count)."""
    parts = [repr(list(df.columns)).encode(), repr(list(df.index)).encode()]
    for i in range(df.shape[1]):
        col = df.iloc[:, i]
        parts.append(str(col.dtype).encode())
        values = col.to_numpy()
        if values.dtype != object and isinstance(col.dtype, np.dtype):
            parts.append(np.ascontiguousarray(values).tobytes())
        else:
            parts.append(repr(values.tolist()).encode())
    return b"\x00".join(parts)


def matrix_bytes(tm: presslens.TermMatrix) -> bytes:
    m = tm.matrix
    return b"\x00".join(
        [
            repr((m.shape, str(m.dtype), tm.terms, tm.doc_ids)).encode(),
            np.asarray(m.indptr, dtype=np.int64).tobytes(),
            np.asarray(m.indices, dtype=np.int64).tobytes(),
            m.data.tobytes(),
        ]
    )


def _analyses(gazetteer: Path | None) -> dict[str, Callable[[presslens.Corpus, int], bytes]]:
    g = {"gazetteer_entries": gazetteer} if gazetteer else {}

    def ents(c: presslens.Corpus, t: int) -> bytes:
        e = presslens.entities(c, threads=t, **g)
        return frame_bytes(e.table) + frame_bytes(e.mentions) + frame_bytes(e.merges)

    def comentions(c: presslens.Corpus, t: int) -> bytes:
        e = presslens.entities(c, threads=t, **g)
        out = b""
        for scope, window in (("sentence", None), ("document", None), ("window", 5)):
            co = presslens.comentions(
                e, scope=scope, window=window, measure="npmi", by="outlet", threads=t
            )
            out += frame_bytes(co.to_frame())
            out += b"".join(frame_bytes(x.to_frame()) for x in co.by_group.values())
        return out

    def quotes(c: presslens.Corpus, t: int) -> bytes:
        q = presslens.quotes(c, threads=t, **g)
        return frame_bytes(q.frame) + frame_bytes(q.warnings)

    def term_matrix(c: presslens.Corpus, t: int) -> bytes:
        out = matrix_bytes(presslens.term_matrix(c, threads=t))
        out += matrix_bytes(presslens.term_matrix(c, ngram_range=(1, 2), min_df=2, threads=t))
        return out + matrix_bytes(presslens.tfidf(presslens.term_matrix(c, threads=t)))

    def keyness(c: presslens.Corpus, t: int) -> bytes:
        tm = presslens.term_matrix(c, threads=t)
        return frame_bytes(presslens.keyness(tm, by="outlet", min_count=1)) + frame_bytes(
            presslens.keyness(tm, by="outlet", measure="log_ratio", min_count=1)
        )

    def document_sentiment(c: presslens.Corpus, t: int) -> bytes:
        return frame_bytes(presslens.document_sentiment(c, threads=t))

    def speaker_sentiment(c: presslens.Corpus, t: int) -> bytes:
        q = presslens.quotes(c, threads=t, **g)
        return frame_bytes(presslens.speaker_sentiment(q, by=("speaker", "outlet"), threads=t))

    def load(c: presslens.Corpus, t: int) -> bytes:
        again = presslens.Corpus.from_texts(c.texts, ids=c.ids, threads=t)
        return frame_bytes(again.tokens()) + frame_bytes(again.sentences(include_boilerplate=True))

    return {
        "load": load,
        "term_matrix": term_matrix,
        "keyness": keyness,
        "entities": ents,
        "comentions": comentions,
        "quotes": quotes,
        "document_sentiment": document_sentiment,
        "speaker_sentiment": speaker_sentiment,
    }


ANALYSES = list(_analyses(None))


def _same_whatever_the_threads(corpus: presslens.Corpus, name: str, gazetteer: Path | None) -> None:
    run = _analyses(gazetteer)[name]
    results: list[Any] = [run(corpus, t) for t in THREADS]
    assert len(results[0]) > 0
    for t, r in zip(THREADS[1:], results[1:], strict=True):
        assert r == results[0], f"{name}: {t} threads differ from 1"


@pytest.fixture(scope="module")
def sample() -> presslens.Corpus:
    return presslens.sample_corpus()


@pytest.fixture(scope="module")
def repeated(sample: presslens.Corpus) -> presslens.Corpus:
    n = 7
    docs = sample.documents
    return presslens.Corpus.from_records(
        [
            {"id": f"{k}-{i}", "text": text, "outlet": outlet}
            for k in range(n)
            for i, text, outlet in zip(docs["id"], sample.texts, docs["outlet"], strict=True)
        ],
        boilerplate=False,  # every line repeats across the copies: not boilerplate here
    )


@pytest.mark.parametrize("name", ANALYSES)
def test_sample_corpus(sample: presslens.Corpus, name: str) -> None:
    _same_whatever_the_threads(sample, name, presslens.sample_gazetteer_path())


@pytest.mark.parametrize("name", ANALYSES)
def test_sample_repeated(repeated: presslens.Corpus, name: str) -> None:
    _same_whatever_the_threads(repeated, name, presslens.sample_gazetteer_path())


@pytest.mark.parametrize("name", ANALYSES)
def test_seed_reports(seeds: Path, name: str) -> None:
    _same_whatever_the_threads(presslens.load(seeds), name, None)


def test_comentions_of_many_pairs() -> None:
    # Three documents naming 110 titled people each (made-up surnames): ~14,000 pairs, so
    # that the association measures run in several blocks of pairs, split over the threads.
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "bo"]
    names = ["".join(p).capitalize() for p in itertools.product(syllables, repeat=3)][:150]
    texts = [
        " ".join(f"Senator Anna {n}{'ov' if d % 2 else 'ek'} spoke." for n in names[40 * d :][:110])
        for d in range(3)
    ]
    corpus = presslens.Corpus.from_texts(texts)
    assert (
        len(presslens.comentions(presslens.entities(corpus), scope="document").to_frame())
        > 3 * 4096
    )
    _same_whatever_the_threads(corpus, "comentions", None)
