"""Partial results that merge exactly: count matrices of parts of a corpus (stream batches,
Dask partitions, worker processes) summed into the matrix of the whole.

Counts merge; statistics do not. A term matrix counted on each part without pruning merges
into the whole corpus's matrix (vocabularies aligned, rows in one canonical order), and what
needs the whole corpus (``min_df``/``max_df``/``max_features`` pruning, tf-idf, keyness) runs
once on the merged counts, through the core, as it runs on a matrix of the whole corpus.

Co-mention counts and quote tables merge too (``presslens._partials``): found on each part
with the entities of the whole, joined here, resolved once.

A private module: use ``presslens.merge`` and :meth:`presslens.TermMatrix.merge`.

Example:
    >>> import presslens
    >>> ids, texts = presslens.sample_corpus().ids, presslens.sample_corpus().texts
    >>> part = lambda a, b: presslens.Corpus.from_texts(texts[a:b], ids=ids[a:b])
    >>> a, b = presslens.term_matrix(part(0, 5)), presslens.term_matrix(part(5, None))
    >>> whole = presslens.term_matrix(presslens.Corpus.from_texts(texts, ids=ids))
    >>> m = presslens.merge(b, a)
    >>> m.terms == whole.terms and m.doc_ids == whole.doc_ids
    True
    >>> bool((m.matrix != whole.matrix).nnz == 0)
    True
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .terms import TermMatrix, _csr

if TYPE_CHECKING:
    import pandas as pd
    import scipy.sparse

__all__ = ["merge", "natural_key"]

_DIGITS = re.compile(r"(\d+)")


def natural_key(doc_id: Any) -> tuple[Any, ...]:
    """The order of merged rows: ids compared piece by piece, runs of digits as numbers
    ("news:2" before "news:10", as the lines of a JSONL file), then as strings.

    Example:
        >>> sorted(["news:10", "news:2", "a"], key=natural_key)
        ['a', 'news:2', 'news:10']
    """
    if isinstance(doc_id, (int, np.integer)) and not isinstance(doc_id, bool):
        return (((0, int(doc_id)),), str(doc_id))
    text = str(doc_id)
    pieces = tuple(
        (0, int(p)) if i % 2 else (1, p) for i, p in enumerate(_DIGITS.split(text)) if p != ""
    )
    return (pieces, text)


def merge(*parts: Any) -> Any:
    """Merge partial results computed on disjoint parts of one corpus into the result of the
    whole corpus, exactly and in any order: ``merge(a, b) == merge(b, a) == whole``.

    Term matrices (:class:`TermMatrix` of counts):

    - by documents (from :func:`presslens.term_matrix`): the columns are the union of the
      parts' terms in code point order (a fixed ``vocabulary`` shared by every part is kept
      as it is), the rows every part's documents in the natural order of their ids
      (:func:`natural_key`: the order of the lines of a JSONL file, of the sample corpus's
      files), ``docs`` the parts' metadata in the same order. Document ids must differ
      across parts (ids of plain lists of texts are their positions: give such parts a
      pandas Series with distinct index labels, or a Corpus).
    - entity candidates (:class:`presslens.EntityPartials` from
      :func:`presslens.entity_partials`): documents in the natural order of their ids, to
      resolve once with :meth:`~presslens.EntityPartials.resolve`.
    - co-mention counts (:class:`presslens.CoMentionPartials` from
      :func:`presslens.comention_partials`, counted with the same entities of the whole
      corpus and the same options): summed, per group too, to resolve once
      (:meth:`~presslens.CoMentionPartials.resolve`: the association measures).
    - quotes (:class:`presslens.QuotePartials` from :func:`presslens.quote_partials`): rows
      in the whole corpus's order, to resolve once (utterance ids linked across documents)
      or to aggregate once (:meth:`~presslens.QuotePartials.speaker_sentiment`,
      :meth:`~presslens.QuotePartials.voice_share`).
    - outlet line counts (:class:`presslens.OutletLines` from :func:`presslens.outlet_lines`,
      the inputs of the outlet boilerplate rule): summed per outlet and line, to load each
      part with the whole collection's boilerplate (``boilerplate=`` of the loaders).
    - grouped (:meth:`TermMatrix.group`, the same field in every part): groups with the
      same label are summed (in the core), the labels sorted, ``n_docs`` added.

    Count each part without pruning (``min_df``, ``max_df``, ``max_features`` left at their
    defaults): a term rare in one part may be frequent in the whole. Prune the merged matrix
    once with :meth:`TermMatrix.prune`, then weight or test it (:func:`presslens.tfidf`,
    :func:`presslens.keyness`).

    Raises:
        TypeError: no part, parts of different kinds, a part that is none of those above,
            or a tf-idf weighted matrix.
        ValueError: parts grouped by different fields (or some grouped, some not), a
            document in two parts, different fixed vocabularies; partials found with
            different entities or options.

    Example:
        >>> import pandas as pd, presslens
        >>> a = presslens.term_matrix(pd.Series(["war and peace"], index=["d1"]))
        >>> b = presslens.term_matrix(pd.Series(["peace talks", "war"], index=["d3", "d2"]))
        >>> m = presslens.merge(a, b)
        >>> m.terms, m.doc_ids
        (['and', 'peace', 'talks', 'war'], ['d1', 'd2', 'd3'])
        >>> m.matrix.toarray().tolist()
        [[1, 1, 0, 1], [0, 0, 0, 1], [0, 1, 1, 0]]
    """
    if not parts:
        raise TypeError("merge() needs at least one partial result")
    from ._entities import EntityPartials
    from ._outlet_lines import OutletLines, merge_outlet_lines
    from ._partials import (
        CoMentionPartials,
        QuotePartials,
        merge_comention_partials,
        merge_quote_partials,
    )

    if all(isinstance(p, EntityPartials) for p in parts):
        return _merge_entity_partials(parts)  # type: ignore[arg-type]
    if all(isinstance(p, CoMentionPartials) for p in parts):
        return merge_comention_partials(parts)  # type: ignore[arg-type]
    if all(isinstance(p, QuotePartials) for p in parts):
        return merge_quote_partials(parts)  # type: ignore[arg-type]
    if all(isinstance(p, OutletLines) for p in parts):
        return merge_outlet_lines(parts)  # type: ignore[arg-type]
    for i, p in enumerate(parts):
        if not isinstance(p, TermMatrix):
            raise TypeError(
                f"merge(): part {i} is a {type(p).__name__}; presslens.merge merges parts of "
                "one kind: TermMatrix counts, EntityPartials, CoMentionPartials, "
                "QuotePartials or OutletLines"
            )
        if p.weighting != "count":
            raise TypeError(
                f"merge(): part {i} holds {p.weighting} weights; merge the count matrices "
                "and weight the merged one (presslens.tfidf)"
            )
    grouped = {p.grouped_by for p in parts}
    if len(grouped) > 1:
        raise ValueError(
            f"merge(): the parts are grouped differently ({sorted(map(str, grouped))}); "
            "merge matrices of documents, or matrices grouped by the same field"
        )
    terms, columns = _aligned_terms(parts)
    if parts[0].grouped_by is None:
        return _merge_documents(parts, terms, columns)
    return _merge_groups(parts, terms, columns, parts[0].grouped_by)


def _document_order(ids: list[Any]) -> list[int]:
    """Positions of the parts' document ids in their natural order (:func:`natural_key`);
    ValueError for an id in two parts."""
    seen: set[Any] = set()
    repeated = [d for d in ids if d in seen or seen.add(d)]  # type: ignore[func-returns-value]
    if repeated:
        raise ValueError(
            f"merge(): document id {repeated[0]!r} is in two parts ({len(repeated)} repeated "
            "ids); parts must hold different documents (a list of texts is numbered from 0: "
            "pass a pandas Series with distinct index labels, or a Corpus)"
        )
    return sorted(range(len(ids)), key=lambda i: natural_key(ids[i]))


def _aligned_terms(parts: tuple[TermMatrix, ...]) -> tuple[list[str], list[np.ndarray]]:
    """The merged terms and, per part, the merged column of each of its columns."""
    first = parts[0].terms
    if all(p.terms == first for p in parts):
        identity = np.arange(len(first), dtype=np.int64)
        return list(first), [identity for _ in parts]
    for i, p in enumerate(parts):
        if any(a >= b for a, b in itertools.pairwise(p.terms)):
            raise ValueError(
                f"merge(): part {i} has a fixed vocabulary (terms not in code point order) "
                "that differs from the others; count every part with the same vocabulary"
            )
    terms = sorted(set().union(*(p.terms for p in parts)))
    index = {t: k for k, t in enumerate(terms)}
    columns = [np.fromiter((index[t] for t in p.terms), np.int64, len(p.terms)) for p in parts]
    return terms, columns


def _stacked(
    parts: tuple[TermMatrix, ...], n_terms: int, columns: list[np.ndarray]
) -> scipy.sparse.csr_array:
    """The parts' rows one under the other, their columns moved to the merged ones (a
    monotone map, so each row's columns stay sorted)."""
    import scipy.sparse

    if n_terms > np.iinfo(np.int32).max:
        raise ValueError("merge(): too many terms for 32-bit column indices")
    indptr = [np.zeros(1, dtype=np.int64)]
    indices, data = [], []
    offset = 0
    for p, cols in zip(parts, columns, strict=True):
        m = p.matrix
        indptr.append(np.asarray(m.indptr[1:], dtype=np.int64) + offset)
        indices.append(cols[np.asarray(m.indices, dtype=np.int64)].astype(np.int32))
        data.append(np.asarray(m.data, dtype=np.int64))
        offset += int(m.nnz)
    rows = sum(p.shape[0] for p in parts)
    return scipy.sparse.csr_array(
        (np.concatenate(data), np.concatenate(indices), np.concatenate(indptr)),
        shape=(rows, n_terms),
    )


def _merge_documents(
    parts: tuple[TermMatrix, ...], terms: list[str], columns: list[np.ndarray]
) -> TermMatrix:
    import pandas as pd

    ids = [d for p in parts for d in p.doc_ids]
    order = np.asarray(_document_order(ids), dtype=np.int64)
    stacked = _stacked(parts, len(terms), columns)
    m = _rows(stacked, order)
    docs = None
    if all(p.docs is not None for p in parts):
        frames: list[pd.DataFrame] = [p.docs for p in parts]  # type: ignore[misc]
        docs = pd.concat(frames, ignore_index=True).iloc[order].reset_index(drop=True)
    return TermMatrix(m, terms, [ids[i] for i in order], docs)


def _rows(m: scipy.sparse.csr_array, order: np.ndarray) -> scipy.sparse.csr_array:
    """Rows of ``m`` in ``order`` (a permutation), by moving slices of its arrays."""
    indptr = np.asarray(m.indptr, dtype=np.int64)
    lengths = np.diff(indptr)[order]
    new_indptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    starts = indptr[:-1][order]
    take = np.repeat(starts - new_indptr[:-1], lengths) + np.arange(int(new_indptr[-1]))
    return _csr(
        {
            "data": np.asarray(m.data)[take],
            "indices": np.asarray(m.indices)[take],
            "indptr": new_indptr,
            "shape": m.shape,
        }
    )


def _merge_groups(
    parts: tuple[TermMatrix, ...], terms: list[str], columns: list[np.ndarray], field: str
) -> TermMatrix:
    import pandas as pd

    labels = [str(g) for p in parts for g in p.doc_ids]
    group_ids = sorted(set(labels))
    index = {g: k for k, g in enumerate(group_ids)}
    codes = np.fromiter((index[g] for g in labels), np.int32, len(labels))
    stacked = _stacked(parts, len(terms), columns)
    g = _core.group_rows(
        np.asarray(stacked.indptr, dtype=np.int64),
        np.asarray(stacked.indices, dtype=np.int32),
        np.asarray(stacked.data, dtype=np.int64),
        stacked.shape[0],
        stacked.shape[1],
        codes,
        len(group_ids),
    )
    n_docs = np.zeros(len(group_ids), dtype=np.int64)
    for p in parts:
        docs = p.docs
        counts = np.ones(len(p.doc_ids), np.int64) if docs is None else docs["n_docs"].to_numpy()
        np.add.at(n_docs, [index[str(d)] for d in p.doc_ids], counts)
    docs = pd.DataFrame({field: group_ids, "n_docs": n_docs})
    return TermMatrix(_csr(g), terms, group_ids, docs, weighting="count", grouped_by=field)


def _merge_entity_partials(parts: tuple[Any, ...]) -> Any:
    """Entity partials as one, documents in the natural order of their ids."""
    from ._entities import EntityPartials

    entries = parts[0]._gazetteer_entries
    if any(p._gazetteer_entries != entries for p in parts):
        raise ValueError(
            "merge(): the entity partials were detected with different gazetteer_entries; "
            "detect every part with the same"
        )
    where = [(k, i) for k, p in enumerate(parts) for i in range(len(p.doc_ids))]
    ids = [d for p in parts for d in p.doc_ids]
    order = [where[j] for j in _document_order(ids)]
    merged = _core.merge_entity_partials([p._partial for p in parts], order)
    return EntityPartials(merged, entries)
