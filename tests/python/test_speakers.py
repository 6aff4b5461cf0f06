"""speaker_sentiment: per-quote scores over parts, aggregates, bootstrap, shrinkage, CLI."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import presslens
from presslens import Corpus
from presslens._speakers import bootstrap_ci, quote_scores, shrink
from presslens.cli import main


@pytest.fixture(scope="module")
def sample_quotes() -> presslens.Quotes:
    return presslens.quotes(
        presslens.sample_corpus(), gazetteer_entries=presslens.sample_gazetteer_path()
    )


def test_plain_means_equal_a_pandas_groupby(sample_quotes: presslens.Quotes) -> None:
    s = presslens.speaker_sentiment(sample_quotes, by=("speaker", "outlet"), n_boot=50)
    f = sample_quotes.frame.assign(compound=quote_scores(sample_quotes))
    f = f[f["speaker_id"] >= 0]
    g = f.groupby(["speaker_id", "outlet"])["compound"]
    ref = g.agg(["size", "mean", "std"]).reset_index()
    got = s.merge(ref, on=["speaker_id", "outlet"])
    assert len(got) == len(s) == len(ref)
    assert (got["n_quotes"] == got["size"]).all()
    np.testing.assert_allclose(got["mean_x"], got["mean_y"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(got["sd"], got["std"], rtol=0, atol=1e-12)
    shares = got[["share_pos", "share_neu", "share_neg"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0, atol=1e-12)
    for r in s.itertuples():
        assert sorted(f.loc[f["quote_id"].isin(r.quote_ids), "outlet"].unique()) == [r.outlet]


def test_bootstrap_equals_a_hand_computed_one() -> None:
    values = np.array([-0.9, -0.2, 0.0, 0.3, 0.8, 0.95])
    group = np.zeros(len(values), dtype=np.int64)
    low, high = bootstrap_ci(values, group, 1, ci=0.9, n_boot=500, seed=7)
    rng = np.random.default_rng(7)
    draw = np.floor(rng.random((500, len(values))) * len(values)).astype(np.int64)
    means = values[draw].mean(axis=1)
    lo, hi = np.quantile(means, [0.05, 0.95])
    assert low[0] == pytest.approx(lo, abs=1e-12)
    assert high[0] == pytest.approx(hi, abs=1e-12)
    # Same seed, same interval; several groups in one pass; one unit: no interval.
    values2 = np.array([0.5, -1.0, -1.0, 1.0, 1.0, 0.2])
    group2 = np.array([0, 1, 1, 2, 2, 3])
    a = bootstrap_ci(values2, group2, 4, ci=0.95, n_boot=300, seed=1)
    b = bootstrap_ci(values2, group2, 4, ci=0.95, n_boot=300, seed=1)
    np.testing.assert_array_equal(a[0], b[0])
    assert np.isnan(a[0][0]) and np.isnan(a[1][3])
    assert a[0][1] == a[1][1] == -1.0 and a[0][2] == a[1][2] == 1.0


def test_intervals_stay_inside_minus_one_one(sample_quotes: presslens.Quotes) -> None:
    s = presslens.speaker_sentiment(sample_quotes, by=("outlet",), n_boot=300)
    ok = s.dropna(subset=["ci_low"])
    assert len(ok) > 0
    assert ((ok["ci_low"] >= -1) & (ok["ci_high"] <= 1)).all()
    assert ((ok["ci_low"] <= ok["mean"]) & (ok["mean"] <= ok["ci_high"])).all()
    single = presslens.speaker_sentiment(sample_quotes, n_boot=50)
    assert single.loc[single["n_quotes"] == 1, "ci_low"].isna().all()


def test_shrinkage_pulls_small_groups_toward_the_corpus_mean() -> None:
    means = np.array([0.9, 0.1, -0.2, 0.0])
    sds = np.array([np.nan, 0.3, 0.4, 0.35])
    sizes = np.array([1, 20, 15, 30])
    grand = 0.0
    out = shrink(means, sds, sizes, grand)
    moved = np.abs(out - grand) <= np.abs(means - grand) + 1e-15
    assert moved.all()
    # the speaker quoted once moves most, relative to its distance
    ratio = np.abs(out - grand) / np.abs(np.where(means == grand, 1, means - grand))
    assert ratio[0] < ratio[1]


def test_a_split_quote_is_scored_without_the_narrator() -> None:
    # The narrator's "disastrous, horrible" sits between the parts: not the speaker's words.
    text = (
        "“We met and we talked,” Ryabkov said after the disastrous, horrible talks. "
        "“The weather was fine.”"
    )
    q = presslens.quotes(Corpus.from_texts([text]))
    assert q.frame["rule"].tolist() == ["split"]
    score = quote_scores(q)[0]
    parts = presslens.polarity_scores(["We met and we talked,", "The weather was fine."])
    assert score == pytest.approx(parts["compound"].mean(), abs=1e-12)
    assert score > 0
    whole = presslens.polarity_scores([text])["compound"][0]
    assert whole < 0


def test_a_syndicated_statement_counts_once_per_utterance() -> None:
    same = "“This is a terrible and dangerous decision for everyone,” Sergei Ryabkov said.\n"
    other = "“We are glad, the talks were good and useful for both sides,” Sergei Ryabkov said.\n"
    c = Corpus.from_records(
        [
            {"id": "a", "text": same, "outlet": "one"},
            {"id": "b", "text": same, "outlet": "two"},
            {"id": "c", "text": same, "outlet": "three"},
            {"id": "d", "text": other, "outlet": "four"},
        ]
    )
    q = presslens.quotes(c)
    by_quote = presslens.speaker_sentiment(q, n_boot=50)
    by_utt = presslens.speaker_sentiment(q, unit="utterance", n_boot=50)
    assert by_quote["n_quotes"].tolist() == [4] and by_quote["n_utterances"].tolist() == [2]
    s = quote_scores(q)
    assert by_quote["mean"][0] == pytest.approx(s.mean())
    assert by_utt["mean"][0] == pytest.approx((s[0] + s[3]) / 2)
    assert by_utt["mean"][0] > by_quote["mean"][0]


def test_bad_arguments_say_what_is_accepted(sample_quotes: presslens.Quotes) -> None:
    with pytest.raises(TypeError, match=r"speaker_sentiment\(\) takes"):
        presslens.speaker_sentiment(3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown group key"):
        presslens.speaker_sentiment(sample_quotes, by=("speaker", "nope"))
    with pytest.raises(ValueError, match="unit"):
        presslens.speaker_sentiment(sample_quotes, unit="sentence")
    with pytest.raises(ValueError, match="kinds"):
        presslens.speaker_sentiment(sample_quotes, kinds=("scare-ish",))


def test_document_columns_are_group_keys(sample_quotes: presslens.Quotes) -> None:
    s = presslens.speaker_sentiment(sample_quotes, by=("date",), n_boot=20)
    assert "date" in s.columns and "speaker_id" not in s.columns
    assert s["n_quotes"].sum() == len(sample_quotes.frame)


def test_seed_speakers_under_the_news_model(seeds: Path) -> None:
    # Our reading of the five reports: Ryabkov's statements about the talks are negative
    # ("I cannot say that we have achieved great progress", the "crisis potential", the
    # risk of "aggravations"); Peskov calls the US actions ones that damage relations
    # (negative); Nuland and Price speak of useful, productive talks, Kozak of a
    # "thorough and constructive dialogue", Kislyak and Mishustin of good relations and
    # cooperation (positive). VADER reads Ryabkov as positive ("great progress" beyond its
    # three-word negation window) and Kozak as negative; the news model reads them as we do.
    q = presslens.quotes(presslens.load(seeds))
    s = presslens.speaker_sentiment(q, model="news", n_boot=200).set_index("speaker_name")
    for who in ["Victoria Nuland", "Ned Price", "Dmitry Kozak", "Sergey Kislyak"]:
        assert s.loc[who, "mean"] > 0, who
    assert s.loc["Mikhail Mishustin", "mean"] > 0
    for who in ["Sergei Ryabkov", "Dmitry Peskov"]:
        assert s.loc[who, "mean"] < 0, who
    per_outlet = presslens.speaker_sentiment(q, by=("speaker", "outlet"), n_boot=50)
    assert (per_outlet["speaker_name"] == "Sergei Ryabkov").sum() >= 4


def test_speakers_command(tmp_path: Path) -> None:
    out = tmp_path / "speakers.csv"
    assert (
        main(["speakers", "--sample", "--by", "outlet", "--n-boot", "50", "--out", str(out)]) == 0
    )
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0]["speaker_name"] and rows[0]["outlet"]
    assert list(rows[0])[:5] == ["speaker_id", "speaker_name", "speaker_type", "roles", "outlet"]
    assert main(["speakers", "--sample", "--by", "nope"]) == 2
