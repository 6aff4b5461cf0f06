"""Co-mentions and quotes of parts of a corpus that merge exactly (issue 19).

Entities are resolved once over the whole corpus (``presslens.merge`` of
:func:`presslens.entity_partials` and :meth:`~presslens.EntityPartials.resolve`, or
:func:`presslens.entities` of the whole). Each part then counts its co-mentions
(:func:`comention_partials`) or finds its quotes (:func:`quote_partials`) with the whole's
entities restricted to its documents (the core's ``entities_of_documents``: entity ids are the
whole's). :func:`presslens.merge` joins the parts in any order, and what needs the whole
corpus runs once on the merged partials: the association measures
(:meth:`CoMentionPartials.resolve`), the utterance ids that link quotes across documents
(:meth:`QuotePartials.resolve`), the bootstrap intervals and the shrinkage of
:meth:`QuotePartials.speaker_sentiment` and the shares of :meth:`QuotePartials.voice_share`.
``presslens.dask`` runs the same functions on its workers.

A private module: use its public names from the package (``presslens.comention_partials``,
``presslens.quote_partials``, ``presslens.CoMentionPartials``, ``presslens.QuotePartials``).

Example:
    >>> import presslens
    >>> c = presslens.sample_corpus()
    >>> part = lambda a, b: presslens.Corpus.from_texts(c.texts[a:b], ids=c.ids[a:b])
    >>> parts = [part(0, 5), part(5, None)]
    >>> ents = presslens.merge(*map(presslens.entity_partials, parts)).resolve()
    >>> co = presslens.merge(*(presslens.comention_partials(p, ents) for p in parts))
    >>> whole = presslens.comentions(presslens.entities(presslens.Corpus.from_texts(c.texts, ids=c.ids)))
    >>> co.resolve(ents).to_frame().equals(whole.to_frame())
    True
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._entities import (
    CoMentions,
    Entities,
    EntityType,
    GazetteerEntries,
    Measure,
    Scope,
    check_comention_options,
    check_group_column,
    comentions_of,
    document_groups,
    gazetteer,
    read_gazetteer_entries,
)
from ._inputs import as_corpus, require
from ._pickle import _narrow, pack_frame, pack_strings, unpack_frame, unpack_strings
from .corpus import Corpus

if TYPE_CHECKING:
    import pandas as pd

    from ._quotes import Quotes

__all__ = [
    "CoMentionPartials",
    "QuotePartials",
    "comention_partials",
    "quote_partials",
]

# ---- the whole corpus's entities, as the parts see them -------------------------------------


def entity_doc_ids(ents: Entities) -> list[str]:
    """The ids of the documents ``ents`` were found in, in their order."""
    if ents.corpus is not None:
        return ents.corpus.ids
    if ents._resolved is None:
        raise ValueError(
            "these entities do not know their documents: give the Entities of "
            "presslens.entities(corpus) or of presslens.merge(*entity_partials).resolve()"
        )
    return list(ents._resolved["doc_ids"])


def entity_key(ents: Entities, columns: Mapping[str, Any] | None = None) -> bytes:
    """A digest of the entities' documents (ids, in order) and entity table (names, types):
    partials counted with other entities do not merge. Cached on ``ents``. ``columns``: the
    core's entity columns (``ents._result.entities()``) when the caller has them already."""
    key = getattr(ents, "_partial_key", None)
    if key is None:
        h = hashlib.blake2b(digest_size=16)
        t = ents._result.entities() if columns is None else columns
        for values in (entity_doc_ids(ents), list(t["name"]), list(t["type"])):
            blob, lengths = pack_strings(values)
            h.update(len(values).to_bytes(8, "little"))
            h.update(lengths.astype(np.uint64).tobytes())
            h.update(blob)
        key = h.digest()
        ents._partial_key = key
    return key


def document_positions(ents: Entities, ids: Sequence[str], func: str) -> np.ndarray:
    """The positions of documents ``ids`` among those of ``ents`` (a hash index built once
    per Entities); ValueError naming a document the entities were not found in."""
    import pandas as pd

    index = getattr(ents, "_doc_index", None)
    if index is None:
        index = pd.Index(entity_doc_ids(ents), dtype=object)
        if not index.is_unique:
            raise ValueError(f"{func}(): the entities' document ids are not unique")
        ents._doc_index = index
    positions = index.get_indexer(pd.Index(list(ids), dtype=object))
    missing = np.flatnonzero(positions < 0)
    if len(missing):
        raise ValueError(
            f"{func}(): document {ids[int(missing[0])]!r} of the part is not among the "
            f"entities' documents ({len(missing)} missing): give the entities of the whole "
            "corpus (presslens.merge of every part's entity_partials, resolved)"
        )
    return positions.astype(np.int64)


def part_entities(
    corpus: Corpus, ents: Entities, func: str
) -> tuple[_core.EntityResult, np.ndarray]:
    """The whole's entities restricted to the documents of ``corpus`` (entity ids unchanged),
    checked to fit its texts, and those documents' positions in the whole."""
    require(ents, Entities, func, "presslens.Entities of the whole corpus")
    positions = document_positions(ents, corpus.ids, func)
    mine = _core.entities_of_documents(ents._result, positions.tolist())
    _core.check_entities_fit(corpus._core, mine)
    return mine, positions


def _check_disjoint(positions: list[np.ndarray], ids: Callable[[int], str]) -> None:
    """ValueError for a document in two parts (``ids(position)`` names it)."""
    every = np.concatenate(positions) if positions else np.zeros(0, np.int64)
    unique, counts = np.unique(every, return_counts=True)
    if len(unique) < len(every):
        first = int(unique[counts > 1][0])
        raise ValueError(
            f"merge(): document {ids(first)} is in two parts ({int((counts > 1).sum())} "
            "repeated documents); parts must hold different documents"
        )


def _first_document(p: CoMentionPartials | QuotePartials) -> int:
    """The position of a part's first document (-1 without any): merged parts are taken in
    this order, whatever the order they are given in."""
    return int(p._docs.min()) if len(p._docs) else -1


def _check_same(parts: Sequence[Any], what: str) -> None:
    """ValueError for parts counted with other entities or other options."""
    if any(p._key != parts[0]._key for p in parts):
        raise ValueError(
            f"merge(): the {what} were found with different entities; find every part's with "
            "the same Entities of the whole corpus"
        )
    for p in parts[1:]:
        if p._options != parts[0]._options:
            diff = sorted(k for k in p._options if p._options[k] != parts[0]._options.get(k))
            raise ValueError(
                f"merge(): the {what} were found with different options ({', '.join(diff)}); "
                "find every part's with the same"
            )


def _check_key(key: bytes, ents: Entities, what: str) -> None:
    require(ents, Entities, "resolve", "presslens.Entities of the whole corpus")
    if entity_key(ents) != key:
        raise ValueError(
            f"resolve(): these {what} were found with other entities; give the Entities "
            "the parts were found with"
        )


# ---- co-mentions -----------------------------------------------------------------------------

# The counts of a co-mention table that merge (sums over documents); the rest is rebuilt once.
_PAIR_COLUMNS = ("a", "b", "count")


def _sparse_counts(t: Mapping[str, Any]) -> dict[str, Any]:
    """The counts of a core co-mention table, its margin sparse (ids and counts)."""
    margin = np.asarray(t["margin"], dtype=np.float64)
    nz = np.flatnonzero(margin)
    return {
        "n_units": float(t["n_units"]),
        "a": np.asarray(t["a"], dtype=np.uint32),
        "b": np.asarray(t["b"], dtype=np.uint32),
        "count": np.asarray(t["count"], dtype=np.float64),
        "margin_ids": nz.astype(np.int64),
        "margin": margin[nz],
    }


def _sum_counts(tables: Sequence[Mapping[str, Any]], n_entities: int) -> dict[str, Any]:
    """The sum of sparse counts (:func:`_sparse_counts`): margins and pairs added by entity
    id and pair, in one sort each, pairs in (a, b) order as the core gives them. The counts
    are whole numbers in doubles, so the sums are exact in any order."""
    if len(tables) == 1:
        return dict(tables[0])
    ids = np.concatenate([t["margin_ids"] for t in tables])
    margin_ids, where = np.unique(ids, return_inverse=True)
    margin = np.bincount(where, np.concatenate([t["margin"] for t in tables]), len(margin_ids))
    keys = np.concatenate(
        [t["a"].astype(np.int64) * n_entities + t["b"].astype(np.int64) for t in tables]
    )
    pairs, where = np.unique(keys, return_inverse=True)
    count = np.bincount(where, np.concatenate([t["count"] for t in tables]), len(pairs))
    return {
        "n_units": float(sum(t["n_units"] for t in tables)),
        "a": (pairs // max(n_entities, 1)).astype(np.uint32),
        "b": (pairs % max(n_entities, 1)).astype(np.uint32),
        "count": count,
        "margin_ids": margin_ids.astype(np.int64),
        "margin": margin,
    }


def _core_table(t: Mapping[str, Any], n_entities: int) -> dict[str, Any]:
    """The core's co-mention table (CSR and association measures) of summed counts."""
    margin = np.zeros(n_entities)
    margin[t["margin_ids"]] = t["margin"]
    counts = {"n_units": t["n_units"], "margin": margin, **{k: t[k] for k in _PAIR_COLUMNS}}
    return _core.sum_comention_tables([counts], n_entities)


class CoMentionPartials:
    """Co-mention counts of one part of a corpus with the entity ids of the whole: the units,
    each entity's units and each pair's units (per ``by`` group too). They are sums over
    documents, so parts merge exactly in any order (:func:`presslens.merge`), and
    :meth:`resolve` computes the association measures once, from the sums: the
    :class:`CoMentions` of the whole corpus.

    Built by :func:`comention_partials`. Pickles compactly (arrays, group names as one
    buffer).

    Example:
        >>> import pickle, presslens
        >>> records = [
        ...     {"id": "a", "outlet": "one", "text": "Victoria Nuland met Sergei Ryabkov."},
        ...     {"id": "b", "outlet": "two", "text": "Nuland and Ryabkov talked in Moscow."}]
        >>> ents = presslens.entities(presslens.Corpus.from_records(records))
        >>> a, b = (presslens.comention_partials(presslens.Corpus.from_records([r]), ents,
        ...                                      by="outlet") for r in records)
        >>> m = pickle.loads(pickle.dumps(b)).merge(a)
        >>> m
        <presslens.CoMentionPartials: 2 documents, 3 pairs, 2 groups>
        >>> co = m.resolve(ents, measure="dice")
        >>> co.to_frame()[["source", "target", "count", "dice"]].values.tolist()[0]
        ['Sergei Ryabkov', 'Victoria Nuland', 2.0, 1.0]
        >>> co.to_frame().equals(presslens.comentions(ents, by="outlet", measure="dice").to_frame())
        True
    """

    def __init__(
        self,
        tables: list[dict[str, Any]],
        groups: list[str],
        docs: np.ndarray,
        columns: list[str],
        options: dict[str, Any],
        key: bytes,
        n_entities: int,
    ) -> None:
        # tables[0] counts the part, tables[1 + g] its documents of group groups[g]
        self._tables = tables
        self._groups = groups
        self._docs = docs  # positions of the part's documents among the whole's
        self._columns = columns  # the part's document columns (for the check of ``by``)
        self._options = options
        self._key = key
        self._n_entities = n_entities

    @property
    def groups(self) -> list[str]:
        """The ``by`` groups the part's documents fall in, sorted."""
        return list(self._groups)

    @property
    def n_docs(self) -> int:
        """The number of documents counted."""
        return len(self._docs)

    def __repr__(self) -> str:
        return (
            f"<presslens.CoMentionPartials: {self.n_docs} documents, "
            f"{len(self._tables[0]['count'])} pairs, {len(self._groups)} groups>"
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_groups"] = pack_strings(self._groups)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        state["_groups"] = unpack_strings(state["_groups"])
        self.__dict__.update(state)

    def merge(self, *others: CoMentionPartials) -> CoMentionPartials:
        """``presslens.merge(self, *others)``."""
        from ._merge import merge

        return merge(self, *others)

    def resolve(
        self, entities: Entities, *, measure: Measure = "count", min_count: int = 1
    ) -> CoMentions:
        """The :class:`CoMentions` of the (merged) counts: the core rebuilds the matrix and
        computes every association measure once, from the sums, as
        :func:`presslens.comentions` does. ``entities``: those the parts were counted with
        (the evidence of :meth:`CoMentions.evidence` needs them to have a corpus).
        ``measure`` and ``min_count`` as in :func:`presslens.comentions`.

        Raises:
            ValueError: other entities, a ``measure`` or ``min_count`` refused by
                :func:`presslens.comentions`, a ``by`` column that no part has.
        """
        o = self._options
        check_comention_options(measure, o["scope"], o["window"], min_count)
        _check_key(self._key, entities, "co-mention counts")
        if o["by"] is not None and self.n_docs:
            check_group_column(o["by"], self._columns)
        n = self._n_entities
        return comentions_of(
            entities,
            _core_table(self._tables[0], n),
            {g: _core_table(t, n) for g, t in zip(self._groups, self._tables[1:], strict=True)},
            scope=o["scope"],
            window=o["window"],
            types=o["types"],
            measure=measure,
            min_count=min_count,
        )


def comention_partials(
    corpus: Corpus,
    entities: Entities,
    *,
    scope: Scope = "sentence",
    window: int | None = None,
    by: str | None = None,
    types: Sequence[EntityType] = ("PERSON", "ORG", "PLACE"),
    threads: int = 0,
) -> CoMentionPartials:
    """Count the co-mentions of one part of a corpus with the entities of the whole corpus,
    for :func:`presslens.merge` and :meth:`CoMentionPartials.resolve`: merged and resolved,
    the parts give exactly ``presslens.comentions(entities, ...)`` of the whole.

    Args:
        corpus: the part (its document ids among those of ``entities``).
        entities: the :class:`Entities` of the whole corpus: ``presslens.entities(whole)``,
            or ``presslens.merge(*entity_partials).resolve()`` when the whole is never in
            memory.
        scope, window, by, types: as in :func:`presslens.comentions`. A part whose documents
            lack the ``by`` column counts them in the group ``""``; :meth:`resolve` refuses
            a ``by`` that no part has.
        threads: worker threads (0 = all cores).

    Raises:
        TypeError: ``entities`` is not an Entities.
        ValueError: a document that is not among the entities' (or whose texts differ), a
            ``scope``, ``window`` or entity type that :func:`presslens.comentions` refuses.

    Example:
        >>> import presslens
        >>> texts, ids = ["Victoria Nuland met Sergei Ryabkov.", "Ryabkov left Moscow."], ["a", "b"]
        >>> ents = presslens.entities(presslens.Corpus.from_texts(texts, ids=ids))
        >>> p = presslens.comention_partials(presslens.Corpus.from_texts(texts[:1], ids=ids[:1]), ents)
        >>> p.resolve(ents).to_frame()[["source", "target", "count"]].values.tolist()
        [['Sergei Ryabkov', 'Victoria Nuland', 1.0]]
    """
    corpus = as_corpus(corpus, "comention_partials")
    check_comention_options("count", scope, window, 1)
    mine, positions = part_entities(corpus, entities, "comention_partials")
    options = {"scope": scope, "window": window, "by": by, "types": tuple(types)}
    return count_part(corpus, mine, positions, entity_key(entities), options, threads)


def count_part(
    corpus: Corpus,
    mine: _core.EntityResult,
    positions: np.ndarray,
    key: bytes,
    options: dict[str, Any],
    threads: int,
) -> CoMentionPartials:
    """The co-mention partials of ``corpus`` with ``mine`` (the whole's entities of its
    documents, which are at ``positions`` in the whole); shared with ``presslens.dask``."""
    by = options["by"]
    names: list[str] = []
    groups: list[int] = []
    columns: list[str] = []
    if by is not None:
        d = corpus.documents
        columns = list(d.columns)
        if by not in columns:  # a metadata field none of this part's documents has
            d = d.assign(**{by: np.nan})
        names, groups = document_groups(d, by)
    tables = _core.count_comentions(
        corpus._core,
        mine,
        options["scope"],
        int(options["window"] or 0),
        list(options["types"]),
        groups,
        len(names),
        threads,
    )
    return CoMentionPartials(
        [_sparse_counts(t) for t in tables],
        names,
        np.asarray(positions, dtype=np.int64),
        columns,
        dict(options),
        key,
        len(mine),
    )


def merge_comention_partials(parts: Sequence[CoMentionPartials]) -> CoMentionPartials:
    """The parts' counts summed: per group too, groups in sorted order."""
    _check_same(parts, "co-mention partials")
    _check_disjoint(
        [p._docs for p in parts], lambda pos: f"number {pos} (among the entities' documents)"
    )
    parts = sorted(parts, key=_first_document)  # the order of the document columns
    n = parts[0]._n_entities
    groups = sorted({g for p in parts for g in p._groups})
    by_group: dict[str, list[dict[str, Any]]] = {g: [] for g in groups}
    for p in parts:
        for g, t in zip(p._groups, p._tables[1:], strict=True):
            by_group[g].append(t)
    tables = [_sum_counts([p._tables[0] for p in parts], n)]
    tables += [_sum_counts(by_group[g], n) for g in groups]
    columns = list(dict.fromkeys(c for p in parts for c in p._columns))
    docs = np.sort(np.concatenate([p._docs for p in parts]))
    return CoMentionPartials(
        tables, groups, docs, columns, dict(parts[0]._options), parts[0]._key, n
    )


# ---- rows of variable length kept flat: each quote's parts and stems -----------------------
# A part's quotes travel (between Dask workers, to the client) and merge as a few arrays: the
# lists of tuples and of strings are made once, when the merged rows are resolved.


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Where each row's run starts in the flat values, and the end of the last."""
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, dtype=np.int64, out=out[1:])
    return out


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indexes of the ranges ``[starts[i], starts[i] + lengths[i])``, back to back."""
    lengths = lengths.astype(np.int64)
    ends = np.cumsum(lengths)
    shift = np.repeat(starts.astype(np.int64) - (ends - lengths), lengths)
    return np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) + shift


def _pack_parts(r: Mapping[str, Any], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each of the ``n`` quotes' (start, end) parts, from the part rows of
    ``extract_quotes`` (sorted by quote), as the number of parts per quote and one (n, 2)
    array of the parts."""
    quote = np.asarray(r["part_quote"], dtype=np.int64)
    spans = np.column_stack([r["part_start"], r["part_end"]]).astype(np.int64)
    return np.bincount(quote, minlength=n).astype(np.int64), spans.reshape(-1, 2)


def _parts_lists(packed: tuple[np.ndarray, np.ndarray]) -> list[list[tuple[int, int]]]:
    """The frame's "parts" column (a list of (start, end) tuples per quote) of
    :func:`_pack_parts`, made by the core (``_core.parts_of_flat``)."""
    counts, spans = packed
    return _core.parts_of_flat(counts, spans.reshape(-1))


def _pack_stems(flat: tuple[Any, bytes, Any]) -> tuple[np.ndarray, bytes, np.ndarray]:
    """Each quote's stems as ``extract_quotes(..., stems=True)`` gives them (the number of
    stems per quote, their UTF-8, each one's length), the lengths narrowed as
    :func:`presslens._pickle.pack_strings` narrows them."""
    counts, blob, lengths = flat
    return np.asarray(counts, dtype=np.int64), bytes(blob), _narrow(np.asarray(lengths))


def _join_parts(packs: Sequence[Any], order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The quotes of packed parts (:func:`_pack_parts`) one after the other, then taken in
    ``order``."""
    counts = np.concatenate([c for c, _ in packs])
    spans = np.concatenate([x for _, x in packs])
    rows = _ranges(_offsets(counts)[:-1][order], counts[order])
    return counts[order], spans[rows]


def _join_stems(packs: Sequence[Any], order: np.ndarray) -> tuple[np.ndarray, bytes, np.ndarray]:
    """The quotes of packed stems (:func:`_pack_stems`) one after the other, then taken in
    ``order``: stems and their bytes gathered by ranges, no string made."""
    counts = np.concatenate([c for c, _, _ in packs])
    lengths = np.concatenate([x.astype(np.uint64) for _, _, x in packs])
    blob = np.frombuffer(b"".join(b for _, b, _ in packs), dtype=np.uint8)
    which = _ranges(_offsets(counts)[:-1][order], counts[order])
    taken = lengths[which]
    data = blob[_ranges(_offsets(lengths)[:-1][which], taken)].tobytes()
    return counts[order], data, _narrow(taken)


# ---- quotes ----------------------------------------------------------------------------------

# Per-quote values a part may add to its rows, read from its texts (see quote_partials).
_VALUES = ("compound", "n_words")


class QuotePartials:
    """The quotes of one part of a corpus, attributed to the entities of the whole corpus,
    with what the step across documents needs: each quote's content stems, for the
    utterance ids linked once over the merged parts (:meth:`resolve`); and, when asked for,
    each quote's sentiment score and word count (read from the part's texts) and the part's
    document metadata, for :meth:`speaker_sentiment` and :meth:`voice_share` (means,
    bootstrap intervals, shrinkage and shares computed once, on the merged rows).

    Parts merge in any order (:func:`presslens.merge`): rows in the whole corpus's order
    (by document, then as found). ``frame`` holds the rows (the columns of
    :attr:`Quotes.frame`, quote and utterance ids not yet numbered and linked, then
    ``compound`` and ``n_words`` when asked for), ``warnings`` the parts' warnings.

    Built by :func:`quote_partials`. Holds, pickles and merges each quote's parts and stems
    as flat arrays (``frame`` makes the "parts" lists each time it is read; the core reads
    the stems flat); the frame's text columns pickle as UTF-8 buffers.

    Example:
        >>> import presslens
        >>> records = [
        ...     {"id": "a", "outlet": "one", "text": '"The talks were useful but hard," Sergei Ryabkov said.'},
        ...     {"id": "b", "outlet": "two", "text": '"The talks were useful but hard," Ryabkov said.'}]
        >>> c = presslens.Corpus.from_records(records)
        >>> ents = presslens.entities(c)
        >>> parts = [presslens.quote_partials(presslens.Corpus.from_records([r]), ents,
        ...                                   model="vader") for r in records[::-1]]
        >>> m = presslens.merge(*parts)
        >>> m
        <presslens.QuotePartials: 2 documents, 2 quotes>
        >>> m.resolve(ents).frame[["doc_id", "speaker_name", "utterance_id"]].values.tolist()
        [['a', 'Sergei Ryabkov', 0], ['b', 'Sergei Ryabkov', 0]]
        >>> s = m.speaker_sentiment(ents, by=("speaker", "outlet"), n_boot=100)
        >>> s.equals(presslens.speaker_sentiment(c, by=("speaker", "outlet"), n_boot=100))
        True
    """

    def __init__(
        self,
        rows: pd.DataFrame,
        parts: tuple[np.ndarray, np.ndarray],
        positions: np.ndarray,
        stems: tuple[np.ndarray, bytes, np.ndarray],
        warnings: pd.DataFrame,
        warning_positions: np.ndarray,
        docs: pd.DataFrame,
        doc_positions: np.ndarray,
        doc_columns: list[str],
        options: dict[str, Any],
        key: bytes,
    ) -> None:
        self._rows = rows  # the frame but "parts", and the values of _VALUES asked for
        self._parts = parts  # each row's parts (_pack_parts)
        self._positions = positions  # each row's document among the whole's
        self._stems = stems  # each row's utterance stems (_pack_stems)
        self.warnings = warnings
        self._warning_positions = warning_positions
        self._documents = docs  # the part's document metadata, rows at doc_positions
        self._docs = doc_positions
        self._doc_columns = doc_columns  # every document column of the part
        self._options = options
        self._key = key

    @property
    def frame(self) -> pd.DataFrame:
        """The rows: the columns of :attr:`Quotes.frame` (quote and utterance ids not yet
        numbered and linked) and the values of ``compound`` and ``n_words`` asked for; a new
        frame each time."""
        f = self._rows.copy()
        f.insert(list(f.columns).index("text"), "parts", _parts_lists(self._parts))
        return f

    @property
    def n_docs(self) -> int:
        """The number of documents read."""
        return len(self._docs)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<presslens.QuotePartials: {self.n_docs} documents, {len(self)} quotes>"

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for name in ("_rows", "warnings", "_documents"):
            state[name] = pack_frame(state[name])
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        for name in ("_rows", "warnings", "_documents"):
            state[name] = unpack_frame(state[name])
        self.__dict__.update(state)

    def merge(self, *others: QuotePartials) -> QuotePartials:
        """``presslens.merge(self, *others)``."""
        from ._merge import merge

        return merge(self, *others)

    def resolve(self, entities: Entities) -> Quotes:
        """The :class:`Quotes` of the (merged) parts: rows in the whole corpus's order, quote
        ids numbered, utterance ids linked once over every document by the core
        (``link_utterance_stems``), as :func:`presslens.quotes` of the whole finds them.
        ``entities``: those the parts were found with; the warnings' ``source`` is a
        document's in its part.

        Raises:
            ValueError: other entities than the parts were found with.
        """
        import pandas as pd

        from ._quotes import COLUMNS, Quotes

        _check_key(self._key, entities, "quotes")
        f = self.frame[list(COLUMNS)].copy()
        kinds = pd.Series(range(len(_core.QUOTE_KINDS)), index=list(_core.QUOTE_KINDS))
        f["quote_id"] = np.arange(len(f), dtype=np.int64)
        f["utterance_id"] = _core.link_utterance_stems(
            self._positions.tolist(),
            f["speaker_id"].tolist(),
            f["kind"].map(kinds).tolist(),
            self._stems[0],
            self._stems[1],
            self._stems[2].astype(np.uint64),
            self._options["utterance_overlap"],
        ).astype(np.int64)
        return Quotes(entities, f, self.warnings.copy())

    def speaker_sentiment(
        self,
        entities: Entities,
        *,
        by: Sequence[str] = ("speaker",),
        unit: str = "quote",
        kinds: Sequence[str] = ("direct", "mixed", "indirect"),
        min_confidence: float = 0.0,
        ci: float = 0.95,
        n_boot: int = 2000,
        seed: int = 0,
        threads: int = 0,
    ) -> pd.DataFrame:
        """The table of :func:`presslens.speaker_sentiment` of the (merged) parts, from the
        scores each part gave its quotes (``quote_partials(..., model=...)``) and the
        parts' document metadata: utterances linked, then means, the seeded bootstrap and
        the shrinkage computed once, by the code of :func:`presslens.speaker_sentiment`.
        Options as there; ``entities`` those the parts were found with.

        Raises:
            ValueError: parts found without ``model``, other entities, the option errors
                of :func:`presslens.speaker_sentiment`, a ``by`` key that is no quote
                column and no document column of any part.
        """
        from ._speakers import _check_sentiment_options, sentiment_table

        keys = _check_sentiment_options(by, kinds, unit=unit, ci=ci, n_boot=n_boot)
        q, f = self._with_value(entities, keys, "compound", 'model="vader"', "speaker_sentiment")
        return sentiment_table(
            f,
            q,
            self._documents,
            keys,
            kinds=kinds,
            min_confidence=min_confidence,
            unit=unit,
            ci=ci,
            n_boot=n_boot,
            seed=seed,
            threads=threads,
        )

    def voice_share(
        self,
        entities: Entities,
        by: Sequence[str] = ("affiliation", "outlet"),
        *,
        kinds: Sequence[str] = ("direct", "mixed", "indirect"),
        min_confidence: float = 0.0,
    ) -> pd.DataFrame:
        """The table of :func:`presslens.voice_share` of the (merged) parts, from the word
        counts each part gave its quotes (``quote_partials(..., words=True)``): words summed
        and shared once. Options as there.

        Raises:
            ValueError: parts found without ``words``, other entities, an unknown quote
                kind, an empty ``by``, a ``by`` key that is no column of any part.
        """
        from ._speakers import _check_by_kinds, voice_table

        keys = _check_by_kinds(by, kinds)
        q, f = self._with_value(entities, keys, "n_words", "words=True", "voice_share")
        return voice_table(f, q, self._documents, keys, kinds=kinds, min_confidence=min_confidence)

    def _with_value(
        self, entities: Entities, by: tuple[str, ...], value: str, option: str, func: str
    ) -> tuple[Quotes, pd.DataFrame]:
        """The resolved quotes and their rows with the per-quote ``value`` the parts read;
        ValueError when they were found without it, or for a group key of ``by`` that is
        no quote column and no document column of any part (the parts may have sent back
        only the columns the keys name)."""
        from ._speakers import check_document_keys, document_keys

        columns = [*self._rows.columns, "parts"]
        check_document_keys(document_keys(by, columns), self._doc_columns)
        if value not in columns:
            raise ValueError(
                f"{func}() needs each quote's {value}, read from the parts' texts: find the "
                f"parts with presslens.quote_partials(..., {option})"
            )
        q = self.resolve(entities)
        return q, q.frame.assign(**{value: self._rows[value].to_numpy()})


def quote_options(
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None,
    min_unattributed_words: int,
    utterance_overlap: float,
    attribution: str | Sequence[float],
    model: str | None,
    overlay: Any,
    words: bool,
) -> dict[str, Any]:
    """The options of :func:`quote_partials` checked and in the form that travels (to a
    Dask worker) and compares (parts of different options do not merge): gazetteer entries
    read into a mapping of tuples, the ranker weights as a tuple, the overlay as
    ``presslens.sentiment`` rebuilds it anywhere (None, "news" or one mapping)."""
    from ._quotes import attribution_weights

    if isinstance(gazetteer_entries, (str, os.PathLike)):
        gazetteer_entries = read_gazetteer_entries(gazetteer_entries)
    elif gazetteer_entries is not None and not isinstance(gazetteer_entries, Mapping):
        raise TypeError(
            "gazetteer_entries must be a mapping {name: (type, [aliases])} or the path of a "
            f"TSV file of them, not {type(gazetteer_entries).__name__}"
        )
    entries = (
        None
        if gazetteer_entries is None
        else {str(n): (t, tuple(a)) for n, (t, a) in gazetteer_entries.items()}
    )
    if not 0 < utterance_overlap <= 1:
        raise ValueError(f"utterance_overlap must be in (0, 1], not {utterance_overlap!r}")
    if model is None and overlay is not None:
        raise ValueError("overlay= scores the quotes: give model= too ('vader' or 'news')")
    return {
        "gazetteer_entries": entries,
        "min_unattributed_words": int(min_unattributed_words),
        "utterance_overlap": float(utterance_overlap),
        "attribution_weights": tuple(attribution_weights(attribution)),
        "model": model,
        "overlay": None if model is None else portable_overlay(overlay, model),
        "words": bool(words),
    }


def portable_overlay(overlay: Any, model: str) -> Any:
    """The sentiment overlay as any process can rebuild it, checked here: None and
    ``"news"`` (shipped with presslens) as they are, anything else (a user file, which a
    Dask worker may not see, a mapping, a list) read into one mapping {term: valence}: the
    entries in order, a later one replacing an earlier, as the core applies them."""
    from .sentiment import _analyzer, _overlay_entries

    _analyzer(overlay, model)  # a bad model or overlay fails here
    if overlay is None or (isinstance(overlay, str) and overlay == "news"):
        return overlay
    return dict(_overlay_entries(overlay))


def quote_partials(
    corpus: Corpus,
    entities: Entities,
    *,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    min_unattributed_words: int = 10,
    utterance_overlap: float = 0.4,
    attribution: str | Sequence[float] = "rules",
    model: str | None = None,
    overlay: Any = None,
    words: bool = False,
    threads: int = 0,
) -> QuotePartials:
    """Find and attribute the quotes of one part of a corpus with the entities of the whole
    corpus, for :func:`presslens.merge` and :meth:`QuotePartials.resolve`: merged and
    resolved, the parts give exactly ``presslens.quotes(entities, ...)`` of the whole (quote,
    speaker and utterance ids included).

    Args:
        corpus: the part (its document ids among those of ``entities``).
        entities: the :class:`Entities` of the whole corpus, as for
            :func:`comention_partials`.
        gazetteer_entries, min_unattributed_words, utterance_overlap, attribution: as in
            :func:`presslens.quotes` (give the ``gazetteer_entries`` the entities were found
            with).
        model: ``"vader"`` or ``"news"`` to score each quote here, next to its text, as
            :func:`presslens.speaker_sentiment` does (sentence by sentence over its parts),
            for :meth:`QuotePartials.speaker_sentiment`; None (the default) not to.
        overlay: the lexicon overlay of the scores, as in :func:`presslens.polarity_scores`
            (a file is read here: the merged partials need not see it).
        words: count each quote's words, for :meth:`QuotePartials.voice_share`.
        threads: worker threads (0 = all cores).

    Raises:
        TypeError: ``entities`` is not an Entities; options of the wrong type.
        ValueError: a document that is not among the entities' (or whose texts differ),
            the option errors of :func:`presslens.quotes` and
            :func:`presslens.polarity_scores`.

    Example:
        >>> import presslens
        >>> texts, ids = ['"We agree," Ryabkov said.', "No quote."], ["a", "b"]
        >>> ents = presslens.entities(presslens.Corpus.from_texts(texts, ids=ids))
        >>> part = presslens.Corpus.from_texts(texts[:1], ids=ids[:1])
        >>> p = presslens.quote_partials(part, ents, words=True)
        >>> p.voice_share(ents, ("speaker",))[["speaker_name", "n_words", "share"]].values.tolist()
        [['Ryabkov', 2, 1.0]]
    """
    corpus = as_corpus(corpus, "quote_partials")
    options = quote_options(
        gazetteer_entries,
        min_unattributed_words,
        utterance_overlap,
        attribution,
        model,
        overlay,
        words,
    )
    mine, positions = part_entities(corpus, entities, "quote_partials")
    names = entities.table["name"].tolist()
    return find_part_quotes(corpus, mine, names, positions, entity_key(entities), options, threads)


def find_part_quotes(
    corpus: Corpus,
    mine: _core.EntityResult,
    names: list[str],
    positions: np.ndarray,
    key: bytes,
    options: dict[str, Any],
    threads: int,
    doc_columns: Sequence[str] | None = None,
) -> QuotePartials:
    """The quote partials of ``corpus`` with ``mine`` (the whole's entities of its
    documents, at ``positions`` in the whole; ``names`` the entity names), ``options`` from
    :func:`quote_options`; ``doc_columns`` the document columns to keep (None: all).
    Shared with ``presslens.dask``."""
    import pandas as pd

    from ._quotes import quote_frame
    from ._speakers import frame_scores, frame_words

    entries = options["gazetteer_entries"]
    r = _core.extract_quotes(
        corpus._core,
        mine,
        gazetteer(entries),
        options["min_unattributed_words"],
        options["utterance_overlap"],
        attribution_weights=list(options["attribution_weights"]),
        threads=threads,
        stems=True,
    )
    f = quote_frame(r, corpus, names)
    row_doc = np.asarray(r["doc"], dtype=np.int64)
    # the parts flat as the core gave them, not flattened again from the frame's lists
    part_quote = np.asarray(r["part_quote"], dtype=np.int64)
    parts = (part_quote, row_doc[part_quote], r["part_start"], r["part_end"])
    if options["model"] is not None:
        f["compound"] = frame_scores(
            f,
            corpus,
            overlay=options["overlay"],
            model=options["model"],
            threads=threads,
            parts=parts,
        )
    if options["words"]:
        f["n_words"] = frame_words(f, corpus, parts)
    warnings = pd.DataFrame(
        r["warnings"], columns=["doc_id", "source", "line", "offset", "code", "message"]
    )
    own = pd.Index(corpus.ids, dtype=object).get_indexer(warnings["doc_id"].astype(object))
    # a warning of no document of the part sorts after the documents' (never expected)
    warning_positions = np.where(own >= 0, positions[np.maximum(own, 0)], np.iinfo(np.int64).max)
    docs = corpus.documents
    all_columns = list(docs.columns)
    if doc_columns is not None:
        docs = docs[["id", *[c for c in doc_columns if c in all_columns and c != "id"]]]
    return QuotePartials(
        f.drop(columns=["parts"]),
        _pack_parts(r, len(f)),
        positions[row_doc] if len(row_doc) else np.zeros(0, np.int64),
        _pack_stems(r["stems"]),
        warnings,
        warning_positions.astype(np.int64),
        docs.reset_index(drop=True),
        np.asarray(positions, dtype=np.int64),
        all_columns,
        options,
        key,
    )


def merge_quote_partials(parts: Sequence[QuotePartials]) -> QuotePartials:
    """The parts' rows as one table in the whole corpus's order: a stable sort by document
    position (a document's rows come from one part, in their order), so any order of the
    parts gives the same partials."""
    import pandas as pd

    _check_same(parts, "quote partials")

    def doc_id(position: int) -> str:
        p = next(p for p in parts if position in p._docs)
        return repr(p._documents["id"].iloc[int(np.flatnonzero(p._docs == position)[0])])

    _check_disjoint([p._docs for p in parts], doc_id)
    parts = sorted(parts, key=_first_document)

    def joined(frames: list[pd.DataFrame], positions: list[np.ndarray]) -> tuple[Any, Any]:
        pos = np.concatenate(positions)
        order = np.argsort(pos, kind="stable")
        # an empty frame's columns may have other dtypes (object for str): left out
        rows = [f for f in frames if len(f)] or frames[:1]
        f = pd.concat(rows, ignore_index=True)
        return f.iloc[order].reset_index(drop=True), pos[order]

    rows, positions = joined([p._rows for p in parts], [p._positions for p in parts])
    order = np.argsort(np.concatenate([p._positions for p in parts]), kind="stable")
    warnings, warning_positions = joined(
        [p.warnings for p in parts], [p._warning_positions for p in parts]
    )
    docs, doc_positions = joined([p._documents for p in parts], [p._docs for p in parts])
    columns = list(dict.fromkeys(c for p in parts for c in p._doc_columns))
    return QuotePartials(
        rows,
        _join_parts([p._parts for p in parts], order),
        positions,
        _join_stems([p._stems for p in parts], order),
        warnings,
        warning_positions,
        docs,
        doc_positions,
        columns,
        dict(parts[0]._options),
        parts[0]._key,
    )
