"""Co-mention counts, quote tables and speaker sentiment of disjoint parts of a corpus merge
exactly, in any order and through any tree of merges, into the results of the whole corpus
(issue 19); the partials pickle compactly and refuse to merge with other options or other
entities."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import pickletools
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presslens
from presslens._merge import natural_key

from _merge_cases import RECORDS, WHOLE, corpus_of

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"
GAZ = presslens.read_gazetteer_entries(presslens.sample_gazetteer_path())
WHOLE_ENTITIES = presslens.entities(WHOLE, gazetteer_entries=GAZ)
QUOTE_OPTIONS: dict[str, Any] = {"gazetteer_entries": GAZ, "min_unattributed_words": 1}
WHOLE_QUOTES = presslens.quotes(WHOLE_ENTITIES, **QUOTE_OPTIONS)
SCORED: dict[str, Any] = {**QUOTE_OPTIONS, "model": "vader", "words": True}


def assert_same_comentions(got: presslens.CoMentions, want: presslens.CoMentions) -> None:
    assert got.labels == want.labels and got.n_units == want.n_units
    pd.testing.assert_frame_equal(got.to_frame(), want.to_frame())
    a, b = got.matrix, want.matrix
    assert a.dtype == b.dtype and (a != b).nnz == 0
    assert list(got.by_group) == list(want.by_group)
    for g, co in want.by_group.items():
        assert got.by_group[g].n_units == co.n_units
        pd.testing.assert_frame_equal(got.by_group[g].to_frame(), co.to_frame())


def assert_same_quotes(got: presslens.Quotes, want: presslens.Quotes) -> None:
    pd.testing.assert_frame_equal(got.frame, want.frame)
    drop = ["source"]  # a document's position in its part's list of records
    pd.testing.assert_frame_equal(got.warnings.drop(columns=drop), want.warnings.drop(columns=drop))


def assert_same_state(a: Any, b: Any, where: str = "") -> None:
    """Equal values, recursively: arrays of equal dtypes and elements, equal frames."""
    assert type(a) is type(b), where
    if isinstance(a, dict):
        assert sorted(a) == sorted(b), where
        for k in sorted(a):
            assert_same_state(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same_state(x, y, f"{where}[{i}]")
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, where
        assert a.tolist() == b.tolist(), where
    elif isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        assert a == b, where


def assert_same_partials(a: Any, b: Any) -> None:
    """Equal partials: equal states, whatever the order their parts were merged in."""
    assert type(a) is type(b)
    assert_same_state(a.__dict__, b.__dict__)


def split(records: list[dict[str, Any]], cuts: list[int]) -> list[presslens.Corpus]:
    bounds = [0, *sorted(cuts), len(records)]
    return [corpus_of(records[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def check_parts(
    parts: list[presslens.Corpus],
    ents: presslens.Entities,
    order: list[int],
    co_options: dict[str, Any],
    stats: dict[str, Any],
) -> None:
    """Every part's partials, merged in ``order`` and in a tree, resolve to the whole's."""
    cps = [presslens.comention_partials(p, ents, **co_options) for p in parts]
    qps = [presslens.quote_partials(p, ents, **SCORED) for p in parts]
    for partials in (cps, qps):
        flat = presslens.merge(*[partials[i] for i in order])
        assert_same_partials(flat, presslens.merge(*partials))
        tree = presslens.merge(partials[0])  # a merge puts the documents in order
        for p in partials[1:]:  # a chain of pairwise merges, each picked up from a pickle
            tree = pickle.loads(pickle.dumps(p.merge(tree)))
        assert_same_partials(flat, tree)
    co = presslens.merge(*[cps[i] for i in order]).resolve(ents, measure="g2", min_count=2)
    assert_same_comentions(
        co, presslens.comentions(WHOLE_ENTITIES, measure="g2", min_count=2, **co_options)
    )
    merged = presslens.merge(*[qps[i] for i in order])
    assert_same_quotes(merged.resolve(ents), WHOLE_QUOTES)
    pd.testing.assert_frame_equal(
        merged.speaker_sentiment(ents, **stats),
        presslens.speaker_sentiment(WHOLE_QUOTES, **stats),
    )
    by = stats["by"]
    pd.testing.assert_frame_equal(
        merged.voice_share(ents, by), presslens.voice_share(WHOLE_QUOTES, by)
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_splits_of_the_sample_merge_into_the_whole(data: st.DataObject) -> None:
    # the parts take the records in shuffled order: documents interleave across parts
    perm = data.draw(st.permutations(range(len(RECORDS))))
    cuts = data.draw(st.lists(st.integers(0, len(RECORDS)), max_size=4))
    parts = split([RECORDS[i] for i in perm], cuts)
    order = data.draw(st.permutations(range(len(parts))))
    scope = data.draw(st.sampled_from(["sentence", "paragraph", "document", "window"]))
    co_options: dict[str, Any] = {
        "scope": scope,
        "by": data.draw(st.sampled_from([None, "outlet", "section"])),
        **({"window": 6} if scope == "window" else {}),
    }
    stats = {
        "by": data.draw(st.sampled_from([("speaker",), ("speaker", "outlet"), ("section",)])),
        "unit": data.draw(st.sampled_from(["quote", "utterance"])),
        "n_boot": 50,
        "seed": 3,
    }
    check_parts(parts, WHOLE_ENTITIES, order, co_options, stats)


def test_entities_from_merged_partials_and_nothing_in_memory_whole() -> None:
    # the whole corpus is never built: its entities come from the parts' entity partials
    parts = split(RECORDS[::-1], [7, 15])
    ents = presslens.merge(
        *(presslens.entity_partials(p, gazetteer_entries=GAZ) for p in parts)
    ).resolve()
    assert ents.corpus is None
    stats = {"by": ("speaker", "outlet"), "unit": "utterance", "n_boot": 50}
    check_parts(parts, ents, [2, 0, 1], {"by": "outlet"}, stats)
    # the whole's own Entities resolve the same partials too, with their evidence
    co = presslens.merge(*(presslens.comention_partials(p, WHOLE_ENTITIES) for p in parts))
    ev = co.resolve(WHOLE_ENTITIES).evidence("Helena Marsh", "Yevgeny Sorokin")
    pd.testing.assert_frame_equal(
        ev, presslens.comentions(WHOLE_ENTITIES).evidence("Helena Marsh", "Yevgeny Sorokin")
    )


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not present")
def test_seed_reports() -> None:
    seeds = presslens.Corpus.from_folder(os.fspath(SEEDS))
    records = [
        {"id": i, "text": t, "outlet": o}
        for i, t, o in zip(seeds.ids, seeds.texts, seeds.documents["outlet"].tolist(), strict=True)
    ]
    records.sort(key=lambda r: natural_key(r["id"]))
    whole = corpus_of(records)
    ents = presslens.entities(whole)
    want_co = presslens.comentions(ents, by="outlet", measure="npmi")
    want_q = presslens.quotes(ents)
    want_s = presslens.speaker_sentiment(want_q, by=("speaker", "outlet"), n_boot=100)
    assert len(want_q) > 0 and len(want_co.to_frame()) > 0
    for cuts in ([2], [1, 3, 4]):
        parts = split(records[::-1], cuts)
        co = presslens.merge(*(presslens.comention_partials(p, ents, by="outlet") for p in parts))
        assert_same_comentions(co.resolve(ents, measure="npmi"), want_co)
        q = presslens.merge(*(presslens.quote_partials(p, ents, model="vader") for p in parts))
        assert_same_quotes(q.resolve(ents), want_q)
        s = q.speaker_sentiment(ents, by=("speaker", "outlet"), n_boot=100)
        pd.testing.assert_frame_equal(s, want_s)


def _opcodes(obj: Any) -> int:
    return sum(1 for _ in pickletools.genops(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)))


def test_partials_pickle_compactly_and_unpickle_equal() -> None:
    small, big = corpus_of(RECORDS[:12]), WHOLE  # big: twice the documents
    for make in (
        lambda c: presslens.comention_partials(c, WHOLE_ENTITIES, by="outlet"),
        lambda c: presslens.quote_partials(c, WHOLE_ENTITIES, **SCORED),
    ):
        p, q = make(small), make(big)
        assert_same_partials(pickle.loads(pickle.dumps(q)), q)
        # arrays and buffers, not a Python object per row: as many pickle opcodes for twice
        # the rows (give or take the groups and columns)
        assert _opcodes(q) <= _opcodes(p) + 40
    qp = presslens.quote_partials(big, WHOLE_ENTITIES, **SCORED)
    again = pickle.loads(pickle.dumps(qp))
    assert_same_quotes(again.resolve(WHOLE_ENTITIES), WHOLE_QUOTES)
    text_bytes = sum(len(t.encode()) for t in WHOLE_QUOTES.frame["text"])
    assert len(pickle.dumps(qp)) <= 3 * text_bytes + 200 * len(qp) + 10_000


def test_errors_say_what_to_do() -> None:
    a, b = corpus_of(RECORDS[:5]), corpus_of(RECORDS[5:9])
    ca = presslens.comention_partials(a, WHOLE_ENTITIES)
    qa = presslens.quote_partials(a, WHOLE_ENTITIES, **QUOTE_OPTIONS)
    with pytest.raises(ValueError, match="in two parts"):
        presslens.merge(ca, ca)
    with pytest.raises(ValueError, match="in two parts"):
        presslens.merge(qa, presslens.quote_partials(a, WHOLE_ENTITIES, **QUOTE_OPTIONS))
    with pytest.raises(ValueError, match=r"different options \(scope\)"):
        presslens.merge(ca, presslens.comention_partials(b, WHOLE_ENTITIES, scope="document"))
    with pytest.raises(ValueError, match=r"different options \(model\)"):
        presslens.merge(
            qa, presslens.quote_partials(b, WHOLE_ENTITIES, **SCORED | {"words": False})
        )
    other = presslens.entities(WHOLE)  # without the sample gazetteer: other entities
    with pytest.raises(ValueError, match="different entities"):
        presslens.merge(ca, presslens.comention_partials(b, other))
    with pytest.raises(ValueError, match="other entities"):
        ca.resolve(other)
    with pytest.raises(ValueError, match="other entities"):
        qa.resolve(other)
    with pytest.raises(TypeError, match="parts of one kind"):
        presslens.merge(ca, qa)
    with pytest.raises(TypeError, match="Entities"):
        presslens.comention_partials(a, presslens.entity_partials(a))  # type: ignore[arg-type]
    alien = presslens.Corpus.from_texts(["Sergei Ryabkov spoke."], ids=["nowhere"])
    with pytest.raises(ValueError, match="'nowhere' of the part is not among the entities"):
        presslens.quote_partials(alien, WHOLE_ENTITIES)
    changed = presslens.Corpus.from_records([{**RECORDS[0], "text": "Short."}])
    with pytest.raises(ValueError, match="not found in this corpus's texts"):
        presslens.comention_partials(changed, WHOLE_ENTITIES)
    with pytest.raises(ValueError, match="needs each quote's compound"):
        qa.speaker_sentiment(WHOLE_ENTITIES)
    with pytest.raises(ValueError, match="needs each quote's n_words"):
        qa.voice_share(WHOLE_ENTITIES)
    with pytest.raises(ValueError, match="give model= too"):
        presslens.quote_partials(a, WHOLE_ENTITIES, overlay="news")
    with pytest.raises(ValueError, match="utterance_overlap"):
        presslens.quote_partials(a, WHOLE_ENTITIES, utterance_overlap=0)
    with pytest.raises(ValueError, match="needs window"):
        presslens.comention_partials(a, WHOLE_ENTITIES, scope="window")
    with pytest.raises(ValueError, match="measure must be"):
        ca.resolve(WHOLE_ENTITIES, measure="lift")  # type: ignore[arg-type]
    desk = presslens.comention_partials(a, WHOLE_ENTITIES, by="desk")
    with pytest.raises(ValueError, match=r"by='desk' is not a document column \(id, "):
        desk.resolve(WHOLE_ENTITIES)
    scored = presslens.quote_partials(a, WHOLE_ENTITIES, **SCORED)
    with pytest.raises(ValueError, match=r"unknown group key\(s\) \['desk'\]"):
        scored.speaker_sentiment(WHOLE_ENTITIES, by=("speaker", "desk"))


def test_a_column_only_some_parts_have() -> None:
    records = [
        {"id": "a", "text": '"The talks were useful," Sergei Ryabkov said in Moscow.'},
        {"id": "b", "text": '"This is a disaster," Ryabkov said in Moscow.', "desk": "moscow"},
        {"id": "c", "text": '"We agree," Victoria Nuland told Ryabkov.'},
        {"id": "d", "text": '"No deal," Victoria Nuland said.', "desk": "moscow"},
    ]
    whole = presslens.Corpus.from_records(records)
    ents = presslens.entities(whole)
    parts = [presslens.Corpus.from_records(records[i::2]) for i in (1, 0)]  # 'a', 'c' lack it
    co = presslens.merge(*(presslens.comention_partials(p, ents, by="desk") for p in parts))
    assert_same_comentions(co.resolve(ents), presslens.comentions(ents, by="desk"))
    q = presslens.merge(
        *(presslens.quote_partials(p, ents, model="vader", words=True) for p in parts)
    )
    pd.testing.assert_frame_equal(
        q.speaker_sentiment(ents, by=("desk",), n_boot=20),
        presslens.speaker_sentiment(whole, by=("desk",), n_boot=20),
    )
    pd.testing.assert_frame_equal(
        q.voice_share(ents, ("speaker", "desk")), presslens.voice_share(whole, ("speaker", "desk"))
    )


def test_an_empty_part_and_a_part_without_quotes() -> None:
    empty = presslens.Corpus.from_texts([])
    c = presslens.comention_partials(empty, WHOLE_ENTITIES)
    q = presslens.quote_partials(empty, WHOLE_ENTITIES, **QUOTE_OPTIONS)
    assert (c.n_docs, len(q)) == (0, 0)
    rest = [presslens.quote_partials(WHOLE, WHOLE_ENTITIES, **QUOTE_OPTIONS), q]
    assert_same_quotes(presslens.merge(*rest).resolve(WHOLE_ENTITIES), WHOLE_QUOTES)
    whole = presslens.comention_partials(WHOLE, WHOLE_ENTITIES)
    assert_same_comentions(
        presslens.merge(c, whole).resolve(WHOLE_ENTITIES), presslens.comentions(WHOLE_ENTITIES)
    )
    assert np.array_equal(presslens.merge(c)._docs, np.zeros(0, np.int64))


def _part_partials(
    args: tuple[list[dict[str, Any]], presslens.Entities],
) -> tuple[presslens.CoMentionPartials, presslens.QuotePartials]:
    records, ents = args
    part = corpus_of(records)
    return (
        presslens.comention_partials(part, ents, by="outlet"),
        presslens.quote_partials(part, ents, **SCORED),
    )


def test_worker_processes_return_partials_that_merge_into_the_whole() -> None:
    # the entities travel to the workers and the partials back, pickled
    chunks = [RECORDS[i::3] for i in range(3)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_part_partials, [(c, WHOLE_ENTITIES) for c in chunks])
    co = presslens.merge(*(c for c, _ in results)).resolve(WHOLE_ENTITIES, measure="pmi")
    assert_same_comentions(co, presslens.comentions(WHOLE_ENTITIES, by="outlet", measure="pmi"))
    q = presslens.merge(*(q for _, q in results))
    assert_same_quotes(q.resolve(WHOLE_ENTITIES), WHOLE_QUOTES)
    pd.testing.assert_frame_equal(
        q.speaker_sentiment(WHOLE_ENTITIES, n_boot=50),
        presslens.speaker_sentiment(WHOLE_QUOTES, n_boot=50),
    )


def test_the_whole_in_any_order_of_documents() -> None:
    # rows follow the order of the entities' documents, natural or not
    whole = corpus_of(RECORDS[::-1])
    ents = presslens.entities(whole, gazetteer_entries=GAZ)
    parts = split(RECORDS, [6, 13])
    q = presslens.merge(*(presslens.quote_partials(p, ents, **QUOTE_OPTIONS) for p in parts))
    assert_same_quotes(q.resolve(ents), presslens.quotes(ents, **QUOTE_OPTIONS))
    co = presslens.merge(*(presslens.comention_partials(p, ents, by="section") for p in parts))
    assert_same_comentions(co.resolve(ents), presslens.comentions(ents, by="section"))


def test_parts_and_stems_travel_flat() -> None:
    # the core turns the flat parts back into the frame's lists, and reads the stems flat;
    # counts that do not add up are refused, not read past
    from presslens import _core

    parts = [[(0, 4), (9, 12)], [], [(3, 5)]]
    counts, pairs = _core.flat_parts(parts)
    assert _core.parts_of_flat(counts, pairs) == parts
    # the frame's column as an object array (Series.to_numpy()), also every other row of one
    column = np.empty(len(parts), dtype=object)
    column[:] = parts
    for got, want in ((column, parts), (column[::2], parts[::2])):
        c, p = _core.flat_parts(got)
        assert _core.parts_of_flat(c, p) == want
    for bad in (np.zeros((2, 2), dtype=object), np.arange(3), "abc", [[(0, 1.5)]]):
        with pytest.raises(TypeError, match="parts"):
            _core.flat_parts(bad)
    with pytest.raises(ValueError, match="do not add up"):
        _core.parts_of_flat(np.array([3, 0, 1]), pairs)
    with pytest.raises(ValueError, match="negative"):
        _core.parts_of_flat(np.array([-1]), pairs)
    # the case of tests/cpp/test_parts.cpp: two quotes of one speaker, stems a b c each
    stems = (np.array([3, 3], dtype=np.int64), b"abcabc", np.ones(6, dtype=np.uint64))
    assert _core.link_utterance_stems([0, 1], [0, 0], [0, 0], *stems).tolist() == [0, 0]
    apart = (np.array([3, 3], dtype=np.int64), b"abcxyz", np.ones(6, dtype=np.uint64))
    assert _core.link_utterance_stems([0, 1], [0, 0], [0, 0], *apart).tolist() == [0, 1]
    with pytest.raises(ValueError, match="stem counts do not add up"):
        _core.link_utterance_stems([0, 1], [3, 3], [0, 0], np.array([2, 1]), *stems[1:])
    with pytest.raises(ValueError, match="stem lengths do not add up"):
        _core.link_utterance_stems([0, 1], [3, 3], [0, 0], stems[0], b"talk", stems[2])
