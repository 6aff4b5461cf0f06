"""Parity with the peers' own test suites.

- scikit-learn: ``CountVectorizer``'s ``max_features`` cut, ties included, on the documents
  of its own tests (``sklearn/feature_extraction/tests/test_text.py``) and on random
  corpora built to tie.
- quanteda.textstats: ``textstat_keyness``'s expectations, from its
  ``tests/testthat/test-textstat_keyness.R``, with ``keyness(convention="quanteda")``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.terms import keyness, term_matrix

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


# ---- quanteda.textstats: textstat_keyness ----------------------------------------------

# The documents of quanteda.textstats' tests/testthat/test-textstat_keyness.R.
TWO_ROWS = ["a a a b b c c c c c c d e f g h h", "a a b c c d d d d e f h"]
CHI2_ROWS = ["b b b b b b b a a a", "a a a a a a a b b"]


def quanteda_keyness(texts: list[str], by: list[str], **options) -> pd.DataFrame:
    # quanteda's dfm(tokens(x)): lowercased words, one-letter ones included (presslens's
    # default tokens; scikit-learn's pattern drops them)
    tm = term_matrix(texts)
    return keyness(tm, by=by, min_count=1, convention="quanteda", **options)


def ranking(k: pd.DataFrame, group: str) -> str:
    return "".join(k[k["group"] == group]["term"])


def score(k: pd.DataFrame, group: str, term: str) -> pd.Series:
    return k[(k["group"] == group) & (k["term"] == term)].iloc[0]


def test_quanteda_chi2_computation() -> None:
    # "keyness_textstat chi2 computation is correct": default correction = chisq.test
    # (correct = TRUE), which is scipy's chi2_contingency; "none" = correct = FALSE.
    table = np.array([[7, 2], [3, 7]])  # "b": 7 of 10 in d1, 2 of 9 in d2
    for correction, scipy_correction in (("default", True), ("none", False)):
        k = quanteda_keyness(CHI2_ROWS, ["d1", "d2"], measure="chi2", correction=correction)
        want = scipy.stats.chi2_contingency(table, correction=scipy_correction)
        row = score(k, "d1", "b")
        assert row["score"] == pytest.approx(want.statistic, rel=1e-12)
        assert row["p"] == pytest.approx(want.pvalue, rel=1e-9)


def test_quanteda_chi2_for_three_rows() -> None:
    # "keyness_textstat chi2 computation is correct for three rows": the other rows summed
    texts = [*CHI2_ROWS, "a a a b b b"]
    grouped = np.array([[7, 3], [2 + 3, 7 + 3]])  # (b, a) in d1 and in the rest
    for correction, scipy_correction in (("default", True), ("yates", True), ("none", False)):
        k = quanteda_keyness(texts, ["d1", "d2", "d3"], measure="chi2", correction=correction)
        want = scipy.stats.chi2_contingency(grouped, correction=scipy_correction).statistic
        assert score(k, "d1", "b")["score"] == pytest.approx(want, rel=1e-12)
        rest = quanteda_keyness(texts, ["d1", "z", "z"], measure="chi2", correction=correction)
        pd.testing.assert_frame_equal(
            k[k["group"] == "d1"].reset_index(drop=True),
            rest[rest["group"] == "d1"].reset_index(drop=True),
        )


def test_quanteda_ranks_two_rows() -> None:
    # "basic textstat_keyness works on two rows" (chi2, default correction)
    k = quanteda_keyness(TWO_ROWS, ["d1", "d2"])
    assert ranking(k, "d1") == "gcbhaefd"
    assert ranking(k, "d2") == "defabhcg"
    # "basic textstat_keyness lr works on two rows"
    k = quanteda_keyness(TWO_ROWS, ["d1", "d2"], measure="g2", correction="none")
    assert ranking(k, "d1") == "cgbhaefd"
    assert ranking(k, "d2") == "defabhgc"
    # The scipy convention (Yates on every table) ranks the same counts otherwise.
    tm = term_matrix(TWO_ROWS)
    assert ranking(keyness(tm, by=["d1", "d2"], measure="chi2", min_count=1), "d1") == "cabefghd"


def test_quanteda_lr_computation() -> None:
    # "keyness_textstat lr computation is correct": the G-test (Deducer's likelihood.test),
    # without correction and with Williams' (conservative = TRUE)
    table = np.array([[7, 2], [3, 7]])
    g = scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    k = quanteda_keyness(CHI2_ROWS, ["d1", "d2"], measure="g2", correction="none")
    row = score(k, "d1", "b")
    # quanteda adds 1e-9 inside each logarithm: G2 grows by about 2e-9 * N
    assert row["score"] == pytest.approx(g.statistic, abs=1e-7)
    assert row["p"] == pytest.approx(g.pvalue, rel=1e-7)
    n, rows, cols = table.sum(), table.sum(axis=1), table.sum(axis=0)
    q = 1 + (n * (1 / rows).sum() - 1) * (n * (1 / cols).sum() - 1) / (6 * n)
    k = quanteda_keyness(CHI2_ROWS, ["d1", "d2"], measure="g2", correction="williams")
    row = score(k, "d1", "b")
    assert row["score"] == pytest.approx(g.statistic / q, abs=1e-7)
    assert row["p"] == pytest.approx(scipy.stats.chi2.sf(g.statistic / q, 1), rel=1e-7)
    # The default correction moves each cell 0.5 towards independence first.
    k = quanteda_keyness(CHI2_ROWS, ["d1", "d2"], measure="g2")
    moved = scipy.stats.chi2_contingency(
        np.array([[6.5, 2.5], [3.5, 6.5]]), correction=False, lambda_="log-likelihood"
    )
    assert score(k, "d1", "b")["score"] == pytest.approx(moved.statistic, abs=1e-7)


def test_quanteda_raw_counts_and_pmi() -> None:
    # "textstat_keyness returns raw frequency counts"
    k = quanteda_keyness(TWO_ROWS, ["d1", "d2"], measure="pmi")
    d1 = k[k["group"] == "d1"].set_index("term").sort_index()
    assert d1["count_target"].tolist() == [3, 2, 6, 1, 1, 1, 1, 2]
    assert d1["count_reference"].tolist() == [2, 1, 2, 4, 1, 1, 0, 1]
    # "textstat_keyness returns correct pmi": natural logarithm
    a, n, a_total, d1_size = 3, 29, 5, 17
    assert d1.loc["a", "score"] == pytest.approx(math.log(a * n / (a_total * d1_size)), abs=1e-4)
    assert d1.loc["g", "score"] == pytest.approx(math.log(1 * n / (1 * d1_size)), abs=1e-8)


def test_quanteda_targets() -> None:
    # "keyness works correctly for default, single, and multiple targets"
    texts = ["a a a a a b b b c c c c ", "a b c d d d d e f g", "a b c d d e e e e f g"]
    k = quanteda_keyness(texts, ["d1", "d2", "d3"])
    assert k[k["group"] == "d1"].iloc[0]["count_target"] == 5
    k = quanteda_keyness(texts, ["target", "target", "reference"])
    first = k[k["group"] == "target"].iloc[0]
    assert (first["count_target"], first["count_reference"]) == (6, 1)


def test_quanteda_convention_refuses_what_quanteda_lacks() -> None:
    tm = term_matrix(TWO_ROWS)
    with pytest.raises(ValueError, match="correction"):
        keyness(tm, by=["d1", "d2"], measure="pmi", convention="quanteda", correction="yates")
    with pytest.raises(ValueError, match="log_ratio"):
        keyness(tm, by=["d1", "d2"], measure="log_ratio", convention="quanteda")
    with pytest.raises(ValueError, match="quanteda convention only"):
        keyness(tm, by=["d1", "d2"], correction="none")
    with pytest.raises(ValueError, match="convention"):
        keyness(tm, by=["d1", "d2"], convention="R")
