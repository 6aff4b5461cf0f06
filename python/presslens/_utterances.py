"""One statement across outlets: the utterances of a quote table and their versions.

Quotes of one speaker whose content stems overlap share an ``utterance_id`` (the core links
them, transitively, on the quotes' parts). This module presents the utterances and aligns
the versions of one of them word by word, with the core's stems (``_core.content_stems``),
so that a reader sees how each outlet rendered the same statement.

A private module: use ``presslens.utterances`` and ``presslens.versions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import _core
from ._inputs import require
from ._quotes import Quotes
from .corpus import sentences, tokenize

if TYPE_CHECKING:
    import pandas as pd

# A sentence of the longest version counts as omitted by another version when fewer than
# this share of its distinct stems occur in that version.
OMITTED_BELOW = 0.5


def _check(q: Quotes, func: str) -> pd.DataFrame:
    require(q, Quotes, func, "presslens.Quotes (from presslens.quotes(...))")
    return q.frame


def utterances(q: Quotes, *, min_versions: int = 1) -> pd.DataFrame:
    """One row per utterance: its speaker, how many versions (quotes) and outlets carry it,
    the longest version's text and the quote ids, most widely carried first.

    Example:
        >>> import presslens
        >>> same = '"The talks were useful but difficult," Sergei Ryabkov said.\\n'
        >>> c = presslens.Corpus.from_records([
        ...     {"id": "a", "text": same, "outlet": "one"},
        ...     {"id": "b", "text": same.replace("useful", "very useful"), "outlet": "two"}])
        >>> u = presslens.utterances(presslens.quotes(c))
        >>> u[["speaker_name", "n_versions", "outlets"]].values.tolist()
        [['Sergei Ryabkov', 2, ['one', 'two']]]
    """
    import pandas as pd

    f = _check(q, "utterances")
    cols = [
        "utterance_id",
        "speaker_id",
        "speaker_name",
        "n_versions",
        "n_outlets",
        "n_docs",
        "outlets",
        "text",
        "quote_ids",
    ]
    if f.empty:
        return pd.DataFrame(columns=cols)
    longest = f.assign(_len=f["text"].str.len()).sort_values(
        ["utterance_id", "_len", "quote_id"], ascending=[True, False, True], kind="stable"
    )
    first = longest.drop_duplicates("utterance_id").set_index("utterance_id")
    g = f.groupby("utterance_id", sort=True)
    out = g.agg(
        n_versions=("quote_id", "size"),
        n_outlets=("outlet", "nunique"),
        n_docs=("doc_id", "nunique"),
        outlets=("outlet", lambda s: sorted(set(s))),
        quote_ids=("quote_id", list),
    ).reset_index()
    ids = out["utterance_id"].to_numpy()
    out["speaker_id"] = first["speaker_id"].reindex(ids).to_numpy()
    out["speaker_name"] = first["speaker_name"].reindex(ids).to_numpy()
    out["text"] = first["text"].reindex(ids).to_numpy()
    out = out[out["n_versions"] >= min_versions][cols]
    return out.sort_values(
        ["n_outlets", "n_versions", "utterance_id"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


@dataclass
class Versions:
    """The versions of one utterance, aligned word by word (see :func:`versions`); a
    version's label is its outlet, or "outlet #quote_id" where an outlet carries several.

    ``table``: one row per version (quote_id, doc_id, outlet, label, text, n_stems, shared:
    the share of its distinct stems that another version has too, only_here: its words whose
    stem no other version has, omitted: the sentences of the longest version it leaves out).
    ``words``: one row per word of the longest version (position, word, stem) and then the
    words only other versions have (position -1), with one boolean column per version label
    saying whether that version has the word's stem.

    Example:
        >>> import presslens
        >>> a = '"Talks were useful and honest," Sergei Ryabkov said.\\n'
        >>> c = presslens.Corpus.from_records([{"id": "a", "text": a, "outlet": "one"},
        ...                                    {"id": "b", "text": a, "outlet": "two"}])
        >>> v = presslens.versions(presslens.quotes(c), 0)
        >>> v
        <presslens.Versions of utterance 0: 2 versions, 3 words>
        >>> v.words[["word", "one", "two"]].values.tolist()[0]
        ['Talks', True, True]
    """

    utterance_id: int
    table: pd.DataFrame
    words: pd.DataFrame

    def __repr__(self) -> str:
        return (
            f"<presslens.Versions of utterance {self.utterance_id}: {len(self.table)} versions, "
            f"{len(self.words)} words>"
        )


def _words(text: str) -> list[tuple[str, str]]:
    """(word, stem) for each word of text that has a content stem."""
    toks = [t.text for t in tokenize(text)]
    stems = _core.content_stems(toks)
    return [(w, s[0]) for w, s in zip(toks, stems, strict=True) if s]


def versions(q: Quotes, utterance_id: int) -> Versions:
    """Align the versions of one utterance word by word: the words all versions share, the
    words only one version has, and the sentences of the longest version another leaves out.
    Words are compared by the core's content stems (what links the versions).

    Example:
        >>> import presslens
        >>> a = '"The talks were useful. We will meet again in Geneva," Ryabkov said.\\n'
        >>> b = '"The talks were very useful," Ryabkov said.\\n'
        >>> c = presslens.Corpus.from_records([{"id": "a", "text": a, "outlet": "one"},
        ...                                    {"id": "b", "text": b, "outlet": "two"}])
        >>> q = presslens.quotes(c)
        >>> v = presslens.versions(q, int(q.frame["utterance_id"][0]))
        >>> v.table[["outlet", "only_here", "omitted"]].values.tolist()
        [['one', ['meet', 'again', 'Geneva'], []], ['two', ['very'], ['We will meet again in Geneva,']]]
    """
    import pandas as pd

    f = _check(q, "versions")
    rows = f[f["utterance_id"] == utterance_id]
    if rows.empty:
        raise ValueError(f"no quote has utterance_id {utterance_id!r}")
    rows = rows.assign(_len=rows["text"].str.len()).sort_values(
        ["_len", "quote_id"], ascending=[False, True], kind="stable"
    )
    labels = _labels(rows)
    words = [_words(t) for t in rows["text"]]
    stems = [{s for _, s in w} for w in words]
    counts: dict[str, int] = {}
    for st in stems:
        for s in st:
            counts[s] = counts.get(s, 0) + 1
    ref_sentences = [s.text for s in sentences(rows["text"].iloc[0])]
    ref_stems = [{s for _, s in _words(t)} for t in ref_sentences]
    table = pd.DataFrame(
        {
            "quote_id": rows["quote_id"].to_numpy(),
            "doc_id": rows["doc_id"].to_numpy(),
            "outlet": rows["outlet"].to_numpy(),
            "label": labels,
            "text": rows["text"].to_numpy(),
            "n_stems": [len(st) for st in stems],
            "shared": [sum(counts[s] > 1 for s in st) / len(st) if st else 0.0 for st in stems],
            "only_here": [list(dict.fromkeys(w for w, s in ws if counts[s] == 1)) for ws in words],
            "omitted": [
                [
                    t
                    for t, rs in zip(ref_sentences, ref_stems, strict=True)
                    if rs and len(rs & st) < OMITTED_BELOW * len(rs)
                ]
                for st in stems
            ],
        }
    )
    grid: list[tuple[int, str, str]] = [(i, w, s) for i, (w, s) in enumerate(words[0])]
    seen = set(stems[0])
    for ws in words[1:]:
        for w, s in ws:
            if s not in seen:
                seen.add(s)
                grid.append((-1, w, s))
    wf = pd.DataFrame(grid, columns=["position", "word", "stem"])
    for label, st in zip(labels, stems, strict=True):
        wf[label] = wf["stem"].isin(st)
    return Versions(utterance_id=int(utterance_id), table=table, words=wf)


def _labels(rows: pd.DataFrame) -> list[str]:
    """The outlet of each version, or "outlet #quote_id" where an outlet has several."""
    outlets = rows["outlet"].tolist()
    dup = {o for o in outlets if outlets.count(o) > 1 or not o}
    return [
        f"{o} #{i}" if o in dup else o
        for o, i in zip(outlets, rows["quote_id"].tolist(), strict=True)
    ]
