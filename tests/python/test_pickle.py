"""Corpus and every result type pickle compactly and unpickle to an equal object (issue 19).

Equality is checked through what the objects show (frames, matrices, tables) and through
further analyses run on the unpickled objects, which must give the same results.
"""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import presslens
from presslens import _core
from presslens._pickle import pack_frame, pack_list, unpack_frame, unpack_list


def roundtrip(obj):
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


@pytest.fixture(scope="module")
def corpus() -> presslens.Corpus:
    return presslens.sample_corpus()


@pytest.fixture(scope="module")
def ents(corpus: presslens.Corpus) -> presslens.Entities:
    return presslens.entities(corpus, gazetteer_entries=presslens.sample_gazetteer_path())


def assert_same_corpus(a: presslens.Corpus, b: presslens.Corpus) -> None:
    assert type(b) is presslens.Corpus
    assert len(a) == len(b) and a.n_inputs == b.n_inputs
    assert a.ids == b.ids and a.texts == b.texts
    pd.testing.assert_frame_equal(a.documents, b.documents)
    pd.testing.assert_frame_equal(a.warnings, b.warnings)
    pd.testing.assert_frame_equal(a.tokens(), b.tokens())
    pd.testing.assert_frame_equal(
        a.sentences(include_boilerplate=True), b.sentences(include_boilerplate=True)
    )
    pd.testing.assert_frame_equal(
        a.paragraphs(include_boilerplate=True), b.paragraphs(include_boilerplate=True)
    )
    for name in ("token_table", "sentence_table", "paragraph_table"):
        ta, tb = getattr(a._core, name)(False), getattr(b._core, name)(False)
        for k in ta:
            assert np.array_equal(ta[k], tb[k]), (name, k)


def assert_same_entities(a: presslens.Entities, b: presslens.Entities) -> None:
    assert_same_corpus(a.corpus, b.corpus)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.mentions, b.mentions)
    pd.testing.assert_frame_equal(a.merges, b.merges)


def test_corpus_roundtrip_and_further_analyses(corpus: presslens.Corpus) -> None:
    again = roundtrip(corpus)
    assert_same_corpus(corpus, again)
    assert presslens.term_matrix(again).to_frame().equals(presslens.term_matrix(corpus).to_frame())
    pd.testing.assert_frame_equal(
        presslens.document_sentiment(again), presslens.document_sentiment(corpus)
    )


def test_corpus_keeps_its_options_and_warnings(tmp_path: Path) -> None:
    p = tmp_path / "a.jsonl"
    p.write_text(
        '{"id": "a", "text": "One.\\nTwo.", "outlet": "x", "k": 1}\n{oops\n'
        '{"id": "a", "text": "Dup."}\n{"text": 3}\n',
        encoding="utf-8",
    )
    c = presslens.Corpus.from_jsonl(p, paragraphs="line", boilerplate=False)
    again = roundtrip(c)
    assert_same_corpus(c, again)
    assert again.ids == ["a", "a~2"]
    assert again.warnings["code"].tolist() == c.warnings["code"].tolist()
    # the paragraph mode is kept: "line" makes two paragraphs of the first document
    assert (again.paragraphs()["doc_id"] == "a").sum() == 2


def test_corpus_with_odd_text_roundtrips() -> None:
    texts = ["", "  ", "\ufeffBOM kept?", "a\udcffb", "Müller’s 🙂 view.\n\nNext.", "x" * 10_000]
    c = presslens.Corpus.from_texts(texts, outlets=["o"] * len(texts))
    assert_same_corpus(c, roundtrip(c))


def test_corpus_pickle_is_compact(corpus: presslens.Corpus) -> None:
    text_bytes = sum(len(t.encode()) for t in corpus.texts)
    size = len(pickle.dumps(corpus, protocol=pickle.HIGHEST_PROTOCOL))
    assert size <= 3 * text_bytes
    # and grows with the text, not with a Python object per token: twice the text, about
    # twice the bytes
    big = presslens.Corpus.from_texts(
        corpus.texts * 2, ids=[str(i) for i in range(2 * len(corpus))]
    )
    big_size = len(pickle.dumps(big, protocol=pickle.HIGHEST_PROTOCOL))
    assert big_size <= 2.2 * size


def test_corrupt_state_is_a_value_error(corpus: presslens.Corpus) -> None:
    state = corpus._core.__getstate__()
    with pytest.raises(ValueError, match="cut short"):
        _core.Corpus.__new__(_core.Corpus).__setstate__(state[: len(state) // 2])
    with pytest.raises(ValueError, match="not a serialized presslens corpus"):
        _core.Corpus.__new__(_core.Corpus).__setstate__(b"nonsense")


def test_entities_roundtrip(ents: presslens.Entities) -> None:
    again = roundtrip(ents)
    assert_same_entities(ents, again)
    assert again.id_of("Sorokin") == ents.id_of("Sorokin")
    # further analyses on the unpickled entities
    a = presslens.comentions(ents, measure="npmi")
    b = presslens.comentions(again, measure="npmi")
    pd.testing.assert_frame_equal(a.to_frame(), b.to_frame())
    pd.testing.assert_frame_equal(presslens.quotes(ents).frame, presslens.quotes(again).frame)


def test_entity_result_pickle_is_compact(ents: presslens.Entities) -> None:
    n_mentions = len(ents.mentions)
    size = len(pickle.dumps(ents._result, protocol=pickle.HIGHEST_PROTOCOL))
    names = sum(len(a.encode()) + 2 for al in ents.table["aliases"] for a in al)
    assert size <= 40 * n_mentions + 4 * names + 200 * len(ents) + 1000


def test_comentions_roundtrip(ents: presslens.Entities) -> None:
    co = presslens.comentions(ents, measure="g2", by="outlet", min_count=1)
    again = roundtrip(co)
    pd.testing.assert_frame_equal(co.to_frame(), again.to_frame())
    assert (co.matrix != again.matrix).nnz == 0
    assert co.labels == again.labels
    assert sorted(co.by_group) == sorted(again.by_group)
    for k in co.by_group:
        pd.testing.assert_frame_equal(co.by_group[k].to_frame(), again.by_group[k].to_frame())
        assert again.by_group[k].entities is again.entities  # shared, pickled once
    pd.testing.assert_frame_equal(
        co.evidence("Helena Marsh", "Yevgeny Sorokin"),
        again.evidence("Helena Marsh", "Yevgeny Sorokin"),
    )


def test_quotes_roundtrip(corpus: presslens.Corpus) -> None:
    q = presslens.quotes(corpus, gazetteer_entries=presslens.sample_gazetteer_path())
    assert len(q) > 0
    again = roundtrip(q)
    pd.testing.assert_frame_equal(q.frame, again.frame)
    pd.testing.assert_frame_equal(q.warnings, again.warnings)
    assert_same_entities(q.entities, again.entities)
    pd.testing.assert_frame_equal(q.by_speaker(), again.by_speaker())
    pd.testing.assert_frame_equal(
        presslens.speaker_sentiment(q), presslens.speaker_sentiment(again)
    )


def test_term_matrices_roundtrip(corpus: presslens.Corpus) -> None:
    tm = presslens.term_matrix(corpus)
    grouped = tm.group("outlet")
    weighted = presslens.tfidf(tm)
    listed = presslens.term_matrix(["Trump won Iowa.", "Clinton won Nevada."])
    for m in (tm, grouped, weighted, listed):
        again = roundtrip(m)
        assert again.shape == m.shape and (again.matrix != m.matrix).nnz == 0
        assert again.matrix.dtype == m.matrix.dtype
        assert again.terms == m.terms and again.doc_ids == m.doc_ids
        assert again.weighting == m.weighting and again.grouped_by == m.grouped_by
        if m.docs is None:
            assert again.docs is None
        else:
            pd.testing.assert_frame_equal(m.docs, again.docs)
        pd.testing.assert_frame_equal(m.to_frame(), again.to_frame())
    # further analyses on the unpickled matrix
    a = presslens.keyness(tm, by="outlet", min_count=1)
    b = presslens.keyness(roundtrip(tm), by="outlet", min_count=1)
    pd.testing.assert_frame_equal(a, b)


def test_term_matrix_pickle_does_not_carry_the_corpus(corpus: presslens.Corpus) -> None:
    tm = presslens.term_matrix(corpus)
    data = pickle.dumps(tm, protocol=pickle.HIGHEST_PROTOCOL)
    assert corpus.texts[0][:60].encode() not in data
    m = tm.matrix
    arrays = m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
    terms = sum(len(t.encode()) + 8 for t in tm.terms)
    assert len(data) <= arrays + terms + 300 * len(tm.docs.columns) + 100 * len(corpus) + 2000


def test_packed_frames_and_lists() -> None:
    df = pd.DataFrame(
        {
            # object: a lone surrogate cannot live in pandas' Arrow-backed str dtype
            "s": pd.Series(["a", "", "é\udcff"], index=[5, 6, 7], dtype=object),
            "n": [1, 2, 3],
            "f": [0.5, np.nan, 1.0],
            "lists": [["x"], [], ["y", "z"]],
            "mixed": ["a", None, "b"],
            "na": pd.array([1, None, 3], dtype="Int64"),
            "strs": pd.array(["a", "b", "c"], dtype="string"),
            "strs_na": pd.array(["a", None, "c"], dtype="string"),
        },
        index=[5, 6, 7],
    )
    pd.testing.assert_frame_equal(unpack_frame(pack_frame(df)), df)
    # pandas' default str dtype (in pyarrow when installed): packed from its buffers, also
    # for a slice whose buffers start inside a larger array
    words = pd.Series(["Moscow", "", "Müller", "日本"] * 3, dtype="str").iloc[3:9]
    pd.testing.assert_frame_equal(
        unpack_frame(pack_frame(words.to_frame("w"))), words.to_frame("w")
    )
    empty = df.iloc[:0]
    pd.testing.assert_frame_equal(unpack_frame(pack_frame(empty)), empty)
    assert unpack_frame(pack_frame(None)) is None
    for values in (["a", "b"], [0, 1, 2], [], [1, "a"], [2**70]):
        assert unpack_list(pack_list(values)) == values
    # a column of short strings pickles as one buffer and one byte of length per string
    strings = [f"w{i}" for i in range(100_000)]
    packed = pickle.dumps(pack_list(strings))
    assert len(packed) < sum(len(s) for s in strings) + 100_000 + 400
    assert unpack_list(pickle.loads(packed)) == strings


def test_packed_arrow_strings_are_checked_on_load() -> None:
    df = pd.DataFrame({"w": pd.Series(["Müller", "ab"], dtype="str")})
    packed = pack_frame(df)
    tag, index, [(name, (kind, blob, lengths, dtype))] = packed
    if not str(getattr(dtype, "storage", "")).startswith("pyarrow"):
        pytest.skip("pandas stores str without pyarrow here")
    bad = blob.replace("ü".encode(), b"\xff\xfe")  # same length, not UTF-8
    with pytest.raises(ValueError, match="packed strings"):
        unpack_frame((tag, index, [(name, (kind, bad, lengths, dtype))]))
    with pytest.raises(ValueError, match="do not add up"):
        unpack_frame((tag, index, [(name, (kind, blob + b"x", lengths, dtype))]))


def _analyse(texts: list[str]) -> tuple[presslens.Corpus, presslens.TermMatrix, presslens.Quotes]:
    c = presslens.Corpus.from_texts(texts)
    return c, presslens.term_matrix(c), presslens.quotes(c)


def test_a_process_pool_returns_them(corpus: presslens.Corpus) -> None:
    texts = corpus.texts
    halves = [texts[: len(texts) // 2], texts[len(texts) // 2 :]]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_analyse, halves)
    for part, (c, tm, q) in zip(halves, results, strict=True):
        here_c, here_tm, here_q = _analyse(part)
        assert_same_corpus(here_c, c)
        pd.testing.assert_frame_equal(here_tm.to_frame(), tm.to_frame())
        pd.testing.assert_frame_equal(here_q.frame, q.frame)
