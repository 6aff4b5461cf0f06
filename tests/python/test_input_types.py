"""Wrong input, clear answer: what every public function that reads documents does with a
str, a list of str, a DataFrame, None and an int.

A str or a list of str is a corpus of its own (the result equals the one of the Corpus
built from it), except where the function says it takes several documents; anything else
is a TypeError that names what the function takes, never an AttributeError from inside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

import presslens
from presslens import Corpus

TEXT = '"We agree," Sergei Ryabkov said in Moscow. Victoria Nuland met Ryabkov.'
TEXTS = [TEXT, "Nuland and Ryabkov talked in Geneva. The talks failed."]
FRAME = pd.DataFrame({"id": ["a", "b"], "text": TEXTS, "outlet": ["x", "y"]})


def _same(a: Any, b: Any) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    elif hasattr(a, "frame"):  # Quotes
        pd.testing.assert_frame_equal(a.frame, b.frame)
    elif hasattr(a, "table"):  # Entities
        pd.testing.assert_frame_equal(a.table, b.table)
    elif hasattr(a, "labels"):  # CoMentions
        assert a.labels == b.labels
        assert (a.matrix != b.matrix).nnz == 0
    else:
        raise AssertionError(f"no comparison for {type(a).__name__}")


# name -> the call, given the documents
CORPUS_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "quotes": lambda d: presslens.quotes(d, min_unattributed_words=1),
    "speaker_sentiment": lambda d: presslens.speaker_sentiment(d, n_boot=20),
    "voice_share": presslens.voice_share,
    "entities": presslens.entities,
    "comentions": presslens.comentions,
    "document_sentiment": presslens.document_sentiment,
}


@pytest.mark.parametrize("name", sorted(CORPUS_FUNCTIONS))
def test_str_and_list_of_str_are_a_corpus(name: str) -> None:
    call = CORPUS_FUNCTIONS[name]
    _same(call(TEXT), call(Corpus.from_texts([TEXT])))
    _same(call(TEXTS), call(Corpus.from_texts(TEXTS)))
    _same(call(iter(TEXTS)), call(Corpus.from_texts(TEXTS)))


def test_kwic_reads_a_str_as_one_document() -> None:
    # kwic reads texts in place (no Corpus): rows are labelled by list position
    one = presslens.kwic(TEXT, "ryabkov")
    pd.testing.assert_frame_equal(one, presslens.kwic([TEXT], "ryabkov"))
    assert one["doc_id"].tolist() == [0, 0] and one["match"].tolist() == ["Ryabkov"] * 2
    many = presslens.kwic(TEXTS, "ryabkov")
    by_corpus = presslens.kwic(Corpus.from_texts(TEXTS), "ryabkov")
    assert many.drop(columns="doc_id").equals(by_corpus.drop(columns="doc_id"))


WHOLE_ENTITIES = presslens.entities(Corpus.from_texts(TEXTS))

ALL_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    **CORPUS_FUNCTIONS,
    "kwic": lambda d: presslens.kwic(d, "ryabkov"),
    "term_matrix": presslens.term_matrix,
    "polarity_scores": presslens.polarity_scores,
    "sentences": presslens.sentences,
    "tokenize": presslens.tokenize,
    "entity_partials": presslens.entity_partials,
    # the partials of a part, given the entities of the whole
    "comention_partials": lambda d: presslens.comention_partials(d, WHOLE_ENTITIES),
    "quote_partials": lambda d: presslens.quote_partials(d, WHOLE_ENTITIES),
    "outlet_lines": presslens.outlet_lines,
}


@pytest.mark.parametrize("name", sorted(ALL_FUNCTIONS))
@pytest.mark.parametrize(
    ("bad", "shown"),
    [(None, "NoneType"), (3, "int"), (FRAME, "DataFrame"), ([TEXT, 3], "item 1 is int")],
    ids=["None", "int", "DataFrame", "list-with-int"],
)
def test_anything_else_is_a_type_error_naming_what_is_taken(name, bad, shown) -> None:
    with pytest.raises(TypeError, match=rf"presslens\.{name}\(\) takes .*str") as e:
        ALL_FUNCTIONS[name](bad)
    assert shown in str(e.value)
    if shown == "DataFrame":
        assert "Corpus.from_dataframe" in str(e.value)


def test_a_dataframe_goes_through_from_dataframe() -> None:
    c = Corpus.from_dataframe(FRAME)
    assert presslens.entities(c).table["name"].tolist()
    assert presslens.term_matrix(FRAME["text"]).doc_ids == [0, 1]  # a Series is fine


def test_term_matrix_wants_several_documents() -> None:
    # one document given as a str is refused (as scikit-learn does), a list of str is taken
    with pytest.raises(TypeError, match=r"term_matrix\(\) takes .*not a single str"):
        presslens.term_matrix(TEXT)
    tm = presslens.term_matrix(TEXTS)
    by_corpus = presslens.term_matrix(Corpus.from_texts(TEXTS))
    assert tm.terms == by_corpus.terms and (tm.matrix != by_corpus.matrix).nnz == 0
    assert tm.doc_ids == [0, 1] and by_corpus.doc_ids == ["0", "1"]


def test_polarity_scores_takes_texts() -> None:
    assert presslens.polarity_scores(TEXT).shape == (1, 4)
    assert presslens.polarity_scores(TEXTS).shape == (2, 4)
    with pytest.raises(TypeError, match=r"corpus\.texts"):
        presslens.polarity_scores(Corpus.from_texts(TEXTS))


def test_sentences_and_tokenize_take_one_text_or_many() -> None:
    assert [s.text for s in presslens.sentences(TEXT)] == [
        '"We agree," Sergei Ryabkov said in Moscow.',
        "Victoria Nuland met Ryabkov.",
    ]
    many = presslens.sentences(TEXTS)
    assert len(many) == 2 and many[0] == presslens.sentences(TEXT)
    assert presslens.tokenize(TEXTS)[1] == presslens.tokenize(TEXTS[1])
    with pytest.raises(TypeError, match=r"corpus\.texts"):
        presslens.sentences(Corpus.from_texts(TEXTS))


@pytest.mark.parametrize("name", ["keyness", "tfidf"])
@pytest.mark.parametrize(
    "bad", [TEXT, TEXTS, FRAME, None, 3], ids=["str", "list", "DataFrame", "None", "int"]
)
def test_term_matrix_functions_name_the_term_matrix(name: str, bad: Any) -> None:
    with pytest.raises(TypeError, match=rf"presslens\.{name}\(\) takes a TermMatrix"):
        getattr(presslens, name)(bad)


def test_every_public_function_is_covered() -> None:
    # a public function that takes documents, added later, must be added here
    takes_documents = {
        "comention_partials",
        "comentions",
        "document_sentiment",
        "entities",
        "entity_partials",
        "keyness",
        "kwic",
        "outlet_lines",
        "polarity_scores",
        "quote_partials",
        "quotes",
        "sentences",
        "speaker_sentiment",
        "term_matrix",
        "voice_share",
        "tfidf",
        "tokenize",
    }
    takes_quotes = {"explain_speaker", "utterances", "versions"}
    takes_tables = {"plot_speaker_sentiment"}
    others = {
        "english_stop_words",
        "load",
        "read_gazetteer_entries",
        "sample_corpus",
        "sample_corpus_path",
        "sample_gazetteer_path",
        "stream",  # paths, like load
        "merge",  # partial results (TermMatrix), not documents
    }
    functions = {
        n
        for n in presslens.__all__
        if callable(getattr(presslens, n)) and not isinstance(getattr(presslens, n), type)
    }
    assert functions == takes_documents | takes_quotes | takes_tables | others
    assert takes_documents <= set(ALL_FUNCTIONS) | {"keyness", "tfidf"}


@pytest.mark.parametrize("name", ["utterances", "versions", "explain_speaker"])
@pytest.mark.parametrize(
    "bad", [TEXT, TEXTS, FRAME, None, 3], ids=["str", "list", "DataFrame", "None", "int"]
)
def test_quote_views_name_the_quotes(name: str, bad: Any) -> None:
    call = getattr(presslens, name)
    args = (bad,) if name == "utterances" else (bad, 0)
    with pytest.raises(TypeError, match=rf"presslens\.{name}\(\) takes presslens\.Quotes"):
        call(*args)


@pytest.mark.parametrize("bad", [["a text"], "a text", None])
def test_corpus_constructor_names_the_builders(bad: Any) -> None:
    # Corpus(...) wraps the core's corpus; a list of texts there used to fail much later
    # with an AttributeError or an unreadable pybind11 signature.
    with pytest.raises(TypeError, match=r"Corpus\.from_texts"):
        presslens.Corpus(bad)
