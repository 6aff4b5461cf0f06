"""Term frequencies, tf-idf and keyness per outlet.

Counting, weighting, grouping, keyness and keyword-in-context searches run in the C++
core (``presslens._core``); this module converts arguments and wraps the results as
``scipy.sparse`` matrices and pandas DataFrames.

Two token patterns:

- ``"default"``: presslens's own tokens (words and numbers; "U.S.", "don't" and "3.5" stay
  whole, the possessive "'s" is dropped), lowercased with ``str.lower``; n-grams never cross
  a sentence boundary, and boilerplate lines of a corpus are skipped.
- ``"sklearn"``: exactly scikit-learn's ``CountVectorizer`` default analyzer (the
  ``(?u)\\b\\w\\w+\\b`` rule on the lowercased text; n-grams over the whole document after
  stop-word removal). With a Corpus, boilerplate lines are skipped as if deleted.

Example:
    >>> from presslens.terms import term_matrix
    >>> tm = term_matrix(["Trump won Iowa.", "Clinton won Nevada."])
    >>> tm.terms
    ['clinton', 'iowa', 'nevada', 'trump', 'won']
    >>> tm.matrix.toarray().tolist()
    [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import _core
from ._inputs import as_texts, require
from .corpus import Corpus

if TYPE_CHECKING:
    import pandas as pd
    import scipy.sparse

TokenPattern = Literal["default", "sklearn"]
Scheme = Literal["sklearn", "quanteda", "bm25"]
Measure = Literal["g2", "chi2", "pmi", "log_ratio", "pct_diff"]
Convention = Literal["scipy", "quanteda"]
Correction = Literal["default", "yates", "williams", "none"]

__all__ = [
    "TermMatrix",
    "english_stop_words",
    "keyness",
    "kwic",
    "term_matrix",
    "tfidf",
]


def english_stop_words() -> list[str]:
    """The built-in English stop list used by ``stop_words="english"`` (sorted).

    239 closed-class words (articles, pronouns, auxiliaries and modals, prepositions,
    conjunctions, determiners, negations, contractions such as "don't", a few frequent
    adverbs) written for presslens; content words such as "said", "people" or "president"
    are not on it. It is not scikit-learn's list: pass ``sklearn``'s
    ``ENGLISH_STOP_WORDS`` explicitly for that.

    Example:
        >>> "the" in english_stop_words(), "said" in english_stop_words()
        (True, False)
    """
    return list(_core.english_stop_words())


class TermMatrix:
    """A documents (or groups) x terms matrix with its labels.

    Attributes:
        matrix: ``scipy.sparse.csr_array``; int64 counts, or float64 weights after
            :func:`tfidf`. Column indices are sorted within each row.
        terms: the column labels, sorted by code point unless a fixed vocabulary was given.
        doc_ids: the row labels (corpus document ids, list positions, or group labels).
        docs: one row of metadata per matrix row (a Corpus's ``documents``), or ``None``.
        weighting: ``"count"`` or the tf-idf scheme that produced the weights.
        grouped_by: the grouping field after :meth:`group`, else ``None``.

    Example:
        >>> from presslens import term_matrix
        >>> tm = term_matrix(["Trump won Iowa.", "Clinton won Nevada."])
        >>> tm
        <presslens.TermMatrix: 2 documents x 5 terms, 6 non-zero, count>
        >>> tm.shape, tm.doc_ids
        ((2, 5), [0, 1])
    """

    def __init__(
        self,
        matrix: scipy.sparse.csr_array,
        terms: list[str],
        doc_ids: list[Any],
        docs: pd.DataFrame | None = None,
        *,
        weighting: str = "count",
        grouped_by: str | None = None,
        corpus: Corpus | None = None,
    ) -> None:
        self.matrix = matrix
        self.terms = terms
        self.doc_ids = doc_ids
        self._docs = docs
        self._corpus = corpus
        self.weighting = weighting
        self.grouped_by = grouped_by

    def __getstate__(self) -> dict[str, Any]:
        # Labels and metadata as packed columns; the corpus is not carried along (it only
        # gives ``docs``, which is pickled instead).
        from ._pickle import pack_frame, pack_list

        state = self.__dict__.copy()
        state["_docs"] = pack_frame(self.docs)
        state["_corpus"] = None
        state["terms"] = pack_list(self.terms)
        state["doc_ids"] = pack_list(self.doc_ids)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        from ._pickle import unpack_frame, unpack_list

        state = dict(state)
        state["_docs"] = unpack_frame(state["_docs"])
        state["terms"] = unpack_list(state["terms"])
        state["doc_ids"] = unpack_list(state["doc_ids"])
        self.__dict__.update(state)

    @property
    def docs(self) -> pd.DataFrame | None:
        if self._docs is None and self._corpus is not None:
            self._docs = self._corpus.documents
        return self._docs

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape

    def __repr__(self) -> str:
        rows = f"groups by {self.grouped_by}" if self.grouped_by else "documents"
        return (
            f"<presslens.TermMatrix: {self.shape[0]} {rows} x {self.shape[1]} terms, "
            f"{self.matrix.nnz} non-zero, {self.weighting}>"
        )

    def merge(self, *others: TermMatrix) -> TermMatrix:
        """This matrix merged with matrices of other parts of the corpus:
        ``presslens.merge(self, *others)`` (see :func:`presslens.merge`).

        Example:
            >>> import pandas as pd
            >>> a = term_matrix(pd.Series(["war"], index=["x"]))
            >>> a.merge(term_matrix(pd.Series(["peace"], index=["y"]))).terms
            ['peace', 'war']
        """
        from ._merge import merge

        return merge(self, *others)

    def prune(
        self,
        *,
        min_df: float = 1,
        max_df: float = 1.0,
        max_features: int | None = None,
        token_pattern: TokenPattern = "default",
    ) -> TermMatrix:
        """Keep the terms :func:`term_matrix` would keep with these options, counted on the
        documents of this matrix: for merged parts (:func:`presslens.merge`), the cut of the
        whole corpus. The selection runs in the core (``_core.select_terms``, the same code
        as :func:`term_matrix`); ``token_pattern`` is the one the matrix was counted with,
        which decides ties at the ``max_features`` cut.

        Raises:
            TypeError: a weighted or grouped matrix (document frequencies need documents).
            ValueError: bad bounds, or no term left.

        Example:
            >>> tm = term_matrix(["war war peace", "war talks", "war"])
            >>> tm.prune(min_df=2).terms, tm.prune(max_features=2).terms
            (['war'], ['peace', 'war'])
        """
        if self.grouped_by is not None:
            raise TypeError(
                f"prune needs a matrix of documents, not one grouped by {self.grouped_by!r} "
                "(prune first, then group)"
            )
        indptr, indices, data, rows, cols = self._core_csr()
        _check_max_features(max_features)
        mn, mn_prop = _df_bound(min_df, "min_df")
        mx, mx_prop = _df_bound(max_df, "max_df")
        df = np.bincount(indices, minlength=cols).astype(np.int64)
        tf = _core.column_sums(indptr, indices, data, rows, cols)
        keep = _core.select_terms(
            df,
            tf,
            rows,
            min_df=mn,
            min_df_proportion=mn_prop,
            max_df=mx,
            max_df_proportion=mx_prop,
            max_features=-1 if max_features is None else int(max_features),
            token_pattern=token_pattern,
        )
        if len(keep) == cols:  # every term kept (positions ascending): the same matrix
            return TermMatrix(
                self.matrix, self.terms, self.doc_ids, self._docs, corpus=self._corpus
            )
        new_col = np.full(cols, -1, dtype=np.int64)
        new_col[keep] = np.arange(len(keep))
        mapped = new_col[indices]
        kept = mapped >= 0
        row_of = np.repeat(np.arange(rows), np.diff(indptr))
        new_indptr = np.concatenate(([0], np.cumsum(np.bincount(row_of[kept], minlength=rows))))
        m = _csr(
            {
                "data": data[kept],
                "indices": mapped[kept].astype(np.int32),
                "indptr": new_indptr.astype(np.int64),
                "shape": (rows, len(keep)),
            }
        )
        terms = [self.terms[k] for k in keep.tolist()]
        return TermMatrix(m, terms, self.doc_ids, self._docs, corpus=self._corpus)

    def _core_csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
        if self.weighting != "count":
            raise TypeError(
                f"this matrix holds {self.weighting} weights; group, rank and test counts "
                "(call this on the TermMatrix before tfidf)"
            )
        m = self.matrix
        return (
            np.asarray(m.indptr, dtype=np.int64),
            np.asarray(m.indices, dtype=np.int32),
            np.asarray(m.data, dtype=np.int64),
            m.shape[0],
            m.shape[1],
        )

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per non-zero cell (doc_id, term, count or weight).

        Example:
            >>> term_matrix(["a bb bb"], token_pattern="sklearn").to_frame().values.tolist()
            [[0, 'bb', 2]]
        """
        import pandas as pd

        m = self.matrix
        rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        value = "count" if self.weighting == "count" else "weight"
        return pd.DataFrame(
            {
                "doc_id": np.asarray(self.doc_ids, dtype=object)[rows],
                "term": np.asarray(self.terms, dtype=object)[m.indices],
                value: m.data,
            }
        )

    def _labels(self, by: str | Sequence[Any] | np.ndarray | pd.Series) -> tuple[Any, str]:
        if isinstance(by, str):
            docs = self.docs
            if docs is None or by not in docs.columns:
                have = [] if docs is None else list(docs.columns)
                raise ValueError(
                    f"cannot group by {by!r}: not a document field (fields: {have}); "
                    "pass the labels themselves (one per row) instead"
                )
            return docs[by].to_numpy(), by
        labels = np.asarray(by, dtype=object)
        if labels.shape != (self.shape[0],):
            raise ValueError(f"by has {labels.shape[0]} labels for {self.shape[0]} rows")
        return labels, "group"

    def group(self, by: str | Sequence[Any] | np.ndarray | pd.Series = "outlet") -> TermMatrix:
        """Sum the rows by a document field (``"outlet"``, ``"date"``, any metadata key) or
        by labels given per row. Groups are sorted; rows with a missing label are dropped.

        Example:
            >>> tm = term_matrix(["war war", "peace", "war"], token_pattern="sklearn")
            >>> g = tm.group(["A", "B", "A"])
            >>> g.doc_ids, g.matrix.toarray().tolist()
            (['A', 'B'], [[0, 3], [1, 0]])
        """
        import pandas as pd

        labels, name = self._labels(by)
        codes, uniques = pd.factorize(pd.Series(labels), sort=True, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int32)
        indptr, indices, data, rows, cols = self._core_csr()
        g = _core.group_rows(indptr, indices, data, rows, cols, codes, len(uniques))
        n_docs = np.bincount(codes[codes >= 0], minlength=len(uniques))
        group_ids = [str(u) for u in uniques]
        docs = pd.DataFrame({name: group_ids, "n_docs": n_docs})
        return TermMatrix(_csr(g), self.terms, group_ids, docs, weighting="count", grouped_by=name)

    def top(
        self, n: int = 10, *, by: str | Sequence[Any] | np.ndarray | pd.Series | None = None
    ) -> pd.DataFrame:
        """The ``n`` most frequent terms: overall (term, count), or per group when ``by``
        is given or this matrix is already grouped (group, rank, term, count). Ties go to
        the term that sorts first.

        Example:
            >>> tm = term_matrix(["war war peace", "war"], token_pattern="sklearn")
            >>> tm.top(1).values.tolist()
            [['war', 3]]
        """
        import pandas as pd

        if n < 0:
            raise ValueError("n must be >= 0")
        if by is not None:
            return self.group(by).top(n)
        indptr, indices, data, rows, cols = self._core_csr()
        terms = np.asarray(self.terms, dtype=object)
        if self.grouped_by is None:
            # One row: the column totals, ranked by the core's per-row top-n.
            sums = _core.column_sums(indptr, indices, data, rows, cols)
            nz = np.flatnonzero(sums)
            t = _core.top_per_row(
                np.array([0, nz.size], dtype=np.int64),
                nz.astype(np.int32),
                sums[nz],
                1,
                cols,
                n,
            )
            return pd.DataFrame({"term": terms[t["indices"]], "count": t["data"]})
        t = _core.top_per_row(indptr, indices, data, rows, cols, n)
        counts = np.diff(t["indptr"])
        rank = np.concatenate([np.arange(1, c + 1) for c in counts]) if counts.size else []
        return pd.DataFrame(
            {
                self.grouped_by: np.repeat(np.asarray(self.doc_ids, dtype=object), counts),
                "rank": np.asarray(rank, dtype=np.int64),
                "term": terms[t["indices"]],
                "count": t["data"],
            }
        )


def _csr(d: Mapping[str, Any], data: np.ndarray | None = None) -> scipy.sparse.csr_array:
    import scipy.sparse

    return scipy.sparse.csr_array(
        (d["data"] if data is None else data, d["indices"], d["indptr"]), shape=d["shape"]
    )


def _texts_arg(corpus: Any) -> tuple[Any, list[Any], Corpus | None]:
    """The object the core reads, the row labels and the Corpus (if any), from what
    :func:`presslens._inputs.as_texts` let through."""
    if isinstance(corpus, Corpus):
        return corpus._core, corpus.ids, corpus
    # A pandas Series keeps its index as row labels. Looked up without importing pandas:
    # when pandas is not loaded, `corpus` cannot be a Series.
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(corpus, pd.Series):
        return corpus.tolist(), corpus.index.tolist(), None
    texts = corpus if isinstance(corpus, list) else list(corpus)
    return texts, list(range(len(texts))), None


def _check_max_features(max_features: Any) -> None:
    if max_features is not None and (
        isinstance(max_features, bool)
        or not isinstance(max_features, numbers.Integral)
        or max_features < 1
    ):
        raise ValueError(f"max_features must be an int >= 1 or None, not {max_features!r}")


def _df_bound(value: float, name: str) -> tuple[float, bool]:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an int (documents) or a float (proportion)")
    if isinstance(value, numbers.Integral):
        return float(value), False
    return float(value), True


def _vocabulary(vocabulary: Mapping[str, int] | Iterable[str] | None) -> list[str]:
    if vocabulary is None:
        return []
    if isinstance(vocabulary, Mapping):
        order = sorted(vocabulary.items(), key=lambda kv: kv[1])
        if [i for _, i in order] != list(range(len(order))):
            raise ValueError("a vocabulary mapping must use the indices 0..n-1, each once")
        terms = [t for t, _ in order]
    else:
        terms = list(vocabulary)
    if not terms:
        raise ValueError("empty vocabulary passed to fit")
    return terms


def _stop_words(stop_words: str | Iterable[str] | None) -> list[str]:
    if stop_words is None:
        return []
    if isinstance(stop_words, str):
        if stop_words != "english":
            raise ValueError(
                f'stop_words must be "english", a list of words or None, not {stop_words!r}'
            )
        return english_stop_words()
    return list(stop_words)


def term_matrix(
    corpus: Corpus | Iterable[str],
    *,
    ngram_range: tuple[int, int] = (1, 1),
    lowercase: bool = True,
    stop_words: str | Iterable[str] | None = None,
    min_df: float = 1,
    max_df: float = 1.0,
    max_features: int | None = None,
    vocabulary: Mapping[str, int] | Iterable[str] | None = None,
    token_pattern: TokenPattern = "default",
    binary: bool = False,
    threads: int = 0,
) -> TermMatrix:
    """Count the terms of every document: a sparse documents x terms matrix.

    Args:
        corpus: a :class:`presslens.Corpus` (boilerplate lines are skipped; ``docs`` then
            holds its metadata for :meth:`TermMatrix.group`) or any iterable of ``str``,
            read in place without copying.
        ngram_range: ``(min_n, max_n)``: n-grams of min_n to max_n tokens, joined by one
            space, formed after stop words are removed.
        lowercase: compare lowercased tokens (``str.lower``).
        stop_words: ``"english"`` (:func:`english_stop_words`), a list of words (compared
            with the lowercased tokens), or ``None``.
        min_df, max_df: keep terms found in at least ``min_df`` / at most ``max_df``
            documents; an ``int`` is a number of documents, a ``float`` a proportion.
        max_features: keep only the terms of highest total count (document frequency
            with ``binary``), after min_df / max_df. Ties at the cut: with
            ``token_pattern="sklearn"``, scikit-learn's (numpy's ``argsort`` of the negated
            totals, as ``CountVectorizer`` cuts: not a stable order, and on x86 it depends on
            the CPU's SIMD sort); with ``"default"``, the term that sorts first.
        vocabulary: fixed terms (a list, or a mapping term -> column index); columns then
            follow it and min_df, max_df and max_features are ignored.
        token_pattern: ``"default"`` (presslens tokens) or ``"sklearn"`` (equal to
            ``CountVectorizer``).
        binary: every non-zero count becomes 1.
        threads: worker threads (0 = all cores); the result does not depend on it.

    Returns:
        A :class:`TermMatrix` of int64 counts. With ``token_pattern="sklearn"`` and the same
        options, ``matrix`` and ``terms`` equal ``CountVectorizer().fit_transform(texts)``
        and ``get_feature_names_out()``, ``max_features`` ties included.

    Raises:
        ValueError: bad options, an empty vocabulary, or no term left after pruning.
        TypeError: a single ``str`` (one text is not a set of documents: pass ``[text]``),
            an item that is not a ``str``, or anything but a Corpus or an iterable of str.

    Example:
        >>> tm = term_matrix(["Trump rally in Iowa", "Clinton rally"], ngram_range=(1, 2),
        ...                  stop_words="english")
        >>> tm.terms
        ['clinton', 'clinton rally', 'iowa', 'rally', 'rally iowa', 'trump', 'trump rally']
    """
    corpus = as_texts(corpus, "term_matrix", single=False)
    if (
        not isinstance(ngram_range, Sequence)
        or len(ngram_range) != 2
        or not all(isinstance(n, numbers.Integral) for n in ngram_range)
    ):
        raise ValueError(f"ngram_range must be a pair of ints, not {ngram_range!r}")
    _check_max_features(max_features)
    mn, mn_prop = _df_bound(min_df, "min_df")
    mx, mx_prop = _df_bound(max_df, "max_df")
    texts, doc_ids, source = _texts_arg(corpus)
    d = _core.term_matrix(
        texts,
        ngram_min=int(ngram_range[0]),
        ngram_max=int(ngram_range[1]),
        lowercase=lowercase,
        token_pattern=token_pattern,
        stop_words=_stop_words(stop_words),
        min_df=mn,
        min_df_proportion=mn_prop,
        max_df=mx,
        max_df_proportion=mx_prop,
        max_features=-1 if max_features is None else int(max_features),
        vocabulary=_vocabulary(vocabulary),
        binary=binary,
        threads=threads,
    )
    return TermMatrix(_csr(d), d["terms"], doc_ids, corpus=source)


def tfidf(
    term_matrix: TermMatrix,
    *,
    scheme: Scheme = "sklearn",
    norm: Literal["l2", "l1", "default"] | None = "default",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    k1: float = 1.2,
    b: float = 0.75,
) -> TermMatrix:
    """Weight a count matrix. scikit-learn and quanteda disagree on what tf-idf is, so the
    scheme is named (n = documents, df = documents containing the term):

    - ``"sklearn"`` (scikit-learn's ``TfidfTransformer``/``TfidfVectorizer``):
      ``tf * idf`` with ``idf = ln((1 + n) / (1 + df)) + 1`` (``ln(n / df) + 1`` when
      ``smooth_idf=False``), ``tf = count`` (``1 + ln(count)`` with ``sublinear_tf``), then
      each row scaled to unit L2 norm (``norm="l1"`` or ``None`` possible).
    - ``"quanteda"`` (``dfm_tfidf`` defaults): ``count * log10(n / df)``, not normalised;
      a term found in every document weighs 0 (such entries are dropped from the matrix).
    - ``"bm25"``: ``idf * count * (k1 + 1) / (count + k1 * (1 - b + b * dl / avgdl))``,
      ``idf = ln(1 + (n - df + 0.5) / (df + 0.5))``, ``dl`` = the row's total count,
      ``avgdl`` = its mean over rows.

    Returns a :class:`TermMatrix` of float64 weights with the same terms and rows.

    Example:
        >>> tm = term_matrix(["war war peace", "war"], token_pattern="sklearn")
        >>> w = tfidf(tm, scheme="quanteda")
        >>> w.to_frame().values.tolist()  # "war" is in every document: weight 0
        [[0, 'peace', 0.3010299956639812]]
    """
    require(term_matrix, TermMatrix, "tfidf", "a TermMatrix (from presslens.term_matrix)")
    if norm == "default":
        norm = "l2" if scheme == "sklearn" else None
    elif scheme != "sklearn" and norm is not None:
        raise ValueError(f'norm applies to scheme="sklearn" only, not {scheme!r}')
    if norm not in ("l2", "l1", None):
        raise ValueError(f'norm must be "l2", "l1" or None, not {norm!r}')
    indptr, indices, data, rows, cols = term_matrix._core_csr()
    w = _core.tfidf(
        indptr,
        indices,
        data,
        rows,
        cols,
        scheme=scheme,
        norm="none" if norm is None else norm,
        smooth_idf=smooth_idf,
        sublinear_tf=sublinear_tf,
        k1=k1,
        b=b,
    )
    import scipy.sparse

    m = term_matrix.matrix
    if scheme == "quanteda":
        # (copies: eliminate_zeros works in place, and the arrays are the counts' own)
        out = scipy.sparse.csr_array((w, m.indices.copy(), m.indptr.copy()), shape=m.shape)
        out.eliminate_zeros()
    else:
        out = scipy.sparse.csr_array((w, m.indices, m.indptr), shape=m.shape)
    return TermMatrix(
        out,
        term_matrix.terms,
        term_matrix.doc_ids,
        term_matrix._docs,
        weighting=scheme,
        grouped_by=term_matrix.grouped_by,
        corpus=term_matrix._corpus,
    )


def keyness(
    term_matrix: TermMatrix,
    *,
    by: str | Sequence[Any] | np.ndarray | pd.Series | None = "outlet",
    measure: Measure = "g2",
    min_count: int = 5,
    convention: Convention = "scipy",
    correction: Correction = "default",
) -> pd.DataFrame:
    """Which terms each group (outlet) uses more, or less, than all the others together.

    For group g and term t: ``a`` = count of t in g, ``b`` = count of t in the other
    groups, ``c``/``d`` = the other tokens of g / of the others, ``N = a + b + c + d``,
    ``E`` the expected counts of the 2x2 table (row total x column total / N).

    ``convention="scipy"`` (the default):

    - ``"g2"``: log-likelihood ``G2 = 2 * sum(O * ln(O / E))`` over the four cells, as
      ``scipy.stats.chi2_contingency(..., correction=False, lambda_="log-likelihood")``.
    - ``"chi2"``: Pearson's chi2 with Yates' correction, as ``scipy.stats.chi2_contingency``.
    - ``"pmi"``: ``log2(a * N / ((a + b) * (a + c)))`` (``-inf`` when a = 0).
    - ``"log_ratio"`` (Hardie 2014, an effect size): ``log2((a / (a + c)) / (b / (b + d)))``,
      a zero count replaced by 0.5.
    - ``"pct_diff"`` (%DIFF, Gabrielatos & Marchi 2012):
      ``100 * (a/(a+c) - b/(b+d)) / (b/(b+d))``, a zero reference count replaced by 0.5.

    G2 and chi2 are signed: negative when the group uses the term less than the rest.
    ``p`` comes from the chi2 distribution with 1 degree of freedom (of the Yates statistic
    for ``"chi2"``, of G2 otherwise).

    ``convention="quanteda"``: the values of quanteda.textstats' ``textstat_keyness`` (with
    the group as its ``target``), for its measures ``"chi2"``, ``"g2"`` (its ``"lr"``) and
    ``"pmi"``. Its ``correction``: ``"default"``/``"yates"`` apply Yates' correction only
    when ``|ad - bc| >= N/2`` and an expected count is below 5 (to chi2, and to G2 by moving
    each cell 0.5 towards independence); ``"williams"`` divides G2 by Williams' q (and
    multiplies chi2 by it, as quanteda does); ``"none"``. PMI is ``ln(a / E11 + 1e-9)``,
    natural logarithm, never corrected. Scores are signed by ``a > E11``; ``p`` is the chi2
    (1 df) tail of ``|score|``. Pass ``min_count=1`` to score every term as quanteda does.

    Both conventions: ``p_adj`` is Benjamini-Hochberg within each group; terms with a total
    count below ``min_count`` are not tested; rows are ordered by group, then score
    (descending), then term.

    Args:
        by: a document field, labels per row, or ``None`` when ``term_matrix`` is already
            grouped (:meth:`TermMatrix.group`).
        convention: ``"scipy"`` or ``"quanteda"`` (docs/terms.md sets them side by side).
        correction: quanteda's ``correction`` argument; ``"default"`` only with ``"scipy"``.

    Returns:
        DataFrame with columns group, term, score, p, p_adj, count_target,
        count_reference, log_ratio.

    Example:
        >>> tm = term_matrix(["war war war peace", "peace peace trade"], token_pattern="sklearn")
        >>> k = keyness(tm, by=["A", "B"], min_count=1)
        >>> k[["group", "term", "count_target", "count_reference"]].head(2).values.tolist()
        [['A', 'war', 3, 0], ['A', 'peace', 1, 2]]
        >>> q = keyness(tm, by=["A", "B"], measure="chi2", min_count=1, convention="quanteda")
        >>> q[q.group == "A"]["term"].tolist()
        ['war', 'trade', 'peace']
    """
    require(term_matrix, TermMatrix, "keyness", "a TermMatrix (from presslens.term_matrix)")
    import pandas as pd

    g = term_matrix if by is None else term_matrix.group(by)
    if by is None and g.grouped_by is None:
        raise ValueError("by=None needs a grouped TermMatrix (call .group() first)")
    indptr, indices, data, rows, cols = g._core_csr()
    k = _core.keyness(
        indptr,
        indices,
        data,
        rows,
        cols,
        measure=measure,
        min_count=min_count,
        convention=convention,
        correction=correction,
    )
    return pd.DataFrame(
        {
            "group": np.asarray(g.doc_ids, dtype=object)[k["group"]],
            "term": np.asarray(g.terms, dtype=object)[k["term"]],
            "score": k["score"],
            "p": k["p"],
            "p_adj": k["p_adj"],
            "count_target": k["count_target"],
            "count_reference": k["count_reference"],
            "log_ratio": k["log_ratio"],
        }
    )


def kwic(
    corpus: Corpus | str | Iterable[str],
    term: str,
    *,
    window: int = 5,
    token_pattern: TokenPattern = "default",
    lowercase: bool = True,
    threads: int = 0,
) -> pd.DataFrame:
    """Keyword in context: every occurrence of ``term`` (a word, or several words matched
    as consecutive tokens) with its document and code-point offsets, so that
    ``text[start:end]`` is the match. ``corpus``: a Corpus, a str (one document) or an
    iterable of str; anything else is a ``TypeError``.

    ``left``/``right`` hold the text of up to ``window`` tokens on each side, white space
    collapsed. Tokens follow ``token_pattern`` (as in :func:`term_matrix`); with
    ``lowercase`` both sides are compared lowercased. Boilerplate lines of a Corpus are
    not searched.

    Example:
        >>> k = kwic(["Sergei Ryabkov met Victoria Nuland."], "ryabkov", window=1)
        >>> k[["start", "end"]].values.tolist(), k["left"][0], k["right"][0]
        ([[7, 14]], 'Sergei', 'met')
    """
    corpus = as_texts(corpus, "kwic")
    import pandas as pd

    if window < 0:
        raise ValueError("window must be >= 0")
    texts, doc_ids, _ = _texts_arg(corpus)
    d = _core.kwic(
        texts,
        term,
        token_pattern=token_pattern,
        lowercase=lowercase,
        window=window,
        threads=threads,
    )
    ids = np.asarray(doc_ids, dtype=object)
    return pd.DataFrame(
        {
            "doc_id": ids[d["doc"]] if len(ids) else np.asarray([], dtype=object),
            "start": d["start"],
            "end": d["end"],
            "left": d["left"],  # (white space collapsed by the core)
            "match": d["match"],
            "right": d["right"],
        }
    )
