"""Entity partials of disjoint parts of a corpus merge and resolve into exactly the entities
of the whole corpus (ids, names, aliases, mentions, outlets, roles, affiliations, the merge
log), in any merge order; partials pickle."""

from __future__ import annotations

import itertools
import os
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presslens

from _merge_cases import RECORDS, corpus_of

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"


def _records(corpus: presslens.Corpus) -> list[dict[str, str]]:
    docs = corpus.documents
    return [
        {"id": i, "text": t, "outlet": o}
        for i, t, o in zip(corpus.ids, corpus.texts, docs["outlet"].tolist(), strict=True)
    ]


def _corpus(records: list[dict[str, str]]) -> presslens.Corpus:
    return corpus_of(records)


def _assert_same(got: presslens.Entities, want: presslens.Entities) -> None:
    assert got.table.equals(want.table)
    assert got.mentions.equals(want.mentions)
    assert got.merges.equals(want.merges)


def _check_split(records: list[dict[str, str]], cuts: list[int], **kw: object) -> None:
    records = sorted(records, key=lambda r: presslens._merge.natural_key(r["id"]))
    whole = presslens.entities(_corpus(records), **kw)  # type: ignore[arg-type]
    bounds = [0, *sorted(cuts), len(records)]
    parts = [
        presslens.entity_partials(_corpus(records[a:b]), **kw)  # type: ignore[arg-type]
        for a, b in itertools.pairwise(bounds)
        if b > a
    ]
    _assert_same(presslens.merge(*parts).resolve(), whole)
    _assert_same(presslens.merge(*reversed(parts)).resolve(), whole)


def test_sample_split_in_two_any_order() -> None:
    records = _records(presslens.sample_corpus())
    _check_split(records, [5], gazetteer_entries=presslens.sample_gazetteer_path())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_splits_of_the_sample(data: st.DataObject) -> None:
    records = list(RECORDS)
    perm = data.draw(st.permutations(range(len(records))))
    shuffled = [records[i] for i in perm]
    cuts = data.draw(st.lists(st.integers(0, len(records)), max_size=4))
    # the parts take the records in shuffled order: documents interleave across parts
    whole_records = sorted(records, key=lambda r: presslens._merge.natural_key(r["id"]))
    whole = presslens.entities(_corpus(whole_records))
    bounds = [0, *sorted(cuts), len(shuffled)]
    parts = [
        presslens.entity_partials(_corpus(shuffled[a:b]))
        for a, b in itertools.pairwise(bounds)
        if b > a
    ]
    order = data.draw(st.permutations(range(len(parts))))
    _assert_same(presslens.merge(*[parts[i] for i in order]).resolve(), whole)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports not present")
def test_seed_reports() -> None:
    records = _records(presslens.Corpus.from_folder(os.fspath(SEEDS)))
    _check_split(records, [2])
    _check_split(records, [1, 3, 4])


def test_nested_merges_and_aliases() -> None:
    records = _records(presslens.sample_corpus())
    records.sort(key=lambda r: presslens._merge.natural_key(r["id"]))
    kw = {"aliases": {"Sorokin": "Yevgeny Sorokin"}, "never_merge": [("Marsh", "Helena Marsh")]}
    whole = presslens.entities(_corpus(records), **kw)  # type: ignore[arg-type]
    a, b, c = (presslens.entity_partials(_corpus(records[i::3])) for i in range(3))
    _assert_same(presslens.merge(presslens.merge(a, c), b).resolve(**kw), whole)  # type: ignore[arg-type]
    _assert_same(a.merge(b.merge(c)).resolve(**kw), whole)  # type: ignore[arg-type]


def test_pickle_round_trip() -> None:
    records = _records(presslens.sample_corpus())
    p = presslens.entity_partials(_corpus(records))
    q = pickle.loads(pickle.dumps(p))
    assert q.doc_ids == p.doc_ids and len(q) == len(p)
    assert pickle.dumps(q) == pickle.dumps(p)
    _assert_same(q.resolve(), p.resolve())


def test_errors() -> None:
    p = presslens.entity_partials(_corpus(RECORDS[:3]))
    with pytest.raises(ValueError, match="in two parts"):
        presslens.merge(p, p)
    with pytest.raises(ValueError, match="serialized"):
        pickle.loads(pickle.dumps(p).replace(b"PLP1", b"XXXX"))
