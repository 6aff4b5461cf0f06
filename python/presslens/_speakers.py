"""The tone in which each speaker is quoted, per outlet or any document column.

A view on the core: quotes and speakers come from :func:`presslens.quotes`; the core scores
each quote's parts (the speaker's words, without the attribution of a split quote) cut at
the corpus's sentence boundaries (``_core.span_compound``); this module aggregates with
numpy: means, a seeded
percentile bootstrap and empirical-Bayes shrinkage (formulas in docs/sentiment.md). Also
who gets the floor (:func:`voice_share`), the quotes behind a speaker's score with the words
that drove it (:func:`explain_speaker`) and a forest plot (:func:`plot_speaker_sentiment`).

A private module: use ``presslens.speaker_sentiment``, ``presslens.voice_share``,
``presslens.explain_speaker`` and ``presslens.plot_speaker_sentiment``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from . import _core
from ._inputs import as_corpus, require
from ._quotes import Quotes, quotes
from .corpus import TOKEN_KINDS, Corpus
from .sentiment import (
    NEGATIVE_THRESHOLD,
    POSITIVE_THRESHOLD,
    Explanation,
    SentimentAnalyzer,
    _analyzer,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

# Columns after the speaker columns and the ``by`` keys.
STAT_COLUMNS = (
    "n_quotes",
    "n_utterances",
    "n_docs",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "shrunk_mean",
    "share_pos",
    "share_neu",
    "share_neg",
    "quote_ids",
)
SPEAKER_COLUMNS = ("speaker_id", "speaker_name", "speaker_type", "roles", "affiliation")
_KINDS = ("direct", "mixed", "indirect")


# Quote parts flat: each part's row, document (an index into the corpus), start and end.
FlatParts = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _flat_parts(f: pd.DataFrame, corpus: Corpus) -> FlatParts:
    """The parts of the quotes of frame ``f``, flat: each part's row position in ``f``, its
    document (as an index into the corpus) and its span (code points)."""

    parts = f["parts"].to_numpy()  # an object array: no list made of the column
    try:  # lists of (start, end) tuples of ints, as presslens.quotes makes them: in C
        lens, ab = _core.flat_parts(parts)
    except TypeError:  # any other sequences of pairs
        lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        # Every (start, end) pair's two ints in one pass, no tuple unpacked in Python.
        ab = np.fromiter(chain.from_iterable(chain.from_iterable(parts)), dtype=np.int64)
    part_quote = np.repeat(np.arange(len(f)), lens)
    if len(ab) != 2 * len(part_quote):
        raise ValueError("parts: each part must be a (start, end) pair")
    pa, pb = ab[0::2].copy(), ab[1::2].copy()
    # Each distinct document id looked up once (factorized without a str object per row);
    # -1 for an id the corpus does not have, or a missing one.
    codes, uniques = _factorize_runs(f["doc_id"])
    ids = corpus.ids
    at = {d: i for i, d in enumerate(ids)}
    found = np.array([at.get(d, -1) for d in uniques.tolist()], dtype=np.int64)
    row_doc = np.where(codes >= 0, found[codes], -1) if len(found) else np.full(len(f), -1)
    return part_quote, row_doc[part_quote], pa, pb


def _factorize_runs(column: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize(column)`` (codes by first appearance, -1 for a missing value), hashing
    only the first value of each run of equal values: a quote frame holds each document's
    quotes together, so its document ids come in runs (about 17 quotes each in news). Any
    order gives the same result, only slower."""
    import pandas as pd

    values = column.array
    n = len(values)
    if n < 2:
        return pd.factorize(column)
    differs = np.asarray(values[1:] != values[:-1])
    if differs.dtype != bool:  # a missing value compared as NA: no shortcut
        return pd.factorize(column)
    starts = np.flatnonzero(np.concatenate(([True], differs)))
    run_codes, uniques = pd.factorize(column.take(starts))
    return np.repeat(run_codes, np.diff(np.append(starts, n))), uniques


def quote_pieces(f: pd.DataFrame, corpus: Corpus) -> tuple[np.ndarray, list[str]]:
    """The pieces of the quotes of frame ``f`` (rows of ``Quotes.frame``): each part cut at
    the corpus's sentence boundaries. Returns each piece's row position in ``f`` (ascending)
    and its text."""
    n = len(f)
    if n == 0:
        return np.zeros(0, dtype=np.int64), []
    part_quote, pdoc, pa, pb = _flat_parts(f, corpus)
    doc_index = {d: i for i, d in enumerate(corpus.ids)}
    # Sentences of the whole corpus, keyed (doc, offset) so one sorted search finds them.
    s = corpus.sentences(include_boilerplate=True)
    sdoc = s["doc_id"].map(doc_index).to_numpy()
    stride = np.int64(max(len(t) for t in corpus.texts) + 2)
    key_end = sdoc * stride + s["end"].to_numpy()
    key_start = sdoc * stride + s["start"].to_numpy()
    first = np.searchsorted(key_end, pdoc * stride + pa, side="right")
    last = np.searchsorted(key_start, pdoc * stride + pb, side="left")
    count = np.maximum(last - first, 1)  # a part between sentences is one piece
    piece_part = np.repeat(np.arange(len(pa)), count)
    offset = np.arange(len(piece_part)) - np.repeat(np.cumsum(count) - count, count)
    sent = np.minimum(first[piece_part] + offset, len(s) - 1)
    inside = (last - first)[piece_part] > 0
    starts = np.where(
        inside, np.maximum(pa[piece_part], s["start"].to_numpy()[sent]), pa[piece_part]
    )
    ends = np.where(inside, np.minimum(pb[piece_part], s["end"].to_numpy()[sent]), pb[piece_part])
    texts = corpus.texts
    pdocs = pdoc[piece_part].tolist()
    pieces = [texts[d][a:b] for d, a, b in zip(pdocs, starts.tolist(), ends.tolist(), strict=True)]
    return part_quote[piece_part], pieces


def quote_scores(
    q: Quotes, *, overlay: Any = None, model: str = "vader", threads: int = 0
) -> np.ndarray:
    """The compound score of every quote of ``q.frame`` (a numpy array in frame order): the
    mean over the sentences of its parts, each piece scored on its own, so that a long quote
    does not saturate and a split quote is scored without the narrator's words."""
    return frame_scores(q.frame, q.entities.corpus, overlay=overlay, model=model, threads=threads)


def frame_scores(
    f: pd.DataFrame,
    corpus: Corpus,
    *,
    overlay: Any = None,
    model: str = "vader",
    threads: int = 0,
    parts: FlatParts | None = None,
) -> np.ndarray:
    """:func:`quote_scores` of quote rows ``f`` whose documents are in ``corpus`` (on a
    Dask worker: one partition's quotes and corpus); ``parts`` as in :func:`frame_words`."""
    n = len(f)
    if n == 0:
        return np.zeros(0)
    part_quote, pdoc, pa, pb = _flat_parts(f, corpus) if parts is None else parts
    analyzer = _analyzer(overlay, model)._core
    return _core.span_compound(corpus._core, analyzer, pdoc, pa, pb, part_quote, n, threads=threads)


def bootstrap_ci(
    values: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    *,
    ci: float,
    n_boot: int,
    seed: int,
    threads: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of each group's mean, in the core
    (``presslens::bootstrap_mean_ci``, docs/sentiment.md): ``values`` sorted by ``group``
    (0..n_groups-1, every group present); group g resamples with its own eight xoshiro256**
    generators seeded from ``(seed + g) * 8 + l``, resample b from generator b mod 8, so the
    result depends neither on the thread count nor on the CPU.
    Groups of one value get NaN."""
    sizes = np.bincount(group, minlength=n_groups).astype(np.int64)
    low, high = _core.bootstrap_mean_ci(
        np.ascontiguousarray(values, dtype=np.float64), sizes, ci, n_boot, seed, threads=threads
    )
    return np.clip(low, -1.0, 1.0), np.clip(high, -1.0, 1.0)


def shrink(means: np.ndarray, sds: np.ndarray, sizes: np.ndarray, grand: float) -> np.ndarray:
    """Empirical-Bayes shrinkage of group means toward ``grand`` (normal model): sigma^2 the
    pooled within-group variance, tau^2 = max(0, var(means) - mean(sigma^2 / n)) the
    between-group variance, and each mean moved to grand + B (mean - grand) with
    B = tau^2 / (tau^2 + sigma^2 / n)."""
    if len(means) == 0:
        return means.copy()
    df = np.maximum(sizes - 1, 0)
    pooled = np.nansum(df * np.nan_to_num(sds) ** 2) / df.sum() if df.sum() > 0 else 0.0
    if len(means) < 2 or pooled == 0:
        return means.copy()
    tau2 = max(0.0, float(np.var(means, ddof=1)) - float(np.mean(pooled / sizes)))
    b = tau2 / (tau2 + pooled / sizes)
    return grand + b * (means - grand)


def speaker_sentiment(
    corpus_or_quotes: Corpus | Quotes | str | Iterable[str],
    *,
    by: Sequence[str] = ("speaker",),
    unit: str = "quote",
    kinds: Sequence[str] = _KINDS,
    min_confidence: float = 0.0,
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
    overlay: Any = None,
    model: str = "vader",
    threads: int = 0,
) -> pd.DataFrame:
    """The tone in which each speaker (or outlet, or any document column) is quoted.

    Every quote is scored sentence by sentence over its parts (the speaker's words: a split
    quote without the attribution between its parts) and the sentence scores averaged.
    With ``unit="utterance"`` the versions of one utterance in a group are averaged first,
    so a statement syndicated to four outlets counts once. Per group: the number of quotes,
    utterances and documents, the mean compound and its standard deviation, a percentile
    bootstrap interval (``n_boot`` resamples, ``seed``; inside [-1, 1]; NaN for a group of
    one unit), the mean shrunk toward the corpus mean (empirical Bayes, so a speaker quoted
    once is not ranked first), the shares of positive (>= 0.05), neutral and negative
    (<= -0.05) units, and the quote ids behind the row.

    Args:
        by: group keys: ``"speaker"`` (the speaker entity; adds speaker_id, speaker_name,
            speaker_type, roles and affiliation), ``"affiliation"`` (the country or
            organisation the speaker's roles name, see :attr:`Entities.table`; empty when
            unknown), ``"outlet"``, ``"doc_id"``, ``"kind"`` or any column of
            ``corpus.documents`` (``"date"``...). ``("affiliation", "outlet")``: in what
            tone each side's officials are quoted in each outlet.
        unit: ``"quote"`` or ``"utterance"``.
        kinds: the quote kinds to keep (``"direct"``, ``"mixed"``, ``"indirect"``).
        min_confidence: drop quotes whose attribution confidence is lower.
        overlay, model: as in :func:`presslens.polarity_scores` (``model="news"`` for the
            news tone model).

    Example:
        >>> import presslens
        >>> q = presslens.quotes(presslens.sample_corpus(),
        ...                      gazetteer_entries=presslens.sample_gazetteer_path())
        >>> s = presslens.speaker_sentiment(q, by=("speaker", "outlet"), n_boot=200)
        >>> list(s.columns[:7])
        ['speaker_id', 'speaker_name', 'speaker_type', 'roles', 'affiliation', 'outlet', 'n_quotes']
        >>> row = s.iloc[0]
        >>> row["speaker_name"], row["outlet"], int(row["n_quotes"])
        ('Helena Marsh', 'rewrite-daily', 9)
        >>> bool(-1 <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= 1)
        True
    """

    by = _check_sentiment_options(by, kinds, unit=unit, ci=ci, n_boot=n_boot)
    q = _as_quotes(corpus_or_quotes, "speaker_sentiment", threads)
    f = q.frame.assign(compound=quote_scores(q, overlay=overlay, model=model, threads=threads))
    return sentiment_table(
        f,
        q,
        None,
        by,
        kinds=kinds,
        min_confidence=min_confidence,
        unit=unit,
        ci=ci,
        n_boot=n_boot,
        seed=seed,
        threads=threads,
    )


def _check_sentiment_options(
    by: Sequence[str] | str, kinds: Sequence[str], *, unit: str, ci: float, n_boot: int
) -> tuple[str, ...]:
    """The checks of :func:`speaker_sentiment`'s options (before any quote is read)."""
    if unit not in ("quote", "utterance"):
        raise ValueError(f"unit must be 'quote' or 'utterance', got {unit!r}")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be in (0, 1), got {ci!r}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot!r}")
    return _check_by_kinds(by, kinds)


class _Groups(NamedTuple):
    """The kept rows of a quote frame, grouped as ``groupby(keys, sort=True,
    dropna=False)`` would group them, without a groupby: one factorization per key."""

    rows: np.ndarray  # positions in the frame of the rows kept, ascending
    group: np.ndarray  # each kept row's group: 0..n-1 in the sorted order of the keys
    order: np.ndarray  # the kept rows (indices into ``rows``) by group, stable
    sizes: np.ndarray  # rows per group
    keys: dict[str, Any]  # each key's values per group (an Index), in group order


def _grouped(
    f: pd.DataFrame,
    q: Quotes,
    by: tuple[str, ...],
    docs: pd.DataFrame | None,
    kinds: Sequence[str],
    min_confidence: float,
    *,
    speakers_only: bool = False,
) -> tuple[_Groups, list[str]]:
    """The rows of ``f`` of the ``kinds`` asked for at ``min_confidence`` or more (and, with
    ``speakers_only``, a speaker entity) grouped by the keys of ``by`` (read as in
    :func:`_key_values`); and the key columns. Missing key values form their own group,
    sorted last; a row whose document ``docs`` lacks is dropped when a key reads ``docs``."""
    import pandas as pd

    keys = _key_columns(by)
    values, keep = _key_values(f, q, by, docs)
    keep &= f["kind"].isin(list(kinds)).to_numpy()
    keep &= f["confidence"].to_numpy() >= min_confidence
    if speakers_only:
        keep &= f["speaker_id"].to_numpy() >= 0
    rows = np.flatnonzero(keep)
    codes, uniques = [], []
    combined, span = np.zeros(len(rows), dtype=np.int64), 1
    for v in values:
        c, u = pd.factorize(v, sort=True, use_na_sentinel=False)
        codes.append(c[rows])
        uniques.append(u)
        if span * max(len(u), 1) >= 2**62:  # densified first: the product would overflow
            combined, dense = pd.factorize(combined, sort=True)
            span = len(dense)
        combined = combined * max(len(u), 1) + codes[-1]
        span *= max(len(u), 1)
    group, _ = pd.factorize(combined, sort=True)
    order = _stable_order(group)
    sizes = np.bincount(group, minlength=int(group.max()) + 1 if len(group) else 0)
    first = order[np.cumsum(sizes) - sizes]  # each group's first row (an index into rows)
    table = {k: u.take(c[first]) for k, c, u in zip(keys, codes, uniques, strict=True)}
    return _Groups(rows, group, order, sizes, table), keys


def _stable_order(group: np.ndarray) -> np.ndarray:
    """``np.argsort(group, kind="stable")`` for groups 0..2**32-1, as a radix sort of 16
    bits at a time (numpy sorts 16-bit integers by radix: ~15 times faster here)."""
    low = group.astype(np.uint16)
    order = np.argsort(low, kind="stable")
    if len(group) and int(group.max()) >= 1 << 16:
        high = (group >> 16).astype(np.uint16)
        order = order[np.argsort(high[order], kind="stable")]
    return order


def _key_values(
    f: pd.DataFrame, q: Quotes, by: tuple[str, ...], docs: pd.DataFrame | None
) -> tuple[list[Any], np.ndarray]:
    """The values of each group key for every row of ``f``, and which rows have them all.
    ``speaker`` is ``speaker_id``, ``affiliation`` the speaker entity's (empty without a
    speaker or when unknown), other keys quote columns or columns of ``docs``
    (``corpus.documents``; None: the quotes' corpus's, built only when a key needs it, as
    it takes ~20 ms at 20 MB) matched by document id."""
    import pandas as pd

    keep = np.ones(len(f), dtype=bool)
    extra = document_keys(by, f.columns)
    at = None
    if extra:
        if docs is None:
            docs = q.entities.corpus.documents
        check_document_keys(extra, list(docs.columns))
        docs = docs.drop_duplicates("id")
        at = pd.Index(docs["id"]).get_indexer(f["doc_id"])
        keep &= at >= 0
        at = np.maximum(at, 0)
    values: list[Any] = []
    for k in _key_columns(by):
        if k == "affiliation" and k not in f.columns:
            table = q.entities.table["affiliation"].to_numpy(dtype=object)
            sid = f["speaker_id"].to_numpy()
            known = sid >= 0
            aff = np.full(len(f), "", dtype=object)
            aff[known] = table[sid[known]]
            values.append(pd.Series(aff))
        elif k in extra:
            values.append(docs[k].take(at))
        else:
            values.append(f[k])
    return values, keep


def sentiment_table(
    f: pd.DataFrame,
    q: Quotes,
    docs: pd.DataFrame | None,
    by: tuple[str, ...],
    *,
    kinds: Sequence[str],
    min_confidence: float,
    unit: str,
    ci: float,
    n_boot: int,
    seed: int,
    threads: int = 0,
) -> pd.DataFrame:
    """The :func:`speaker_sentiment` table of quote rows ``f`` with their ``compound``
    scores: group keys from ``q.entities.table`` and ``docs`` (the documents' metadata, an
    ``id`` column and the document columns ``by`` names; None: ``corpus.documents`` of the
    quotes, when a key needs it), the quotes kept, aggregated.
    Shared with ``presslens.dask.speaker_sentiment``, whose rows and scores come from the
    workers."""
    groups, keys = _grouped(
        f,
        q,
        by,
        docs,
        kinds,
        min_confidence,
        speakers_only="speaker" in by or "affiliation" in by,
    )
    return _aggregate(
        f, groups, keys, q, unit=unit, ci=ci, n_boot=n_boot, seed=seed, threads=threads
    )


def _check_by_kinds(by: Sequence[str] | str, kinds: Sequence[str]) -> tuple[str, ...]:
    by = (by,) if isinstance(by, str) else tuple(by)
    if not by:
        raise ValueError("by needs at least one key, e.g. ('speaker',) or ('outlet',)")
    keys = _key_columns(by)
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ValueError(
            f"by names the same key twice ({', '.join(repeated)}; 'speaker' is 'speaker_id'): "
            f"give each key once, got {list(by)}"
        )
    bad_kinds = set(kinds) - set(_KINDS)
    if bad_kinds:
        raise ValueError(f"unknown quote kinds {sorted(bad_kinds)}; expected some of {_KINDS}")
    return by


def _as_quotes(corpus_or_quotes: Any, name: str, threads: int) -> Quotes:
    """Quotes as they are; a Corpus, a str or an iterable of str (the one input check,
    _inputs.as_corpus) through :func:`presslens.quotes`."""
    source = as_corpus(corpus_or_quotes, name, also=(Quotes,))
    if isinstance(source, Quotes):
        _needs_texts(source, name)
        return source
    return quotes(source, threads=threads)


def _needs_texts(q: Quotes, name: str) -> None:
    """ValueError for quotes without their corpus (``presslens.dask.quotes``): the scores and
    word counts read the texts, which stayed on the workers."""
    if q.entities.corpus is None:
        on_workers = (
            f"presslens.dask.{name} on the Dask collection (it reads the texts on the workers), "
            if name in ("speaker_sentiment", "voice_share")
            else ""
        )
        raise ValueError(
            f"{name}() reads the quotes' texts, and these quotes (from presslens.dask.quotes) "
            f"have no corpus: run it on presslens.quotes of a Corpus of the documents, "
            f"{on_workers}or use Quotes.sentiment(), which scores the quote texts of the frame"
        )


def document_keys(by: tuple[str, ...], quote_columns: Iterable[str]) -> list[str]:
    """The group keys of ``by`` that are document columns: neither a column of the quote
    rows (``quote_columns``) nor ``speaker`` or ``affiliation``."""
    columns = {*quote_columns, "affiliation"}
    return [k for k in _key_columns(by) if k not in columns]


def check_document_keys(keys: Sequence[str], doc_columns: Sequence[str]) -> None:
    """ValueError naming the group keys that are no document column."""
    missing = [k for k in keys if k not in doc_columns]
    if missing:
        raise ValueError(
            f"unknown group key(s) {missing}: use 'speaker', 'affiliation', a quote column "
            f"('outlet', 'doc_id', 'kind') or a document column ({', '.join(doc_columns)})"
        )


def _key_columns(by: tuple[str, ...]) -> list[str]:
    return ["speaker_id" if k == "speaker" else k for k in by]


def _aggregate(
    f: pd.DataFrame,
    groups: _Groups,
    keys: list[str],
    q: Quotes,
    *,
    unit: str,
    ci: float,
    n_boot: int,
    seed: int,
    threads: int = 0,
) -> pd.DataFrame:
    """The table of :func:`speaker_sentiment`: the statistics of each group, its keys and
    speaker, most quoted first (ties in the order of the keys)."""
    import pandas as pd

    speaker_cols = list(SPEAKER_COLUMNS) if "speaker_id" in keys else []
    key_cols = [k for k in keys if k not in speaker_cols]
    columns = [*speaker_cols, *key_cols, *STAT_COLUMNS]
    if len(groups.rows) == 0:
        return pd.DataFrame(columns=columns)
    rows, group, order, sizes = groups.rows, groups.group, groups.order, groups.sizes
    utterance = f["utterance_id"].to_numpy()[rows]
    doc = _factorize_runs(f["doc_id"])[0][rows]
    values, value_group = _units(
        f["compound"].to_numpy(dtype=float)[rows], group, order, utterance, unit
    )
    stats = {
        "n_quotes": sizes,
        "n_utterances": _distinct_per_group(group, utterance, len(sizes)),
        "n_docs": _distinct_per_group(group[doc >= 0], doc[doc >= 0], len(sizes)),
        **_group_statistics(values, value_group, len(sizes)),
    }
    stats["ci_low"], stats["ci_high"] = bootstrap_ci(
        values, value_group, len(sizes), ci=ci, n_boot=n_boot, seed=seed, threads=threads
    )
    # Groups are in the order of their keys: sorting by n_quotes alone (stable) breaks ties
    # by the keys. Each column is put in that order once, and the frame built once.
    rank = np.argsort(-sizes, kind="stable")
    data = {k: v.take(rank) for k, v in groups.keys.items()}
    data.update({k: v[rank] for k, v in stats.items()})
    if speaker_cols:
        data.update(_speaker_columns(q, data["speaker_id"], keys))
    # Each group's quote ids in row order, as lists of int (made in C: a list per row).
    ends = np.cumsum(sizes)
    qids = f["quote_id"].to_numpy()[rows][order]
    data["quote_ids"] = _core.int_lists(qids, (ends - sizes)[rank], ends[rank])
    return pd.DataFrame({c: data[c] for c in columns})


def _distinct_per_group(group: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """The number of distinct ``values`` (integers) in each group: one hash pass over the
    (group, value) pairs."""
    import pandas as pd

    if len(values) == 0:
        return np.zeros(n_groups, dtype=np.int64)
    if values.min() < 0 or int(values.max()) + 1 >= 2**62 // max(n_groups, 1):
        values = pd.factorize(values)[0]
    span = int(values.max()) + 1
    pairs = pd.unique(group.astype(np.int64) * span + values)
    return np.bincount(pairs // span, minlength=n_groups)


def _units(
    scores: np.ndarray, group: np.ndarray, order: np.ndarray, utterance: np.ndarray, unit: str
) -> tuple[np.ndarray, np.ndarray]:
    """The values the statistics are of, sorted by group, and their groups: the kept
    quotes' ``scores`` (``group``: each quote's group; ``order``: the quotes in the order
    of their group), or with ``unit="utterance"`` the mean of each utterance's versions in
    a group, by group and utterance id."""
    import pandas as pd

    if unit != "utterance":
        return scores[order], group[order]
    units = pd.DataFrame({"group": group, "utterance": utterance, "compound": scores})
    means = units.groupby(["group", "utterance"], sort=True)["compound"].mean()
    return means.to_numpy(dtype=float), means.index.get_level_values("group").to_numpy()


def _group_statistics(values: np.ndarray, group: np.ndarray, n_groups: int) -> dict[str, Any]:
    """The mean, sd, shrunk mean and shares of each group's ``values`` (``group``: each
    value's group, 0..n_groups-1), as arrays in group order."""
    sizes = np.bincount(group, minlength=n_groups)
    sums = np.bincount(group, weights=values, minlength=n_groups)
    mean = sums / sizes
    dev2 = np.bincount(group, weights=(values - mean[group]) ** 2, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.where(sizes > 1, np.sqrt(dev2 / (sizes - 1)), np.nan)
    pos = np.bincount(group, weights=values >= POSITIVE_THRESHOLD, minlength=n_groups) / sizes
    neg = np.bincount(group, weights=values <= NEGATIVE_THRESHOLD, minlength=n_groups) / sizes
    neutral = (values > NEGATIVE_THRESHOLD) & (values < POSITIVE_THRESHOLD)
    neu = np.bincount(group, weights=neutral, minlength=n_groups) / sizes
    return {
        "mean": mean,
        "sd": sd,
        "shrunk_mean": shrink(mean, sd, sizes, float(values.mean())),
        "share_pos": pos,
        "share_neu": neu,
        "share_neg": neg,
    }


def _speaker_columns(q: Quotes, ids: Any, keys: list[str]) -> dict[str, Any]:
    """The speaker entity's name, type, roles (and affiliation, unless a key) of each
    speaker id in ``ids`` (NaN for an id the entity table lacks)."""
    table = q.entities.table  # its entity_id is its row number
    ids = np.asarray(ids)
    at = np.where((ids >= 0) & (ids < len(table)), ids, -1)
    names = {"name": "speaker_name", "type": "speaker_type", "roles": "roles"}
    if "affiliation" not in keys:
        names["affiliation"] = "affiliation"
    return {out: table[column].array.take(at, allow_fill=True) for column, out in names.items()}


def quote_words(q: Quotes) -> np.ndarray:
    """The number of words (word and number tokens of the core's tokenizer) in the parts of
    every quote of ``q.frame``, in frame order: a token counts when it starts inside a part.
    Vectorised over the corpus token table and the part spans."""
    return frame_words(q.frame, q.entities.corpus)


def frame_words(f: pd.DataFrame, corpus: Corpus, parts: FlatParts | None = None) -> np.ndarray:
    """:func:`quote_words` of quote rows ``f`` whose documents are in ``corpus`` (on a Dask
    worker: one partition's quotes and corpus); ``parts``: their parts flat when the caller
    has them (else :func:`_flat_parts` of ``f``)."""
    n = len(f)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    t = corpus._core.token_table(True)
    word = np.isin(t["kind"], [TOKEN_KINDS.index("word"), TOKEN_KINDS.index("number")])
    stride = np.int64(max(len(x) for x in corpus.texts) + 2)
    keys = t["doc"][word].astype(np.int64) * stride + t["start"][word]  # sorted
    part_quote, pdoc, pa, pb = _flat_parts(f, corpus) if parts is None else parts
    base = pdoc * stride
    counts = np.searchsorted(keys, base + pb, side="left") - np.searchsorted(
        keys, base + pa, side="left"
    )
    return np.bincount(part_quote, weights=counts, minlength=n).astype(np.int64)


def voice_share(
    corpus_or_quotes: Corpus | Quotes | str | Iterable[str],
    by: Sequence[str] = ("affiliation", "outlet"),
    *,
    kinds: Sequence[str] = _KINDS,
    min_confidence: float = 0.0,
    threads: int = 0,
) -> pd.DataFrame:
    """Who gets the floor: the share of quoted words per group within each outlet.

    Words are the word and number tokens of the core's tokenizer inside each quote's parts
    (the speaker's words only). Every quote of the kept ``kinds`` counts, attributed or not:
    a quote without a speaker, or whose speaker's affiliation is unknown, falls in the
    group ``affiliation == ""`` (``speaker_id == -1`` with ``by=("speaker", ...)``), so the
    shares of an outlet sum to 1. Without ``"outlet"`` in ``by`` the shares are of the
    whole corpus.

    Args:
        by: group keys, as in :func:`speaker_sentiment`.
        kinds, min_confidence: which quotes count.

    Returns:
        A DataFrame with the ``by`` keys (``"speaker"`` gives speaker_id and speaker_name),
        n_quotes, n_words and share, by outlet and then share (descending).

    Example:
        >>> import presslens
        >>> q = presslens.quotes(presslens.sample_corpus(),
        ...                      gazetteer_entries=presslens.sample_gazetteer_path())
        >>> v = presslens.voice_share(q)
        >>> list(v.columns)
        ['affiliation', 'outlet', 'n_quotes', 'n_words', 'share']
        >>> v.groupby("outlet")["share"].sum().round(12).unique().tolist()
        [1.0]
    """
    by = _check_by_kinds(by, kinds)
    q = _as_quotes(corpus_or_quotes, "voice_share", threads)
    f = q.frame.assign(n_words=quote_words(q))
    return voice_table(f, q, None, by, kinds=kinds, min_confidence=min_confidence)


def voice_table(
    f: pd.DataFrame,
    q: Quotes,
    docs: pd.DataFrame | None,
    by: tuple[str, ...],
    *,
    kinds: Sequence[str],
    min_confidence: float,
) -> pd.DataFrame:
    """The :func:`voice_share` table of quote rows ``f`` with their ``n_words`` (keys as in
    :func:`sentiment_table`). Shared with ``presslens.dask.voice_share``."""
    import pandas as pd

    groups, keys = _grouped(f, q, by, docs, kinds, min_confidence)
    columns = [*keys, "n_quotes", "n_words", "share"]
    if "speaker_id" in keys:
        columns.insert(keys.index("speaker_id") + 1, "speaker_name")
    if len(groups.rows) == 0:
        return pd.DataFrame(columns=columns)
    words = f["n_words"].to_numpy()[groups.rows][groups.order]
    starts = np.cumsum(groups.sizes) - groups.sizes
    out = pd.DataFrame(
        {**groups.keys, "n_quotes": groups.sizes, "n_words": np.add.reduceat(words, starts)}
    )
    within = ["outlet"] if "outlet" in keys else []
    total = out.groupby(within)["n_words"].transform("sum") if within else out["n_words"].sum()
    out["share"] = out["n_words"] / np.maximum(total, 1)
    if "speaker_id" in keys:
        names = q.entities.table["name"].to_numpy(dtype=object)
        sid = out["speaker_id"].to_numpy()
        out["speaker_name"] = np.where(sid >= 0, names[np.maximum(sid, 0)], "")
    order = [*within, "share", *keys]
    asc = [*[True] * len(within), False, *[True] * len(keys)]
    return out[columns].sort_values(order, ascending=asc, kind="stable").reset_index(drop=True)


def explain_speaker(
    q: Quotes, speaker: str | int, outlet: str | None = None, *, model: str = "vader"
) -> pd.DataFrame:
    """The quotes behind a speaker's score, each with its score and the words that drove it.

    Every quote is scored as in :func:`speaker_sentiment`: sentence by sentence over its
    parts, the sentence scores averaged. ``explanations`` holds one
    :class:`~presslens.sentiment.Explanation` per sentence piece (print one to see each
    token's valence and the rules that changed it); ``drivers`` lists the words that moved
    the score, strongest first, as ``"word +valence"`` (with the rules that changed it).

    Args:
        q: the quotes (:func:`presslens.quotes`).
        speaker: an entity id, or a name or alias as :meth:`Entities.id_of` takes it
            ("Sorokin").
        outlet: only the quotes of this outlet.
        model: ``"vader"`` or ``"news"``.

    Returns:
        One row per quote: quote_id, doc_id, outlet, kind, text, score, drivers,
        explanations; most negative first.

    Raises:
        KeyError: no entity has that name, or it is ambiguous.

    Example:
        >>> import presslens
        >>> q = presslens.quotes(presslens.sample_corpus(),
        ...                      gazetteer_entries=presslens.sample_gazetteer_path())
        >>> e = presslens.explain_speaker(q, "Sorokin", "tarsk-today")
        >>> len(e), list(e.columns[:6])
        (7, ['quote_id', 'doc_id', 'outlet', 'kind', 'text', 'score'])
        >>> row = e.iloc[0]
        >>> bool(row.score == sum(x.scores["compound"] for x in row.explanations)
        ...      / len(row.explanations))
        True
    """
    import pandas as pd

    require(q, Quotes, "explain_speaker", "presslens.Quotes (from presslens.quotes(...))")
    _needs_texts(q, "explain_speaker")
    sid = speaker if isinstance(speaker, int) else q.entities.id_of(str(speaker))
    f = q.frame
    rows = f[(f["speaker_id"] == sid) & ((f["outlet"] == outlet) if outlet is not None else True)]
    analyzer = SentimentAnalyzer(model=model)
    piece_quote, pieces = quote_pieces(rows, q.entities.corpus)
    explanations: list[list[Explanation]] = [[] for _ in range(len(rows))]
    for i, text in zip(piece_quote.tolist(), pieces, strict=True):  # one speaker's quotes
        explanations[i].append(analyzer.explain(text))
    scores = [float(np.mean([x.scores["compound"] for x in ex])) for ex in explanations]
    out = pd.DataFrame(
        {
            "quote_id": rows["quote_id"].to_numpy(),
            "doc_id": rows["doc_id"].to_numpy(),
            "outlet": rows["outlet"].to_numpy(),
            "kind": rows["kind"].to_numpy(),
            "text": rows["text"].to_numpy(),
            "score": scores,
            "drivers": [_drivers(ex) for ex in explanations],
            "explanations": explanations,
        }
    )
    return out.sort_values(["score", "quote_id"], kind="stable").reset_index(drop=True)


def _drivers(explanations: list[Explanation]) -> list[str]:
    """The scored words of a quote's pieces, strongest first: "word +1.90 (negated)"."""
    found = []
    for e in explanations:
        t = e.tokens
        if t.empty:
            continue
        t = t[t["valence"] != 0]
        for word, val, rules in zip(t["token"], t["valence"], t["rules"], strict=True):
            why = f" ({', '.join(rules)})" if len(rules) else ""
            found.append((abs(float(val)), f"{word} {float(val):+.2f}{why}"))
    found.sort(key=lambda x: -x[0])
    return [text for _, text in found]


def plot_speaker_sentiment(df: pd.DataFrame, *, ax: Axes | None = None, top: int = 20) -> Axes:
    """A forest plot of a :func:`speaker_sentiment` table: one row per speaker (and outlet),
    the mean as a point and the bootstrap interval (ci_low..ci_high) as a line, one colour
    per outlet when the table has an outlet column. Rows without an interval (one unit)
    show the point only. Needs matplotlib (``pip install presslens[plot]``).

    Args:
        df: the output of :func:`speaker_sentiment` (any ``by``: the label of a row is its
            speaker_name, else its non-outlet keys).
        ax: the Axes to draw on (a new figure when None).
        top: the most quoted speakers (or groups) to show, by their total ``n_quotes``.

    Returns:
        The Axes.

    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> import presslens
        >>> q = presslens.quotes(presslens.sample_corpus(),
        ...                      gazetteer_entries=presslens.sample_gazetteer_path())
        >>> s = presslens.speaker_sentiment(q, by=("speaker", "outlet"), n_boot=200)
        >>> ax = presslens.plot_speaker_sentiment(s, top=5)
        >>> ax.get_xlabel()
        'mean compound of the quotes (bootstrap interval)'
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "plot_speaker_sentiment needs matplotlib: pip install 'presslens[plot]'"
        ) from e
    missing = [c for c in ("mean", "ci_low", "ci_high", "n_quotes") if c not in df.columns]
    if missing:
        raise ValueError(f"not a speaker_sentiment table: no column(s) {missing}")
    has_outlet = "outlet" in df.columns
    label_cols = (
        ["speaker_name"]
        if "speaker_name" in df.columns
        else [c for c in df.columns[: list(df.columns).index("n_quotes")] if c != "outlet"]
    )
    d = df.assign(_label=df[label_cols].astype(str).agg(" / ".join, axis=1) if label_cols else "")
    # A group's rows together, the most quoted group on top.
    total = d.groupby("_label")["n_quotes"].transform("sum")
    order = ["_total", "_label", *(["outlet"] if has_outlet else [])]
    d = d.assign(_total=total).sort_values(
        order, ascending=[False] + [True] * (len(order) - 1), kind="stable"
    )
    keep = d["_label"].drop_duplicates().head(top)
    d = d[d["_label"].isin(keep)].reset_index(drop=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.32 * len(d) + 1.6))
    y = np.arange(len(d))
    outlets = sorted(d["outlet"].astype(str).unique()) if has_outlet else [None]
    colours = plt.get_cmap("tab10")
    for k, o in enumerate(outlets):
        rows = d["outlet"].astype(str) == o if o is not None else np.ones(len(d), dtype=bool)
        rows = np.asarray(rows)
        c = colours(k % 10)
        ok = rows & d["ci_low"].notna().to_numpy()
        if ok.any():
            ax.hlines(y[ok], d["ci_low"][ok], d["ci_high"][ok], color=c, lw=1.6)
        ax.plot(d["mean"][rows], y[rows], "o", color=c, ms=5, label=o)
    ax.axvline(0, color="grey", lw=0.6, ls=":")
    ax.set_yticks(y, [_short(x) for x in d["_label"]])
    ax.set_ylim(len(d) - 0.5, -0.5)  # the most quoted on top
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("mean compound of the quotes (bootstrap interval)")
    who = "speaker" if "speaker_name" in df.columns else " / ".join(label_cols) or "group"
    ax.set_title(f"Tone in which each {who} is quoted" + (", per outlet" if has_outlet else ""))
    if has_outlet:
        ax.legend(title="outlet", fontsize="small", loc="best")
    return ax


def _short(label: str, width: int = 32) -> str:
    return label if len(label) <= width else label[: width - 1] + "\u2026"
