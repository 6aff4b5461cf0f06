"""The news model (model="news") beside exact VADER: determinism, ranges, clause scope,
explain(), the API surface, the shipped data, and held-out figures when the rated sets are
present (skipped otherwise)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import presslens
from presslens import sentiment
from presslens.sentiment import SentimentAnalyzer, polarity_scores

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO.parent / "shared" / "benchmarks" / "sentiment-gold"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"

TEXTS = [
    "I cannot say that we have achieved great progress.",
    "It cannot be ruled out that some further exacerbations are possible in these areas.",
    "A thorough and constructive dialogue took place.",
    "The talks were NOT good!!",
    "We did not fail.",
    "The minister may welcome the proposal.",
    "",
    "😀 great",
    "Talks failed, but the atmosphere was friendly.",
]


@pytest.fixture(scope="module")
def news() -> SentimentAnalyzer:
    return SentimentAnalyzer(model="news")


def test_vader_default_is_unchanged() -> None:
    vader = SentimentAnalyzer()
    assert vader.model == "vader" and vader.news_params is None
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    ref = SentimentIntensityAnalyzer()
    for t in TEXTS:
        assert vader.polarity_scores(t) == ref.polarity_scores(t), t
    assert polarity_scores(TEXTS).equals(polarity_scores(TEXTS, model="vader"))


def test_news_is_deterministic_and_in_range(news: SentimentAnalyzer) -> None:
    a = polarity_scores(TEXTS * 50, model="news", threads=1)
    b = polarity_scores(TEXTS * 50, model="news", threads=2)
    c = SentimentAnalyzer(model="news").polarity_scores_many(TEXTS * 50, threads=0)
    assert a.equals(b) and a.equals(c)
    assert list(a.columns) == ["neg", "neu", "pos", "compound"]
    assert ((a[["neg", "neu", "pos"]] >= 0) & (a[["neg", "neu", "pos"]] <= 1)).all().all()
    assert ((a.compound >= -1) & (a.compound <= 1)).all()
    for t in TEXTS:
        assert news.polarity_scores(t) == a.iloc[TEXTS.index(t)].to_dict()


def test_negation_has_clause_scope(news: SentimentAnalyzer) -> None:
    vader = SentimentAnalyzer()
    t = "I cannot say that we have achieved great progress."
    assert vader.polarity_scores(t)["compound"] > 0.05
    assert news.polarity_scores(t)["compound"] < -0.05
    # Two negations cancel: a possible worsening stays negative.
    t = "It cannot be ruled out that some further exacerbations are possible in these areas."
    assert news.polarity_scores(t)["compound"] < -0.05
    # The scope ends with the clause.
    t = "We cannot say that it was easy, but the progress was great."
    e = news.explain(t)
    great = e.tokens[e.tokens.token == "great"].iloc[0]
    assert "scope_negated" not in great.rules and great.valence > 0
    # "not only" negates nothing.
    t = "The agreement is not only useful for us but also for the whole region and its people."
    assert news.polarity_scores(t)["compound"] > 0
    assert "scope_negated" not in news.explain(t).rules
    # A negation reaches beyond VADER's window only over a verb of saying or thinking (or one
    # taking a clause: allow, mean, want, seem, need): elsewhere VADER's window stands.
    t = "I do not eat here often and the food and the service are great."
    e = news.explain(t)
    great = e.tokens[e.tokens.token == "great"].iloc[0]
    assert "scope_negated" not in great.rules and great.valence > 0
    t = "I do not think that the food and the service here are great."
    assert news.polarity_scores(t)["compound"] < 0


@pytest.mark.parametrize(
    "text",
    [
        # An embedded question is not denied by the negation of the verb that takes it.
        "I do not know how we managed to reach such a great result together.",
        "We cannot say what a great help the neighbours have been to all of us.",
        # "cannot say enough": emphasis, not a denial.
        "I cannot say enough about how helpful and kind the whole team has been.",
        # "know" is factive: not knowing something does not make it untrue.
        "I did not know the people of this town were so generous and so kind.",
    ],
)
def test_negation_scope_stops_where_nothing_is_denied(news: SentimentAnalyzer, text: str) -> None:
    e = news.explain(text)
    assert "scope_negated" not in e.rules
    assert news.polarity_scores(text)["compound"] > 0.05


def test_hedges_soften(news: SentimentAnalyzer) -> None:
    plain = news.polarity_scores("The minister welcomed the excellent proposal.")["compound"]
    hedged = news.polarity_scores("The minister may have welcomed the excellent proposal.")
    assert 0 < hedged["compound"] < plain
    assert "hedged" in news.explain("It may be an excellent proposal.").rules


def test_news_lexicon_words(news: SentimentAnalyzer) -> None:
    assert news.valence("aggravations") is not None and news.valence("aggravations") < 0
    assert news.valence("constructive") is not None and news.valence("constructive") > 0
    assert news.valence("united") is None  # "United States" is no praise
    assert SentimentAnalyzer().valence("aggravations") is None


def test_explain_under_news(news: SentimentAnalyzer) -> None:
    t = "Nuland’s visit — I cannot say that we achieved great progress 😀"
    e = news.explain(t)
    assert e.scores == news.polarity_scores(t)
    assert e.tokens.valence.sum() == pytest.approx(e.sum)
    row = e.tokens[e.tokens.token == "great"].iloc[0]
    assert t[row.start : row.end] == "great"  # code point offsets
    assert "scope_negated" in row.rules
    emoji = e.tokens[e.tokens.token == "grinning"].iloc[0]
    assert t[emoji.start : emoji.end] == "😀"


def test_model_argument_everywhere(tmp_path: Path) -> None:
    c = presslens.Corpus.from_texts(["I cannot say that we have achieved great progress."])
    assert presslens.document_sentiment(c, model="news").compound_mean[0] < 0
    assert presslens.document_sentiment(c).compound_mean[0] > 0
    paths = sentiment.write_sentiment_files(c, tmp_path, model="news")
    assert all(p.is_file() for p in paths)
    with pytest.raises(ValueError, match="model must be 'vader' or 'news'"):
        polarity_scores(["x"], model="nws")
    with pytest.raises(ValueError, match="model must be"):
        presslens.document_sentiment(c, model="VADER")


def test_parameter_file_errors() -> None:
    from presslens import _core

    lexicon, emoji = sentiment._vader_lexicons()
    with pytest.raises(ValueError, match="news model:2: unknown key 'hedges'"):
        _core.SentimentAnalyzer(lexicon, emoji, [], "sequential", "hedge\t0.5\nhedges\t1\n")
    with pytest.raises(ValueError, match="not a number"):
        _core.SentimentAnalyzer(lexicon, emoji, [], "sequential", "hedge\tx\n")


def test_shipped_lexicon_is_built_by_the_script() -> None:
    r = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_news_lexicon.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_shipped_data_is_small() -> None:
    data = REPO / "python" / "presslens" / "data"
    for name in ("news_lexicon.tsv", "news_model.tsv"):
        assert (data / name).stat().st_size < 100_000


@pytest.mark.skipif(not GOLD.is_dir(), reason="VADER's rated sets (../shared) not present")
def test_news_keeps_up_with_vader_on_the_rated_sets() -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: F401

    news = SentimentAnalyzer(model="news")
    vader = SentimentAnalyzer()
    for name in ("movieReviewSnippets", "amazonReviewSnippets", "tweets"):
        lines = (GOLD / f"{name}_GroundTruth.txt").read_text(errors="replace").splitlines()
        rows = [ln.split("\t") for ln in lines if ln.count("\t") >= 2]
        texts = [r[2] for r in rows]
        ratings = np.array([float(r[1]) for r in rows])
        r_news = np.corrcoef(news.polarity_scores_many(texts).compound, ratings)[0, 1]
        r_vader = np.corrcoef(vader.polarity_scores_many(texts).compound, ratings)[0, 1]
        assert r_news > r_vader - 0.01, name


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed reports (../shared) not present")
def test_seed_speakers_tone() -> None:
    q = presslens.quotes(presslens.load(SEEDS))
    f = q.frame[q.frame.speaker_id >= 0]
    c = polarity_scores(f.text.tolist(), model="news").compound.to_numpy()
    mean = f.assign(c=c).groupby("speaker_name").c.mean()
    negative = [n for n in mean.index if "Ryabkov" in n or "Peskov" in n]
    positive = [
        n
        for n in mean.index
        if any(k in n for k in ("Nuland", "Price", "Kozak", "Kislyak", "Mishustin"))
    ]
    assert negative and positive
    for name in negative:
        assert mean[name] < 0, (name, mean[name])
    for name in positive:
        assert mean[name] > 0, (name, mean[name])
