"""Tests for presslens.terms: scikit-learn parity on real text, the quanteda and BM25
formulas by hand, keyness against contingency tables tested with scipy.stats, KWIC
offsets, and the input/argument contracts."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.corpus import Corpus
from presslens.terms import (
    TermMatrix,
    english_stop_words,
    keyness,
    kwic,
    term_matrix,
    tfidf,
)

sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
CountVectorizer = sklearn_text.CountVectorizer
TfidfVectorizer = sklearn_text.TfidfVectorizer
SKLEARN_STOP = sorted(sklearn_text.ENGLISH_STOP_WORDS)


@pytest.fixture(scope="module")
def polnear_texts(polnear: Path) -> list[str]:
    files = sorted((polnear / "text").glob("*.txt"))
    assert len(files) == 840
    return [f.read_text(encoding="utf-8") for f in files]


@pytest.fixture(scope="module")
def polnear_publishers(polnear: Path) -> list[str]:
    meta = pd.read_csv(polnear / "metadata.tsv", sep="\t")
    by_file = dict(zip(meta["filename"], meta["publisher"], strict=True))
    return [by_file[f.stem] for f in sorted((polnear / "text").glob("*.txt"))]


def assert_same_counts(tm: TermMatrix, X: scipy.sparse.sparray, vocab: list[str]) -> None:
    assert tm.terms == vocab
    assert tm.matrix.shape == X.shape
    X = scipy.sparse.csr_array(X)
    X.sort_indices()
    np.testing.assert_array_equal(tm.matrix.indptr, X.indptr)
    np.testing.assert_array_equal(tm.matrix.indices, X.indices)
    np.testing.assert_array_equal(tm.matrix.data, X.data)
    assert tm.matrix.data.dtype == np.int64


# ---- scikit-learn parity on real text ---------------------------------------------------


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2)])
@pytest.mark.parametrize("stop", [None, "sklearn"])
def test_counts_equal_countvectorizer(polnear_texts, ngram_range, stop):
    stop_words = SKLEARN_STOP if stop else None
    cv = CountVectorizer(ngram_range=ngram_range, stop_words=stop_words)
    X = cv.fit_transform(polnear_texts)
    tm = term_matrix(
        polnear_texts, ngram_range=ngram_range, stop_words=stop_words, token_pattern="sklearn"
    )
    assert_same_counts(tm, X, cv.get_feature_names_out().tolist())


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2)])
@pytest.mark.parametrize("stop", [None, "sklearn"])
def test_tfidf_equals_tfidfvectorizer(polnear_texts, ngram_range, stop):
    stop_words = SKLEARN_STOP if stop else None
    tv = TfidfVectorizer(ngram_range=ngram_range, stop_words=stop_words)
    W = scipy.sparse.csr_array(tv.fit_transform(polnear_texts))
    W.sort_indices()
    tm = term_matrix(
        polnear_texts, ngram_range=ngram_range, stop_words=stop_words, token_pattern="sklearn"
    )
    w = tfidf(tm, scheme="sklearn")
    assert w.terms == tv.get_feature_names_out().tolist()
    np.testing.assert_array_equal(w.matrix.indices, W.indices)
    np.testing.assert_array_equal(w.matrix.indptr, W.indptr)
    assert np.max(np.abs(w.matrix.data - W.data)) < 1e-9


@pytest.mark.shared
@pytest.mark.parametrize(
    "options",
    [
        {"min_df": 3},
        {"min_df": 0.01, "max_df": 0.5},
        {"max_df": 100, "binary": True},
        {"lowercase": False, "ngram_range": (2, 3)},
    ],
)
def test_pruning_options_equal_countvectorizer(polnear_texts, options):
    cv = CountVectorizer(**options)
    X = cv.fit_transform(polnear_texts)
    tm = term_matrix(polnear_texts, token_pattern="sklearn", **options)
    assert_same_counts(tm, X, cv.get_feature_names_out().tolist())


@pytest.mark.shared
def test_tfidf_options_equal_sklearn(polnear_texts):
    tm = term_matrix(polnear_texts, token_pattern="sklearn")
    for kw in [
        {"sublinear_tf": True},
        {"smooth_idf": False},
        {"norm": "l1"},
        {"norm": None},
    ]:
        W = scipy.sparse.csr_array(TfidfVectorizer(**kw).fit_transform(polnear_texts))
        W.sort_indices()
        w = tfidf(tm, **kw)
        assert np.max(np.abs(w.matrix.data - W.data)) < 1e-9, kw


@pytest.mark.shared
def test_max_features_and_vocabulary(polnear_texts):
    # Terms tie at the cut: the same ones are kept (numpy's order, as scikit-learn's).
    for max_features, binary in ((2000, False), (2000, True), (777, False)):
        cv = CountVectorizer(max_features=max_features, binary=binary)
        X = cv.fit_transform(polnear_texts)
        tm = term_matrix(
            polnear_texts, token_pattern="sklearn", max_features=max_features, binary=binary
        )
        assert_same_counts(tm, X, cv.get_feature_names_out().tolist())

    vocab = ["trump", "clinton", "said", "not-a-token", "sanders"]
    cv = CountVectorizer(vocabulary=vocab)
    X = cv.fit_transform(polnear_texts)
    assert_same_counts(
        term_matrix(polnear_texts, token_pattern="sklearn", vocabulary=vocab), X, vocab
    )
    mapping = {t: i for i, t in enumerate(vocab)}
    assert (
        term_matrix(polnear_texts[:5], token_pattern="sklearn", vocabulary=mapping).terms == vocab
    )


@pytest.mark.shared
def test_same_result_whatever_the_thread_count(polnear_texts):
    a = term_matrix(polnear_texts, ngram_range=(1, 3), threads=1)
    b = term_matrix(polnear_texts, ngram_range=(1, 3), threads=2)
    c = term_matrix(polnear_texts, ngram_range=(1, 3), threads=7)
    assert a.terms == b.terms == c.terms
    for m in (b.matrix, c.matrix):
        np.testing.assert_array_equal(a.matrix.indices, m.indices)
        np.testing.assert_array_equal(a.matrix.data, m.data)


# Unicode: every storage width of Python str (Latin-1, UCS-2, UCS-4), capital dotted I,
# final sigma (the cases whose context is not a case-ignorable character), digits and
# underscores, combining marks.
UNICODE_DOCS = [
    "plain ascii only, A1 b_2 __ x",
    "Grüße aus Köln: naïve café ÀÉÎ",
    "Рябков and “Nuland” — talks; İstanbul ΟΔΟΣ. Σ_Σ ΑΣ ΟΔΟΣΑ",
    "emoji 😀bridge😀 𝔘nicode maths 𝐀𝐁 and e\u0301t\u0301e",
    "日本語のテキスト 東京 ٣٤ arabic-indic digits ٣٤٥",
    "",
]


def test_unicode_equals_countvectorizer():
    for lowercase in (True, False):
        cv = CountVectorizer(lowercase=lowercase, ngram_range=(1, 2))
        X = cv.fit_transform(UNICODE_DOCS)
        tm = term_matrix(
            UNICODE_DOCS, lowercase=lowercase, ngram_range=(1, 2), token_pattern="sklearn"
        )
        assert_same_counts(tm, X, cv.get_feature_names_out().tolist())


@pytest.mark.xfail(
    reason="presslens.text append_lower skips no case-ignorable character in the final-sigma "
    "rule (Python does): 'ΑΣ\\'Β'.lower() == \"ασ'β\"; reported to the text.cpp owner",
    strict=True,
)
def test_final_sigma_next_to_case_ignorable():
    docs = ["ΑΣ'Β ΑΣ", "ΟΔΟΣ'ΑΒ"]
    cv = CountVectorizer()
    X = cv.fit_transform(docs)
    assert_same_counts(
        term_matrix(docs, token_pattern="sklearn"), X, cv.get_feature_names_out().tolist()
    )


_ALPHABET = st.sampled_from(
    [*"aZ09_ -.,'\n", "é", "ß", "İ", "Ж", "ж", "😀", "\u0301", "日", "٣", "’", "“"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=40), min_size=1, max_size=6))
def test_property_counts_equal_countvectorizer(docs):
    cv = CountVectorizer(ngram_range=(1, 2))
    try:
        X = cv.fit_transform(docs)
    except ValueError as e:  # scikit-learn found no token at all
        with pytest.raises(ValueError, match="empty vocabulary"):
            term_matrix(docs, ngram_range=(1, 2), token_pattern="sklearn")
        assert "empty vocabulary" in str(e)
        return
    tm = term_matrix(docs, ngram_range=(1, 2), token_pattern="sklearn")
    assert_same_counts(tm, X, cv.get_feature_names_out().tolist())


# ---- corpus input --------------------------------------------------------------------


@pytest.mark.shared
def test_corpus_skips_boilerplate_lines(seeds: Path):
    corpus = Corpus.from_folder(seeds)
    bp = corpus.boilerplate
    assert len(bp) > 0, "the seed texts have boilerplate lines"
    cleaned = []
    for doc in corpus:
        text = doc.text
        for _, row in bp[bp["doc_id"] == doc.id].sort_values("start", ascending=False).iterrows():
            text = text[: row["start"]] + text[row["end"] :]
        cleaned.append(text)
    cv = CountVectorizer(ngram_range=(1, 2))
    X = cv.fit_transform(cleaned)
    tm = term_matrix(corpus, ngram_range=(1, 2), token_pattern="sklearn")
    assert_same_counts(tm, X, cv.get_feature_names_out().tolist())
    assert tm.doc_ids == corpus.ids
    # Grouping by a corpus field.
    g = tm.group("outlet")
    assert g.doc_ids == sorted(set(corpus.documents["outlet"]))
    assert g.matrix.sum() == tm.matrix.sum()


def test_default_pattern_tokens():
    tm = term_matrix(
        ["Nuland's visit to the U.S. embassy. Don’t panic: 3.5 percent."],
        ngram_range=(1, 2),
        stop_words="english",
    )
    terms = set(tm.terms)
    assert {"nuland", "u.s.", "3.5", "nuland visit", "visit u.s."} <= terms
    assert "embassy panic" not in terms  # n-grams stay inside a sentence
    assert not any("don" in t for t in terms)  # typographic "don’t" is a stop word too
    assert "'s" not in terms


# ---- weighting by hand ---------------------------------------------------------------


def test_quanteda_and_bm25_by_hand():
    docs = ["war war peace", "war trade", "peace peace peace trade"]
    tm = term_matrix(docs, token_pattern="sklearn")
    assert tm.terms == ["peace", "trade", "war"]
    counts = tm.matrix.toarray()
    n = 3
    df = (counts > 0).sum(axis=0)

    q = tfidf(tm, scheme="quanteda").matrix.toarray()
    np.testing.assert_allclose(q, counts * np.log10(n / df), rtol=0, atol=1e-15)

    k1, b = 1.5, 0.6
    w = tfidf(tm, scheme="bm25", k1=k1, b=b).matrix.toarray()
    dl = counts.sum(axis=1, keepdims=True)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
    want = idf * counts * (k1 + 1) / (counts + k1 * (1 - b + b * dl / dl.mean()))
    np.testing.assert_allclose(w, want, rtol=1e-13, atol=0)
    # By hand for one cell: "peace" in document 0.
    assert w[0, 0] == pytest.approx(
        math.log(1 + 1.5 / 2.5) * 1 * 2.5 / (1 + 1.5 * (0.4 + 0.6 * 3 / 3)), rel=1e-13
    )
    with pytest.raises(ValueError, match="norm"):
        tfidf(tm, scheme="quanteda", norm="l2")
    # quanteda's weighting drops zero weights ("war" is in every document here) from its own
    # matrix, never from the counts it was given: they still weight the same afterwards.
    war = ["war war peace", "war trade", "war peace trade"]
    tm = term_matrix(war, token_pattern="sklearn")
    before = tm.matrix.toarray()
    assert tfidf(tm, scheme="quanteda").matrix.nnz == 4
    np.testing.assert_array_equal(tm.matrix.toarray(), before)
    np.testing.assert_array_equal(tfidf(tm, scheme="bm25").matrix.toarray() > 0, before > 0)
    with pytest.raises(TypeError, match="weights"):
        tfidf(tfidf(tm))


# ---- keyness against scipy -----------------------------------------------------------


@pytest.mark.shared
def test_keyness_against_contingency_tables(polnear_texts, polnear_publishers):
    tm = term_matrix(polnear_texts, token_pattern="sklearn")
    g = tm.group(polnear_publishers)
    assert g.doc_ids == sorted(set(polnear_publishers))
    counts = g.matrix.toarray()
    size = counts.sum(axis=1)
    total = counts.sum()
    term_index = {t: i for i, t in enumerate(tm.terms)}
    g2 = keyness(tm, by=polnear_publishers, measure="g2", min_count=5)
    chi = keyness(g, by=None, measure="chi2", min_count=5)
    tested = int((counts.sum(axis=0) >= 5).sum())
    assert len(g2) == len(chi) == tested * len(g.doc_ids)

    rows = g2.groupby("group").head(3)
    rows = pd.concat([rows, g2.groupby("group").tail(2), g2.sample(40, random_state=1)])
    for _, r in rows.iterrows():
        gi = g.doc_ids.index(r["group"])
        ti = term_index[r["term"]]
        a = counts[gi, ti]
        b = counts[:, ti].sum() - a
        table = np.array([[a, b], [size[gi] - a, total - size[gi] - b]])
        assert (r["count_target"], r["count_reference"]) == (a, b)
        res = scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
        sign = -1 if a / size[gi] < b / (total - size[gi]) else 1
        assert r["score"] == pytest.approx(sign * res.statistic, rel=1e-9, abs=1e-9)
        assert r["p"] == pytest.approx(res.pvalue, rel=1e-9, abs=1e-300)
        yates = scipy.stats.chi2_contingency(table, correction=True)
        c = chi[(chi["group"] == r["group"]) & (chi["term"] == r["term"])].iloc[0]
        assert c["score"] == pytest.approx(sign * yates.statistic, rel=1e-9, abs=1e-9)
        assert c["p"] == pytest.approx(yates.pvalue, rel=1e-9, abs=1e-300)
        aa, bb = max(a, 0.5), max(b, 0.5)
        assert r["log_ratio"] == pytest.approx(
            math.log2((aa / size[gi]) / (bb / (total - size[gi]))), rel=1e-12
        )

    # Benjamini-Hochberg within each group, as scipy.stats.false_discovery_control.
    for _, part in g2.groupby("group"):
        want = scipy.stats.false_discovery_control(part["p"].to_numpy(), method="bh")
        np.testing.assert_allclose(part["p_adj"].to_numpy(), want, rtol=1e-10, atol=1e-300)
        assert part["score"].is_monotonic_decreasing


def test_keyness_effect_sizes_by_hand():
    tm = term_matrix(["aa aa aa bb", "bb bb cc"], token_pattern="sklearn")
    pmi = keyness(tm, by=["X", "Y"], measure="pmi", min_count=1)
    r = pmi[(pmi["group"] == "X") & (pmi["term"] == "aa")].iloc[0]
    assert r["score"] == pytest.approx(math.log2(3 * 7 / (3 * 4)))
    assert pmi[(pmi["group"] == "X") & (pmi["term"] == "cc")].iloc[0]["score"] == -math.inf
    pct = keyness(tm, by=["X", "Y"], measure="pct_diff", min_count=1)
    r = pct[(pct["group"] == "X") & (pct["term"] == "bb")].iloc[0]
    assert r["score"] == pytest.approx(100 * (1 / 4 - 2 / 3) / (2 / 3))
    r = pct[(pct["group"] == "X") & (pct["term"] == "aa")].iloc[0]
    assert r["score"] == pytest.approx(100 * (3 / 4 - 0.5 / 3) / (0.5 / 3))
    lr = keyness(tm, by=["X", "Y"], measure="log_ratio", min_count=1)
    np.testing.assert_array_equal(lr["score"], lr["log_ratio"])
    assert list(keyness(tm, by=["X", "Y"], min_count=3)["term"]) == ["aa", "bb", "bb", "aa"]
    with pytest.raises(ValueError, match="two groups"):
        keyness(tm, by=["X", "X"])
    with pytest.raises(ValueError, match="measure"):
        keyness(tm, by=["X", "Y"], measure="tfidf")


# ---- grouping, top, frames -------------------------------------------------------------


def test_group_top_and_frames():
    tm = term_matrix(["war war peace", "peace", "war trade"], token_pattern="sklearn")
    g = tm.group(["A", None, "A"])  # a missing label drops the row
    assert g.doc_ids == ["A"]
    assert g.matrix.toarray().tolist() == [[1, 1, 3]]
    top = tm.top(2)
    assert top.to_dict("list") == {"term": ["war", "peace"], "count": [3, 2]}
    per = tm.top(1, by=["A", "B", "A"])
    assert per.to_dict("list") == {
        "group": ["A", "B"],
        "rank": [1, 1],
        "term": ["war", "peace"],
        "count": [3, 1],
    }
    f = tm.to_frame()
    assert list(f.columns) == ["doc_id", "term", "count"]
    assert f["count"].sum() == 6
    with pytest.raises(ValueError, match="not a document field"):
        tm.group("outlet")
    with pytest.raises(ValueError, match="labels"):
        tm.group(["A"])


# ---- keyword in context -----------------------------------------------------------------


def test_kwic_offsets_are_code_points():
    docs = ["😀 Сергей Рябков told Müller: Рябков again.", "none", "РЯБКОВ\nsaid"]
    k = kwic(docs, "рябков", window=1)
    assert k["doc_id"].tolist() == [0, 0, 2]
    for _, r in k.iterrows():
        assert docs[r["doc_id"]][r["start"] : r["end"]] == r["match"]
    assert k.iloc[0][["left", "match", "right"]].tolist() == ["Сергей", "Рябков", "told"]
    assert k.iloc[2]["right"] == "said"
    phrase = kwic(docs, "Сергей Рябков", token_pattern="sklearn")
    assert phrase["match"].tolist() == ["Сергей Рябков"]
    assert kwic(docs, "рябков", lowercase=False).empty
    with pytest.raises(ValueError, match="no token"):
        kwic(docs, "!!")


@pytest.mark.shared
def test_kwic_on_a_corpus(seeds: Path):
    corpus = Corpus.from_folder(seeds)
    k = kwic(corpus, "Ryabkov", window=3)
    assert len(k) > 3
    for _, r in k.iterrows():
        assert corpus[r["doc_id"]].text[r["start"] : r["end"]].lower() == "ryabkov"


# ---- contracts -----------------------------------------------------------------------------


def test_argument_errors():
    with pytest.raises(TypeError, match="not str"):
        term_matrix(["fine", 3])
    with pytest.raises(TypeError, match="not a single str"):
        term_matrix("a whole text")
    with pytest.raises(ValueError, match="empty vocabulary"):
        term_matrix(["the of", ""], stop_words="english")
    with pytest.raises(ValueError, match="no terms remain"):
        term_matrix(["aa bb", "cc"], min_df=2, token_pattern="sklearn")
    with pytest.raises(ValueError, match="ngram_range"):
        term_matrix(["aa"], ngram_range=(2, 1))
    with pytest.raises(ValueError, match="token_pattern"):
        term_matrix(["aa"], token_pattern="regex")
    with pytest.raises(ValueError, match="max_features"):
        term_matrix(["aa"], max_features=0)
    with pytest.raises(ValueError, match="duplicate term"):
        term_matrix(["aa"], vocabulary=["aa", "aa"])
    with pytest.raises(ValueError, match="stop_words"):
        term_matrix(["aa"], stop_words="german")


def test_inputs_generators_series_and_stop_list():
    texts = ["Trump rally", "Clinton rally"]
    a = term_matrix(iter(texts))
    b = term_matrix(pd.Series(texts, index=["x", "y"]))
    assert a.terms == b.terms == ["clinton", "rally", "trump"]
    assert b.doc_ids == ["x", "y"]
    words = english_stop_words()
    assert words == sorted(set(words)) and "the" in words and "said" not in words
    assert "president" not in words
