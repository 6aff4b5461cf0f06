"""People, organisations and places with aliases resolved across outlets, and co-mentions.

The detection rules, the alias resolution and the counting are in the C++ core; this
module loads the gazetteers shipped in ``presslens/data/gazetteer`` and presents the
results as pandas, scipy.sparse and networkx views.

A private module: use its public names from the package (``presslens.entities``,
``presslens.comentions``, ``presslens.Entities`` ...). It is not called ``entities``
because the function ``presslens.entities`` would hide it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from . import _core
from ._columns import strings
from ._inputs import as_corpus
from .corpus import Corpus

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import scipy.sparse

EntityType = Literal["PERSON", "ORG", "PLACE", "OTHER"]
Scope = Literal["sentence", "paragraph", "document", "window"]
Measure = Literal["count", "expected", "pmi", "npmi", "g2", "chi2", "dice", "jaccard"]

TYPE_NAMES: tuple[EntityType, ...] = ("PERSON", "ORG", "PLACE", "OTHER")
MEASURES: tuple[str, ...] = ("count", "expected", "pmi", "npmi", "g2", "chi2", "dice", "jaccard")
_GAZETTEER_FILES = ("places.tsv", "organisations.tsv", "titles.tsv", "given_names.tsv")


def _read_gazetteer_texts() -> list[str]:
    folder = resources.files("presslens") / "data" / "gazetteer"
    return [(folder / name).read_text(encoding="utf-8") for name in _GAZETTEER_FILES]


@functools.lru_cache(maxsize=1)
def _shipped_gazetteer_texts() -> tuple[str, ...]:
    return tuple(_read_gazetteer_texts())


GazetteerEntries = Mapping[str, tuple[EntityType, Sequence[str]]]


def read_gazetteer_entries(path: str | os.PathLike[str]) -> dict[str, tuple[EntityType, list[str]]]:
    """Read user gazetteer entries from a TSV file: ``name<TAB>type<TAB>aliases`` with
    aliases separated by ``|`` and ``#`` comment lines.

    Raises:
        ValueError: a line without a valid type, naming the file and line.

    Example:
        >>> entries = read_gazetteer_entries(sample_gazetteer_path())
        >>> entries["Valdoria"]
        ('PLACE', ['Republic of Valdoria'])
    """
    out: dict[str, tuple[EntityType, list[str]]] = {}
    with open(path, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2 or cols[1].strip() not in TYPE_NAMES:
                raise ValueError(
                    f"{os.fspath(path)} line {no}: expected name<TAB>type<TAB>aliases with type "
                    f"one of {', '.join(TYPE_NAMES)}"
                )
            aliases = [a.strip() for a in cols[2].split("|")] if len(cols) > 2 else []
            out[cols[0].strip()] = (cols[1].strip(), [a for a in aliases if a])  # type: ignore[assignment]
    return out


def sample_gazetteer_path() -> str:
    """Gazetteer entries for the fictional places and outlets of the sample corpus.

    Example:
        >>> import presslens
        >>> presslens.read_gazetteer_entries(presslens.sample_gazetteer_path())["Valdoria"]
        ('PLACE', ['Republic of Valdoria'])
    """
    return str(resources.files("presslens") / "data" / "sample" / "entities.tsv")


def gazetteer(extra: GazetteerEntries | None = None) -> _core.Gazetteer:
    """The shipped gazetteers (places, organisations, titles, given names), plus ``extra``
    entries ``{name: (type, [aliases])}``.

    Example:
        >>> g = gazetteer({"Riverine Commission": ("ORG", ["R.C.", "the Commission"])})
    """
    g = _core.Gazetteer.from_tsv(*_shipped_gazetteer_texts())
    for name, (etype, aliases) in (extra or {}).items():
        g.add(name, etype, list(aliases))
    return g


class Entities:
    """Entities of a corpus: ``mentions``, ``table`` and the merge log ``merges``.

    Built by :func:`entities`. Entity ids are row numbers of :attr:`table`.

    Example:
        >>> import presslens
        >>> ents = presslens.entities(presslens.sample_corpus(),
        ...                           gazetteer_entries=presslens.sample_gazetteer_path())
        >>> ents.table["name"].head(2).tolist()
        ['Yevgeny Sorokin', 'Helena Marsh']
        >>> sorted(ents.table.loc[ents.id_of("Sorokin"), "aliases"])
        ['Evgenii Sorokin', 'Evgeny Sorokin', 'Sorokin', 'Yevgeny Sorokin']
        >>> m = ents.mentions.iloc[0]
        >>> ents.corpus[m.doc_id].text[m.start:m.end] == m.text
        True
    """

    def __init__(self, corpus: Corpus | None, result: _core.EntityResult) -> None:
        # corpus is None for entities resolved from merged partials (EntityPartials.resolve):
        # their mention columns, texts and document ids come from the partials.
        self.corpus = corpus
        self._result = result
        self._table: pd.DataFrame | None = None
        self._mentions: pd.DataFrame | None = None
        self._resolved: dict[str, Any] | None = None
        # Cached by presslens._partials: a digest of the documents and entity table that
        # partials are checked with, and a hash index of the document ids.
        self._partial_key: bytes | None = None
        self._doc_index: pd.Index | None = None

    def __len__(self) -> int:
        return len(self._result)

    def __repr__(self) -> str:
        return f"<presslens.Entities: {len(self)} entities, {len(self.mentions)} mentions>"

    def __getstate__(self) -> dict[str, Any]:
        # The core result pickles as one byte string; the frames are rebuilt from it.
        state = self.__dict__.copy()
        state["_table"] = None
        state["_mentions"] = None
        state["_doc_index"] = None
        return state

    @property
    def table(self) -> pd.DataFrame:
        """One row per entity: entity_id, name, type, aliases, roles, n_mentions, n_docs,
        outlets, gender, confidence, affiliation (the country or organisation its roles
        name, "Russian Deputy Foreign Minister" -> "Russia"; for an organisation or place its
        own, "Kremlin" -> "Russia"; empty when unknown; see docs/entities.md)."""
        if self._table is None:
            import pandas as pd

            cols = self._result.entities()
            df = pd.DataFrame(cols)
            df.insert(0, "entity_id", np.arange(len(df), dtype=np.int64))
            self._table = df
        return self._table

    @property
    def mentions(self) -> pd.DataFrame:
        """One row per mention: doc_id, start, end (code points), text, entity_id, name,
        type, sentence, paragraph, role (the title before the name), confidence."""
        if self._mentions is None:
            import pandas as pd

            if self.corpus is None:
                m = self._resolved or {}
                doc = m["doc"]
                names = np.asarray(self.table["name"].tolist(), dtype=object)
                ids = np.asarray(m["doc_ids"], dtype=object)
                s: dict[str, Any] = {
                    "doc_id": ids[doc] if len(doc) else np.array([], dtype=object),
                    "text": list(m["text"]),
                    "name": names[m["entity"]] if len(doc) else np.array([], dtype=object),
                    "type": [TYPE_NAMES[t] for t in m["type"].tolist()],
                    "role": list(m["role_text"]),
                }
            else:
                # The text columns come from the core as UTF-8 buffers: no Python work per
                # mention (slicing the texts per row was most of the time of this property).
                m = self._result.mentions(self.corpus._core)
                doc = m["doc"]
                s = {k: strings(v) for k, v in m["strings"].items()}
                if not len(doc):  # the dtypes of an empty table, as before
                    s["doc_id"] = s["name"] = np.array([], dtype=object)
            self._mentions = pd.DataFrame(
                {
                    "doc_id": s["doc_id"],
                    "start": m["start"],
                    "end": m["end"],
                    "text": s["text"],
                    "entity_id": m["entity"],
                    "name": s["name"],
                    "type": s["type"],
                    "sentence": m["sentence"],
                    "paragraph": m["paragraph"],
                    "role": s["role"],
                    "confidence": m["confidence"],
                }
            )
        return self._mentions

    @property
    def merges(self) -> pd.DataFrame:
        """Every merge with its reason: entity_id (NA when a merge was refused or
        ambiguous), name, form, reason."""
        import pandas as pd

        m = self._result.merges()
        names = self.table["name"].tolist()
        return pd.DataFrame(
            {
                "entity_id": pd.array(m["entity"], dtype="Int64"),
                "name": [names[e] if e is not None else None for e in m["entity"]],
                "form": m["form"],
                "reason": m["reason"],
            }
        )

    def id_of(self, name: str) -> int:
        """Entity id of a canonical name or alias (case-insensitive), or of the one entity
        whose name ends with ``name`` ("Peskov" for "Dmitry Peskov").

        Raises:
            KeyError: no entity has that name or alias, or several end with it.
        """
        low = name.casefold()
        t = self.table
        for i, (n, aliases) in enumerate(zip(t["name"], t["aliases"], strict=True)):
            if n.casefold() == low or any(a.casefold() == low for a in aliases):
                return i
        ends = [i for i, n in enumerate(t["name"]) if n.casefold().endswith(" " + low)]
        if len(ends) == 1:
            return ends[0]
        if ends:
            raise KeyError(f"{name!r} is ambiguous: {', '.join(t['name'][ends])}")
        raise KeyError(f"no entity named {name!r}")


def entities(
    corpus: Corpus,
    *,
    aliases: Mapping[str, str] | None = None,
    never_merge: Iterable[tuple[str, str]] | None = None,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    threads: int = 0,
) -> Entities:
    """Detect people, organisations and places and resolve their aliases across the corpus.

    Args:
        corpus: the documents (boilerplate lines are skipped).
        aliases: ``{alias: canonical}``; every mention written ``alias`` joins ``canonical``.
        never_merge: pairs of names that must stay separate entities.
        gazetteer_entries: extra ``{name: (type, [aliases])}`` entries, or the path of a
            TSV file of them (see :func:`read_gazetteer_entries`).
        threads: worker threads (0 = all cores).

    Returns:
        :class:`Entities` with ``mentions``, ``table`` and ``merges``.

    Example:
        >>> import presslens
        >>> ents = presslens.entities(presslens.sample_corpus(),
        ...                           gazetteer_entries=sample_gazetteer_path())
        >>> ents.table.loc[ents.id_of("Sorokin"), "type"]
        'PERSON'
    """
    corpus = as_corpus(corpus, "entities")
    if isinstance(gazetteer_entries, (str, os.PathLike)):
        gazetteer_entries = read_gazetteer_entries(gazetteer_entries)
    g = gazetteer(gazetteer_entries)
    result = _core.extract_entities(
        corpus._core,
        g,
        [(str(a), str(c)) for a, c in (aliases or {}).items()],
        [(str(a), str(b)) for a, b in (never_merge or [])],
        threads,
    )
    return Entities(corpus, result)


class CoMentions:
    """Co-mention counts and association measures between entities.

    ``matrix`` is the symmetric entity x entity ``scipy.sparse.csr_array`` of the chosen
    measure (counts by default), ``labels`` its row names; :meth:`to_frame` gives the edge
    list with every measure. With ``by=``, :attr:`by_group` holds one CoMentions per group.

    Example:
        >>> import presslens
        >>> co = presslens.comentions(presslens.Corpus.from_texts(
        ...     ["Victoria Nuland met Sergei Ryabkov in Moscow.", "Nuland and Ryabkov talked."]))
        >>> co.labels
        ['Sergei Ryabkov', 'Victoria Nuland', 'Moscow']
        >>> co.matrix.toarray().tolist()
        [[0.0, 2.0, 1.0], [2.0, 0.0, 1.0], [1.0, 1.0, 0.0]]
        >>> co.to_frame()[["source", "target", "count"]].values.tolist()[0]
        ['Sergei Ryabkov', 'Victoria Nuland', 2.0]
    """

    def __init__(
        self,
        ents: Entities,
        table: Mapping[str, Any],
        *,
        scope: Scope,
        window: int,
        types: Sequence[str],
        measure: Measure,
        min_count: int,
        group: str | None = None,
    ) -> None:
        self.entities = ents
        self._t = table
        self.scope = scope
        self.window = window
        self.types = tuple(types)
        self.measure = measure
        self.min_count = min_count
        self.group = group
        self.by_group: dict[str, CoMentions] = {}

    @property
    def labels(self) -> list[str]:
        """Entity names, in matrix order (entity ids)."""
        return self.entities.table["name"].tolist()

    @property
    def n_units(self) -> float:
        """Number of units (sentences, paragraphs, documents or windows) with a mention."""
        return float(self._t["n_units"])

    def _keep(self) -> np.ndarray:
        return np.asarray(self._t["count"] >= self.min_count)

    @property
    def matrix(self) -> scipy.sparse.csr_array:
        """Symmetric entity x entity matrix of ``measure`` for pairs with
        ``count >= min_count`` (the diagonal is empty)."""
        import scipy.sparse

        # The core's CSR of counts (both triangles, sorted columns) is the structure; another
        # measure takes each slot's value from its pair (min(row, col), max(row, col)) in the
        # pair list, which is sorted by (a, b).
        n = len(self.entities)
        indptr = np.asarray(self._t["indptr"])
        indices = np.asarray(self._t["indices"])
        counts = np.asarray(self._t["data"], dtype=np.float64)
        if self.measure == "count":
            values = counts
        else:
            rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
            cols = indices.astype(np.int64)
            slot_keys = np.minimum(rows, cols) * n + np.maximum(rows, cols)
            pair_keys = self._t["a"].astype(np.int64) * n + self._t["b"].astype(np.int64)
            pair = np.searchsorted(pair_keys, slot_keys)
            values = np.asarray(self._t[self.measure], dtype=np.float64)[pair]
        keep = counts >= self.min_count
        if not keep.all():
            kept_before = np.concatenate(([0], np.cumsum(keep)))
            indptr, indices, values = kept_before[indptr], indices[keep], values[keep]
        return scipy.sparse.csr_array((values, indices, indptr), shape=(n, n))

    def to_frame(self) -> pd.DataFrame:
        """Edge list: source, target, source_type, target_type, count, expected, pmi, npmi,
        g2, p_g2, chi2, p_chi2, dice, jaccard, sorted by the chosen measure."""
        import pandas as pd

        keep = self._keep()
        t = self.entities.table
        names = np.asarray(t["name"].tolist(), dtype=object)
        types = np.asarray(t["type"].tolist(), dtype=object)
        a = self._t["a"][keep]
        b = self._t["b"][keep]
        df = pd.DataFrame(
            {
                "source": names[a] if len(a) else np.array([], dtype=object),
                "target": names[b] if len(b) else np.array([], dtype=object),
                "source_id": a.astype(np.int64),
                "target_id": b.astype(np.int64),
                "source_type": types[a] if len(a) else np.array([], dtype=object),
                "target_type": types[b] if len(b) else np.array([], dtype=object),
                **{
                    k: np.asarray(self._t[k])[keep]
                    for k in ("count", "expected", "pmi", "npmi", "g2", "p_g2", "chi2", "p_chi2")
                },
                "dice": np.asarray(self._t["dice"])[keep],
                "jaccard": np.asarray(self._t["jaccard"])[keep],
            }
        )
        if self.group is not None:
            df.insert(0, "group", self.group)
        sort = self.measure if self.measure != "expected" else "count"
        return df.sort_values(
            [sort, "count", "source", "target"], ascending=[False, False, True, True]
        ).reset_index(drop=True)

    def evidence(self, a: str | int, b: str | int) -> pd.DataFrame:
        """The units (doc_id, start, end in code points, text) that mention both entities.

        Example:
            >>> import presslens
            >>> corpus = presslens.sample_corpus()
            >>> ev = presslens.comentions(corpus).evidence("Helena Marsh", "Yevgeny Sorokin")
            >>> ev.loc[1, "text"]  # doctest: +ELLIPSIS
            'In Geneva, the delegations led by ... Helena Marsh met for about four hours.'
            >>> all(corpus[d].text[s:e] == t for d, s, e, t in ev.itertuples(index=False))
            True
        """
        import pandas as pd

        if self.entities.corpus is None:
            raise ValueError(
                "evidence() reads the texts, and these co-mentions (from "
                "presslens.dask.comentions) have no corpus: load the documents of the pair "
                "into a Corpus and call presslens.comentions(...).evidence() on it"
            )
        ia = a if isinstance(a, int) else self.entities.id_of(a)
        ib = b if isinstance(b, int) else self.entities.id_of(b)
        ev = _core.comention_evidence(
            self.entities.corpus._core,
            self.entities._result,
            self.scope,
            self.window,
            list(self.types),
            ia,
            ib,
        )
        ids = self.entities.corpus.ids
        texts = self.entities.corpus.texts
        docs = ev["doc"].tolist()
        df = pd.DataFrame(
            {
                "doc_id": [ids[d] for d in docs],
                "start": ev["start"],
                "end": ev["end"],
                "text": [
                    texts[d][s:e]
                    for d, s, e in zip(docs, ev["start"].tolist(), ev["end"].tolist(), strict=True)
                ],
            }
        )
        if self.group is not None:
            outlets = self.entities.corpus.documents["outlet"].tolist()
            df = df[[outlets[d] == self.group for d in docs]].reset_index(drop=True)
        return df

    def to_networkx(self) -> nx.Graph:
        """Undirected graph: nodes are entities (type, n_mentions, aliases as attributes),
        edges carry every measure; only pairs with ``count >= min_count``."""
        import networkx as nx

        g = nx.Graph()
        t = self.entities.table
        used = set()
        frame = self.to_frame()
        used.update(frame["source_id"].tolist())
        used.update(frame["target_id"].tolist())
        for i in sorted(used):
            row = t.iloc[i]
            g.add_node(
                row["name"],
                type=row["type"],
                n_mentions=int(row["n_mentions"]),
                aliases="; ".join(row["aliases"]),
            )
        for r in frame.itertuples(index=False):
            g.add_edge(
                r.source,
                r.target,
                weight=float(getattr(r, self.measure)),
                **{k: float(getattr(r, k)) for k in MEASURES if k != "count"},
                count=int(r.count),
            )
        return g

    def to_graphml(self, path: str | os.PathLike[str]) -> None:
        """Write the graph as GraphML (Gephi, yEd, Cytoscape)."""
        import networkx as nx

        nx.write_graphml(self.to_networkx(), os.fspath(path))

    def to_gexf(self, path: str | os.PathLike[str]) -> None:
        """Write the graph as GEXF (Gephi)."""
        import networkx as nx

        nx.write_gexf(self.to_networkx(), os.fspath(path))


def comentions(
    corpus_or_entities: Corpus | Entities,
    *,
    scope: Scope = "sentence",
    window: int | None = None,
    measure: Measure = "count",
    by: str | None = None,
    min_count: int = 1,
    types: Sequence[EntityType] = ("PERSON", "ORG", "PLACE"),
    threads: int = 0,
) -> CoMentions:
    """Count entity pairs mentioned in the same unit and compute association measures.

    Units: ``scope="sentence"`` (default), ``"paragraph"``, ``"document"``, or
    ``"window"`` with ``window=N``: one unit per mention, holding the entities mentioned
    within N tokens after it. In a unit each entity counts once. With O11 the units with
    both entities, R1 and C1 the units with each, N the units with any kept mention and
    E11 = R1*C1/N: ``pmi = log2(O11/E11)``, ``npmi = pmi / -log2(O11/N)``, ``g2`` the
    log-likelihood ratio 2*sum(O ln O/E) over the 2x2 table (``p_g2``: chi-square, 1 df),
    ``chi2`` Pearson's with Yates' correction (``p_chi2``), ``dice = 2*O11/(R1+C1)``,
    ``jaccard = O11/(R1+C1-O11)``.

    Args:
        corpus_or_entities: a Corpus (entities are extracted with defaults) or Entities.
        measure: the value held by ``.matrix`` (every measure is in ``.to_frame()``).
        by: a document metadata column (e.g. "outlet"): ``.by_group`` holds one
            CoMentions per value (as a string; ``""`` for the documents without one).
        min_count: pairs with fewer co-mentions are left out of matrix, frame and graph.
        types: entity types to count.

    Example:
        >>> import presslens
        >>> co = presslens.comentions(presslens.sample_corpus(), measure="npmi", min_count=2)
        >>> set(co.to_frame().columns) >= {"source", "target", "count", "npmi", "g2"}
        True
    """
    corpus_or_entities = as_corpus(corpus_or_entities, "comentions", also=(Entities,))
    check_comention_options(measure, scope, window, min_count)
    ents = (
        corpus_or_entities
        if isinstance(corpus_or_entities, Entities)
        else entities(corpus_or_entities, threads=threads)
    )
    corpus = ents.corpus
    groups: list[int] = []
    names: list[str] = []
    if by is not None:
        docs = corpus.documents
        check_group_column(by, list(docs.columns))
        names, groups = document_groups(docs, by)
    tables = _core.count_comentions(
        corpus._core,
        ents._result,
        scope,
        int(window or 0),
        list(types),
        groups,
        len(names),
        threads,
    )
    return comentions_of(
        ents,
        tables[0],
        dict(zip(names, tables[1:], strict=True)),
        scope=scope,
        window=window,
        types=types,
        measure=measure,
        min_count=min_count,
    )


def check_comention_options(measure: str, scope: str, window: int | None, min_count: int) -> None:
    """The checks of :func:`comentions`' options (the core checks ``scope`` and ``types``)."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, not {measure!r}")
    if scope == "window":
        if not window or window < 1:
            raise ValueError('scope="window" needs window=N (tokens, N >= 1)')
    elif window is not None:
        raise ValueError('window= is only used with scope="window"')
    if min_count < 1:
        raise ValueError("min_count must be >= 1")


def check_group_column(by: str, columns: Sequence[str]) -> None:
    """ValueError unless ``by`` is one of the document ``columns``."""
    if by not in columns:
        raise ValueError(f"by={by!r} is not a document column ({', '.join(columns)})")


def document_groups(docs: pd.DataFrame, by: str) -> tuple[list[str], list[int]]:
    """The groups of :func:`comentions` ``by=``: the values of column ``by`` of ``docs`` as
    strings (a missing value as ""), sorted, and each document's index among them."""
    column = docs[by]
    # pandas 3 keeps a missing value missing through astype(str): it would not sort
    values = column.astype(str).where(column.notna(), "").tolist()
    names = sorted(set(values))
    index = {v: i for i, v in enumerate(names)}
    return names, [index[v] for v in values]


def comentions_of(
    ents: Entities,
    table: Mapping[str, Any],
    group_tables: Mapping[str, Mapping[str, Any]],
    *,
    scope: Scope,
    window: int | None,
    types: Sequence[EntityType],
    measure: Measure,
    min_count: int,
) -> CoMentions:
    """The :class:`CoMentions` of the core's tables (``_core.count_comentions`` or
    ``_core.sum_comention_tables``): the whole's and one per group, in order."""
    kwargs: dict[str, Any] = {
        "scope": scope,
        "window": int(window or 0),
        "types": types,
        "measure": measure,
        "min_count": min_count,
    }
    co = CoMentions(ents, table, **kwargs)
    for name, t in group_tables.items():
        co.by_group[name] = CoMentions(ents, t, group=name, **kwargs)
    return co


class EntityPartials:
    """Entity candidates of one part of a corpus (a stream batch, a Dask partition), to merge
    with the other parts' (:func:`presslens.merge`) and resolve once (:meth:`resolve`) into
    exactly the entities of the whole corpus: alias resolution is corpus-wide, so the parts
    carry what it needs (their candidates, the words they write in lower case, each
    candidate's affiliation evidence and offsets) and no text.

    Built by :func:`entity_partials`. Pickles compactly (arrays and one string buffer).

    Example:
        >>> import presslens
        >>> c = presslens.sample_corpus()
        >>> part = lambda a, b: presslens.Corpus.from_texts(c.texts[a:b], ids=c.ids[a:b])
        >>> m = presslens.merge(presslens.entity_partials(part(6, None)),
        ...                     presslens.entity_partials(part(0, 6)))
        >>> ents = m.resolve()
        >>> whole = presslens.entities(presslens.Corpus.from_texts(c.texts, ids=c.ids))
        >>> ents.table.equals(whole.table) and ents.mentions.equals(whole.mentions)
        True
    """

    def __init__(
        self, partial: _core.EntityPartial, gazetteer_entries: GazetteerEntries | None
    ) -> None:
        self._partial = partial
        self._gazetteer_entries = gazetteer_entries

    @property
    def doc_ids(self) -> list[str]:
        """The documents' ids, in order (after a merge: the canonical merged order)."""
        return list(self._partial.doc_ids)

    def __len__(self) -> int:
        return len(self._partial)

    def __repr__(self) -> str:
        return f"<presslens.EntityPartials: {len(self.doc_ids)} documents, {len(self)} candidates>"

    def merge(self, *others: EntityPartials) -> EntityPartials:
        """``presslens.merge(self, *others)``."""
        from ._merge import merge

        return merge(self, *others)

    def resolve(
        self,
        *,
        aliases: Mapping[str, str] | None = None,
        never_merge: Iterable[tuple[str, str]] | None = None,
        threads: int = 0,
    ) -> Entities:
        """Resolve the (merged) candidates once: the :class:`Entities` of the corpus of these
        documents in this order, as :func:`entities` finds them, with ``corpus`` None
        (mentions carry their document ids, offsets in code points and texts).

        Raises:
            ValueError: an empty alias, a never_merge pair naming one name twice.
        """
        result, cols = _core.resolve_entity_partial(
            self._partial,
            gazetteer(self._gazetteer_entries),
            [(str(a), str(c)) for a, c in (aliases or {}).items()],
            [(str(a), str(b)) for a, b in (never_merge or [])],
            threads,
        )
        ents = Entities(None, result)
        ents._resolved = cols
        return ents


def entity_partials(
    corpus: Corpus,
    *,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    threads: int = 0,
) -> EntityPartials:
    """Detect the entity candidates of one part of a corpus, for :func:`presslens.merge` and
    :meth:`EntityPartials.resolve`: merged and resolved, the parts give exactly
    ``presslens.entities`` of the whole corpus (documents in the natural order of their ids,
    as :func:`presslens.merge` orders term-matrix rows). Document ids must differ across
    parts. Boilerplate lines are flagged per part: build the parts'
    corpora with ``boilerplate=False`` for results that do not depend on the split.

    Example:
        >>> import presslens
        >>> p = presslens.entity_partials(presslens.sample_corpus())
        >>> len(p.resolve()) == len(presslens.entities(presslens.sample_corpus()))
        True
    """
    corpus = as_corpus(corpus, "entity_partials")
    if isinstance(gazetteer_entries, (str, os.PathLike)):
        gazetteer_entries = read_gazetteer_entries(gazetteer_entries)
    partial = _core.detect_entity_partial(corpus._core, gazetteer(gazetteer_entries), threads)
    return EntityPartials(partial, gazetteer_entries)
