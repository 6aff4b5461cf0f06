"""Partial term matrices merge exactly and in any order (issue 19): over random splits of a
corpus, ``merge(a, b) == merge(b, a) == whole``, pruning, grouping, tf-idf and keyness
after the merge equal those of the whole corpus, and streamed batches merge into the
loaded file's matrix.

Corpora here are built with ``boilerplate=False``: the rule that flags a line repeated
across an outlet's documents sees one part at a time (docs/loading.md), so with it a part
can keep a line the whole corpus drops.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import presslens
from presslens._merge import natural_key

from _merge_cases import RECORDS, WHOLE, assert_same, corpus_of

OPTIONS: list[dict[str, Any]] = [
    {},
    {"token_pattern": "sklearn", "ngram_range": (1, 2)},
    {"stop_words": "english", "binary": True},
]


def split(records: list[dict[str, Any]], labels: list[int]) -> list[list[dict[str, Any]]]:
    parts: dict[int, list[dict[str, Any]]] = {}
    for rec, lab in zip(records, labels, strict=True):
        parts.setdefault(lab, []).append(rec)
    return list(parts.values())


def labels_strategy(n_parts: int) -> st.SearchStrategy[list[int]]:
    return st.lists(
        st.integers(0, n_parts - 1), min_size=len(RECORDS), max_size=len(RECORDS)
    ).filter(lambda ls: len(set(ls)) >= 2)


@pytest.mark.parametrize("options", OPTIONS, ids=["default", "sklearn-bigrams", "stop-binary"])
@settings(max_examples=25, deadline=None)
@given(labels=labels_strategy(2))
def test_two_parts_merge_to_the_whole_in_either_order(
    options: dict[str, Any], labels: list[int]
) -> None:
    a, b = (presslens.term_matrix(corpus_of(p), **options) for p in split(RECORDS, labels))
    whole = presslens.term_matrix(WHOLE, **options)
    assert_same(presslens.merge(a, b), whole)
    assert_same(presslens.merge(b, a), whole)
    assert_same(a.merge(b), whole)


@settings(max_examples=25, deadline=None)
@given(labels=labels_strategy(4), data=st.data())
def test_many_parts_merge_in_any_order_and_grouping(labels: list[int], data: Any) -> None:
    parts = [presslens.term_matrix(corpus_of(p)) for p in split(RECORDS, labels)]
    whole = presslens.term_matrix(WHOLE)
    order = data.draw(st.permutations(range(len(parts))))
    shuffled = [parts[i] for i in order]
    assert_same(presslens.merge(*shuffled), whole)
    # A tree of merges (as Dask reduces) gives the same result as one flat merge.
    tree = shuffled[0]
    for p in shuffled[1:]:
        tree = presslens.merge(p, tree) if data.draw(st.booleans()) else tree.merge(p)
    assert_same(tree, whole)
    # Partial results pickle to workers and back.
    assert_same(presslens.merge(*[pickle.loads(pickle.dumps(p)) for p in shuffled]), whole)


@settings(max_examples=20, deadline=None)
@given(labels=labels_strategy(3))
def test_statistics_after_the_merge_equal_the_whole(labels: list[int]) -> None:
    parts = [presslens.term_matrix(corpus_of(p)) for p in split(RECORDS, labels)]
    merged = presslens.merge(*parts)
    whole = presslens.term_matrix(WHOLE)
    # Pruning once after the merge is the whole corpus's pruning.
    for cut in ({"min_df": 3}, {"max_df": 0.5, "max_features": 40}, {"min_df": 0.1}):
        assert_same(merged.prune(**cut), presslens.term_matrix(WHOLE, **cut))
    # Grouped partials merge to the grouped whole; keyness and tf-idf run once after.
    groups = presslens.merge(*[p.group("outlet") for p in reversed(parts)])
    assert_same(groups, whole.group("outlet"))
    pd.testing.assert_frame_equal(
        presslens.keyness(groups, by=None), presslens.keyness(whole, by="outlet")
    )
    assert_same(presslens.tfidf(merged), presslens.tfidf(whole))


def test_prune_breaks_ties_as_term_matrix() -> None:
    texts = ["bb aa cc", "cc bb aa dd", "ee ff", "ff ee dd", "gg"]
    for pattern in ("default", "sklearn"):
        counts = presslens.term_matrix(texts, token_pattern=pattern)
        for k in (1, 2, 3, 5):
            want = presslens.term_matrix(texts, token_pattern=pattern, max_features=k)
            assert_same(counts.prune(max_features=k, token_pattern=pattern), want)


def test_prune_that_cuts_nothing_gives_the_same_matrix() -> None:
    # Every term kept: the same counts, terms and documents, in a new TermMatrix (the
    # early return must not hand back the object itself, nor drop its metadata).
    counts = presslens.term_matrix(presslens.sample_corpus())
    kept = counts.prune(min_df=1, max_df=1.0)
    assert kept is not counts
    assert_same(kept, counts)
    assert kept.docs is not None and kept.docs.equals(counts.docs)
    assert counts.prune(min_df=2).shape[1] < counts.shape[1]  # and a real cut still cuts


def test_streamed_batches_merge_into_the_loaded_file(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [json.dumps(r) for r in RECORDS[:10]]
    lines.insert(3, "{not json")  # a warning in one batch: its line is no document
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = presslens.term_matrix(presslens.load(path, boilerplate=False))
    batches = [
        presslens.term_matrix(c) for c in presslens.stream(path, batch_size=3, boilerplate=False)
    ]
    assert len(batches) == 4
    assert_same(presslens.merge(*reversed(batches)), whole, records=False)


def test_natural_order() -> None:
    ids = ["news:10", "news:2", "news:1", "b", "a7", "a10", 3, 12]
    assert sorted(ids, key=natural_key) == [3, 12, "a7", "a10", "b", "news:1", "news:2", "news:10"]


def test_merge_errors_say_what_to_do() -> None:
    a = presslens.term_matrix(["war and peace"])
    b = presslens.term_matrix(["peace talks"])
    with pytest.raises(ValueError, match=r"document id 0 is in two parts.*pandas Series"):
        presslens.merge(a, b)
    with pytest.raises(TypeError, match="sklearn weights; merge the count matrices"):
        presslens.merge(presslens.tfidf(a))
    with pytest.raises(TypeError, match="needs at least one"):
        presslens.merge()
    with pytest.raises(TypeError, match="part 1 is a str"):
        presslens.merge(a, "b")  # type: ignore[arg-type]
    g = presslens.term_matrix(pd.Series(["x y"], index=["k"])).group(["A"])
    with pytest.raises(ValueError, match="grouped differently"):
        presslens.merge(g, presslens.term_matrix(pd.Series(["x"], index=["j"])))
    fixed = presslens.term_matrix(pd.Series(["x y"], index=["k"]), vocabulary=["y", "x"])
    other = presslens.term_matrix(pd.Series(["x z"], index=["j"]), vocabulary=["z", "x"])
    with pytest.raises(ValueError, match="fixed vocabulary"):
        presslens.merge(fixed, other)
    same = presslens.term_matrix(pd.Series(["y"], index=["j"]), vocabulary=["y", "x"])
    assert presslens.merge(fixed, same).terms == ["y", "x"]
    with pytest.raises(TypeError, match="prune first, then group"):
        g.prune(min_df=1)
    with pytest.raises(ValueError, match="no terms remain"):
        presslens.term_matrix(["war", "peace"]).prune(min_df=2)
