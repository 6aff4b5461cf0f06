"""The outlet boilerplate rule over a whole collection loaded in parts.

One boilerplate rule needs more than a document: a line found in at least half of an
outlet's documents, and in 3 or more, when the outlet has 4 documents or more, is boilerplate
(``outlet_repeated``). Loading decides it from the documents of the corpus being loaded, so a
stream batch or a Dask partition would decide it from its own documents only. Its inputs are
counts over documents, which add up across disjoint parts: :func:`outlet_lines` counts a
corpus (:class:`OutletLines`), counts of parts merge exactly, and a loader given the merged
counts (``boilerplate=<OutletLines>``) flags every part as the whole collection is flagged.
The core applies the rule (``_core.OutletRepeatedLines``); this module only adds arrays.

Example:
    >>> import presslens
    >>> footer = "Follow the Ledger for more reporting on water politics"
    >>> records = [{"id": f"d{i}", "outlet": "ledger", "text": f"Story {i}.\\n{footer}"}
    ...            for i in range(6)]
    >>> parts = [presslens.Corpus.from_records(records[:3]), presslens.Corpus.from_records(records[3:])]
    >>> [len(p.boilerplate) for p in parts]  # 3 documents: too few for the rule
    [0, 0]
    >>> counts = presslens.merge(*(presslens.outlet_lines(p) for p in parts))
    >>> counts == presslens.outlet_lines(presslens.Corpus.from_records(records))
    True
    >>> part = presslens.Corpus.from_records(records[:3], boilerplate=counts)
    >>> part.boilerplate[["doc_id", "reason"]].values.tolist()
    [['d0', 'outlet_repeated'], ['d1', 'outlet_repeated'], ['d2', 'outlet_repeated']]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus

__all__ = ["OutletLines", "merge_outlet_lines", "outlet_lines"]


class OutletLines:
    """The counts the outlet boilerplate rule decides on, for a corpus or a whole collection:
    per outlet, its number of documents and, per line (a hash of its normalised text), the
    number of its documents that hold it.

    Made by :func:`outlet_lines`; counts of disjoint parts merge exactly, in any order
    (:meth:`merge`, :func:`presslens.merge`), into the counts of the whole. Give them to a
    loader as ``boilerplate=`` (:meth:`presslens.Corpus.from_records` and the others,
    :func:`presslens.load`, :func:`presslens.stream`) to flag a part as the whole collection
    is flagged. Pickles as its arrays.

    Attributes:
        outlets: the outlets, sorted (``""`` for documents without one).
        n_docs: documents per outlet (int64, as ``outlets``).
        outlet, hash, df: one row per outlet and line: the outlet's index in ``outlets``
            (int64), the line's hash (uint64) and the number of the outlet's documents that
            hold it (int64); sorted by outlet and hash.

    Example:
        >>> import presslens
        >>> c = presslens.Corpus.from_texts(["A.\\nFooter", "B.\\nFooter"], outlets=["x", "x"])
        >>> counts = presslens.outlet_lines(c)
        >>> counts.outlets, counts.n_docs.tolist(), sorted(counts.df.tolist())
        (['x'], [2], [1, 1, 2])
        >>> counts.repeated()  # two documents: too few for the rule
        {'x': 0}
    """

    __slots__ = ("_table", "df", "hash", "n_docs", "outlet", "outlets")
    __hash__ = None  # type: ignore[assignment]  # compared by value, like arrays

    def __init__(
        self,
        outlets: Sequence[str],
        n_docs: Any,
        outlet: Any,
        hash: Any,  # the column's name
        df: Any,
    ) -> None:
        self.outlets: list[str] = [str(o) for o in outlets]
        self.n_docs: np.ndarray = np.ascontiguousarray(n_docs, dtype=np.int64)
        self.outlet: np.ndarray = np.ascontiguousarray(outlet, dtype=np.int64)
        self.hash: np.ndarray = np.ascontiguousarray(hash, dtype=np.uint64)
        self.df: np.ndarray = np.ascontiguousarray(df, dtype=np.int64)
        if len(self.n_docs) != len(self.outlets):
            raise ValueError("n_docs must have one count per outlet")
        if not len(self.outlet) == len(self.hash) == len(self.df):
            raise ValueError("outlet, hash and df must have as many rows")
        self._table: Any = None

    @classmethod
    def _of(cls, columns: dict[str, Any]) -> OutletLines:
        return cls(
            columns["outlets"], columns["n_docs"], columns["outlet"], columns["hash"], columns["df"]
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.outlets, self.n_docs, self.outlet, self.hash, self.df))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OutletLines):
            return NotImplemented
        return self.outlets == other.outlets and all(
            np.array_equal(a, b)
            for a, b in (
                (self.n_docs, other.n_docs),
                (self.outlet, other.outlet),
                (self.hash, other.hash),
                (self.df, other.df),
            )
        )

    def __repr__(self) -> str:
        return (
            f"<presslens.OutletLines: {len(self.outlets)} outlets, "
            f"{int(self.n_docs.sum())} documents, {len(self.hash)} lines>"
        )

    @property
    def frame(self) -> pd.DataFrame:
        """One row per outlet and line: outlet (name), hash, df, n_docs (of the outlet)."""
        import pandas as pd

        names = np.asarray(self.outlets, dtype=object)
        return pd.DataFrame(
            {
                "outlet": names[self.outlet] if len(self.outlet) else np.array([], dtype=object),
                "hash": self.hash,
                "df": self.df,
                "n_docs": self.n_docs[self.outlet],
            }
        )

    def merge(self, *others: OutletLines) -> OutletLines:
        """These counts and those of other disjoint parts of the collection, summed (per
        outlet, documents; per outlet and line, documents holding it). Exact and in any
        order: the counts of the whole collection.

        Raises:
            TypeError: a part that is not an :class:`OutletLines`.

        Example:
            >>> import presslens
            >>> a = presslens.outlet_lines(presslens.Corpus.from_texts(["A.\\nF"], outlets=["x"]))
            >>> b = presslens.outlet_lines(presslens.Corpus.from_texts(["B.\\nF"], outlets=["x"]))
            >>> m = a.merge(b)
            >>> m.n_docs.tolist(), sorted(m.df.tolist())
            ([2], [1, 1, 2])
        """
        return merge_outlet_lines([self, *others])

    def repeated(self) -> dict[str, int]:
        """The number of repeated lines the rule finds per outlet in these counts (lines a
        loader given them flags as ``outlet_repeated``)."""
        t = self._decided()
        return {o: len(t.repeated(o)) for o in t.outlets()}

    def _decided(self) -> _core.OutletRepeatedLines:
        """The rule applied by the core (kept: a stream decides once for all its batches)."""
        if self._table is None:
            self._table = _core.OutletRepeatedLines(
                self.outlets, self.n_docs, self.outlet, self.hash, self.df
            )
        return self._table


def outlet_lines(corpus: Corpus, *, threads: int = 0) -> OutletLines:
    """The counts of the outlet boilerplate rule over every document of ``corpus``
    (:class:`OutletLines`), whatever its boilerplate option: a corpus loaded with
    ``boilerplate=False`` gives the same counts, which makes the counting pass cheap.

    ``threads``: 0 = all cores; the result does not depend on it.

    ``corpus``: a :class:`presslens.Corpus`, a str (one document) or an iterable of str.

    Raises:
        TypeError: ``corpus`` is none of these.

    Example:
        >>> import presslens
        >>> presslens.outlet_lines(presslens.sample_corpus(boilerplate=False)) == (
        ...     presslens.outlet_lines(presslens.sample_corpus()))
        True
    """
    from ._inputs import as_corpus

    corpus = as_corpus(corpus, "outlet_lines")
    return OutletLines._of(_core.outlet_line_counts(corpus._core, threads))


def merge_outlet_lines(parts: Iterable[OutletLines]) -> OutletLines:
    """:meth:`OutletLines.merge` of several counts: outlets united and sorted, rows of one
    outlet and line summed, sorted by outlet and hash (vectorised)."""
    parts = list(parts)
    for p in parts:
        if not isinstance(p, OutletLines):
            raise TypeError(f"cannot merge OutletLines with {type(p).__name__}")
    names = sorted(set().union(*(p.outlets for p in parts)))
    index = {o: k for k, o in enumerate(names)}
    n_docs = np.zeros(len(names), dtype=np.int64)
    outlet, hashes, df = [], [], []
    for p in parts:
        where = np.asarray([index[o] for o in p.outlets], dtype=np.int64)
        if len(where):
            np.add.at(n_docs, where, p.n_docs)
            outlet.append(where[p.outlet])
        hashes.append(p.hash)
        df.append(p.df)
    o = np.concatenate(outlet) if outlet else np.zeros(0, np.int64)
    h = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    d = np.concatenate(df) if df else np.zeros(0, np.int64)
    order = np.lexsort((h, o))
    o, h, d = o[order], h[order], d[order]
    if len(o):
        start = np.flatnonzero(np.r_[True, (o[1:] != o[:-1]) | (h[1:] != h[:-1])])
        o, h, d = o[start], h[start], np.add.reduceat(d, start)
    return OutletLines(names, n_docs, o, h, d)


def boilerplate_options(boilerplate: Any) -> dict[str, Any]:
    """The core loaders' ``boilerplate`` and ``outlet_lines`` arguments for a public
    ``boilerplate=`` option: a bool as it is (no table: loading exactly as before), counts
    (or a table already decided, as Dask sends it) as the decided table."""
    if isinstance(boilerplate, OutletLines):
        return {"boilerplate": True, "outlet_lines": boilerplate._decided()}
    if isinstance(boilerplate, _core.OutletRepeatedLines):
        return {"boilerplate": True, "outlet_lines": boilerplate}
    if isinstance(boilerplate, str):
        raise TypeError(
            f"boilerplate must be True, False or the OutletLines of the collection, not "
            f'{boilerplate!r} ("collection" is an option of presslens.stream and '
            "presslens.dask, which read their inputs in parts)"
        )
    return {"boilerplate": boilerplate}


def with_boilerplate(options: dict[str, Any]) -> dict[str, Any]:
    """Loader keyword options with their ``boilerplate`` made core arguments."""
    if "boilerplate" not in options:
        return options
    rest = {k: v for k, v in options.items() if k != "boilerplate"}
    return {**rest, **boilerplate_options(options["boilerplate"])}
