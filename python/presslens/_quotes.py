"""Quotes and their speakers: direct, indirect and mixed, attributed to resolved entities.

The detection and attribution rules are in the C++ core (``cpp/src/quotes.cpp``); this
module presents the result as a DataFrame and adds per-speaker sentiment.

A private module: use ``presslens.quotes`` and ``presslens.Quotes``. It is not called
``quotes`` because the function ``presslens.quotes`` would hide it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._columns import strings, take_strings
from ._entities import Entities, GazetteerEntries, entities, gazetteer, read_gazetteer_entries
from ._inputs import as_corpus
from .corpus import Corpus

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = (
    "quote_id",
    "doc_id",
    "outlet",
    "start",
    "end",
    "parts",
    "text",
    "kind",
    "cue",
    "cue_start",
    "cue_end",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "speaker_id",
    "speaker_name",
    "speaker_kind",
    "confidence",
    "rule",
    "utterance_id",
    "unbalanced",
)


# Per-group columns of Quotes.sentiment, after the group keys.
_SENTIMENT_COLUMNS = (
    "n",
    "compound_mean",
    "ci_low",
    "ci_high",
    "positive_share",
    "negative_share",
)


class Quotes:
    """The quotes of a corpus (``frame``) and the per-document warnings (``warnings``).

    Built by :func:`quotes`.

    Example:
        >>> import presslens
        >>> q = presslens.quotes(presslens.Corpus.from_texts(['"We agree," Ryabkov said.']))
        >>> q
        <presslens.Quotes: 1 quotes, 0 warnings>
        >>> q.by_speaker()[["speaker_name", "n_quotes"]].values.tolist()
        [['Ryabkov', 1]]
    """

    def __init__(self, ents: Entities, frame: pd.DataFrame, warnings: pd.DataFrame) -> None:
        self.entities = ents
        self.frame = frame
        self.warnings = warnings

    def __len__(self) -> int:
        return len(self.frame)

    def __getstate__(self) -> dict[str, Any]:
        from ._pickle import pack_frame

        state = self.__dict__.copy()
        state["frame"] = pack_frame(self.frame)
        state["warnings"] = pack_frame(self.warnings)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        from ._pickle import unpack_frame

        state = dict(state)
        state["frame"] = unpack_frame(state["frame"])
        state["warnings"] = unpack_frame(state["warnings"])
        self.__dict__.update(state)

    def __repr__(self) -> str:
        return f"<presslens.Quotes: {len(self)} quotes, {len(self.warnings)} warnings>"

    def by_speaker(self, *, scare: bool = False) -> pd.DataFrame:
        """Quotes per speaker entity: n_quotes, n_utterances, n_docs, outlets (scare
        quotes only when ``scare``)."""
        f = self._spoken(scare)
        g = f.groupby(["speaker_id", "speaker_name"])
        out = g.agg(
            n_quotes=("quote_id", "size"),
            n_utterances=("utterance_id", "nunique"),
            n_docs=("doc_id", "nunique"),
            outlets=("outlet", lambda s: sorted(set(s))),
        ).reset_index()
        return out.sort_values(["n_quotes", "speaker_name"], ascending=[False, True]).reset_index(
            drop=True
        )

    def _spoken(self, scare: bool) -> pd.DataFrame:
        """The quotes with a speaker entity; scare quotes (kind "scare": no quotation) only
        when ``scare``."""
        f = self.frame
        return f[(f["speaker_id"] >= 0) & (scare | (f["kind"] != "scare"))]

    def sentiment(
        self,
        *,
        overlay: Any = None,
        model: str = "vader",
        by: tuple[str, ...] = ("speaker_name",),
        scare: bool = False,
    ) -> pd.DataFrame:
        """VADER-compatible sentiment of every quote, aggregated per ``by`` (speaker, and
        e.g. outlet): n, mean compound with a 95% confidence interval (t distribution),
        share of positive (>= 0.05) and negative (<= -0.05) quotes. ``model="news"`` scores
        with the news model (see presslens.sentiment). Scare quotes are left out unless
        ``scare``.

        Example:
            >>> import presslens
            >>> q = presslens.quotes(presslens.sample_corpus(),
            ...                      gazetteer_entries=presslens.sample_gazetteer_path())
            >>> s = q.sentiment(by=("speaker_name", "outlet"))
            >>> list(s.columns)  # doctest: +NORMALIZE_WHITESPACE
            ['speaker_name', 'outlet', 'n', 'compound_mean', 'ci_low', 'ci_high',
             'positive_share', 'negative_share']
            >>> top = s.iloc[0]
            >>> top.speaker_name, top.outlet, int(top.n)
            ('Helena Marsh', 'rewrite-daily', 9)
            >>> bool(top.ci_low < top.compound_mean < top.ci_high)
            True
        """
        import pandas as pd
        from scipy import stats

        from .sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD, polarity_scores

        f = self._spoken(scare)
        if f.empty:
            return pd.DataFrame(columns=[*by, *_SENTIMENT_COLUMNS])
        c = polarity_scores(f["text"].tolist(), overlay=overlay, model=model)["compound"].to_numpy()
        f = f[list(by)].assign(
            compound=c,
            pos=(c >= POSITIVE_THRESHOLD).astype(float),
            neg=(c <= NEGATIVE_THRESHOLD).astype(float),
        )
        # One vectorised pass over the groups (a loop per group was 51 s for 20 MB of text
        # with 300,000 speakers).
        g = f.groupby(list(by))
        agg = g["compound"].agg(["size", "mean", "std"])
        n = agg["size"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            t = stats.t.ppf(0.975, np.maximum(n - 1, 1))
            half = np.where(n > 1, t * agg["std"].to_numpy() / np.sqrt(n), np.nan)
        mean = agg["mean"].to_numpy()
        out = agg.index.to_frame(index=False)
        out["n"] = n
        out["compound_mean"] = mean
        out["ci_low"] = mean - half
        out["ci_high"] = mean + half
        out["positive_share"] = g["pos"].mean().to_numpy()
        out["negative_share"] = g["neg"].mean().to_numpy()
        return out.sort_values(["n", *by], ascending=[False, *[True] * len(by)]).reset_index(
            drop=True
        )


def attribution_weights(attribution: str | Sequence[float]) -> list[float]:
    """The ranker weights for ``attribution``: none for ``"rules"`` (the rules decide in
    their order), or the given weights, one per name of ``_core.ATTRIBUTION_FEATURES``
    (for experiments: tools/train_attribution.py learns them; docs/quotes.md says why no
    learned model is the default)."""
    names = _core.ATTRIBUTION_FEATURES
    if isinstance(attribution, str):
        if attribution != "rules":
            raise ValueError(
                f"attribution must be 'rules' or a sequence of weights, got {attribution!r}"
            )
        return []
    w = [float(x) for x in attribution]
    if len(w) != len(names):
        raise ValueError(
            f"attribution: expected {len(names)} weights (one per _core.ATTRIBUTION_FEATURES), got {len(w)}"
        )
    return w


def quotes(
    corpus_or_entities: Corpus | Entities,
    *,
    gazetteer_entries: GazetteerEntries | str | os.PathLike[str] | None = None,
    min_unattributed_words: int = 10,
    utterance_overlap: float = 0.4,
    attribution: str | Sequence[float] = "rules",
    threads: int = 0,
) -> Quotes:
    """Find direct, indirect and mixed quotes and attribute them to their speakers.

    Direct quotes: every mark style (“ ” " " « » „ “ ‘ ’ and doubled ''), quotes split by
    their attribution (one quote, both parts), colon-introduced, multi-paragraph and
    floating quotes; an unclosed mark is closed at the next opening mark or the end of its
    paragraph, with a warning. Indirect: "X said (that) ...", "according to X, ...", "..., X said".
    Speakers are named, titled, pronouns, role nouns or organisations, resolved to the
    entities of :func:`presslens.entities`. Quotes of one speaker in different documents
    whose content words overlap share an ``utterance_id`` (translations of one statement).

    A direct quote with no attribution of its own that is not a floating paragraph is kept
    only from ``min_unattributed_words`` words on; it takes the previous speaker when one is
    two paragraphs back at most, else the subject of the narration leading to it (rule
    ``narration``); shorter ones are mostly titles, slogans and scare quotes.
    Pass 1 to keep every quote.

    ``attribution``: ``"rules"`` (the default: the first rule that fits, in the order of
    docs/quotes.md), or weights for the experimental candidate ranker, one per name of
    ``presslens._core.ATTRIBUTION_FEATURES``.

    Returns:
        :class:`Quotes`: ``.frame`` has one row per quote with quote_id, doc_id, outlet,
        start, end (code points, marks excluded; a split quote spans its attribution), parts
        (the speaker's words as a list of (start, end) spans: two or more for a split quote
        "A," he said. "B."), text (the parts joined by a space), kind ("direct", "indirect",
        "mixed", "scare"), cue, cue_start, cue_end, speaker_mention, speaker_start, speaker_end,
        speaker_id, speaker_name, speaker_kind ("named", "titled", "pronoun", "role",
        "organisation", "unknown"), confidence, rule, utterance_id, unbalanced.

    Example:
        >>> import presslens
        >>> q = presslens.quotes(presslens.Corpus.from_texts(['"We agree," Ryabkov said.']))
        >>> q.frame[["text", "speaker_mention", "rule"]].values.tolist()
        [['We agree,', 'Ryabkov', 'after']]
    """
    corpus_or_entities = as_corpus(corpus_or_entities, "quotes", also=(Entities,))
    import pandas as pd

    extra = gazetteer_entries
    if isinstance(extra, (str, os.PathLike)):
        extra = read_gazetteer_entries(extra)
    if isinstance(corpus_or_entities, Entities):
        ents = corpus_or_entities
    else:
        ents = entities(corpus_or_entities, gazetteer_entries=extra, threads=threads)
    gaz = gazetteer(extra)
    corpus = ents.corpus
    r = _core.extract_quotes(
        corpus._core,
        ents._result,
        gaz,
        min_unattributed_words,
        utterance_overlap,
        attribution_weights=attribution_weights(attribution),
        threads=threads,
    )
    frame = quote_frame(r, corpus, ents.table["name"].tolist())
    warnings = pd.DataFrame(
        r["warnings"], columns=["doc_id", "source", "line", "offset", "code", "message"]
    )
    return Quotes(ents, frame, warnings)


def quote_frame(r: dict[str, Any], corpus: Corpus, names: list[str]) -> pd.DataFrame:
    """The rows of :attr:`Quotes.frame` from the core's quote table ``r`` of ``corpus``
    (``_core.extract_quotes``), ``names`` the entities' names by id."""
    import pandas as pd

    # The text columns come from the core as UTF-8 buffers and "parts" as lists already:
    # no Python work per quote here (it was most of the time of this function). The
    # speaker's name is looked up in ``names`` in one numpy take ("" without a speaker).
    s = {k: strings(v) for k, v in r["strings"].items()}
    spk = r["speaker_entity"]
    s["speaker_name"] = (
        take_strings([*names, ""], np.where(spk >= 0, spk, len(names))) if len(spk) else []
    )
    frame = pd.DataFrame(
        {
            "quote_id": np.arange(len(r["doc"]), dtype=np.int64),
            "doc_id": s["doc_id"],
            "outlet": s["outlet"],
            "start": r["start"],
            "end": r["end"],
            "parts": r["parts"],
            "text": s["text"],
            "kind": s["kind"],
            "cue": s["cue"],
            "cue_start": r["cue_start"],
            "cue_end": r["cue_end"],
            "speaker_mention": s["speaker_mention"],
            "speaker_start": r["speaker_start"],
            "speaker_end": r["speaker_end"],
            "speaker_id": r["speaker_entity"],
            "speaker_name": s["speaker_name"],
            "speaker_kind": s["speaker_kind"],
            "confidence": r["confidence"],
            "rule": s["rule"],
            "utterance_id": r["utterance"],
            "unbalanced": r["unbalanced"].astype(bool),
        },
        columns=list(COLUMNS),
    )
    return frame
