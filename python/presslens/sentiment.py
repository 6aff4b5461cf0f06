"""VADER sentiment (vaderSentiment 3.3.2, bit for bit) in C++, explained and batched, and
a tone model for news statements beside it.

The lexicons are read at run time from the installed ``vaderSentiment`` package; nothing is
vendored. The default analyzer is exact VADER; ``overlay="news"`` adds the diplomatic and
conflict vocabulary VADER lacks (``presslens/data/news_overlay.tsv``), and a dict or a TSV
file adds your own words. ``model="news"`` scores with the news model instead: VADER's
tokens and rules, plus negation and hedges with clause scope, the news lexicon and
calibrated weights (docs/sentiment.md); same columns, same ranges.

Example:
    >>> from presslens.sentiment import SentimentAnalyzer, polarity_scores
    >>> SentimentAnalyzer().polarity_scores("The talks were NOT constructive!")
    {'neg': 0.0, 'neu': 1.0, 'pos': 0.0, 'compound': 0.0}
    >>> SentimentAnalyzer(overlay="news").polarity_scores("The talks were NOT constructive!")
    {'neg': 0.416, 'neu': 0.584, 'pos': 0.0, 'compound': -0.4303}
    >>> polarity_scores(["A fruitful meeting.", "New sanctions."], overlay="news").compound.tolist()
    [0.5267, -0.4215]
    >>> text = "I cannot say that we have achieved great progress."
    >>> SentimentAnalyzer().polarity_scores(text)["compound"] > 0
    True
    >>> SentimentAnalyzer(model="news").polarity_scores(text)["compound"] < 0
    True
"""

from __future__ import annotations

import functools
import importlib.util
import numbers
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import _core
from ._inputs import as_corpus, as_texts

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus

__all__ = [
    "MODELS",
    "Explanation",
    "Overlay",
    "SentimentAnalyzer",
    "document_sentiment",
    "news_overlay_path",
    "polarity_scores",
    "write_sentiment_files",
]

#: What ``overlay=`` accepts: None (exact VADER), "news", a path to a TSV file
#: (``term<TAB>valence[<TAB>rationale]``), a mapping ``{term: valence or None}`` (None
#: removes a term), or a list of these applied in order.
Overlay = str | Path | Mapping[str, float | None] | Sequence[Any] | None

#: The scoring models: exact VADER (the default) and the news model.
MODELS = ("vader", "news")

#: VADER's documented thresholds for a positive / negative compound score.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


def news_overlay_path() -> Path:
    """Path of the "news" overlay shipped with presslens (term, valence, rationale).

    Example:
        >>> news_overlay_path().name
        'news_overlay.tsv'
    """
    return Path(__file__).with_name("data") / "news_overlay.tsv"


def _data(name: str) -> Path:
    return Path(__file__).with_name("data") / name


def _check_model(model: str) -> str:
    if not isinstance(model, str) or model not in MODELS:
        raise ValueError(f"model must be 'vader' or 'news', not {model!r}")
    return model


@functools.lru_cache(maxsize=1)
def _vader_lexicons() -> tuple[str, str]:
    """The text of vaderSentiment's vader_lexicon.txt and emoji_utf8_lexicon.txt."""
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "presslens sentiment reads its lexicons from the vaderSentiment package: "
            "pip install vaderSentiment==3.3.2"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (
        (folder / "vader_lexicon.txt").read_text(encoding="utf-8"),
        (folder / "emoji_utf8_lexicon.txt").read_text(encoding="utf-8"),
    )


def _summation() -> str:
    # sum() of floats is compensated (Neumaier) from CPython 3.12 on; match the interpreter
    # vaderSentiment would run on.
    return "neumaier" if sys.version_info >= (3, 12) else "sequential"


def _overlay_entries(overlay: Overlay) -> list[tuple[str, float | None]]:
    if overlay is None:
        return []
    if isinstance(overlay, Mapping):
        lines = []
        for term, value in overlay.items():
            if not isinstance(term, str) or "\t" in term or "\n" in term:
                raise ValueError(f"overlay term {term!r} must be a str without tabs or newlines")
            if value is not None and not isinstance(value, numbers.Real):
                raise TypeError(f"overlay valence of {term!r} must be a number or None")
            lines.append(f"{term}\t{'none' if value is None else repr(float(value))}")
        return _core.parse_overlay("\n".join(lines), "overlay dict")
    if isinstance(overlay, (str, Path)):
        if overlay == "news":
            path = news_overlay_path()
        else:
            path = Path(overlay)
            if not path.is_file():
                raise ValueError(f"overlay {str(overlay)!r} is neither 'news' nor a file")
        return _core.parse_overlay(path.read_text(encoding="utf-8"), str(path))
    if isinstance(overlay, Sequence):
        return [entry for part in overlay for entry in _overlay_entries(part)]
    raise TypeError(f"unsupported overlay {type(overlay).__name__}: see presslens.Overlay")


@dataclass(frozen=True)
class Explanation:
    """How VADER scored one text: one row per token in :attr:`tokens`.

    ``tokens`` columns: token (as VADER looked it up), start/end (code points into the text;
    an emoji's description points at the emoji), in_lexicon, lexicon_valence, valence (its
    final contribution to the sum), booster (booster/dampener scalar added), but_factor,
    rules (names of the rules that changed it), share (valence over the total absolute mass
    of the text, punctuation included: the shares' absolute values sum to 1).

    Rules: modifier (a booster word or the "kind" of "kind of": scores 0), no_zeroed,
    no, caps, boosted, dampened, negated, never_so, idiom, kind_of, least, but_before,
    but_after. :attr:`rules` lists those used anywhere in the text.

    Example:
        >>> e = SentimentAnalyzer().explain("not very good")
        >>> e.scores["compound"], e.rules
        (-0.3865, ['boosted', 'modifier', 'negated'])
        >>> print(e)
        'not very good': {'neg': 0.567, 'neu': 0.433, 'pos': 0.0, 'compound': -0.3865}
          very             lexicon +0.000 -> +0.0000  share +0.0%  modifier
          good             lexicon +1.900 -> -1.6228  share -100.0%  boosted, negated
    """

    text: str
    tokens: pd.DataFrame
    scores: dict[str, float]
    sum: float
    punctuation_amplifier: float
    punctuation_share: float
    rules: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.text!r}: {self.scores}"]
        for row in self.tokens.itertuples(index=False):
            if row.valence != 0 or row.rules:
                lines.append(
                    f"  {row.token:<16} lexicon {row.lexicon_valence:+.3f} -> {row.valence:+.4f}"
                    f"  share {row.share:+.1%}  {', '.join(row.rules)}"
                )
        if self.punctuation_amplifier:
            lines.append(
                f"  {'(! and ?)':<16} {self.punctuation_amplifier:+.3f}"
                f"  share {self.punctuation_share:+.1%}"
            )
        return "\n".join(lines)


class SentimentAnalyzer:
    """vaderSentiment 3.3.2's SentimentIntensityAnalyzer, in C++, or the news model.

    ``overlay`` adds or changes lexicon words (see :data:`Overlay`); the default is exact
    VADER. ``model="news"`` scores with the news model (VADER's rules plus clause-scoped
    negation and hedges, the news lexicon and calibrated weights; docs/sentiment.md); an
    unknown model raises ValueError. The analyzer is immutable and can be shared between
    threads.

    Example:
        >>> a = SentimentAnalyzer()
        >>> a.polarity_scores("The plot was good, but the ending was not.")
        {'neg': 0.0, 'neu': 0.804, 'pos': 0.196, 'compound': 0.2382}
        >>> good = a.explain("not very good").tokens.iloc[2]
        >>> good.token, float(good.valence), good.rules
        ('good', -1.62282, ['boosted', 'negated'])
        >>> news = SentimentAnalyzer(model="news")
        >>> news.explain("We cannot say that the talks made great progress").rules
        ['scope_negated', 'weighted']
    """

    def __init__(self, overlay: Overlay = None, *, model: str = "vader") -> None:
        lexicon, emoji = _vader_lexicons()
        self.overlay = overlay
        self.model = _check_model(model)
        entries = _overlay_entries(overlay)
        news_model = None
        if model == "news":
            # The news lexicon comes first: the caller's overlay still has the last word.
            entries = _overlay_entries(["news", str(_data("news_lexicon.tsv"))]) + entries
            news_model = _data("news_model.tsv").read_text(encoding="utf-8")
        self._core = _core.SentimentAnalyzer(lexicon, emoji, entries, _summation(), news_model)

    def __repr__(self) -> str:
        return f"SentimentAnalyzer(overlay={self.overlay!r}, model={self.model!r})"

    @property
    def news_params(self) -> dict[str, float] | None:
        """The news model's calibrated parameters (None under ``model="vader"``)."""
        return self._core.news_params

    @property
    def lexicon_size(self) -> int:
        """Words in the lexicon, overlay included."""
        return self._core.lexicon_size

    def valence(self, word: str) -> float | None:
        """Lexicon valence of ``word`` (lower-cased) after the overlay, or None."""
        return self._core.valence(word.lower())

    def polarity_scores(self, text: str) -> dict[str, float]:
        """The dict vaderSentiment returns: neg, neu, pos (3 decimals), compound (4)."""
        return self._core.polarity_scores(text)

    def polarity_scores_many(self, texts: Iterable[str], *, threads: int = 0) -> pd.DataFrame:
        """One row per text (columns neg, neu, pos, compound); a pandas Series keeps its
        index. Runs in C++ on ``threads`` threads (0 = all cores) with the GIL released."""
        import pandas as pd

        if isinstance(texts, str):
            texts = [texts]
        index = texts.index if isinstance(texts, pd.Series) else None
        cols = self._core.polarity_scores_many(texts, threads)
        return pd.DataFrame(cols, index=index, columns=["neg", "neu", "pos", "compound"])

    def explain(self, text: str) -> Explanation:
        """Per token: its valence, the rules that changed it and its share of the score."""
        import pandas as pd

        raw = self._core.explain(text)
        try:
            tokens = pd.DataFrame(raw["tokens"])
        except UnicodeEncodeError:
            # A token holding a lone surrogate (a str that is no valid Unicode) cannot live
            # in pandas' Arrow-backed str dtype (pandas >= 3 with pyarrow installed): such a
            # token column stays an object column.
            tokens = pd.DataFrame(
                {**raw["tokens"], "token": pd.Series(raw["tokens"]["token"], dtype=object)}
            )
        rules = sorted({r for names in raw["tokens"]["rules"] for r in names})
        return Explanation(
            text=text,
            tokens=tokens,
            scores=raw["scores"],
            sum=raw["sum"],
            punctuation_amplifier=raw["punctuation_amplifier"],
            punctuation_share=raw["punctuation_share"],
            rules=rules,
        )


@functools.lru_cache(maxsize=4)
def _shared_analyzer(overlay: str | None, model: str) -> SentimentAnalyzer:
    return SentimentAnalyzer(overlay=overlay, model=model)


def _analyzer(overlay: Overlay, model: str = "vader") -> SentimentAnalyzer:
    # Exact VADER, the news model and the shipped overlay are built once (about 10 ms each);
    # a user file or dict may change between calls, so it is read every time.
    _check_model(model)
    if overlay is None or (isinstance(overlay, str) and overlay == "news"):
        return _shared_analyzer(overlay, model)
    return SentimentAnalyzer(overlay=overlay, model=model)


def polarity_scores(
    texts: Iterable[str] | str, *, overlay: Overlay = None, model: str = "vader", threads: int = 0
) -> pd.DataFrame:
    """Scores of many texts: a DataFrame with neg, neu, pos, compound, one row per text.
    With ``model="vader"`` (the default) each value equals vaderSentiment 3.3.2's; with
    ``model="news"`` the news model scores them (same columns and ranges).

    Scoring runs in C++ with the GIL released, on ``threads`` threads (0 = all cores; the
    result does not depend on it). A pandas Series keeps its index. ``overlay`` and
    ``model`` as in :class:`SentimentAnalyzer`.

    Example:
        >>> polarity_scores(["Good talks.", "No deal!"]).compound.tolist()
        [0.4404, -0.3595]
        >>> texts = ["It cannot be ruled out that there will be further aggravations."]
        >>> polarity_scores(texts).compound.tolist(), polarity_scores(texts, model="news").compound.tolist()
        ([0.0], [-0.4386])
    """
    texts = as_texts(texts, "polarity_scores", corpus=False)
    return _analyzer(overlay, model).polarity_scores_many(texts, threads=threads)


def document_sentiment(
    corpus: Corpus,
    *,
    overlay: Overlay = None,
    model: str = "vader",
    include_boilerplate: bool = False,
    threads: int = 0,
    sentences: bool = False,
) -> pd.DataFrame:
    """Sentiment per document, scored sentence by sentence (presslens's own splitter).

    One compound over a whole article saturates towards +-1 as the article grows
    (vaderSentiment #151), so each document is reported as the mean of its sentence
    compounds and the shares of positive (compound >= 0.05), negative (<= -0.05) and neutral
    sentences. Columns: doc_id, outlet, n_sentences, compound_mean, positive_share,
    negative_share, neutral_share, compound_whole (VADER on the whole text, for contrast),
    aggregation (how the row was aggregated). Boilerplate lines are left out unless
    ``include_boilerplate``.

    With ``sentences=True`` returns one row per sentence instead: the columns of
    ``corpus.sentences()`` plus neg, neu, pos, compound. ``model`` and ``overlay`` as in
    :class:`SentimentAnalyzer` (``model="news"``: the news model).

    Example:
        >>> from presslens import Corpus
        >>> c = Corpus.from_texts(["Talks failed. Both sides were angry."])
        >>> document_sentiment(c)[["n_sentences", "compound_mean", "negative_share"]]
           n_sentences  compound_mean  negative_share
        0            2        -0.5106             1.0
    """
    corpus = as_corpus(corpus, "document_sentiment")

    analyzer = _analyzer(overlay, model)
    raw = _core.document_sentiment(corpus._core, analyzer._core, include_boilerplate, threads)
    if sentences:
        return _sentence_frame(corpus, raw, include_boilerplate)
    return _document_frame(corpus, raw)


def _sentence_frame(corpus: Corpus, raw: dict, include_boilerplate: bool) -> pd.DataFrame:
    """The per-sentence table of a core document_sentiment result."""
    import pandas as pd

    table = corpus.sentences(include_boilerplate=True)
    scores = pd.DataFrame(raw["sentences"], columns=["neg", "neu", "pos", "compound"])
    table = pd.concat([table, scores], axis=1)
    if not include_boilerplate:
        table = table[table["boilerplate"] == ""].reset_index(drop=True)
    return table


def _document_frame(corpus: Corpus, raw: dict) -> pd.DataFrame:
    """The per-document table of a core document_sentiment result."""
    import pandas as pd

    docs = corpus.documents
    out = pd.DataFrame({"doc_id": docs["id"], "outlet": docs["outlet"]})
    for name, values in raw["documents"].items():
        out[name] = values
    out["aggregation"] = [
        f"mean of {n} sentence compounds" if n else "no sentences"
        for n in out["n_sentences"].tolist()
    ]
    return out


def write_sentiment_files(
    corpus: Corpus,
    out: Path,
    *,
    overlay: Overlay = None,
    model: str = "vader",
    include_boilerplate: bool = False,
    threads: int = 0,
) -> list[Path]:
    """Write sentiment_documents.csv and sentiment_sentences.csv (the two tables of
    :func:`document_sentiment`) in ``out``, created if missing; returns the paths written.

    Example:
        >>> import tempfile
        >>> from presslens import Corpus
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     paths = write_sentiment_files(Corpus.from_texts(["Talks failed."]), Path(tmp))
        ...     [p.name for p in paths]
        ['sentiment_documents.csv', 'sentiment_sentences.csv']
    """
    out.mkdir(parents=True, exist_ok=True)
    analyzer = _analyzer(overlay, model)  # one scoring pass for both tables
    raw = _core.document_sentiment(corpus._core, analyzer._core, include_boilerplate, threads)
    tables = {
        "sentiment_documents.csv": _document_frame(corpus, raw),
        "sentiment_sentences.csv": _sentence_frame(corpus, raw, include_boilerplate),
    }
    written = []
    for name, table in tables.items():
        table.to_csv(out / name, index=False)
        written.append(out / name)
    return written
