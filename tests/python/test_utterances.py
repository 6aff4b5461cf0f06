"""utterances() and versions(): one statement across outlets, aligned word by word."""

from __future__ import annotations

from pathlib import Path

import pytest

import presslens
from presslens import Corpus


def corpus(*texts: tuple[str, str]) -> Corpus:
    return Corpus.from_records(
        [{"id": f"d{i}", "text": t, "outlet": o} for i, (o, t) in enumerate(texts)]
    )


LONG = (
    "“The talks were useful but difficult. We will meet again in Geneva in April. "
    "The risk of new tensions remains high,” Sergei Ryabkov said.\n"
)
SHORT = "“The talks were very useful but difficult,” Sergei Ryabkov said.\n"
OTHER = "“Nobody wants a trade war over cheese and wine,” Sergei Ryabkov said.\n"


def test_utterances_one_row_per_statement_widest_first() -> None:
    q = presslens.quotes(corpus(("one", LONG), ("two", SHORT), ("three", OTHER)))
    u = presslens.utterances(q)
    assert u["n_versions"].tolist() == [2, 1]
    top = u.iloc[0]
    assert top["speaker_name"] == "Sergei Ryabkov"
    assert top["outlets"] == ["one", "two"] and top["n_outlets"] == 2
    assert top["text"].startswith("The talks were useful but difficult. We will meet")
    assert sorted(top["quote_ids"]) == sorted(
        q.frame.loc[q.frame["utterance_id"] == top["utterance_id"], "quote_id"]
    )
    assert len(presslens.utterances(q, min_versions=2)) == 1


def test_utterances_link_statements_in_non_latin_script() -> None:
    # Cyrillic stems are longer than 7 bytes (keys of their own, not packed ones): the
    # same statement in two outlets is one utterance, another statement is not.
    same = "“Переговоры были полезными, но трудными, встретимся в Женеве,” Sergei Ryabkov said.\n"
    other = "“Никто не хочет торговой войны из-за сыра и вина,” Sergei Ryabkov said.\n"
    q = presslens.quotes(corpus(("one", same), ("two", same), ("three", other)))
    f = q.frame
    assert len(f) == 3 and (f["speaker_id"] >= 0).all()
    ids = f["utterance_id"].tolist()
    assert ids[0] == ids[1] != ids[2]


def test_versions_align_words_and_omitted_sentences() -> None:
    q = presslens.quotes(corpus(("one", LONG), ("two", SHORT)))
    uid = int(q.frame["utterance_id"][0])
    v = presslens.versions(q, uid)
    t = v.table.set_index("label")
    assert list(t.index) == ["one", "two"]  # the longest version first
    assert t.loc["two", "only_here"] == ["very"]
    assert "Geneva" in t.loc["one", "only_here"] and "talks" not in t.loc["one", "only_here"]
    assert t.loc["two", "omitted"] == [
        "We will meet again in Geneva in April.",
        "The risk of new tensions remains high,",
    ]
    assert t.loc["one", "omitted"] == []
    assert t.loc["two", "shared"] == pytest.approx(3 / 4)  # talks, useful, difficult / +very
    w = v.words
    assert w.loc[w["word"] == "talks", ["one", "two"]].values.tolist() == [[True, True]]
    assert w.loc[w["word"] == "Geneva", ["one", "two"]].values.tolist() == [[True, False]]
    extra = w[w["position"] == -1]
    assert extra["word"].tolist() == ["very"] and extra["one"].tolist() == [False]


def test_two_versions_in_one_outlet_get_distinct_labels() -> None:
    q = presslens.quotes(corpus(("one", LONG), ("one", SHORT)))
    v = presslens.versions(q, int(q.frame["utterance_id"][0]))
    assert v.table["label"].is_unique and len(v.table) == 2
    assert all(label in v.words.columns for label in v.table["label"])


def test_wrong_input_is_a_clear_error() -> None:
    q = presslens.quotes(corpus(("one", SHORT)))
    with pytest.raises(ValueError, match="utterance_id"):
        presslens.versions(q, 12345)
    with pytest.raises(TypeError, match=r"takes presslens\.Quotes"):
        presslens.utterances(q.frame)  # type: ignore[arg-type]


def test_the_seed_statement_is_one_utterance_in_five_outlets(seeds: Path) -> None:
    # Ryabkov's "I cannot say ... progress ... crisis potential" statement: four
    # translations and one report giving only its first sentences, one utterance.
    q = presslens.quotes(presslens.load(seeds))
    u = presslens.utterances(q)
    top = u.iloc[0]
    assert top["speaker_name"] == "Sergei Ryabkov"
    assert top["n_outlets"] == 5
    f = q.frame
    statement = f["text"].str.contains("crisis potential|cannot say", case=False)
    crisis = f[(f["speaker_name"] == "Sergei Ryabkov") & statement]
    assert crisis["outlet"].nunique() == 5
    assert crisis["utterance_id"].nunique() == 1
    v = presslens.versions(q, int(top["utterance_id"]))
    assert len(v.table) == top["n_versions"]
    assert v.words.filter(items=list(v.table["label"])).any(axis=1).all()
