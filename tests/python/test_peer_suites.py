"""Parity with the peers' own test suites.

- scikit-learn: ``CountVectorizer``'s ``max_features`` cut, ties included, on the documents
  of its own tests (``sklearn/feature_extraction/tests/test_text.py``) and on random
  corpora built to tie.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.terms import term_matrix

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
CountVectorizer = sklearn_text.CountVectorizer

# scikit-learn's test_countvectorizer_custom_token_pattern (sklearn/feature_extraction/tests/
# test_text.py) writes these inside the test function, so they cannot be imported.
NUMBERED_DOCS = [
    "This is the 1st document in my corpus.",
    "This document is the 2nd sample.",
    "And this is the 3rd one.",
    "Is this the 4th document?",
]


@pytest.fixture(scope="module")
def food_docs() -> dict[str, tuple[str, ...]]:
    """The food documents of scikit-learn's feature_extraction tests, from its wheel."""
    t = pytest.importorskip("sklearn.feature_extraction.tests.test_text")
    return {
        "junk": t.JUNK_FOOD_DOCS,
        "notjunk": t.NOTJUNK_FOOD_DOCS,
        "all": t.ALL_FOOD_DOCS,
    }


def assert_same_as_countvectorizer(docs, **options) -> None:
    cv = CountVectorizer(**options)
    X = cv.fit_transform(docs).tocsr()
    X.sort_indices()
    tm = term_matrix(docs, token_pattern="sklearn", **options)
    assert tm.terms == cv.get_feature_names_out().tolist(), options
    np.testing.assert_array_equal(tm.matrix.indptr, X.indptr)
    np.testing.assert_array_equal(tm.matrix.indices, X.indices)
    np.testing.assert_array_equal(tm.matrix.data, X.data)


# ---- scikit-learn: max_features ties ---------------------------------------------------


def test_the_tie_cases_keep_what_scikit_learn_keeps(food_docs) -> None:
    # The cases of issue 20: totals tie at the cut. On x86 numpy sorts them with SIMD
    # networks (not stably): scikit-learn keeps "copyright" and "the"; a stable cut, which
    # presslens made before, kept "burger" and "is". Without SIMD numpy keeps those.
    junk = term_matrix(food_docs["junk"], token_pattern="sklearn")
    totals = dict(zip(junk.terms, np.asarray(junk.matrix.sum(axis=0)).ravel(), strict=True))
    assert totals["burger"] == totals["copyright"] == 5
    numbered = term_matrix(NUMBERED_DOCS, token_pattern="sklearn")
    totals = dict(zip(numbered.terms, np.asarray(numbered.matrix.sum(axis=0)).ravel(), strict=True))
    assert totals["is"] == totals["the"] == totals["this"] == 4

    cut = term_matrix(food_docs["junk"], token_pattern="sklearn", max_features=3).terms
    assert cut in (["beer", "burger", "the"], ["beer", "copyright", "the"])
    assert (
        cut
        == CountVectorizer(max_features=3).fit(food_docs["junk"]).get_feature_names_out().tolist()
    )
    cut = term_matrix(NUMBERED_DOCS, token_pattern="sklearn", max_features=1).terms
    assert (
        cut == CountVectorizer(max_features=1).fit(NUMBERED_DOCS).get_feature_names_out().tolist()
    )
    assert_same_as_countvectorizer(food_docs["junk"], max_features=3)
    assert_same_as_countvectorizer(NUMBERED_DOCS, max_features=1)


@pytest.mark.parametrize("name", ["junk", "notjunk", "all", "numbered"])
def test_every_cut_of_scikit_learns_documents(food_docs, name: str) -> None:
    docs = NUMBERED_DOCS if name == "numbered" else list(food_docs[name])
    for ngram_range in ((1, 1), (1, 2)):
        n = len(CountVectorizer(ngram_range=ngram_range).fit(docs).vocabulary_)
        for max_features in range(1, n + 2):
            for binary in (False, True):
                assert_same_as_countvectorizer(
                    docs, ngram_range=ngram_range, max_features=max_features, binary=binary
                )
        assert_same_as_countvectorizer(docs, max_features=2, min_df=2)


_WORDS = ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh", "ii", "jj", "kk", "ll"]


@settings(max_examples=300, deadline=None)
@given(
    docs=st.lists(
        st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join), min_size=1, max_size=8
    ),
    max_features=st.integers(1, 14),
    binary=st.booleans(),
    min_df=st.integers(1, 2),
    ngram_max=st.integers(1, 2),
)
def test_property_max_features_as_countvectorizer(docs, max_features, binary, min_df, ngram_max):
    # Few words, short documents: totals tie at the cut most of the time.
    options = {
        "max_features": max_features,
        "binary": binary,
        "min_df": min_df,
        "ngram_range": (1, ngram_max),
    }
    try:
        CountVectorizer(**options).fit(docs)
    except ValueError:  # no token, or nothing left after min_df: presslens raises too
        with pytest.raises(ValueError):
            term_matrix(docs, token_pattern="sklearn", **options)
        return
    assert_same_as_countvectorizer(docs, **options)


@pytest.mark.parametrize("seed", range(6))
def test_max_features_on_large_tied_vocabularies(seed: int) -> None:
    # Thousands of candidates with totals 1..4: numpy's sort partitions them (beyond its
    # small-array networks) before the cut, which falls inside a long run of ties.
    rng = np.random.default_rng(seed)
    vocab = [f"w{i:04d}" for i in range(3000)]
    docs = [
        " ".join(rng.choice(vocab, size=int(rng.integers(50, 400)), replace=True))
        for _ in range(40)
    ]
    for max_features in (1, 7, 300, 1000, 2500):
        assert_same_as_countvectorizer(docs, max_features=max_features)
    assert_same_as_countvectorizer(docs, max_features=500, binary=True)
