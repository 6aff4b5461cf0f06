"""presslens sentiment against vaderSentiment 3.3.2: every score, to the last decimal.

A disagreement is a bug in presslens: each parity test compares all four numbers of
presslens's C++ port with vaderSentiment's on the same text, in the same run.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vs

import presslens
from presslens import sentiment
from presslens.cli import build_parser

KEYS = ("neg", "neu", "pos", "compound")


@pytest.fixture(scope="module")
def vader() -> vs.SentimentIntensityAnalyzer:
    return vs.SentimentIntensityAnalyzer()


@pytest.fixture(scope="module")
def ours() -> sentiment.SentimentAnalyzer:
    return sentiment.SentimentAnalyzer()


def assert_parity(texts: list[str], vader: vs.SentimentIntensityAnalyzer, what: str) -> None:
    """All four scores of every text equal vaderSentiment's, single and batch API."""
    assert texts, f"no {what} to compare"
    batch = sentiment.polarity_scores(texts, threads=2)
    expected = pd.DataFrame([vader.polarity_scores(t) for t in texts], columns=list(KEYS))
    mismatched = (batch.to_numpy() != expected.to_numpy()).any(axis=1)
    bad = [
        (texts[i], expected.iloc[i].tolist(), batch.iloc[i].tolist())
        for i in mismatched.nonzero()[0]
    ]
    assert not bad, f"{len(bad)} of {len(texts)} {what} differ from vaderSentiment, e.g. {bad[:3]}"


# ---- hand-made edge cases --------------------------------------------------------------

EDGE_CASES = [
    # empty, white space, punctuation only
    "",
    " ",
    "\t\n",
    "\u00a0\u2003",
    ".",
    "!",
    "?",
    "!!!!!!",
    "??",
    "????",
    "?!?!",
    "...",
    ":)",
    "-- --",
    "'",
    '"""',
    # "No.", "Kind of.", "ok." vs "ok", short tokens keep their punctuation
    "No.",
    "No",
    "no",
    "NO!",
    "No no no.",
    "no good",
    "No good.",
    "no, good",
    "not no good",
    "Kind of.",
    "kind of",
    "Kind of good.",
    "kind of bad",
    "KIND OF GOOD",
    "a kind man",
    "kind",
    "ok.",
    "ok",
    "OK",
    "Ok!",
    "ok?",
    "ok ok",
    "ok. ok.",
    "(ok)",
    "ok..",
    "I'm ok.",
    "lol.",
    "lol",
    # negations
    "not good",
    "not bad",
    "NOT good",
    "isn't good",
    "isn’t good",
    "ain't bad",
    "uh-uh good",
    "never good",
    "never so good",
    "never this good",
    "it was never so very good",
    "this is so good",
    "without a doubt, good",
    "without doubt good",
    "without any doubt excellent",
    "nothing good",
    "not at all good",
    "not very good",
    "hardly good",
    "no longer happy",
    "no love or hate",
    "no love nor hate",
    "nor good",
    "I cannot stand it",
    "don't hate it",
    "At least it isn't a horrible book.",
    "at least good",
    "least good",
    "the least good",
    "very least good",
    "Roger Dodger is one of the least compelling variations on this theme.",
    # "but"
    "good but bad",
    "bad but good",
    "good, but bad",
    "good BUT bad",
    "but",
    "but good",
    "good but",
    "good good but good good",
    "great good but good great",
    "good but good but bad",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    # boosters, dampeners, ALL CAPS
    "very good",
    "VERY good",
    "very GOOD",
    "VERY GOOD",
    "extremely bad",
    "slightly bad",
    "kinda good",
    "sort of good",
    "sorta bad",
    "just enough good",
    "barely GOOD news",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "THE BOOK WAS GOOD",
    "The book was GOOD",
    "GOOD",
    "Today SUX!",
    "I LOVE it",
    "i love IT",
    # idioms and special cases
    "the shit",
    "this is the shit",
    "it is the bomb",
    "bad ass",
    "you bad ass",
    "yeah right",
    "the kiss of death",
    "a cake to die for",
    "my beating heart",
    "the bus stop",
    "cut the mustard",
    # punctuation amplification
    "good!",
    "good!!",
    "good!!!!",
    "good!!!!!!!!",
    "good?",
    "good??",
    "good???",
    "good????",
    "bad!!",
    "bad??",
    "Are you sure?? Really!!",
    "good!?!?",
    # emoji (replaced on the raw text) and emoticons
    "😀",
    "😀😀",
    "I am 😀",
    "I am😀",
    "😀good",
    "good😀",
    "💘 and 💋 and 😁",
    "🔛",
    "turn 🆙",
    "©2016",
    "Make sure you :) or :D today!",
    "<3",
    ":-(",
    ";)",
    "😀 but 😢",
    "👍🏽",
    "🇺🇸",
    # scripts and case
    "Müller ist GUT",
    "Рябков said no",
    "ПЛОХО good",
    "İstanbul is GREAT",
    "ǅ good",
    "STRAẞE good",
    "ß",
    "ΣΑΣ good",
    "ﬁne",
    "Ⅻ good",
    # repeated words, odd spacing
    "good good good good good good good good",
    "bad " * 40,
    "no " * 30,
    "but " * 10,
    "good\u3000bad",
    "good\x1cbad",
    "good\x85bad",
    "good\u200bbad",
    "  good  \n\n bad  ",
    # a lone surrogate (a str, so VADER scores it)
    "bad \ud800 GOOD",
]


def test_edge_cases_match_vader(vader: vs.SentimentIntensityAnalyzer) -> None:
    assert_parity(EDGE_CASES, vader, "edge cases")


def test_single_text_api_returns_vaders_dict(
    vader: vs.SentimentIntensityAnalyzer, ours: sentiment.SentimentAnalyzer
) -> None:
    for text in EDGE_CASES:
        got = ours.polarity_scores(text)
        assert got == vader.polarity_scores(text), text
        assert list(got) == list(KEYS)


def test_very_long_texts(vader: vs.SentimentIntensityAnalyzer) -> None:
    # Long enough for the indexed "but" rule (more than 64 tokens) with many equal values.
    words = ["good", "bad", "not", "very", "GREAT", "but", "kind", "of", "the", "no", "😀", "!!"]
    texts = [
        " ".join(words[(i * 7 + i // 3) % len(words)] for i in range(n)) for n in (65, 300, 2000)
    ]
    texts.append("good " * 1500 + "but " + "bad " * 1500)
    texts.append("The talks went well. " * 400)
    assert_parity(texts, vader, "long texts")


def test_every_negation_booster_and_idiom_in_context(vader: vs.SentimentIntensityAnalyzer) -> None:
    words = list(vs.NEGATE) + list(vs.BOOSTER_DICT) + list(vs.SPECIAL_CASES)
    texts = []
    for w in words:
        for template in (
            "{w} good",
            "{w} bad",
            "not {w} good",
            "{W} good",
            "it is {w} the bad one",
            "{w}",
            "good {w}",
            "{w} a kind of great day",
        ):
            texts.append(template.format(w=w, W=w.upper()))
    assert_parity(texts, vader, "negation/booster/idiom contexts")


def test_every_lexicon_word(vader: vs.SentimentIntensityAnalyzer) -> None:
    texts = []
    for w in vader.lexicon:
        texts += [w, f"not {w}!", f"The {w.upper()} day", f"very {w} but {w}"]
    assert_parity(texts, vader, "lexicon words")


def test_every_emoji(vader: vs.SentimentIntensityAnalyzer) -> None:
    texts = []
    for e in vader.emojis:
        texts += [e, f"so{e}good", f"not {e} but {e}{e}!"]
    assert_parity(texts, vader, "emoji")


# Module-level instances for the property tests (built once, not per example).
_VADER = vs.SentimentIntensityAnalyzer()
_OURS = sentiment.SentimentAnalyzer()

VOCAB = sorted(
    set(vs.NEGATE)
    | {k for k in vs.BOOSTER_DICT if " " not in k}
    | {
        "no",
        "kind",
        "of",
        "or",
        "nor",
        "but",
        "so",
        "this",
        "at",
        "least",
        "very",
        "the",
        "shit",
        "bomb",
        "bad",
        "ass",
        "yeah",
        "right",
        "kiss",
        "death",
        "to",
        "die",
        "for",
        "beating",
        "heart",
        "bus",
        "stop",
        "just",
        "enough",
        "sort",
        "good",
        "great",
        "love",
        "hate",
        "ok",
        "doubt",
        "without",
        "never",
        ":)",
        ":(",
        "😀",
        "💔",
        "!",
        "?",
        "ok.",
        "No.",
        "a",
        "I",
    }
)
token = st.builds(
    lambda w, case, punct: (
        punct[0] + (w.upper() if case == 1 else w.capitalize() if case == 2 else w) + punct[1]
    ),
    st.sampled_from(VOCAB),
    st.integers(0, 5),
    st.sampled_from(
        [("", ""), ("", "."), ("", "!"), ("", "?!"), ('"', '"'), ("(", ")"), ("", ",")]
    ),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(token, max_size=16), st.sampled_from([" ", "  ", "\t", "\n"]))
def test_random_sentences_match_vader(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert _OURS.polarity_scores(text) == _VADER.polarity_scores(text)


# Raw characters: control bytes, DEL, white space of every kind, punctuation, letters of
# several scripts and cases, emoji; exercises the tokenizer's 8-byte scanning at every offset.
RAW = st.text(
    alphabet=st.sampled_from(
        list("\x00\x01\x08\t\n\x0b\x0c\r\x1c\x1f !\"#'()*,-.:;?@[]_`{}~\x7f")
        + list("abcgodnotbuAZGOD0123456789")
        + ["\x85", "\xa0", "\u2003", "\u3000", "\u200b", "é", "É", "ß", "ǅ", "İ", "Σ", "ж", "Ж"]
        + ["😀", "💔", "©", "🔛", "👍", "\U0001f3fd", "’"]
    ),
    max_size=40,
)


@settings(max_examples=3000, deadline=None)
@given(RAW)
def test_random_characters_match_vader(text: str) -> None:
    assert _OURS.polarity_scores(text) == _VADER.polarity_scores(text)


# ---- reference data (../shared) --------------------------------------------------------


@pytest.mark.shared
def test_gold_snippets_match_vader(shared: Path, vader: vs.SentimentIntensityAnalyzer) -> None:
    folder = shared / "benchmarks" / "sentiment-gold"
    if not folder.is_dir():
        pytest.skip("sentiment-gold is absent")
    texts = []
    for path in sorted(folder.glob("*.txt")):
        with path.open(encoding="utf-8") as f:  # universal newlines: the files are CRLF
            for line in f:
                parts = line.rstrip("\n").split("\t", 2)
                if len(parts) == 3:
                    texts.append(parts[2])
    assert len(texts) > 18000
    assert_parity(texts, vader, "sentiment-gold snippets")


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_sentences_match_vader(polnear: Path, vader: vs.SentimentIntensityAnalyzer) -> None:
    texts = []
    for path in sorted((polnear / "text").glob("*.txt")):
        texts += [s.text for s in presslens.sentences(path.read_text(encoding="utf-8"))]
    assert len(texts) > 30000
    assert_parity(texts, vader, "PolNeAR sentences")


# ---- batch API ---------------------------------------------------------------------------


def test_batch_is_deterministic_and_keeps_the_index(ours: sentiment.SentimentAnalyzer) -> None:
    # object: some edge cases hold lone surrogates, which pandas' Arrow-backed str dtype
    # (pandas >= 3 with pyarrow installed) cannot hold
    texts = pd.Series(
        EDGE_CASES * 20, index=[f"q{i}" for i in range(len(EDGE_CASES) * 20)], dtype=object
    )
    one = ours.polarity_scores_many(texts, threads=1)
    many = ours.polarity_scores_many(texts, threads=3)
    pd.testing.assert_frame_equal(one, many)
    assert list(one.index) == list(texts.index)
    assert list(one.columns) == list(KEYS)
    assert one.dtypes.tolist() == ["float64"] * 4
    # generators, tuples and a single str are accepted
    assert len(sentiment.polarity_scores(t for t in ["good", "bad"])) == 2
    assert len(sentiment.polarity_scores("good")) == 1
    assert len(sentiment.polarity_scores([])) == 0


def test_batch_rejects_non_str(ours: sentiment.SentimentAnalyzer) -> None:
    with pytest.raises(TypeError, match=r"texts\[1\] is float"):
        ours.polarity_scores_many(["good", math.nan])


# ---- explain -----------------------------------------------------------------------------


class _Recorder(vs.SentimentIntensityAnalyzer):
    """vaderSentiment with its per-token sentiments recorded."""

    def score_valence(self, sentiments, text):  # type: ignore[no-untyped-def]
        self.sentiments = list(sentiments)
        return super().score_valence(sentiments, text)


def test_explain_matches_vaders_per_token_valences(ours: sentiment.SentimentAnalyzer) -> None:
    rec = _Recorder()
    for text in EDGE_CASES:
        e = ours.explain(text)
        assert e.scores == rec.polarity_scores(text), text
        assert e.tokens["valence"].tolist() == rec.sentiments, text
        # The sum as this interpreter's sum() computes it (sequential < 3.12 <= Neumaier).
        assert e.sum == float(sum(rec.sentiments)), text


def test_explain_names_the_rules_and_offsets_slice_the_text(
    ours: sentiment.SentimentAnalyzer,
) -> None:
    text = "Рябков: the talks were NOT very good, but Müller was 😀!!"
    e = ours.explain(text)
    t = e.tokens.set_index("token")
    assert set(t.loc["good", "rules"]) == {"boosted", "negated", "but_before"}
    assert t.loc["good", "but_factor"] == 0.5
    assert t.loc["very", "rules"] == ["modifier"]
    assert "but_after" in t.loc["grinning", "rules"]
    for row in e.tokens.itertuples():
        if row.token in ("grinning", "face"):
            assert text[row.start : row.end] == "😀"
        else:
            assert text[row.start : row.end] == row.token
    assert e.punctuation_amplifier == 2 * 0.292
    assert math.isclose(e.tokens["share"].abs().sum() + abs(e.punctuation_share), 1.0)
    assert "good" in str(e) and "negated" in str(e)
    assert {"boosted", "negated", "but_before", "but_after", "modifier"} <= set(e.rules)


def test_explain_reports_caps_no_least_and_idioms(ours: sentiment.SentimentAnalyzer) -> None:
    def rules(text: str, token: str) -> list[str]:
        t = ours.explain(text).tokens
        return t.loc[t["token"] == token, "rules"].iloc[0]

    assert "caps" in rules("the book was GOOD", "GOOD")
    assert rules("no good", "no") == ["no_zeroed"]
    assert "no" in rules("no good", "good")
    assert "least" in rules("the least good", "good")
    assert "idiom" in rules("this is the shit", "shit")
    assert "kind_of" in rules("it is kind of good", "good")
    assert "kind_of" in rules("it is sort of a good", "good")
    assert "never_so" in rules("it was never so good", "good")


# ---- overlays ----------------------------------------------------------------------------


def test_news_overlay_follows_its_documented_procedure(
    vader: vs.SentimentIntensityAnalyzer,
) -> None:
    lines = [
        line
        for line in sentiment.news_overlay_path().read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) >= 40
    terms = set()
    for line in lines:
        term, valence, rationale = line.split("\t")
        assert term == term.lower() and term not in terms, term
        terms.add(term)
        assert term not in vader.lexicon, f"{term} is already in VADER's lexicon"
        why, _, anchors = rationale.rpartition("; anchors: ")
        assert why.strip(), term
        anchor_words = anchors.split(", ")
        assert 2 <= len(anchor_words) <= 3, term
        for a in anchor_words:
            assert a in vader.lexicon, f"anchor {a} of {term} is not in VADER's lexicon"
        mean = sum(vader.lexicon[a] for a in anchor_words) / len(anchor_words)
        assert float(valence) == round(mean, 1), term
    for required in (
        "constructive",
        "productive",
        "fruitful",
        "frank",
        "cordial",
        "sanctions",
        "escalation",
        "breakthrough",
        "stalemate",
        "concessions",
        "ultimatum",
        "provocation",
    ):
        assert required in terms


def test_overlay_is_off_by_default_and_changes_scores_when_on(
    vader: vs.SentimentIntensityAnalyzer,
) -> None:
    text = "New sanctions and an escalation ended the constructive talks."
    assert sentiment.SentimentAnalyzer().polarity_scores(text) == vader.polarity_scores(text)
    news = sentiment.SentimentAnalyzer(overlay="news")
    assert news.valence("sanctions") == -1.8
    assert news.valence("good") == vader.lexicon["good"]
    assert news.lexicon_size > sentiment.SentimentAnalyzer().lexicon_size
    assert news.polarity_scores(text)["compound"] < 0
    assert news.polarity_scores("Fruitful, cordial talks.")["compound"] > 0.5


def test_user_overlays(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("# mine\nBrexit\t-1.0\twhy\n", encoding="utf-8")
    a = sentiment.SentimentAnalyzer(overlay=["news", path, {"vice": None, "Ukraine": 0.5}])
    assert a.valence("brexit") == -1.0
    assert a.valence("Ukraine") == 0.5
    assert a.valence("vice") is None  # "vice president" is not a vice
    assert a.polarity_scores("The vice president spoke")["compound"] == 0.0
    assert a.valence("sanctions") == -1.8
    with pytest.raises(ValueError, match="white space"):
        sentiment.SentimentAnalyzer(overlay={"peace talks": 1.0})
    with pytest.raises(ValueError, match=r"\[-4, 4\]"):
        sentiment.SentimentAnalyzer(overlay={"war": -9})
    with pytest.raises(ValueError, match="can never match"):
        sentiment.SentimentAnalyzer(overlay={"u.s.": 1})
    with pytest.raises(ValueError, match="neither 'news' nor a file"):
        sentiment.SentimentAnalyzer(overlay="politics")
    with pytest.raises(ValueError, match=r"mine\.tsv:2"):
        path.write_text("ok\t1\nbroken\n", encoding="utf-8")
        sentiment.SentimentAnalyzer(overlay=path)


def test_summation_follows_the_interpreter() -> None:
    expected = "neumaier" if sys.version_info >= (3, 12) else "sequential"
    assert sentiment.SentimentAnalyzer()._core.summation == expected


def _cpython312_sum(values: list[float]) -> float:
    """CPython 3.12's sum() of floats (Objects/bltinmodule.c): Neumaier's compensation."""
    total, c = 0.0, 0.0
    for x in values:
        t = total + x
        c += (total - t) + x if abs(total) >= abs(x) else (x - t) + total
        total = t
    return total + c if c and math.isfinite(c) else total


def test_neumaier_summation_is_cpython_312s(vader: vs.SentimentIntensityAnalyzer) -> None:
    lexicon, emoji = sentiment._vader_lexicons()
    neumaier = presslens._core.SentimentAnalyzer(lexicon, emoji, [], "neumaier")
    rec = _Recorder()
    words = [*sorted(w for w in vader.lexicon if w.isalpha())[::7], "very", "not", "but", "no"]
    differs = 0
    for k in range(3000):
        text = " ".join(words[(k * 31 + j * 17) % len(words)] for j in range(2 + k % 50))
        rec.polarity_scores(text)
        assert neumaier.explain(text)["sum"] == _cpython312_sum(rec.sentiments), text
        differs += float(sum(rec.sentiments)) != _cpython312_sum(rec.sentiments)
    if sys.version_info < (3, 12):
        assert differs > 0  # the two modes are really different on these texts


# ---- documents ---------------------------------------------------------------------------


def test_document_sentiment_aggregates_sentences(vader: vs.SentimentIntensityAnalyzer) -> None:
    texts = [
        "The talks were constructive. Nobody was happy. It rained.\n\nThe deal is good!",
        "War. War. Terrible war.",
        "",
    ]
    corpus = presslens.Corpus.from_texts(texts)
    docs = sentiment.document_sentiment(corpus, threads=2)
    sents = sentiment.document_sentiment(corpus, sentences=True)
    assert len(docs) == len(corpus)
    for row in sents.itertuples():
        assert {k: getattr(row, k) for k in KEYS} == vader.polarity_scores(row.text)
    for doc in docs.itertuples():
        mine = sents[sents["doc_id"] == doc.doc_id]["compound"]
        assert doc.n_sentences == len(mine)
        if len(mine):
            assert doc.compound_mean == pytest.approx(mine.mean(), abs=1e-15)
            assert doc.positive_share == (mine >= 0.05).mean()
            assert doc.negative_share == (mine <= -0.05).mean()
            assert doc.aggregation == f"mean of {len(mine)} sentence compounds"
        text = corpus[doc.doc_id].text
        assert doc.compound_whole == vader.polarity_scores(text)["compound"]
    assert docs.loc[1, "negative_share"] == 1.0
    assert docs.loc[1, "compound_whole"] < docs.loc[1, "compound_mean"]  # saturation, #151


def test_sentiment_command_writes_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Fruitful talks. New sanctions!", encoding="utf-8")
    (folder / "b.txt").write_text("A calm day.", encoding="utf-8")
    parser = build_parser()
    args = parser.parse_args(["sentiment", str(folder), "--overlay", "news"])
    assert args.handler(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["doc_id"] for r in rows] == ["a", "b"]
    assert float(rows[0]["negative_share"]) == 0.5 and float(rows[0]["positive_share"]) == 0.5
    args = parser.parse_args(["sentiment", str(folder), "--out", str(tmp_path / "out")])
    assert args.handler(args) == 0
    per_sentence = pd.read_csv(tmp_path / "out" / "sentiment_sentences.csv")
    assert per_sentence["text"].tolist() == ["Fruitful talks.", "New sanctions!", "A calm day."]
    assert (tmp_path / "out" / "sentiment_documents.csv").is_file()
