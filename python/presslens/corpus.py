"""Corpus loading and segmentation views.

The core (``presslens._core``) reads, decodes, segments and flags boilerplate; this
module turns its column arrays into pandas DataFrames and offers the loading
conveniences (records, DataFrames, a single entry point :func:`load`).
"""

from __future__ import annotations

import json
import math
import operator
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

import numpy as np

from . import _core
from ._inputs import as_texts
from ._outlet_lines import OutletLines, boilerplate_options, with_boilerplate

if TYPE_CHECKING:
    import pandas as pd

Errors = Literal["replace", "strict"]
ParagraphMode = Literal["auto", "line", "blank"]

TOKEN_KINDS = ("word", "number", "punct", "symbol", "clitic")
_STANDARD = ("id", "text", "outlet", "date", "title")
_Item = TypeVar("_Item")


@dataclass(frozen=True)
class Token:
    """One token: its text and code-point offsets into the text it came from.

    Example:
        >>> from presslens import tokenize
        >>> tokenize("Müller’s view")[0]
        Token(text='Müller', start=0, end=6, kind='word')
    """

    text: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Span:
    """A sentence or paragraph: its text and code-point offsets.

    Example:
        >>> from presslens import sentences
        >>> sentences("Talks failed. Both sides left.")[1]
        Span(text='Both sides left.', start=14, end=30)
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """One document of a corpus (a copy: changing it does not change the corpus).

    Example:
        >>> from presslens import Corpus
        >>> doc = Corpus.from_texts(["Talks resumed."], ids=["a1"], outlets=["wire"])["a1"]
        >>> doc.id, doc.outlet, doc.text
        ('a1', 'wire', 'Talks resumed.')
    """

    id: str
    text: str
    outlet: str
    date: str
    title: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)


class _Offsets(Sequence[_Item]):
    """Shared by :class:`Spans` and :class:`Tokens`: one text and an (n, 2) int64 array of
    code-point (start, end) offsets; items are built when they are read."""

    __slots__ = ("_offsets", "_text")
    __hash__ = None  # type: ignore[assignment]  # a mutable-looking sequence, like list

    def __init__(self, text: str, offsets: np.ndarray) -> None:
        self._text = text
        self._offsets = offsets

    def _item(self, start: int, end: int, i: int) -> _Item:
        raise NotImplementedError

    def _slice(self, index: slice) -> _Offsets[_Item]:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> _Item: ...
    @overload
    def __getitem__(self, index: slice) -> _Offsets[_Item]: ...
    def __getitem__(self, index: int | slice) -> _Item | _Offsets[_Item]:
        if isinstance(index, slice):
            return self._slice(index)
        n = len(self._offsets)
        i = operator.index(index)
        if not -n <= i < n:
            raise IndexError(f"index {index} out of range for {n} items")
        i = i + n if i < 0 else i
        start, end = self._offsets[i].tolist()
        return self._item(start, end, i)

    def __iter__(self) -> Iterator[_Item]:
        for i, (start, end) in enumerate(self._offsets.tolist()):
            yield self._item(start, end, i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Offsets):
            return (
                type(self) is type(other)
                and self._text == other._text
                and bool(np.array_equal(self._offsets, other._offsets))
                and self._same_extra(other)
            )
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def _same_extra(self, other: _Offsets[_Item]) -> bool:
        return True

    def __repr__(self) -> str:
        items = [repr(x) for x in self[:3]]
        more = f", ... ({len(self)} in all)" if len(self) > 3 else ""
        return f"{type(self).__name__}([{', '.join(items)}{more}])"

    @property
    def text(self) -> str:
        """The text the offsets point into."""
        return self._text

    @property
    def starts(self) -> np.ndarray:
        """Start offsets (code points, int64; a read-only view)."""
        return _read_only(self._offsets[:, 0])

    @property
    def ends(self) -> np.ndarray:
        """End offsets (code points, int64, exclusive; a read-only view)."""
        return _read_only(self._offsets[:, 1])

    @property
    def texts(self) -> list[str]:
        """The text of every item."""
        t = self._text
        return [t[s:e] for s, e in self._offsets.tolist()]


def _read_only(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


class Spans(_Offsets[Span]):
    """The sentences of one text, as :func:`sentences` returns them: a sequence of
    :class:`Span` built on access from numpy offsets (``starts``, ``ends``), so that a call
    costs little more than the segmentation itself.

    It compares equal to a list of the same spans.

    Example:
        >>> s = sentences("Talks failed. Both sides left.")
        >>> len(s), s[0].text, s.starts.tolist(), s.ends.tolist()
        (2, 'Talks failed.', [0, 14], [13, 30])
        >>> s.to_frame().values.tolist()
        [[0, 13, 'Talks failed.'], [14, 30, 'Both sides left.']]
    """

    __slots__ = ()

    def _item(self, start: int, end: int, i: int) -> Span:
        return Span(self._text[start:end], start, end)

    def _slice(self, index: slice) -> Spans:
        return Spans(self._text, self._offsets[index])

    def to_frame(self) -> pd.DataFrame:
        """One row per span: start, end, text."""
        import pandas as pd

        return pd.DataFrame({"start": self.starts, "end": self.ends, "text": self.texts})


class Tokens(_Offsets[Token]):
    """The tokens of one text, as :func:`tokenize` returns them: a sequence of
    :class:`Token` built on access from numpy offsets (``starts``, ``ends``, ``kind_codes``).

    It compares equal to a list of the same tokens.

    Example:
        >>> t = tokenize("Nuland’s visit")
        >>> t.texts, t.kinds
        (['Nuland', '’s', 'visit'], ['word', 'clitic', 'word'])
        >>> t[-1]
        Token(text='visit', start=9, end=14, kind='word')
    """

    __slots__ = ("_kinds",)

    def __init__(self, text: str, offsets: np.ndarray, kinds: np.ndarray) -> None:
        super().__init__(text, offsets)
        self._kinds = kinds

    def _item(self, start: int, end: int, i: int) -> Token:
        return Token(self._text[start:end], start, end, TOKEN_KINDS[self._kinds[i]])

    def __iter__(self) -> Iterator[Token]:
        t = self._text
        for (start, end), k in zip(self._offsets.tolist(), self._kinds.tolist(), strict=True):
            yield Token(t[start:end], start, end, TOKEN_KINDS[k])

    def _slice(self, index: slice) -> Tokens:
        return Tokens(self._text, self._offsets[index], self._kinds[index])

    def _same_extra(self, other: _Offsets[Token]) -> bool:
        return isinstance(other, Tokens) and bool(np.array_equal(self._kinds, other._kinds))

    @property
    def kind_codes(self) -> np.ndarray:
        """Token kinds as codes (uint8, indices into ``presslens.corpus.TOKEN_KINDS``)."""
        return _read_only(self._kinds)

    @property
    def kinds(self) -> list[str]:
        """Token kinds as names: word, number, punct, symbol, clitic."""
        return [TOKEN_KINDS[k] for k in self._kinds.tolist()]

    def to_frame(self) -> pd.DataFrame:
        """One row per token: start, end, kind, text."""
        import pandas as pd

        return pd.DataFrame(
            {
                "start": self.starts,
                "end": self.ends,
                "kind": np.asarray(TOKEN_KINDS, dtype=object)[self._kinds],
                "text": self.texts,
            }
        )


@overload
def tokenize(text: str, *, threads: int = 0) -> Tokens: ...
@overload
def tokenize(text: Iterable[str], *, threads: int = 0) -> list[Tokens]: ...
def tokenize(text: str | Iterable[str], *, threads: int = 0) -> Tokens | list[Tokens]:
    """Split ``text`` into tokens with code-point offsets (``text[t.start:t.end] == t.text``).

    Words keep inner apostrophes and hyphens and the periods of abbreviations
    ("U.S.", "Mr."); possessive clitics are split off ("Nuland's" -> "Nuland", "'s");
    numbers keep decimals and thousands separators; punctuation and emoji are tokens.

    Returns :class:`Tokens`, a sequence of :class:`Token` built on access (offsets in numpy
    arrays: ``starts``, ``ends``, ``kinds``, ``to_frame()``). Given an iterable of str,
    returns one :class:`Tokens` per text, segmented in one call on ``threads`` threads
    (0 = all cores; the result does not depend on it).

    Raises:
        TypeError: ``text`` is neither a str nor an iterable of str.

    Example:
        >>> [t.text for t in tokenize("Рябков's 3.5% “deal” 🙂")]
        ['Рябков', "'s", '3.5', '%', '“', 'deal', '”', '🙂']
        >>> [len(t) for t in tokenize(["One two.", "Three"])]
        [3, 1]
    """
    if isinstance(text, str):
        offsets, kinds = _core.token_offsets(text)
        return Tokens(text, offsets, kinds)
    texts = as_texts(text, "tokenize", corpus=False)
    offsets, kinds = _core.token_offsets_many(texts, threads)
    return [Tokens(t, o, k) for t, o, k in zip(texts, offsets, kinds, strict=True)]


@overload
def sentences(text: str, *, paragraphs: ParagraphMode = "auto", threads: int = 0) -> Spans: ...
@overload
def sentences(
    text: Iterable[str], *, paragraphs: ParagraphMode = "auto", threads: int = 0
) -> list[Spans]: ...
def sentences(
    text: str | Iterable[str], *, paragraphs: ParagraphMode = "auto", threads: int = 0
) -> Spans | list[Spans]:
    """Split ``text`` into sentences with code-point offsets.

    Survives abbreviations and titles ("U.S.", "Mr.", "Gen."), initials, decimals and
    quotes that end a sentence; a paragraph break always ends a sentence.

    Returns :class:`Spans`, a sequence of :class:`Span` built on access (offsets in numpy
    arrays: ``starts``, ``ends``, ``to_frame()``). Given an iterable of str, returns one
    :class:`Spans` per text, segmented in one call on ``threads`` threads (0 = all cores;
    the result does not depend on it).

    Raises:
        TypeError: ``text`` is neither a str nor an iterable of str.

    Example:
        >>> [s.text for s in sentences('Mr. Ryabkov met Gen. Smith. "It was useful," he said.')]
        ['Mr. Ryabkov met Gen. Smith.', '"It was useful," he said.']
        >>> [len(s) for s in sentences(["One. Two.", "Three."])]
        [2, 1]
    """
    if isinstance(text, str):
        return Spans(text, _core.sentence_offsets(text, paragraphs))
    texts = as_texts(text, "sentences", corpus=False)
    offsets = _core.sentence_offsets_many(texts, paragraphs, threads)
    return [Spans(t, o) for t, o in zip(texts, offsets, strict=True)]


class Corpus:
    """Documents decoded, segmented and checked for boilerplate by the C++ core.

    Build one with :meth:`from_folder`, :meth:`from_jsonl`, :meth:`from_records`,
    :meth:`from_dataframe`, :meth:`from_texts` or :func:`presslens.load`. Every input
    document is either in :attr:`documents` or in :attr:`warnings`
    (``len(corpus) + skipped == corpus.n_inputs``).

    ``boilerplate`` (every loader): True flags boilerplate lines (docs/loading.md), False
    keeps them all as content; the :class:`presslens.OutletLines` of a whole collection
    this corpus is part of (:func:`presslens.outlet_lines` of its parts, merged) decides the
    rule for lines repeated across an outlet's documents from those counts, so the part is
    flagged as the whole collection is (a ``ValueError`` for a document of an outlet the
    counts do not know).

    Example:
        >>> corpus = Corpus.from_texts(["Moscow said no. Washington agreed."], outlets=["wire"])
        >>> corpus.sentences()["text"].tolist()
        ['Moscow said no.', 'Washington agreed.']
    """

    def __init__(self, core: _core.Corpus) -> None:
        if not isinstance(core, _core.Corpus):
            raise TypeError(
                f"Corpus() wraps a core corpus, not {type(core).__name__}; build one with "
                "Corpus.from_texts(texts), Corpus.from_records(records), "
                "Corpus.from_folder(path) or presslens.load(path)"
            )
        self._core = core
        self._index: dict[str, int] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # The core corpus pickles as one byte string (texts, metadata, warnings, options);
        # its segmentation is recomputed on load, which gives the same tables.
        return (type(self), (self._core,))

    # ---- construction ----------------------------------------------------------------
    @classmethod
    def from_folder(
        cls,
        folder: str | os.PathLike[str],
        *,
        errors: Errors = "replace",
        threads: int = 0,
        extension: str = ".txt",
        recursive: bool = False,
        follow_symlinks: bool = False,
        paragraphs: ParagraphMode = "auto",
        boilerplate: bool | OutletLines = True,
    ) -> Corpus:
        """Load every ``*.txt`` file of ``folder`` (sorted by name; ids are file stems).

        A ``metadata.jsonl`` or ``metadata.csv`` in the folder gives ``outlet``, ``date``,
        ``title`` and any other field per file (matched on ``file`` or ``id``). Symbolic
        links are skipped with a warning unless ``follow_symlinks=True``.

        Raises:
            OSError: the folder does not exist or cannot be read.
            ValueError: invalid UTF-8 under ``errors="strict"``, or a bad option.

        Example:
            >>> c = Corpus.from_folder(sample_corpus_path())
            >>> c.documents["outlet"].nunique() >= 5
            True
        """
        return cls(
            _core.Corpus.from_folder(
                os.fspath(folder),
                errors=errors,
                threads=threads,
                extension=extension,
                recursive=recursive,
                follow_symlinks=follow_symlinks,
                paragraphs=paragraphs,
                **boilerplate_options(boilerplate),
            )
        )

    @classmethod
    def from_jsonl(
        cls,
        path: str | os.PathLike[str],
        *,
        errors: Errors = "replace",
        threads: int = 0,
        id_field: str = "id",
        text_field: str = "text",
        outlet_field: str = "outlet",
        date_field: str = "date",
        title_field: str = "title",
        paragraphs: ParagraphMode = "auto",
        boilerplate: bool | OutletLines = True,
    ) -> Corpus:
        """Load one JSON object per line; other fields are kept as metadata.

        A malformed line, or one without a string text field, becomes a warning with its
        line number (``ValueError`` under ``errors="strict"``). Lines without an id get
        ``<file stem>:<line>``.

        Raises:
            OSError: the file does not exist or cannot be read.

        Example:
            >>> import tempfile, pathlib
            >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.jsonl"
            >>> _ = p.write_text('{"id": "a", "text": "Hi."}\\n{oops\\n', encoding="utf-8")
            >>> c = Corpus.from_jsonl(p)
            >>> len(c), c.warnings["code"].tolist()
            (1, ['malformed_json'])
        """
        return cls(
            _core.Corpus.from_jsonl(
                os.fspath(path),
                errors=errors,
                threads=threads,
                id_field=id_field,
                text_field=text_field,
                outlet_field=outlet_field,
                date_field=date_field,
                title_field=title_field,
                paragraphs=paragraphs,
                **boilerplate_options(boilerplate),
            )
        )

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        id_field: str = "id",
        text_field: str = "text",
        outlet_field: str = "outlet",
        date_field: str = "date",
        title_field: str = "title",
        errors: Errors = "replace",
        threads: int = 0,
        paragraphs: ParagraphMode = "auto",
        boilerplate: bool | OutletLines = True,
    ) -> Corpus:
        """Build a corpus from mappings (dicts, rows); other fields are kept as metadata.

        Raises:
            TypeError: a record's text is neither ``str`` nor ``bytes`` (names the record).

        Example:
            >>> c = Corpus.from_records([{"id": "x", "text": "Peace talks.", "outlet": "A"}])
            >>> c[0].outlet
            'A'
        """
        ids: list[str] = []
        texts: list[str | bytes] = []
        outlets: list[str] = []
        dates: list[str] = []
        titles: list[str] = []
        metas: list[str] = []
        standard = {id_field, text_field, outlet_field, date_field, title_field}
        for i, rec in enumerate(records):
            text = rec.get(text_field)
            if not isinstance(text, (str, bytes)):
                raise TypeError(
                    f"record {i}: field {text_field!r} must be str or bytes, "
                    f"not {type(text).__name__}"
                )
            ident = rec.get(id_field)
            ids.append(str(i) if _missing(ident) else str(ident))
            texts.append(text)
            outlets.append(_str_or_empty(rec.get(outlet_field)))
            dates.append(_str_or_empty(rec.get(date_field)))
            titles.append(_str_or_empty(rec.get(title_field)))
            extra = {k: v for k, v in rec.items() if k not in standard}
            metas.append(json.dumps(extra, default=str, ensure_ascii=False) if extra else "{}")
        return cls(
            _core.Corpus.from_records(
                ids,
                texts,
                outlets,
                dates,
                titles,
                metas,
                errors=errors,
                threads=threads,
                paragraphs=paragraphs,
                **boilerplate_options(boilerplate),
            )
        )

    @classmethod
    def from_dataframe(cls, df: pd.DataFrame, **kwargs: Any) -> Corpus:
        """Build a corpus from a DataFrame with one row per document.

        Takes the same keyword arguments as :meth:`from_records` (field names are column
        names); other columns are kept as metadata.

        Example:
            >>> import pandas as pd
            >>> c = Corpus.from_dataframe(pd.DataFrame({"text": ["A.", "B."], "outlet": ["x", "y"]}))
            >>> c.documents["outlet"].tolist()
            ['x', 'y']
        """
        return cls.from_records(df.to_dict(orient="records"), **kwargs)

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str | bytes],
        *,
        ids: Iterable[str] | None = None,
        outlets: Iterable[str] | None = None,
        **kwargs: Any,
    ) -> Corpus:
        """Build a corpus from texts (ids default to "0", "1", ...).

        Example:
            >>> len(Corpus.from_texts(["one", "two"]))
            2
        """
        texts = list(texts)
        id_list = [str(i) for i in range(len(texts))] if ids is None else list(ids)
        outlet_list = [""] * len(texts) if outlets is None else list(outlets)
        if len(id_list) != len(texts) or len(outlet_list) != len(texts):
            raise ValueError("ids and outlets must have as many items as texts")
        unknown = set(kwargs) - {"errors", "threads", "paragraphs", "boilerplate"}
        if unknown:
            raise TypeError(f"from_texts() got unexpected keyword arguments: {sorted(unknown)}")
        for i, t in enumerate(texts):
            if not isinstance(t, (str, bytes)):
                raise TypeError(f"text {i} must be str or bytes, not {type(t).__name__}")
        # The columns go to the core as they are (no record per text: a 100 MB batch is
        # tens of thousands of them).
        n = len(texts)
        return cls(
            _core.Corpus.from_records(
                [str(k) if _missing(v) else str(v) for k, v in enumerate(id_list)],
                texts,
                [_str_or_empty(o) for o in outlet_list],
                [""] * n,
                [""] * n,
                ["{}"] * n,
                **with_boilerplate(kwargs),
            )
        )

    # ---- access ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._core)

    def __iter__(self) -> Iterator[Document]:
        for i in range(len(self)):
            yield self[i]

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            if self._index is None:
                self._index = {ident: i for i, ident in enumerate(self._core.ids())}
            if key not in self._index:
                raise KeyError(f"no document with id {key!r}")
            index = self._index[key]
        else:
            index = key + len(self) if key < 0 else key
        if not 0 <= index < len(self):
            raise IndexError(f"document index {key} out of range for {len(self)} documents")
        ident, text, outlet, date, title, source, meta = self._core.document(index)
        return Document(ident, text, outlet, date, title, source, json.loads(meta))

    def __repr__(self) -> str:
        return f"<presslens.Corpus: {len(self)} documents, {len(self._core.warnings()['code'])} warnings>"

    @property
    def ids(self) -> list[str]:
        """Document ids in corpus order."""
        return self._core.ids()

    @property
    def texts(self) -> list[str]:
        """Document texts (decoded, repaired) in corpus order."""
        return self._core.texts()

    @property
    def n_inputs(self) -> int:
        """Documents seen in the input: ``len(corpus)`` plus the skipped ones."""
        return self._core.n_inputs

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document: id, outlet, date, title, source, counts, and metadata."""
        import pandas as pd

        stats = self._core.doc_stats()
        df = pd.DataFrame(
            {
                "id": self._core.ids(),
                "outlet": self._core.outlets(),
                "date": self._core.dates(),
                "title": self._core.titles(),
                "source": self._core.sources(),
                **{k: stats[k] for k in stats},
            }
        )
        metas = [json.loads(m) if m != "{}" else {} for m in self._core.metas()]
        if any(metas):
            extra = pd.DataFrame(metas)
            for col in extra.columns:
                name = col if col not in df.columns else f"meta_{col}"
                df[name] = extra[col].to_numpy()
        return df

    @property
    def warnings(self) -> pd.DataFrame:
        """Per-document problems: doc_id, source, line, offset (bytes), code, message."""
        import pandas as pd

        w = self._core.warnings()
        return pd.DataFrame(w, columns=["doc_id", "source", "line", "offset", "code", "message"])

    @property
    def boilerplate(self) -> pd.DataFrame:
        """Lines flagged as boilerplate and left out of analyses: doc_id, line, start, end,
        reason, text (offsets in code points)."""
        p = self.paragraphs(include_boilerplate=True)
        b = p[p["boilerplate"] != ""].rename(columns={"boilerplate": "reason"})
        return b[["doc_id", "line", "start", "end", "reason", "text"]].reset_index(drop=True)

    def paragraphs(self, *, include_boilerplate: bool = False) -> pd.DataFrame:
        """One row per paragraph: doc_id, paragraph, line, start, end, n_sentences,
        boilerplate (reason or ""), text."""
        t = self._core.paragraph_table(True)
        return self._segment_frame(t, "paragraph", ("line", "n_sentences"), include_boilerplate)

    def sentences(self, *, include_boilerplate: bool = False) -> pd.DataFrame:
        """One row per sentence: doc_id, sentence, paragraph, start, end, n_tokens,
        boilerplate, text (offsets in code points into the document text).

        Example:
            >>> s = sample_corpus().sentences()
            >>> row = s.iloc[0]
            >>> sample_corpus()[row.doc_id].text[row.start:row.end] == row.text
            True
        """
        t = self._core.sentence_table(True)
        return self._segment_frame(t, "sentence", ("paragraph", "n_tokens"), include_boilerplate)

    def tokens(self) -> pd.DataFrame:
        """One row per token (boilerplate included): doc_id, sentence, start, end, kind, text."""
        t = self._core.token_table(True)
        df = self._frame(t, None)
        df["sentence"] = t["sentence"]
        df["kind"] = [TOKEN_KINDS[k] for k in t["kind"].tolist()]
        return df[["doc_id", "sentence", "start", "end", "kind", "text"]]

    def summary(self) -> dict[str, Any]:
        """Counts for a report: documents, inputs, skipped, outlets, tokens, sentences,
        boilerplate lines and warnings by code."""
        docs = self.documents
        w = self.warnings
        skipped = int(w["code"].str.startswith("skipped_").sum()) if len(w) else 0
        skipped += int(w["code"].isin(["malformed_json", "missing_text", "non_string_field"]).sum())
        return {
            "documents": len(self),
            "inputs": self.n_inputs,
            "skipped": skipped,
            "outlets": {
                str(k): int(v) for k, v in docs["outlet"].value_counts().sort_index().items()
            },
            "characters": int(docs["n_chars"].sum()),
            "tokens": int(docs["n_tokens"].sum()),
            "sentences": int(docs["n_sentences"].sum()),
            "paragraphs": int(docs["n_paragraphs"].sum()),
            "boilerplate_lines": int(docs["n_boilerplate"].sum()),
            "warnings": {str(k): int(v) for k, v in w["code"].value_counts().sort_index().items()},
        }

    def _segment_frame(
        self,
        t: Mapping[str, Any],
        index_name: str,
        extra: tuple[str, ...],
        include_boilerplate: bool,
    ) -> pd.DataFrame:
        """Sentence or paragraph rows: doc_id, index, extra columns, start, end, boilerplate
        reason ("" for content), text."""
        names = np.asarray([_core.boilerplate_name(i) for i in range(256)], dtype=object)
        df = self._frame(t, index_name)
        for col in extra:
            df[col] = t[col]
        df["boilerplate"] = names[t["boilerplate"]] if len(df) else np.array([], dtype=object)
        df = df[
            ["doc_id", index_name, *extra[:1], "start", "end", *extra[1:], "boilerplate", "text"]
        ]
        if not include_boilerplate:
            df = df[df["boilerplate"] == ""].reset_index(drop=True)
        return df

    def _frame(self, t: Mapping[str, Any], index_name: str | None) -> pd.DataFrame:
        import pandas as pd

        ids = np.asarray(self._core.ids(), dtype=object)
        texts = self._core.texts()
        doc = t["doc"]
        starts = t["start"].tolist()
        ends = t["end"].tolist()
        df = pd.DataFrame({"doc_id": ids[doc] if len(doc) else np.array([], dtype=object)})
        if index_name is not None:
            # position of the row within its document
            first = np.searchsorted(doc, doc, side="left") if len(doc) else doc
            df[index_name] = np.arange(len(doc)) - first
        df["start"] = t["start"]
        df["end"] = t["end"]
        df["text"] = [texts[d][s:e] for d, s, e in zip(doc.tolist(), starts, ends, strict=True)]
        return df


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _str_or_empty(v: Any) -> str:
    return "" if _missing(v) else str(v)


def load(path: str | os.PathLike[str], **kwargs: Any) -> Corpus:
    """Load a folder of ``.txt`` files or a ``.jsonl`` file, whichever ``path`` is.

    Raises:
        OSError: ``path`` does not exist.

    Example:
        >>> load(sample_corpus_path()).documents.shape[0] > 0
        True
    """
    p = Path(path)
    if p.is_dir():
        return Corpus.from_folder(p, **kwargs)
    if p.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return Corpus.from_jsonl(p, **kwargs)
    if p.exists():
        raise ValueError(f"{str(p)!r} is neither a folder nor a .jsonl file")
    raise FileNotFoundError(2, "No such file or folder", str(p))


def sample_corpus_path() -> Path:
    """Folder of the sample corpus shipped with presslens (original text written for it).

    Example:
        >>> (sample_corpus_path() / "metadata.jsonl").is_file()
        True
    """
    return Path(str(resources.files("presslens") / "data" / "sample"))


def sample_corpus(**kwargs: Any) -> Corpus:
    """The bundled sample corpus: a fictional event reported by six outlets.

    Example:
        >>> c = sample_corpus()
        >>> sorted(c.documents["outlet"].unique())[:2]
        ['northern-wire', 'rewrite-daily']
    """
    return Corpus.from_folder(sample_corpus_path(), **kwargs)
