"""The tone in which each speaker is quoted, per outlet or any document column.

A view on the core: quotes and speakers come from :func:`presslens.quotes`, every score
from the core's sentiment models; this module cuts each quote's parts (the speaker's
words, without the attribution of a split quote) at the corpus's sentence boundaries,
scores the pieces in one batched call, and aggregates with numpy: means, a seeded
percentile bootstrap and empirical-Bayes shrinkage (formulas in docs/sentiment.md).

A private module: use ``presslens.speaker_sentiment``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._inputs import as_corpus
from ._quotes import Quotes, quotes
from .corpus import Corpus
from .sentiment import NEGATIVE_THRESHOLD, POSITIVE_THRESHOLD, polarity_scores

if TYPE_CHECKING:
    import pandas as pd

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
SPEAKER_COLUMNS = ("speaker_id", "speaker_name", "speaker_type", "roles")
_KINDS = ("direct", "mixed", "indirect")
# Bootstrap draws held in memory at once (resamples x units): about 32 MB of float64.
_BOOT_BUDGET = 4_000_000


def quote_scores(q: Quotes, *, overlay: Any = None, model: str = "vader", threads: int = 0):
    """The compound score of every quote of ``q.frame`` (a numpy array in frame order): the
    mean over the sentences of its parts, each piece scored on its own, so that a long quote
    does not saturate and a split quote is scored without the narrator's words."""
    f = q.frame
    corpus = q.entities.corpus
    n = len(f)
    if n == 0:
        return np.zeros(0)
    # Parts, flat: their quote, document (as an index) and span.
    lens = np.fromiter((len(p) for p in f["parts"]), dtype=np.int64, count=n)
    part_quote = np.repeat(np.arange(n), lens)
    flat = [span for p in f["parts"] for span in p]
    pa = np.fromiter((a for a, _ in flat), dtype=np.int64, count=len(flat))
    pb = np.fromiter((b for _, b in flat), dtype=np.int64, count=len(flat))
    doc_index = {d: i for i, d in enumerate(corpus.ids)}
    pdoc = f["doc_id"].map(doc_index).to_numpy()[part_quote]
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
    compound = polarity_scores(pieces, overlay=overlay, model=model, threads=threads)[
        "compound"
    ].to_numpy()
    piece_quote = part_quote[piece_part]
    return np.bincount(piece_quote, weights=compound, minlength=n) / np.bincount(
        piece_quote, minlength=n
    )


def bootstrap_ci(
    values: np.ndarray, group: np.ndarray, n_groups: int, *, ci: float, n_boot: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval of each group's mean. ``values`` sorted by ``group``
    (0..n_groups-1). Groups of one value get NaN. Deterministic for a seed: one generator
    (``numpy.random.default_rng(seed)``) draws, for the groups in order and in chunks of
    about 4 million draws, a matrix ``u`` of uniforms (resamples x units of the chunk); a
    unit at position j of a group of size n starting at s resamples value
    ``s + floor(u[:, j] * n)``."""
    sizes = np.bincount(group, minlength=n_groups)  # every group has a unit
    starts = np.cumsum(sizes) - sizes
    low = np.full(n_groups, np.nan)
    high = np.full(n_groups, np.nan)
    rng = np.random.default_rng(seed)
    alpha = (1.0 - ci) / 2.0
    per_chunk = max(1, _BOOT_BUDGET // n_boot)
    g = 0
    while g < n_groups:  # one pass per chunk of groups, not per group or resample
        h, units = g + 1, int(sizes[g])
        while h < n_groups and units + sizes[h] <= per_chunk:
            units += int(sizes[h])
            h += 1
        s0 = int(starts[g])
        gid = group[s0 : s0 + units] - g
        u = rng.random((n_boot, units))
        draw = starts[g:h][gid] + np.floor(u * sizes[g:h][gid]).astype(np.int64)
        means = np.add.reduceat(values[draw], starts[g:h] - s0, axis=1) / sizes[g:h]
        lo, hi = np.quantile(means, [alpha, 1.0 - alpha], axis=0)
        multi = sizes[g:h] > 1
        low[g:h] = np.where(multi, lo, np.nan)
        high[g:h] = np.where(multi, hi, np.nan)
        g = h
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
    """The tone in which each speaker (or outlet, or any document column) is quoted:
    of a :class:`Quotes`, or of the quotes of a Corpus (a str or an iterable of str is a
    corpus of its own).

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
            speaker_type and roles), ``"outlet"``, ``"doc_id"``, ``"kind"`` or any column
            of ``corpus.documents`` (``"date"``...).
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
        >>> list(s.columns[:6])
        ['speaker_id', 'speaker_name', 'speaker_type', 'roles', 'outlet', 'n_quotes']
        >>> row = s.iloc[0]
        >>> row["speaker_name"], row["outlet"], int(row["n_quotes"])
        ('Yevgeny Sorokin', 'tarsk-today', 7)
        >>> bool(-1 <= row["ci_low"] <= row["mean"] <= row["ci_high"] <= 1)
        True
    """

    if unit not in ("quote", "utterance"):
        raise ValueError(f"unit must be 'quote' or 'utterance', got {unit!r}")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be in (0, 1), got {ci!r}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot!r}")
    if isinstance(by, str):
        by = (by,)
    by = tuple(by)
    if not by:
        raise ValueError("by needs at least one key, e.g. ('speaker',) or ('outlet',)")
    bad_kinds = set(kinds) - set(_KINDS)
    if bad_kinds:
        raise ValueError(f"unknown quote kinds {sorted(bad_kinds)}; expected some of {_KINDS}")
    source = as_corpus(corpus_or_quotes, "speaker_sentiment", also=(Quotes,))
    q = source if isinstance(source, Quotes) else quotes(source, threads=threads)
    f = q.frame.assign(compound=quote_scores(q, overlay=overlay, model=model, threads=threads))
    keep = f["kind"].isin(list(kinds)) & (f["confidence"] >= min_confidence)
    if "speaker" in by:
        keep &= f["speaker_id"] >= 0
    f = f[keep]
    keys = ["speaker_id" if k == "speaker" else k for k in by]
    docs = q.entities.corpus.documents
    extra = [k for k in keys if k not in f.columns]
    if extra:
        missing = [k for k in extra if k not in docs.columns]
        if missing:
            raise ValueError(
                f"unknown group key(s) {missing}: use 'speaker', a quote column ('outlet', "
                f"'doc_id', 'kind') or a document column ({', '.join(docs.columns)})"
            )
        f = f.merge(docs[["id", *extra]].rename(columns={"id": "doc_id"}), on="doc_id")
    return _aggregate(f, keys, q, unit=unit, ci=ci, n_boot=n_boot, seed=seed)


def _aggregate(
    f: pd.DataFrame, keys: list[str], q: Quotes, *, unit: str, ci: float, n_boot: int, seed: int
) -> pd.DataFrame:
    import pandas as pd

    speaker_cols = list(SPEAKER_COLUMNS) if "speaker_id" in keys else []
    key_cols = [k for k in keys if k != "speaker_id"]
    columns = [*speaker_cols, *key_cols, *STAT_COLUMNS]
    if f.empty:
        return pd.DataFrame(columns=columns)
    g = f.groupby(keys, sort=True, dropna=False)
    counts = g.agg(
        n_quotes=("quote_id", "size"),
        n_utterances=("utterance_id", "nunique"),
        n_docs=("doc_id", "nunique"),
        quote_ids=("quote_id", list),
    )
    # The units: quotes, or the mean of each utterance's versions within the group.
    units = f[[*keys, "utterance_id", "compound"]]
    if unit == "utterance":
        units = units.groupby([*keys, "utterance_id"], sort=True, dropna=False)["compound"].mean()
        units = units.reset_index()
    units = units.assign(group=units.groupby(keys, sort=True, dropna=False).ngroup())
    units = units.sort_values("group", kind="stable")
    values = units["compound"].to_numpy(dtype=float)
    group = units["group"].to_numpy()
    n_groups = len(counts)
    sizes = np.bincount(group, minlength=n_groups)
    sums = np.bincount(group, weights=values, minlength=n_groups)
    mean = sums / sizes
    dev2 = np.bincount(group, weights=(values - mean[group]) ** 2, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.where(sizes > 1, np.sqrt(dev2 / (sizes - 1)), np.nan)
    low, high = bootstrap_ci(values, group, n_groups, ci=ci, n_boot=n_boot, seed=seed)
    pos = np.bincount(group, weights=values >= POSITIVE_THRESHOLD, minlength=n_groups) / sizes
    neg = np.bincount(group, weights=values <= NEGATIVE_THRESHOLD, minlength=n_groups) / sizes
    neutral = (values > NEGATIVE_THRESHOLD) & (values < POSITIVE_THRESHOLD)
    neu = np.bincount(group, weights=neutral, minlength=n_groups) / sizes
    out = counts.reset_index()
    out["mean"] = mean
    out["sd"] = sd
    out["ci_low"] = low
    out["ci_high"] = high
    out["shrunk_mean"] = shrink(mean, sd, sizes, float(values.mean()))
    out["share_pos"] = pos
    out["share_neu"] = neu
    out["share_neg"] = neg
    if speaker_cols:
        table = q.entities.table.set_index("entity_id")
        ids = out["speaker_id"].to_numpy()
        out["speaker_name"] = table["name"].reindex(ids).to_numpy()
        out["speaker_type"] = table["type"].reindex(ids).to_numpy()
        out["roles"] = table["roles"].reindex(ids).to_numpy()
    out = out[columns]
    return out.sort_values(
        ["n_quotes", *keys], ascending=[False, *[True] * len(keys)], kind="stable"
    ).reset_index(drop=True)
