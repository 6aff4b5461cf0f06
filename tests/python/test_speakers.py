"""speaker_sentiment: per-quote scores over parts, aggregates, bootstrap, shrinkage, CLI."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest

import presslens
from presslens import Corpus, _core
from presslens._speakers import (
    _factorize_runs,
    _stable_order,
    bootstrap_ci,
    quote_scores,
    quote_words,
    sentiment_table,
    shrink,
)
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


def test_groups_equal_a_pandas_groupby_with_missing_keys(sample_quotes: presslens.Quotes) -> None:
    # The table groups without pandas' groupby (one factorization per key): its groups,
    # counts, quote ids and order must be those of groupby(sort=True, dropna=False), with
    # missing key values a group of their own (here a date missing for a third of the
    # documents), sorted last, and ties in n_quotes in the order of the keys.
    q = sample_quotes
    docs = q.entities.corpus.documents[["id", "date"]].copy()
    docs.loc[docs.index[::3], "date"] = None
    f = q.frame.assign(compound=quote_scores(q))
    by = ("date", "speaker")
    got = sentiment_table(
        f, q, docs, by, kinds=("direct", "mixed", "indirect"), min_confidence=0.0,
        unit="quote", ci=0.95, n_boot=20, seed=0,
    )  # fmt: skip
    rows = f[f["speaker_id"] >= 0].merge(docs.rename(columns={"id": "doc_id"}), on="doc_id")
    ref = (
        rows.groupby(["date", "speaker_id"], sort=True, dropna=False)
        .agg(
            n_quotes=("quote_id", "size"),
            n_utterances=("utterance_id", "nunique"),
            n_docs=("doc_id", "nunique"),
            mean=("compound", "mean"),
            quote_ids=("quote_id", list),
        )
        .reset_index()
        .sort_values(
            ["n_quotes", "date", "speaker_id"], ascending=[False, True, True], kind="stable"
        )
        .reset_index(drop=True)
    )
    assert got["date"].isna().any()
    assert got[["date", "speaker_id"]].equals(ref[["date", "speaker_id"]])
    for column in ("n_quotes", "n_utterances", "n_docs"):
        assert got[column].tolist() == ref[column].tolist(), column
    assert got["quote_ids"].tolist() == ref["quote_ids"].tolist()
    np.testing.assert_allclose(got["mean"], ref["mean"], rtol=0, atol=1e-12)


def test_stable_order_is_a_stable_argsort() -> None:
    rng = np.random.default_rng(3)
    for high in (1, 7, 70_000, 5_000_000):  # one and two 16-bit radix passes
        g = rng.integers(0, high, 100_000)
        assert np.array_equal(_stable_order(g), np.argsort(g, kind="stable")), high
    assert len(_stable_order(np.zeros(0, dtype=np.int64))) == 0


def test_factorize_runs_is_pd_factorize() -> None:
    import pandas as pd

    rng = np.random.default_rng(5)
    ids = [f"doc{i}" for i in rng.integers(0, 50, 400)]
    cases = [
        pd.Series(sorted(ids), dtype="str"),  # runs, as in a quote frame
        pd.Series(ids, dtype="str"),  # any order
        pd.Series(["a", None, None, "b", "a", "a"], dtype="str"),  # missing values
        pd.Series(["a", None, "a"], dtype="string"),  # pd.NA: compared as NA
        pd.Series(np.array(["x", "x", np.nan, "y"], dtype=object)),
        pd.Series([3, 3, 1, 3]),
        pd.Series(["only"], dtype="str"),
        pd.Series([], dtype="str"),
    ]
    for column in cases:
        codes, uniques = _factorize_runs(column)
        want_codes, want_uniques = pd.factorize(column)
        assert np.array_equal(codes, want_codes), column.tolist()
        assert uniques.equals(want_uniques) and uniques.dtype == want_uniques.dtype


def test_int_lists_slices_into_lists() -> None:
    v = np.arange(10, 20)
    assert _core.int_lists(v, np.array([0, 3, 9]), np.array([3, 3, 10])) == [[10, 11, 12], [], [19]]
    with pytest.raises(ValueError, match="outside"):
        _core.int_lists(v, np.array([5]), np.array([11]))
    with pytest.raises(ValueError, match="outside"):
        _core.int_lists(v, np.array([4]), np.array([3]))
    with pytest.raises(ValueError, match="length"):
        _core.int_lists(v, np.array([0, 1]), np.array([2]))


M64 = (1 << 64) - 1


def _splitmix64(x: int) -> tuple[int, int]:
    x = (x + 0x9E3779B97F4A7C15) & M64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return x, z ^ (z >> 31)


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (64 - k))) & M64


class _Xoshiro:
    """xoshiro256** seeded by splitmix64, written out from its definition (Blackman and
    Vigna), to check the core's bootstrap draw by draw."""

    def __init__(self, seed: int) -> None:
        self.s = []
        for _ in range(4):
            seed, out = _splitmix64(seed)
            self.s.append(out)

    def below(self, n: int) -> int:
        s = self.s
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return ((result >> 32) * n) >> 32


def test_bootstrap_equals_a_hand_computed_one() -> None:
    values = np.array([-0.9, -0.2, 0.0, 0.3, 0.8, 0.95])
    other = np.array([0.1, 0.2, 0.3])
    allv = np.concatenate([other, values])
    group = np.array([0] * len(other) + [1] * len(values))
    low, high = bootstrap_ci(allv, group, 2, ci=0.9, n_boot=300, seed=7)
    # group 1 has eight generators seeded from (seed + 1) * 8 + l; resample b draws from
    # generator b mod 8
    rngs = [_Xoshiro((7 + 1) * 8 + lane) for lane in range(8)]
    means = [
        sum(values[rngs[b % 8].below(len(values))] for _ in range(len(values))) / len(values)
        for b in range(300)
    ]
    lo, hi = np.quantile(means, [0.05, 0.95])
    assert low[1] == pytest.approx(lo, abs=1e-12)
    assert high[1] == pytest.approx(hi, abs=1e-12)
    # Same seed, same interval, whatever the threads; one unit: no interval.
    values2 = np.array([0.5, -1.0, -1.0, 1.0, 1.0, 0.2])
    group2 = np.array([0, 1, 1, 2, 2, 3])
    a = bootstrap_ci(values2, group2, 4, ci=0.95, n_boot=300, seed=1, threads=1)
    b = bootstrap_ci(values2, group2, 4, ci=0.95, n_boot=300, seed=1, threads=3)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert np.isnan(a[0][0]) and np.isnan(a[1][3])
    assert a[0][1] == a[1][1] == -1.0 and a[0][2] == a[1][2] == 1.0
    with pytest.raises(ValueError, match="ci"):
        bootstrap_ci(values2, group2, 4, ci=1.5, n_boot=10, seed=0)


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
    for by in (("outlet", "outlet"), ("speaker", "speaker_id")):  # one key twice
        with pytest.raises(ValueError, match="twice"):
            presslens.speaker_sentiment(sample_quotes, by=by)
        with pytest.raises(ValueError, match="twice"):
            presslens.voice_share(sample_quotes, by=by)


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
    assert list(rows[0])[:6] == [
        "speaker_id",
        "speaker_name",
        "speaker_type",
        "roles",
        "affiliation",
        "outlet",
    ]
    assert main(["speakers", "--sample", "--by", "nope"]) == 2


# ---- affiliation, voice share, explain_speaker, the plot, the report ----------------------


def test_affiliation_of_the_seed_speakers(seeds: Path) -> None:
    # "Russian Deputy Foreign Minister" / "Russia's Deputy Foreign Minister" -> Russia;
    # "U.S. Department of State spokesman" -> United States; "the Kremlin Spokesman" ->
    # Russia (a state body stands for its state); "Foreign Ministry spokeswoman" names no
    # country: unknown.
    t = presslens.entities(presslens.load(seeds)).table.set_index("name")["affiliation"]
    assert t["Sergei Ryabkov"] == "Russia"
    assert t["Victoria Nuland"] == "United States"
    assert t["Ned Price"] == "United States"
    assert t["Dmitry Peskov"] == "Russia"
    assert t["Dmitry Kozak"] == "Russia"
    assert t["Maria Zakharova"] == ""
    assert t["Kremlin"] == "Russia" and t["NATO"] == "NATO"


def test_affiliation_groups_equal_a_pandas_groupby(sample_quotes: presslens.Quotes) -> None:
    s = presslens.speaker_sentiment(sample_quotes, by=("affiliation", "outlet"), n_boot=50)
    assert list(s.columns[:3]) == ["affiliation", "outlet", "n_quotes"]
    table = sample_quotes.entities.table
    assert table.loc[sample_quotes.entities.id_of("Sorokin"), "affiliation"] == (
        "Kestrel Federation"
    )
    f = sample_quotes.frame.assign(compound=quote_scores(sample_quotes))
    f = f[f["speaker_id"] >= 0]
    f = f.assign(affiliation=table["affiliation"].to_numpy()[f["speaker_id"]])
    ref = f.groupby(["affiliation", "outlet"])["compound"].agg(["size", "mean"]).reset_index()
    got = s.merge(ref, on=["affiliation", "outlet"])
    assert len(got) == len(s) == len(ref)
    assert (got["n_quotes"] == got["size"]).all()
    np.testing.assert_allclose(got["mean_x"], got["mean_y"], rtol=0, atol=1e-12)
    # speaker rows carry the affiliation once, after the roles
    both = presslens.speaker_sentiment(sample_quotes, by=("speaker", "affiliation"), n_boot=20)
    assert list(both.columns[:6]) == [
        "speaker_id",
        "speaker_name",
        "speaker_type",
        "roles",
        "affiliation",
        "n_quotes",
    ]


def test_voice_share_counts_the_words_of_the_parts() -> None:
    # Ryabkov's split quote: 4 + 4 words of his own; the narrator's 6 words between the parts
    # do not count. Nuland: 3 words. Same outlet: shares 8/11 and 3/11.
    text = (
        "“We met and talked,” Russian Deputy Foreign Minister Sergei Ryabkov said after the "
        "long talks. “The weather was fine.” U.S. Under Secretary of State Victoria Nuland "
        "said: “It was useful.”"
    )
    c = Corpus.from_records([{"id": "a", "text": text, "outlet": "wire"}])
    q = presslens.quotes(c)
    words = dict(zip(q.frame["speaker_name"], quote_words(q), strict=True))
    assert words == {"Sergei Ryabkov": 8, "Victoria Nuland": 3}
    v = presslens.voice_share(q).set_index("affiliation")
    assert v.loc["Russia", "n_words"] == 8 and v.loc["United States", "n_words"] == 3
    assert v.loc["Russia", "share"] == pytest.approx(8 / 11)
    # against the corpus token table, token by token
    toks = c.tokens()
    toks = toks[toks["kind"].isin(["word", "number"])]
    for r in q.frame.itertuples():
        n = sum(((toks["start"] >= a) & (toks["start"] < b)).sum() for a, b in r.parts)
        assert n == words[r.speaker_name]


def test_voice_share_sums_to_one_per_outlet(sample_quotes: presslens.Quotes) -> None:
    v = presslens.voice_share(sample_quotes)
    np.testing.assert_allclose(v.groupby("outlet")["share"].sum(), 1.0, atol=1e-12)
    assert v["n_quotes"].sum() == len(sample_quotes.frame)
    whole = presslens.voice_share(sample_quotes, by=("speaker",))
    assert whole["share"].sum() == pytest.approx(1.0)
    assert whole["n_words"].sum() == v["n_words"].sum()
    assert "" in whole.loc[whole["speaker_id"] == -1, "speaker_name"].tolist()
    with pytest.raises(TypeError, match="voice_share"):
        presslens.voice_share(3)  # type: ignore[arg-type]


def test_explain_speaker_lists_the_scores_behind_the_mean(
    sample_quotes: presslens.Quotes,
) -> None:
    e = presslens.explain_speaker(sample_quotes, "Sorokin")
    sid = sample_quotes.entities.id_of("Sorokin")
    scores = quote_scores(sample_quotes)
    f = sample_quotes.frame
    mine = f["speaker_id"] == sid
    assert sorted(e["quote_id"]) == sorted(f.loc[mine, "quote_id"])
    by_id = dict(zip(f["quote_id"], scores, strict=True))
    for r in e.itertuples():
        assert r.score == pytest.approx(by_id[r.quote_id], abs=1e-12)
    s = presslens.speaker_sentiment(sample_quotes, n_boot=20).set_index("speaker_id")
    assert e["score"].mean() == pytest.approx(s.loc[sid, "mean"], abs=1e-12)
    assert (e["score"].diff().dropna() >= 0).all()  # most negative first
    worst = e.iloc[0]
    assert worst.drivers and worst.drivers[0].split()[0] in worst.text
    one = presslens.explain_speaker(sample_quotes, sid, "tarsk-today", model="news")
    assert set(one["outlet"]) == {"tarsk-today"} and len(one) < len(e)
    with pytest.raises(KeyError):
        presslens.explain_speaker(sample_quotes, "Nobody Atall")


def test_forest_plot_draws_one_interval_per_row(sample_quotes: presslens.Quotes) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    s = presslens.speaker_sentiment(sample_quotes, by=("speaker", "outlet"), n_boot=100)
    ax = presslens.plot_speaker_sentiment(s, top=50)
    segments = sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection))
    assert segments == s["ci_low"].notna().sum()
    points = sum(len(line.get_xdata()) for line in ax.get_lines() if line.get_marker() == "o")
    assert points == len(s)
    legend = ax.get_legend()
    assert legend is not None
    assert sorted(t.get_text() for t in legend.get_texts()) == sorted(s["outlet"].unique())
    assert ax.get_title() and ax.get_xlabel()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == s.groupby("speaker_name")["n_quotes"].sum().idxmax()
    ax.figure.canvas.draw()  # it renders
    plt.close(ax.figure)
    # top: the most quoted speakers only; without outlets, one colour and no legend
    per = presslens.speaker_sentiment(sample_quotes, n_boot=100)
    ax = presslens.plot_speaker_sentiment(per, top=3)
    assert len(ax.get_yticks()) == 3 and ax.get_legend() is None
    plt.close(ax.figure)


def test_forest_plot_without_matplotlib_says_how_to_install(
    sample_quotes: presslens.Quotes, monkeypatch: pytest.MonkeyPatch
) -> None:
    per = presslens.speaker_sentiment(sample_quotes, n_boot=20)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"presslens\[plot\]"):
        presslens.plot_speaker_sentiment(per)


def test_report_writes_the_speaker_table(tmp_path: Path) -> None:
    out = tmp_path / "report"
    assert main(["report", "--sample", "--out", str(out)]) == 0
    with (out / "sentiment" / "speakers.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {"speaker_name", "affiliation", "outlet", "ci_low", "quote_ids"} <= set(rows[0])
    assert (out / "quotes" / "speakers.csv").is_file()  # the per-speaker counts stay
