"""The analyses over a Dask collection of documents, on one machine or a ``distributed``
cluster: each partition becomes a corpus and runs the C++ core (threads released from the
GIL), the partial results merge exactly (:func:`presslens.merge`) through a tree of
merges, and what needs the whole corpus runs once: on the client, but for the entities,
resolved on one worker and sent once to each (:func:`quotes`, :func:`comentions` and
:func:`speaker_sentiment` keep each partition's corpus on its worker from the entity pass to
the next, in one graph, so the collection is read once for both).

Needs ``dask`` (``pip install 'presslens[dask]'``); importing this module does not. The
input is a ``dask.bag.Bag`` of records (mappings with a text field, as
:meth:`presslens.Corpus.from_records` reads them) or of JSONL lines (``str``, as
``dask.bag.read_text`` gives them: parsed by the core's JSONL reader, with the validation
of :meth:`presslens.Corpus.from_jsonl`), or a ``dask.dataframe.DataFrame`` of documents
(one row each). Every document needs an id, since partial results merge on ids:
a record without one is an error; a DataFrame without an id column uses its index labels.

The result equals the single-machine one on the same documents in the natural order of
their ids (``presslens.term_matrix(presslens.Corpus.from_records(records))``, or of
``presslens.load`` of the JSONL files; the same for :func:`entities`, :func:`comentions`,
:func:`quotes`, :func:`speaker_sentiment` and :func:`voice_share`), except that the
``source`` of a document is its position in its partition.

Boilerplate is flagged as in one corpus of the whole collection too: the rule for lines
repeated across an outlet's documents needs counts over every document of the outlet, so by
default (``boilerplate=True`` or ``"collection"``) each function first reads every partition
once more, without boilerplate detection, to count the lines of each outlet
(:func:`presslens.outlet_lines`); the counts merge in a tree of ``split_every`` like the
results, the rule is decided once on the client, and the decided table (the hashes of the
repeated lines, a few bytes per outlet) goes to the workers as one graph key. That pass costs
about one more read of the collection without boilerplate detection (persist the collection,
``bag.persist()``, so that it is not read from its source again). ``boilerplate="partition"``
skips it and decides the rule within each partition (the former behaviour: results then
depend on the partitioning); ``boilerplate=<OutletLines>`` uses counts made before, and
``boilerplate=False`` flags nothing.

Example:
    >>> import dask.bag as db
    >>> import presslens, presslens.dask
    >>> records = [{"id": f"d{i}", "text": t} for i, t in enumerate(
    ...     ["War and peace.", "Peace talks resume.", "Talks stall.", "War."])]
    >>> bag = db.from_sequence(records, npartitions=3)
    >>> tm = presslens.dask.term_matrix(bag, min_df=2)
    >>> tm.terms, tm.doc_ids
    (['peace', 'talks', 'war'], ['d0', 'd1', 'd2', 'd3'])
    >>> whole = presslens.term_matrix(presslens.Corpus.from_records(records), min_df=2)
    >>> bool((tm.matrix != whole.matrix).nnz == 0)
    True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import terms as _terms
from ._merge import merge
from ._outlet_lines import OutletLines, outlet_lines, with_boilerplate
from .corpus import Corpus
from .terms import TermMatrix, TokenPattern, _csr

if TYPE_CHECKING:
    import pandas as pd

    from ._entities import (
        CoMentions,
        Entities,
        EntityPartials,
        EntityType,
        GazetteerEntries,
        Measure,
        Scope,
    )
    from ._partials import CoMentionPartials, QuotePartials
    from ._quotes import Quotes

__all__ = [
    "comentions",
    "entities",
    "quotes",
    "speaker_sentiment",
    "term_matrix",
    "voice_share",
]

_LOAD_OPTIONS = ("text_field", "outlet_field", "date_field", "title_field", "errors")


def _records_corpus(
    records: Iterable[Mapping[str, Any]], id_field: str, load: dict[str, Any]
) -> Corpus:
    """A corpus of one partition's records; each must have an id."""
    records = list(records)
    for i, rec in enumerate(records):
        ident = rec.get(id_field)
        if ident is None or (isinstance(ident, float) and np.isnan(ident)):
            raise ValueError(
                f"record {i} of a partition has no {id_field!r}: presslens.dask merges partial "
                "results by document id, so give every record one (e.g. "
                "bag.map(lambda r: {**r, 'id': ...})), or name the field with id_field="
            )
    return Corpus.from_records(records, id_field=id_field, **load)


# The stem of the default ids the core gives JSONL lines without an id field ("stem:LINE"):
# no id of real data starts with a NUL, so such an id marks a line without one.
_NO_ID = "\x00presslens-no-id"


def _lines_corpus(lines: list[str], id_field: str, load: dict[str, Any]) -> Corpus:
    """A corpus of one partition of JSONL lines (``dask.bag.read_text``), parsed by the
    core's JSONL reader (``_core.Corpus.from_jsonl_text``: the validation and warnings of
    :meth:`presslens.Corpus.from_jsonl`); each line must have an id."""
    from . import _core

    data = "".join(x if x.endswith("\n") else x + "\n" for x in lines).encode("utf-8")
    corpus = Corpus(
        _core.Corpus.from_jsonl_text(
            data, "partition", _NO_ID, 0, id_field=id_field, **with_boilerplate(load)
        )
    )
    missing = [i for i in corpus.ids if i.startswith(_NO_ID)]
    if missing:
        line = missing[0].rsplit(":", 1)[-1]
        raise ValueError(
            f"line {line} of a partition has no {id_field!r}: presslens.dask merges partial "
            "results by document id, so every JSONL line needs one (or name the field with "
            "id_field=)"
        )
    return corpus


def _partition_corpus(part: Any, frame: bool, id_field: str, load: dict[str, Any]) -> Corpus:
    """The corpus of a partition: a pandas DataFrame, JSONL lines or records."""
    if frame:
        return _frame_corpus(part, id_field, load)
    items = list(part)
    n_text = sum(isinstance(x, str) for x in items)
    if n_text and n_text != len(items):
        raise TypeError(
            "a partition mixes JSONL lines (str) and records: give a bag of one or the other"
        )
    if n_text:
        return _lines_corpus(items, id_field, load)
    return _records_corpus(items, id_field, load)


def _frame_corpus(df: pd.DataFrame, id_field: str, load: dict[str, Any]) -> Corpus:
    """A corpus of one DataFrame partition; without an id column, the index labels."""
    if id_field not in df.columns:
        df = df.assign(**{id_field: [str(i) for i in df.index]})
    return _records_corpus(df.to_dict(orient="records"), id_field, load)


def _empty_vocabulary(corpus: Corpus) -> TermMatrix:
    """A partition without any term: its documents as rows of zeros, no column."""
    n = len(corpus)
    m = _csr(
        {
            "data": np.zeros(0, np.int64),
            "indices": np.zeros(0, np.int32),
            "indptr": np.zeros(n + 1, np.int64),
            "shape": (n, 0),
        }
    )
    return TermMatrix(m, [], corpus.ids, corpus.documents)


def _term_partial(
    part: Any, frame: bool, id_field: str, load: dict[str, Any], count: dict[str, Any]
) -> TermMatrix | None:
    """Runs on a worker: the unpruned term matrix of one partition (None when empty)."""
    corpus = _partition_corpus(part, frame, id_field, load)
    if len(corpus) == 0:
        return None
    try:
        tm = _terms.term_matrix(corpus, **count)
    except ValueError as e:
        if not str(e).startswith("empty vocabulary"):
            raise
        return _empty_vocabulary(corpus)
    # Carried back as counts and metadata only (TermMatrix pickles without its corpus).
    tm.docs  # noqa: B018  # materialise the metadata before the corpus is dropped
    tm._corpus = None
    return tm


def _merge_partials(*parts: Any) -> Any:
    """Partial results (TermMatrix or EntityPartials; None for an empty partition) as one."""
    present = [p for p in parts if p is not None]
    # merged even when alone: the merge puts the documents in the natural order of their ids
    return merge(*present) if present else None


def _tree(partials: list[Any], split_every: int) -> Any:
    """Merges delayed partial results by groups of ``split_every``, level by level, to one."""
    import dask

    level = partials
    while level:  # one level at least, so that a single partition is merged (ordered) too
        level = [
            dask.delayed(_merge_partials, pure=True)(*level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
        if len(level) == 1:
            return level[0]
    return dask.delayed(None)


def _check_split_every(split_every: Any) -> None:
    if isinstance(split_every, bool) or not isinstance(split_every, int) or split_every < 2:
        raise ValueError(f"split_every must be an int >= 2, not {split_every!r}")


def _load_options(
    text_field: str,
    outlet_field: str,
    date_field: str,
    title_field: str,
    errors: str,
    paragraphs: str,
    boilerplate: Any,
    threads: int,
) -> dict[str, Any]:
    """The options of :meth:`presslens.Corpus.from_records` each partition is read with
    (``boilerplate`` as given: :func:`_with_boilerplate` makes it what the loader takes)."""
    _check_boilerplate(boilerplate)
    return {
        "text_field": text_field,
        "outlet_field": outlet_field,
        "date_field": date_field,
        "title_field": title_field,
        "errors": errors,
        "paragraphs": paragraphs,
        "boilerplate": boilerplate,
        "threads": threads,
    }


def _check_boilerplate(boilerplate: Any) -> None:
    """ValueError for a ``boilerplate`` none of the functions here takes, before any
    partition is read."""
    if isinstance(boilerplate, str):
        if boilerplate not in ("collection", "partition"):
            raise ValueError(
                'boilerplate must be True, False, "collection", "partition" or the '
                f"OutletLines of the collection, not {boilerplate!r}"
            )
    elif not isinstance(boilerplate, (bool, np.bool_, OutletLines)):
        raise TypeError(
            'boilerplate must be True, False, "collection", "partition" or the OutletLines '
            f"of the collection, not {type(boilerplate).__name__}"
        )


def _count_partial(
    part: Any, frame: bool, id_field: str, load: dict[str, Any]
) -> OutletLines | None:
    """Runs on a worker: the outlet line counts of one partition (None when empty)."""
    corpus = _partition_corpus(part, frame, id_field, load)
    if len(corpus) == 0:
        return None
    return outlet_lines(corpus, threads=load["threads"])


def _with_boilerplate(
    load: dict[str, Any], partitions: list[Any], frame: bool, id_field: str, split_every: int
) -> dict[str, Any]:
    """The reading options with ``boilerplate`` as the partitions are read with it: for the
    whole collection (True, "collection"), the partitions read once without boilerplate
    detection and counted (:func:`presslens.outlet_lines`), the counts merged in a tree, the
    rule decided here and its table made one graph key (sent once to each worker, not once
    per task); "partition", the rule within each partition; counts given, their table."""
    import dask

    boilerplate = load["boilerplate"]
    if isinstance(boilerplate, str) and boilerplate == "partition":
        return {**load, "boilerplate": True}
    if isinstance(boilerplate, OutletLines):
        counts: OutletLines | None = boilerplate
    elif isinstance(boilerplate, str) or bool(boilerplate):  # "collection" or True
        count = dask.delayed(_count_partial, pure=True)
        off = {**load, "boilerplate": False}
        tree = _tree([count(p, frame, id_field, off) for p in partitions], split_every)
        (counts,) = dask.compute(tree)
    else:
        return {**load, "boilerplate": False}
    if counts is None:  # no document: nothing to flag
        return {**load, "boilerplate": True}
    return {**load, "boilerplate": dask.delayed(counts._decided(), pure=True)}


def _partitions(data: Any, func: str) -> tuple[list[Any], bool]:
    """The delayed partitions of a Bag (lists of records) or a DataFrame (pandas frames)."""
    import dask.bag

    if isinstance(data, dask.bag.Bag):
        return list(data.to_delayed()), False
    try:
        import dask.dataframe
    except ImportError:  # dask without its dataframe extra: only bags are possible
        dask_frame: tuple[type, ...] = ()
    else:
        dask_frame = (dask.dataframe.DataFrame,)
    if dask_frame and isinstance(data, dask_frame):
        return list(data.to_delayed()), True
    raise TypeError(
        "expected a dask.bag.Bag of records or a dask.dataframe.DataFrame of documents, "
        f"not {type(data).__name__} (for a corpus in memory, call presslens.{func})"
    )


def term_matrix(
    data: Any,
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
    id_field: str = "id",
    text_field: str = "text",
    outlet_field: str = "outlet",
    date_field: str = "date",
    title_field: str = "title",
    errors: str = "replace",
    paragraphs: str = "auto",
    boilerplate: bool | str | OutletLines = "collection",
    threads: int = 0,
    split_every: int = 8,
) -> TermMatrix:
    """:func:`presslens.term_matrix` of a Dask Bag of records or DataFrame of documents.

    Each partition is read into a corpus (the ``*_field``, ``errors``, ``paragraphs`` and
    ``boilerplate`` options of :meth:`presslens.Corpus.from_records`) and counted without
    pruning on its worker (``threads`` threads, 0 = all the worker's cores); the partial
    matrices merge by groups of ``split_every`` (:func:`presslens.merge`); the client then
    cuts the merged matrix once by ``min_df``, ``max_df`` and ``max_features``
    (:meth:`presslens.TermMatrix.prune`). Runs on the active scheduler: a
    ``distributed.Client`` when one is open, else Dask's default.

    ``boilerplate`` (the same in every function here): ``"collection"`` or True (the
    default) flags boilerplate as one corpus of the whole collection would, after a first
    pass that counts the lines of each outlet over every partition; ``"partition"`` decides
    the outlet rule within each partition (no extra pass); an :class:`presslens.OutletLines`
    gives the counts; False flags nothing (see the module docstring).

    Returns:
        The :class:`presslens.TermMatrix` of counts of the whole collection, rows in the
        natural order of the document ids (:func:`presslens.merge`), ``docs`` the documents'
        metadata (for :meth:`~presslens.TermMatrix.group` and :func:`presslens.keyness`).

    Raises:
        TypeError: ``data`` is neither a Bag nor a DataFrame.
        ValueError: a record without an id, an id in two partitions, no document at all,
            an unknown ``boilerplate``, or the errors of :func:`presslens.term_matrix`.

    Example:
        >>> import dask.dataframe as dd, pandas as pd, presslens
        >>> df = pd.DataFrame({"text": ["War and peace.", "Peace talks.", "War."],
        ...                    "outlet": ["A", "B", "A"]}, index=["x", "y", "z"])
        >>> tm = term_matrix(dd.from_pandas(df, npartitions=2))
        >>> presslens.keyness(tm, min_count=1)[["group", "term", "count_target"]].head(2).values.tolist()
        [['A', 'war', 2], ['A', 'and', 1]]
    """
    import dask

    _check_split_every(split_every)
    partitions, frame = _partitions(data, "term_matrix")
    load = _load_options(
        text_field, outlet_field, date_field, title_field, errors, paragraphs, boilerplate, threads
    )
    fixed = vocabulary is not None
    _terms._vocabulary(vocabulary)  # checked here, before any partition is read
    count = {
        "ngram_range": ngram_range,
        "lowercase": lowercase,
        "stop_words": stop_words,
        "vocabulary": vocabulary,
        "token_pattern": token_pattern,
        "binary": binary,
        "threads": threads,
    }
    load = _with_boilerplate(load, partitions, frame, id_field, split_every)
    partial = dask.delayed(_term_partial, pure=True)
    partials = [partial(p, frame, id_field, load, count) for p in partitions]
    (merged,) = dask.compute(_tree(partials, split_every))
    if merged is None:
        raise ValueError("no document in the collection: nothing to count")
    if fixed:  # a fixed vocabulary ignores the cut, as term_matrix does
        return merged
    if merged.shape[1] == 0:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    return merged.prune(
        min_df=min_df, max_df=max_df, max_features=max_features, token_pattern=token_pattern
    )


class _Kept:
    """A partition's corpus, read once and kept in its worker's memory from the entity pass
    to the pass that needs the collection's entities (quotes, co-mentions): the partition is
    neither read nor segmented twice. Its ``__sizeof__`` is the corpus's memory (about six
    times its text bytes: the texts and their segmentation), which Dask's scheduler weighs
    against the entities a task also needs, so the task runs where the corpus lives instead
    of moving it (a moved corpus pickles as its texts and is segmented again)."""

    __slots__ = ("corpus", "nbytes")

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.nbytes = 6 * int(corpus._core.doc_stats()["n_bytes"].sum()) if len(corpus) else 0

    def __sizeof__(self) -> int:
        return self.nbytes


def _kept_corpus(part: Any, frame: bool, id_field: str, load: dict[str, Any]) -> _Kept:
    """Runs on a worker: the corpus of one partition, kept for both passes."""
    return _Kept(_partition_corpus(part, frame, id_field, load))


def _entity_partial(
    kept: _Kept, entries: GazetteerEntries | None, threads: int
) -> EntityPartials | None:
    """Runs on a worker: the entity candidates of one partition (None when empty)."""
    from ._entities import entity_partials

    if len(kept.corpus) == 0:
        return None
    return entity_partials(kept.corpus, gazetteer_entries=entries, threads=threads)


def _resolve(
    merged: EntityPartials | None,
    pairs: list[tuple[str, str]],
    never: list[tuple[str, str]],
    threads: int,
) -> Entities | None:
    """Runs on a worker: the merged candidates resolved once (None without any document)."""
    if merged is None:
        return None
    return merged.resolve(aliases=dict(pairs), never_merge=never, threads=threads)


def _entity_options(
    aliases: Mapping[str, str] | None,
    never_merge: Iterable[tuple[str, str]] | None,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], GazetteerEntries | None]:
    """The options of :func:`presslens.entities`, read and checked on the client before any
    partition is: the aliases and never_merge pairs as lists, the gazetteer entries as a
    mapping (a TSV path read once here, not on every worker)."""
    from ._entities import EntityPartials, _core, gazetteer, read_gazetteer_entries

    if isinstance(gazetteer_entries, (str, os.PathLike)):
        gazetteer_entries = read_gazetteer_entries(gazetteer_entries)
    elif gazetteer_entries is not None and not isinstance(gazetteer_entries, Mapping):
        raise TypeError(
            "gazetteer_entries must be a mapping {name: (type, [aliases])} or the path of a "
            f"TSV file of them, not {type(gazetteer_entries).__name__}"
        )
    if aliases is not None and not isinstance(aliases, Mapping):
        raise TypeError(
            f"aliases must be a mapping {{alias: canonical}}, not {type(aliases).__name__}"
        )
    pairs = [(str(a), str(c)) for a, c in (aliases or {}).items()]
    never = [(str(a), str(b)) for a, b in (never_merge or [])]
    gaz = gazetteer(gazetteer_entries)  # a malformed entry fails here, not on a worker
    empty = _core.detect_entity_partial(Corpus.from_texts([])._core, gaz, 1)
    EntityPartials(empty, gazetteer_entries).resolve(aliases=dict(pairs), never_merge=never)
    return pairs, never, gazetteer_entries


def entities(
    data: Any,
    *,
    aliases: Mapping[str, str] | None = None,
    never_merge: Iterable[tuple[str, str]] | None = None,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    id_field: str = "id",
    text_field: str = "text",
    outlet_field: str = "outlet",
    date_field: str = "date",
    title_field: str = "title",
    errors: str = "replace",
    paragraphs: str = "auto",
    boilerplate: bool | str | OutletLines = "collection",
    threads: int = 0,
    split_every: int = 8,
) -> Entities:
    """:func:`presslens.entities` of a Dask Bag of records or DataFrame of documents.

    Each partition is read into a corpus (as in :func:`term_matrix`) and its entity
    candidates detected on its worker (:func:`presslens.entity_partials`, ``threads``
    threads); the partials merge by groups of ``split_every`` (:func:`presslens.merge`) and
    the aliases are resolved once, over the whole collection, on the worker of the last
    merge
    (:meth:`presslens.EntityPartials.resolve` with ``aliases`` and ``never_merge``).

    Returns:
        The :class:`presslens.Entities` of the collection: equal (``table``, ``mentions``,
        ``merges``) to ``presslens.entities`` of a corpus of the same documents in the
        natural order of their ids (:func:`presslens.merge`).
        Its ``corpus`` is None: mentions carry their document ids, offsets and texts.

    Raises:
        TypeError: ``data`` is neither a Bag nor a DataFrame, ``aliases`` or
            ``gazetteer_entries`` of the wrong type.
        ValueError: a record without an id, an id in two partitions, no document at all, a
            malformed gazetteer entry, an empty alias, a never_merge pair naming one name
            twice.

    Example:
        >>> import dask.bag as db, presslens
        >>> records = [{"id": f"d{i}", "text": t} for i, t in enumerate([
        ...     "Victoria Nuland met Sergei Ryabkov in Moscow.", "Nuland spoke first.",
        ...     "Ryabkov replied."])]
        >>> ents = entities(db.from_sequence(records, npartitions=2))
        >>> ents.table[["name", "n_mentions"]].values.tolist()
        [['Sergei Ryabkov', 2], ['Victoria Nuland', 2], ['Moscow', 1]]
        >>> whole = presslens.entities(presslens.Corpus.from_records(records))
        >>> ents.table.equals(whole.table) and ents.mentions.equals(whole.mentions)
        True
    """
    import dask

    _check_split_every(split_every)
    partitions, frame = _partitions(data, "entities")
    pairs, never, entries = _entity_options(aliases, never_merge, gazetteer_entries)
    load = _load_options(
        text_field, outlet_field, date_field, title_field, errors, paragraphs, boilerplate, threads
    )
    load = _with_boilerplate(load, partitions, frame, id_field, split_every)
    _, graph = _entity_graph(
        partitions, frame, id_field, load, entries, pairs, never, threads, split_every
    )
    (ents,) = dask.compute(graph)
    if ents is None:
        raise ValueError("no document in the collection: no entity to find")
    return ents


def _entity_graph(
    partitions: list[Any],
    frame: bool,
    id_field: str,
    load: dict[str, Any],
    entries: GazetteerEntries | None,
    pairs: list[tuple[str, str]],
    never: list[tuple[str, str]],
    threads: int,
    split_every: int,
) -> tuple[list[Any], Any]:
    """The graph of the entity pass: each partition's corpus (delayed, kept on its worker
    for a next pass: :class:`_Kept`), and the collection's :class:`presslens.Entities`,
    resolved on a worker from the partials merged in a tree (delayed; None without any
    document)."""
    import dask

    kept = [dask.delayed(_kept_corpus, pure=True)(p, frame, id_field, load) for p in partitions]
    partial = dask.delayed(_entity_partial, pure=True)
    merged = _tree([partial(k, entries, threads) for k in kept], split_every)
    return kept, dask.delayed(_resolve, pure=True)(merged, pairs, never, threads)


def _with_entities(result: Any, graph: Any, shared: Any) -> tuple[Any, Any]:
    """``dask.compute(result, graph)``: a second pass's merged partials and the collection's
    Entities. On a ``distributed`` client (the scheduler ``dask.compute`` would use), the
    Entities (tens of MB for tens of MB of text) are gathered while the workers run the
    second pass, instead of after it: once ``shared`` (:func:`_shared_entities`, which that
    pass waits for) is done, so that pickling them does not delay it."""
    import dask
    from dask.base import get_scheduler

    client = getattr(get_scheduler(), "__self__", None)
    if client is None or not callable(getattr(client, "compute", None)):
        return dask.compute(result, graph)
    from distributed import wait

    merged, ents, ready = client.compute([result, graph, shared])
    wait(ready)  # done on its worker (not gathered)
    found = ents.result()
    return merged.result(), found


def _shared_entities(ents: Entities | None) -> tuple[Any, ...] | None:
    """Runs on a worker, once: what every partition's second pass needs of the collection's
    entities, one graph key that goes once to each worker: the core result, an index of the
    document ids (their positions), the entity names and the digest partials carry
    (``entity_key``). None without any document."""
    import pandas as pd

    from ._partials import entity_doc_ids, entity_key

    if ents is None:
        return None
    index = pd.Index(entity_doc_ids(ents), dtype=object)
    columns = ents._result.entities()  # once, for the names and the key
    return ents._result, index, list(columns["name"]), entity_key(ents, columns)


def _part_entities(
    kept: _Kept, shared: tuple[Any, ...] | None
) -> tuple[Corpus, Any, np.ndarray] | None:
    """On a worker, a partition's corpus (kept from the entity pass), the collection's
    entities of its documents (``_core.entities_of_documents``, entity ids unchanged) and
    their positions among the collection's documents; None when empty."""
    import pandas as pd

    from . import _core

    corpus = kept.corpus
    if shared is None or len(corpus) == 0:
        return None
    whole, index = shared[0], shared[1]
    positions = index.get_indexer(pd.Index(corpus.ids, dtype=object)).astype(np.int64)
    return corpus, _core.entities_of_documents(whole, positions.tolist()), positions


def _quote_partial(
    kept: _Kept,
    shared: tuple[Any, ...] | None,
    options: dict[str, Any],
    threads: int,
    doc_columns: Sequence[str] = (),
) -> QuotePartials | None:
    """Runs on a worker: the :class:`presslens.QuotePartials` of one partition
    (:func:`presslens.quote_partials` on its corpus), attributed to the entities of the whole
    collection (``shared``: :func:`_shared_entities`); ``options`` from
    ``_partials.quote_options``, ``doc_columns`` the document columns to send back besides
    ``id``; None for an empty partition."""
    from ._partials import find_part_quotes

    part = _part_entities(kept, shared)
    if part is None:
        return None
    corpus, mine, positions = part
    assert shared is not None
    names, key = shared[2], shared[3]
    return find_part_quotes(
        corpus, mine, names, positions, key, options, threads, list(doc_columns)
    )


def quotes(
    data: Any,
    *,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    aliases: Mapping[str, str] | None = None,
    never_merge: Iterable[tuple[str, str]] | None = None,
    min_unattributed_words: int = 10,
    utterance_overlap: float = 0.4,
    attribution: str | Sequence[float] = "rules",
    id_field: str = "id",
    text_field: str = "text",
    outlet_field: str = "outlet",
    date_field: str = "date",
    title_field: str = "title",
    errors: str = "replace",
    paragraphs: str = "auto",
    boilerplate: bool | str | OutletLines = "collection",
    threads: int = 0,
    split_every: int = 8,
) -> Quotes:
    """:func:`presslens.quotes` of a Dask Bag of records or DataFrame of documents.

    Three steps, in one graph. The entities of the whole collection, as :func:`entities`
    finds them (``gazetteer_entries``, ``aliases``, ``never_merge``), resolved on a worker.
    Then each partition, with the corpus its worker read and kept for the entities (each
    partition is read and segmented once, and its corpus stays in its worker's memory until
    its quotes are found), finds and attributes its quotes with the mentions of its
    documents and the whole entity table (speaker ids are the collection's entity ids;
    the entities go once to each worker), and returns them with each quote's content stems
    (:func:`presslens.quote_partials`), merged in a tree of ``split_every``
    (:func:`presslens.merge`). Last, on the client, the one step that reads across
    documents: quotes of one speaker in different documents are linked into utterances, over
    the whole collection (:meth:`presslens.QuotePartials.resolve`).

    The quote options (``min_unattributed_words``, ``utterance_overlap``, ``attribution``)
    are those of :func:`presslens.quotes`; the reading options those of :func:`term_matrix`.
    The collection is read twice with the default ``boilerplate``: the boilerplate counts
    (module docstring), then once for entities and quotes (persist it, ``bag.persist()``,
    to read it from its source once); the client gathers the entities while the workers
    find the quotes.

    Returns:
        The :class:`presslens.Quotes` of the collection: its ``frame`` equals that of
        ``presslens.quotes(presslens.entities(corpus, aliases=..., never_merge=...,
        gazetteer_entries=...), gazetteer_entries=...)`` of a corpus of the same documents in
        the natural order of their ids (quote ids, speaker ids and utterance ids included),
       ; ``warnings`` are the same but for their
        ``source`` (a document's position in its partition). ``entities`` has no corpus, so
        :func:`presslens.speaker_sentiment` cannot score these quotes; ``by_speaker``,
        ``sentiment``, :func:`presslens.utterances` and :func:`presslens.versions` can.

    Raises:
        TypeError: ``data`` is neither a Bag nor a DataFrame; options of the wrong type.
        ValueError: the errors of :func:`entities`, an ``attribution`` or
            ``utterance_overlap`` out of range, a partition that reads differently the second
            time.

    Example:
        >>> import dask.bag as db, presslens
        >>> same = '"The talks were useful but difficult," Sergei Ryabkov said.'
        >>> records = [{"id": "a", "text": same, "outlet": "one"},
        ...            {"id": "b", "text": same.replace("useful", "very useful"), "outlet": "two"}]
        >>> q = quotes(db.from_sequence(records, npartitions=2))
        >>> q.frame[["doc_id", "speaker_name", "utterance_id"]].values.tolist()
        [['a', 'Sergei Ryabkov', 0], ['b', 'Sergei Ryabkov', 0]]
        >>> whole = presslens.quotes(presslens.Corpus.from_records(records))
        >>> q.frame.equals(whole.frame)
        True
    """
    merged, ents = _collection_quotes(data, "quotes", _quote_options(locals()))
    return merged.resolve(ents)


_QUOTE_OPTIONS = (
    "gazetteer_entries",
    "aliases",
    "never_merge",
    "min_unattributed_words",
    "utterance_overlap",
    "attribution",
    "id_field",
    "text_field",
    "outlet_field",
    "date_field",
    "title_field",
    "errors",
    "paragraphs",
    "boilerplate",
    "threads",
    "split_every",
)


def _quote_options(scope: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword options of :func:`quotes` as one mapping, taken from the ``locals()`` of
    a function that has them all as parameters (a KeyError names one it lacks), for
    :func:`_collection_quotes`."""
    return {k: scope[k] for k in _QUOTE_OPTIONS}


def _collection_quotes(
    data: Any,
    func: str,
    o: dict[str, Any],
    *,
    model: str | None = None,
    overlay: Any = None,
    words: bool = False,
    doc_columns: Sequence[str] = (),
) -> tuple[QuotePartials, Entities]:
    """The steps of :func:`quotes` (``o``: its keyword options; ``func``: the calling
    function, for the error of a wrong input) up to the merged
    :class:`presslens.QuotePartials` of every partition (each quote scored with ``model``
    and ``overlay``, its words counted with ``words``, the documents' ``doc_columns`` sent
    back), and the collection's entities they resolve with."""
    import dask

    from ._partials import quote_options

    threads, split_every = o["threads"], o["split_every"]
    _check_split_every(split_every)
    partitions, frame = _partitions(data, func)
    pairs, never, entries = _entity_options(o["aliases"], o["never_merge"], o["gazetteer_entries"])
    options = quote_options(
        entries,
        o["min_unattributed_words"],
        o["utterance_overlap"],
        o["attribution"],
        model,
        overlay,
        words,
    )
    load = _load_options(
        o["text_field"],
        o["outlet_field"],
        o["date_field"],
        o["title_field"],
        o["errors"],
        o["paragraphs"],
        o["boilerplate"],
        threads,
    )
    id_field = o["id_field"]
    load = _with_boilerplate(load, partitions, frame, id_field, split_every)
    kept, graph = _entity_graph(
        partitions, frame, id_field, load, entries, pairs, never, threads, split_every
    )
    # One graph: each partition is read once, its corpus kept on its worker for its quotes.
    shared = dask.delayed(_shared_entities, pure=True)(graph)
    partial = dask.delayed(_quote_partial, pure=True)
    tasks = [partial(k, shared, options, threads, list(doc_columns)) for k in kept]
    quotes, ents = _with_entities(_tree(tasks, split_every), graph, shared)
    if ents is None:
        raise ValueError("no document in the collection: no quote to find")
    return quotes, ents


def speaker_sentiment(
    data: Any,
    *,
    by: Sequence[str] = ("speaker",),
    unit: str = "quote",
    kinds: Sequence[str] = ("direct", "mixed", "indirect"),
    min_confidence: float = 0.0,
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    overlay: Any = None,
    model: str = "vader",
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    aliases: Mapping[str, str] | None = None,
    never_merge: Iterable[tuple[str, str]] | None = None,
    min_unattributed_words: int = 10,
    utterance_overlap: float = 0.4,
    attribution: str | Sequence[float] = "rules",
    id_field: str = "id",
    text_field: str = "text",
    outlet_field: str = "outlet",
    date_field: str = "date",
    title_field: str = "title",
    errors: str = "replace",
    paragraphs: str = "auto",
    boilerplate: bool | str | OutletLines = "collection",
    threads: int = 0,
    split_every: int = 8,
) -> pd.DataFrame:
    """:func:`presslens.speaker_sentiment` of a Dask Bag of records or DataFrame of
    documents.

    The quotes are found as :func:`quotes` finds them (``gazetteer_entries``, ``aliases``,
    ``never_merge``, the quote and reading options), and each partition's task also scores
    its quotes, next to their texts (sentence by sentence over each quote's parts, with
    ``overlay`` and ``model``), and sends back the document columns the ``by`` keys name.
    The client then links utterances and aggregates once, with the code of
    :func:`presslens.speaker_sentiment`: means, the seeded bootstrap (``ci``, ``n_boot``,
    ``seed``), shrinkage toward the mean of the whole collection. ``by``, ``unit``,
    ``kinds`` and ``min_confidence`` as there.

    Returns:
        The table of :func:`presslens.speaker_sentiment`, equal to that of
        ``presslens.quotes(presslens.entities(corpus, aliases=..., never_merge=...,
        gazetteer_entries=...), gazetteer_entries=..., ...)`` of a corpus of the same
        documents in the natural order of their ids (intervals included: the bootstrap runs
        once, on the client), but for a ``by="source"`` (a document's position in its partition).

    Raises:
        TypeError: ``data`` is neither a Bag nor a DataFrame; options of the wrong type.
        ValueError: the errors of :func:`quotes`; a ``unit``, ``ci``, ``n_boot``, quote kind,
            ``model`` or ``overlay`` that :func:`presslens.speaker_sentiment` refuses
            (checked before any partition is read); a ``by`` key that is no quote column and
            no document column of any partition (known once the partitions are read).

    Example:
        >>> import dask.bag as db, presslens
        >>> records = [
        ...     {"id": "a", "outlet": "one", "text": '"The talks were useful," Sergei Ryabkov said.'},
        ...     {"id": "b", "outlet": "two", "text": '"This is a disaster," Ryabkov said.'},
        ...     {"id": "c", "outlet": "two", "text": '"We agree," Victoria Nuland said.'}]
        >>> s = speaker_sentiment(db.from_sequence(records, npartitions=2), by=("speaker", "outlet"))
        >>> s[["speaker_name", "outlet", "n_quotes", "mean"]].values.tolist()
        [['Sergei Ryabkov', 'one', 1, 0.4404], ['Sergei Ryabkov', 'two', 1, -0.6249], ['Victoria Nuland', 'two', 1, 0.3612]]
        >>> whole = presslens.speaker_sentiment(presslens.Corpus.from_records(records),
        ...                                     by=("speaker", "outlet"))
        >>> s.equals(whole)
        True
    """
    from ._quotes import COLUMNS
    from ._speakers import _check_sentiment_options, document_keys

    keys = _check_sentiment_options(by, kinds, unit=unit, ci=ci, n_boot=n_boot)
    merged, ents = _collection_quotes(
        data,
        "speaker_sentiment",
        _quote_options(locals()),
        model=model,
        overlay=overlay,
        doc_columns=document_keys(keys, [*COLUMNS, "compound"]),
    )
    return merged.speaker_sentiment(
        ents,
        by=keys,
        kinds=kinds,
        min_confidence=min_confidence,
        unit=unit,
        ci=ci,
        n_boot=n_boot,
        seed=seed,
        threads=threads,
    )


def voice_share(
    data: Any,
    *,
    by: Sequence[str] = ("affiliation", "outlet"),
    kinds: Sequence[str] = ("direct", "mixed", "indirect"),
    min_confidence: float = 0.0,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    aliases: Mapping[str, str] | None = None,
    never_merge: Iterable[tuple[str, str]] | None = None,
    min_unattributed_words: int = 10,
    utterance_overlap: float = 0.4,
    attribution: str | Sequence[float] = "rules",
    id_field: str = "id",
    text_field: str = "text",
    outlet_field: str = "outlet",
    date_field: str = "date",
    title_field: str = "title",
    errors: str = "replace",
    paragraphs: str = "auto",
    boilerplate: bool | str | OutletLines = "collection",
    threads: int = 0,
    split_every: int = 8,
) -> pd.DataFrame:
    """:func:`presslens.voice_share` of a Dask Bag of records or DataFrame of documents.

    The quotes are found as :func:`quotes` finds them; each partition's task also counts the
    words of its quotes' parts, next to their texts, and sends back the document columns
    the ``by`` keys name; the client sums and shares once, with the code of
    :func:`presslens.voice_share` (``by``, ``kinds``, ``min_confidence`` as there).

    Returns:
        The table of :func:`presslens.voice_share`, equal to that of the quotes of a corpus
        of the same documents in the natural order of their ids (as for
        :func:`speaker_sentiment`).

    Raises:
        TypeError: ``data`` is neither a Bag nor a DataFrame; options of the wrong type.
        ValueError: the errors of :func:`quotes`; an unknown quote kind or empty ``by``
            (before any partition is read); a ``by`` key that is no quote column and no
            document column of any partition.

    Example:
        >>> import dask.bag as db, presslens
        >>> records = [
        ...     {"id": "a", "outlet": "one", "text": '"The talks were useful," Sergei Ryabkov said.'},
        ...     {"id": "b", "outlet": "one", "text": '"We agree," Victoria Nuland said.'}]
        >>> v = voice_share(db.from_sequence(records, npartitions=2), by=("speaker", "outlet"))
        >>> v[["speaker_name", "n_words", "share"]].values.tolist()
        [['Sergei Ryabkov', 4, 0.6666666666666666], ['Victoria Nuland', 2, 0.3333333333333333]]
        >>> v.equals(presslens.voice_share(presslens.Corpus.from_records(records),
        ...                                by=("speaker", "outlet")))
        True
    """
    from ._quotes import COLUMNS
    from ._speakers import _check_by_kinds, document_keys

    keys = _check_by_kinds(by, kinds)
    merged, ents = _collection_quotes(
        data,
        "voice_share",
        _quote_options(locals()),
        words=True,
        doc_columns=document_keys(keys, [*COLUMNS, "n_words"]),
    )
    return merged.voice_share(ents, keys, kinds=kinds, min_confidence=min_confidence)


def _comention_partial(
    kept: _Kept, shared: tuple[Any, ...] | None, co: dict[str, Any], threads: int
) -> CoMentionPartials | None:
    """Runs on a worker: the :class:`presslens.CoMentionPartials` of one partition
    (:func:`presslens.comention_partials` on its corpus) with the whole collection's entity
    ids (``shared`` as for :func:`_quote_partial`); None for an empty partition."""
    from ._partials import count_part

    part = _part_entities(kept, shared)
    if part is None:
        return None
    assert shared is not None
    corpus, mine, positions = part
    return count_part(corpus, mine, positions, shared[3], co, threads)


def comentions(
    data: Any,
    *,
    scope: Scope = "sentence",
    window: int | None = None,
    measure: Measure = "count",
    by: str | None = None,
    min_count: int = 1,
    types: Sequence[EntityType] = ("PERSON", "ORG", "PLACE"),
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    aliases: Mapping[str, str] | None = None,
    never_merge: Iterable[tuple[str, str]] | None = None,
    id_field: str = "id",
    text_field: str = "text",
    outlet_field: str = "outlet",
    date_field: str = "date",
    title_field: str = "title",
    errors: str = "replace",
    paragraphs: str = "auto",
    boilerplate: bool | str | OutletLines = "collection",
    threads: int = 0,
    split_every: int = 8,
) -> CoMentions:
    """:func:`presslens.comentions` of a Dask Bag of records or DataFrame of documents.

    The entities of the whole collection first, as :func:`entities` resolves them
    (``gazetteer_entries``, ``aliases``, ``never_merge``). Then each partition, with the
    corpus its worker kept from the entity pass (one graph, as in :func:`quotes`: each
    partition read once), counts its units, entity margins and pairs with the mentions
    of its documents and the collection's entity ids (``scope``, ``window``, ``types``; per
    ``by`` group too: :func:`presslens.comention_partials`); these are sums over documents,
    so the partials merge in a tree of ``split_every`` (:func:`presslens.merge`) and the
    client computes the association measures once, from the sums
    (:meth:`presslens.CoMentionPartials.resolve`). ``measure`` and ``min_count`` as in
    :func:`presslens.comentions`.

    Returns:
        The :class:`presslens.CoMentions` of the collection: counts, every measure, the
        matrix and ``by_group`` equal to those of ``presslens.comentions(presslens.entities(
        corpus, ...), ...)`` of a corpus of the same documents in the natural order of their
        ids. Its entities have no corpus, so ``evidence()``
        (which reads the texts) is refused.

    Raises:
        TypeError: ``data`` is neither a Bag nor a DataFrame; options of the wrong type.
        ValueError: the errors of :func:`entities`; a ``measure``, ``scope``, ``window``,
            entity type or ``min_count`` that :func:`presslens.comentions` refuses (checked
            before any partition is read); a ``by`` that is no document column of any
            partition.

    Example:
        >>> import dask.bag as db, presslens
        >>> records = [{"id": f"d{i}", "outlet": o, "text": t} for i, (o, t) in enumerate([
        ...     ("one", "Victoria Nuland met Sergei Ryabkov in Moscow."),
        ...     ("two", "Nuland and Ryabkov talked."), ("two", "Ryabkov flew to Moscow.")])]
        >>> co = comentions(db.from_sequence(records, npartitions=3), by="outlet")
        >>> co.to_frame()[["source", "target", "count"]].values.tolist()
        [['Sergei Ryabkov', 'Moscow', 2.0], ['Sergei Ryabkov', 'Victoria Nuland', 2.0], ['Victoria Nuland', 'Moscow', 1.0]]
        >>> sorted(co.by_group)
        ['one', 'two']
        >>> whole = presslens.comentions(presslens.Corpus.from_records(records), by="outlet")
        >>> co.to_frame().equals(whole.to_frame())
        True
    """
    import dask

    from . import _core
    from ._entities import check_comention_options
    from ._entities import entities as _entities

    _check_split_every(split_every)
    partitions, frame = _partitions(data, "comentions")
    check_comention_options(measure, scope, window, min_count)
    pairs, never, entries = _entity_options(aliases, never_merge, gazetteer_entries)
    # the options of presslens.comention_partials
    co = {"scope": scope, "window": window, "by": by, "types": tuple(types)}
    # scope and types as the core checks them, on no document, before any partition is read
    nothing = Corpus.from_texts([])
    _core.count_comentions(
        nothing._core, _entities(nothing)._result, scope, int(window or 0), list(types), [], 0, 1
    )
    load = _load_options(
        text_field, outlet_field, date_field, title_field, errors, paragraphs, boilerplate, threads
    )
    load = _with_boilerplate(load, partitions, frame, id_field, split_every)
    kept, graph = _entity_graph(
        partitions, frame, id_field, load, entries, pairs, never, threads, split_every
    )
    shared = dask.delayed(_shared_entities, pure=True)(graph)
    partial = dask.delayed(_comention_partial, pure=True)
    tasks = [partial(k, shared, co, threads) for k in kept]
    counts, ents = _with_entities(_tree(tasks, split_every), graph, shared)
    if ents is None:
        raise ValueError("no document in the collection: no co-mention to count")
    return counts.resolve(ents, measure=measure, min_count=min_count)
