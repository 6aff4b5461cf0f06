"""The one check of what a public analysis function was given.

Every function that reads documents calls one of these first, so that a wrong argument
gets a ``TypeError`` that says what the function takes, never an ``AttributeError`` from
deep inside, and a ``str`` or a list of ``str`` is a corpus of its own.

- :func:`as_corpus`: a :class:`~presslens.Corpus` as it is; a ``str`` (one document) or an
  iterable of ``str`` (one document each; a pandas Series gives its index as ids) built into
  one with :meth:`Corpus.from_texts`.
- :func:`as_texts`: the same inputs for the functions that read texts in place (a Corpus,
  or a list of ``str``; a Series is kept for its index).
- :func:`require`: one type only (a TermMatrix, say).

A DataFrame, a mapping, ``bytes``, ``None`` or anything that is not an iterable of ``str``
is refused: iterating them would give column names, keys or integers, not documents.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .corpus import Corpus

TEXTS = "a str (one document) or an iterable of str (one per document)"
CORPUS = f"a presslens.Corpus, {TEXTS}"
MANY = "a presslens.Corpus or an iterable of str (one per document)"


def _refuse(obj: Any, func: str, accepts: str) -> TypeError:
    hint = ""
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.DataFrame):
        hint = " (for a DataFrame, build the corpus with presslens.Corpus.from_dataframe(df))"
    elif isinstance(obj, Mapping):
        hint = " (for records, build the corpus with presslens.Corpus.from_records([...]))"
    elif isinstance(obj, (bytes, bytearray)):
        hint = " (decode the bytes first)"
    return TypeError(f"presslens.{func}() takes {accepts}, not {type(obj).__name__}{hint}")


def _str_list(obj: Any, func: str, accepts: str) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    pd = sys.modules.get("pandas")
    if (
        obj is None
        or isinstance(obj, (bytes, bytearray, Mapping))
        or not isinstance(obj, Iterable)
        or (pd is not None and isinstance(obj, pd.DataFrame))
    ):
        raise _refuse(obj, func, accepts)
    texts = obj if isinstance(obj, list) else list(obj)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(
                f"presslens.{func}() takes {accepts}; item {i} is {type(t).__name__}, not str"
            )
    return texts


def as_texts(obj: Any, func: str, *, corpus: bool = True, single: bool = True) -> Any:
    """``obj`` as a Corpus (when ``corpus``), a pandas Series of str or a list of str; a
    single str is refused unless ``single`` (a one-row term matrix is almost always a text
    passed where documents were meant: scikit-learn refuses it too).

    Example:
        >>> as_texts("One text.", "term_matrix")
        ['One text.']
        >>> as_texts(3, "kwic")
        Traceback (most recent call last):
        TypeError: presslens.kwic() takes a presslens.Corpus, a str (one document) or an iterable of str (one per document), not int
    """
    from .corpus import Corpus

    accepts = (CORPUS if single else MANY) if corpus else TEXTS
    if isinstance(obj, str) and not single:
        raise TypeError(f"presslens.{func}() takes {accepts}, not a single str (pass [text])")
    if isinstance(obj, Corpus):
        if not corpus:
            raise TypeError(
                f"presslens.{func}() takes {accepts}, not a Corpus (its texts: corpus.texts)"
            )
        return obj
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.Series):
        _str_list(obj.tolist(), func, accepts)
        return obj
    return _str_list(obj, func, accepts)


def as_corpus(obj: Any, func: str, *, also: tuple[type, ...] = ()) -> Corpus | Any:
    """``obj`` as a Corpus (or as it is when an instance of one of ``also``).

    Example:
        >>> len(as_corpus(["One.", "Two."], "entities"))
        2
        >>> as_corpus(None, "entities")
        Traceback (most recent call last):
        TypeError: presslens.entities() takes a presslens.Corpus, a str (one document) or an iterable of str (one per document), not NoneType
    """
    from .corpus import Corpus

    if isinstance(obj, (Corpus, *also)):
        return obj
    accepts = CORPUS + "".join(f", or {t.__name__}" for t in also)
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(obj, pd.Series):
        texts = _str_list(obj.tolist(), func, accepts)
        return Corpus.from_texts(texts, ids=[str(i) for i in obj.index])
    return Corpus.from_texts(_str_list(obj, func, accepts))


def require(obj: Any, kind: type, func: str, accepts: str) -> None:
    """TypeError unless ``obj`` is a ``kind``, saying that ``func`` takes ``accepts``.

    Example:
        >>> require("text", int, "f", "an int")
        Traceback (most recent call last):
        TypeError: presslens.f() takes an int, not str
    """
    if not isinstance(obj, kind):
        raise _refuse(obj, func, accepts)
