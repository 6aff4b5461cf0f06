"""presslens.dask (issue 19): a LocalCluster of two worker processes counts the partitions,
merges the partial matrices in a tree and gives exactly the single-process result; entities
resolved once over every partition equal those of the whole corpus.
Skipped without dask and distributed (``pip install 'presslens[dask]'``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("dask.bag")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
import dask.bag as db  # noqa: E402

import presslens  # noqa: E402
import presslens.dask  # noqa: E402

from _merge_cases import RECORDS, WHOLE, assert_same  # noqa: E402

OPTIONS: list[dict[str, Any]] = [
    {},
    {"token_pattern": "sklearn", "ngram_range": (1, 2), "min_df": 2, "max_features": 60},
    {"stop_words": "english", "binary": True, "max_df": 0.5},
]


def whole(records: list[dict[str, Any]], **options: Any) -> presslens.TermMatrix:
    corpus = presslens.Corpus.from_records(records, boilerplate=False)
    return presslens.term_matrix(corpus, **options)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.mark.parametrize("options", OPTIONS, ids=["default", "sklearn-cut", "stop-binary"])
def test_two_worker_processes_equal_one_process(client: Any, options: dict[str, Any]) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    bag = db.from_sequence(RECORDS, npartitions=7)
    tm = presslens.dask.term_matrix(bag, boilerplate=False, split_every=2, **options)
    assert_same(tm, whole(RECORDS, **options))
    frame = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=3)
    assert_same(presslens.dask.term_matrix(frame, boilerplate=False, **options), tm)


def test_jsonl_lines_are_parsed_by_the_core(client: Any, tmp_path: Any) -> None:
    paths = [tmp_path / f"part{k}.jsonl" for k in range(3)]
    for k, path in enumerate(paths):
        lines = [json.dumps(r) for r in RECORDS[k::3]]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bag = db.read_text([str(p) for p in paths])
    tm = presslens.dask.term_matrix(bag, boilerplate=False, min_df=2)
    assert_same(tm, whole(RECORDS, min_df=2))  # the same documents, read in another order
    with dask.config.set(scheduler="sync"):
        no_id = db.from_sequence(['{"text": "a"}\n', '{"id": "b", "text": "b"}'], npartitions=1)
        with pytest.raises(ValueError, match="line 1 of a partition has no 'id'"):
            presslens.dask.term_matrix(no_id)
        mixed = db.from_sequence(
            ['{"id": "a", "text": "a"}', {"id": "b", "text": "b"}], npartitions=1
        )
        with pytest.raises(TypeError, match="mixes JSONL lines"):
            presslens.dask.term_matrix(mixed)


def test_statistics_run_once_on_the_merged_counts(client: Any) -> None:
    bag = db.from_sequence(RECORDS, npartitions=4)
    tm = presslens.dask.term_matrix(bag, boilerplate=False)
    reference = whole(RECORDS)
    pd.testing.assert_frame_equal(presslens.keyness(tm), presslens.keyness(reference))
    assert_same(presslens.tfidf(tm), presslens.tfidf(reference))


def test_a_frame_without_ids_uses_its_index() -> None:
    texts = ["War and peace.", "Peace talks.", "", "War."]
    df = pd.DataFrame({"text": texts}, index=[10, 11, 12, 13])
    with dask.config.set(scheduler="sync"):
        tm = presslens.dask.term_matrix(dd.from_pandas(df, npartitions=2))
    assert tm.doc_ids == ["10", "11", "12", "13"]
    reference = presslens.term_matrix(pd.Series(texts, index=["10", "11", "12", "13"]))
    assert tm.terms == reference.terms
    assert np.array_equal(tm.matrix.toarray(), reference.matrix.toarray())


def test_partitions_without_terms_or_documents() -> None:
    records = [{"id": "a", "text": "the"}, {"id": "b", "text": "war"}, {"id": "c", "text": "of"}]
    with dask.config.set(scheduler="sync"):
        bag = db.from_sequence(records, npartitions=3)
        tm = presslens.dask.term_matrix(bag, stop_words="english")
        assert tm.doc_ids == ["a", "b", "c"] and tm.terms == ["war"]
        assert tm.matrix.toarray().tolist() == [[0], [1], [0]]
        empty = db.from_sequence([], npartitions=1)
        with pytest.raises(ValueError, match="no document"):
            presslens.dask.term_matrix(empty)
        stops = db.from_sequence(records[::2], npartitions=2)
        with pytest.raises(ValueError, match="empty vocabulary"):
            presslens.dask.term_matrix(stops, stop_words="english")


def test_errors_say_what_to_do() -> None:
    with dask.config.set(scheduler="sync"):
        bag = db.from_sequence([{"text": "no id"}], npartitions=1)
        with pytest.raises(ValueError, match=r"has no 'id'.*give every record one"):
            presslens.dask.term_matrix(bag)
        twice = db.from_sequence(
            [{"id": "x", "text": "a b"}, {"id": "x", "text": "c"}], npartitions=2
        )
        with pytest.raises(ValueError, match="'x' is in two parts"):
            presslens.dask.term_matrix(twice)
        with pytest.raises(ValueError, match="split_every"):
            presslens.dask.term_matrix(twice, split_every=1)
    with pytest.raises(TypeError, match=r"dask\.bag\.Bag of records"):
        presslens.dask.term_matrix(RECORDS)


# ---- entities ------------------------------------------------------------------------------

GAZ = presslens.sample_gazetteer_path()
ENTITY_OPTIONS: dict[str, Any] = {
    "gazetteer_entries": GAZ,
    "aliases": {"Zhukova": "Helena Marsh"},
    "never_merge": [("Dmitri Volkov", "Dmitry Volkov")],
}
WHOLE_ENTITIES = presslens.entities(WHOLE, **ENTITY_OPTIONS)  # RECORDS are in natural order


def assert_same_entities(got: presslens.Entities, want: presslens.Entities) -> None:
    pd.testing.assert_frame_equal(got.table, want.table)
    pd.testing.assert_frame_equal(got.mentions, want.mentions)
    pd.testing.assert_frame_equal(got.merges, want.merges)


def test_entities_on_two_worker_processes(client: Any) -> None:
    bag = db.from_sequence(RECORDS[::-1], npartitions=5)  # documents interleave
    ents = presslens.dask.entities(bag, boilerplate=False, split_every=2, **ENTITY_OPTIONS)
    assert ents.corpus is None
    assert_same_entities(ents, WHOLE_ENTITIES)
    frame = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=3)
    assert_same_entities(
        presslens.dask.entities(frame, boilerplate=False, **ENTITY_OPTIONS), WHOLE_ENTITIES
    )
    # co-mentions counted on the workers, summed and measured on the client
    co = presslens.dask.comentions(
        bag, by="outlet", measure="npmi", boilerplate=False, **ENTITY_OPTIONS
    )
    assert_same_comentions(co, presslens.comentions(WHOLE_ENTITIES, by="outlet", measure="npmi"))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(len(RECORDS))), n=st.integers(1, 9), every=st.integers(2, 4))
def test_entities_of_any_partitioning(order: list[int], n: int, every: int) -> None:
    bag = db.from_sequence([RECORDS[i] for i in order], npartitions=n)
    with dask.config.set(scheduler="sync"):
        ents = presslens.dask.entities(
            bag, boilerplate=False, split_every=every, threads=1, **ENTITY_OPTIONS
        )
    assert_same_entities(ents, WHOLE_ENTITIES)


def test_entities_errors_are_found_before_any_partition_is_read() -> None:
    no_id = db.from_sequence([{"text": "Ryabkov spoke."}], npartitions=1)
    with dask.config.set(scheduler="sync"):
        with pytest.raises(ValueError, match="has no 'id'"):
            presslens.dask.entities(no_id)
        # the options fail first, not the records
        with pytest.raises(ValueError, match="alias"):
            presslens.dask.entities(no_id, aliases={"": "Moscow"})
        with pytest.raises(TypeError, match="aliases must be a mapping"):
            presslens.dask.entities(no_id, aliases=[("a", "b")])  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="gazetteer_entries must be a mapping"):
            presslens.dask.entities(no_id, gazetteer_entries=3)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="split_every"):
            presslens.dask.entities(no_id, split_every=1)
        with pytest.raises(ValueError, match="no document"):
            presslens.dask.entities(db.from_sequence([], npartitions=1))
    with pytest.raises(TypeError, match=r"dask\.bag\.Bag of records"):
        presslens.dask.entities(RECORDS)


# ---- co-mentions ---------------------------------------------------------------------------


def assert_same_comentions(got: presslens.CoMentions, want: presslens.CoMentions) -> None:
    assert got.labels == want.labels and got.n_units == want.n_units
    pd.testing.assert_frame_equal(got.to_frame(), want.to_frame())
    a, b = got.matrix, want.matrix
    assert a.dtype == b.dtype and (a != b).nnz == 0
    assert list(got.by_group) == list(want.by_group)
    for g, co in want.by_group.items():
        assert got.by_group[g].n_units == co.n_units
        pd.testing.assert_frame_equal(got.by_group[g].to_frame(), co.to_frame())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(range(len(RECORDS))),
    n=st.integers(1, 9),
    scope=st.sampled_from(["sentence", "paragraph", "document", "window"]),
    by=st.sampled_from([None, "outlet", "section"]),
)
def test_comentions_of_any_partitioning(
    order: list[int], n: int, scope: str, by: str | None
) -> None:
    bag = db.from_sequence([RECORDS[i] for i in order], npartitions=n)
    options: dict[str, Any] = {"scope": scope, "by": by, "measure": "g2", "min_count": 2}
    if scope == "window":
        options["window"] = 6
    with dask.config.set(scheduler="sync"):
        co = presslens.dask.comentions(
            bag, boilerplate=False, threads=1, **options, **ENTITY_OPTIONS
        )
    want = presslens.comentions(WHOLE_ENTITIES, **options)
    assert len(want.to_frame()) > 1
    assert_same_comentions(co, want)


def test_comentions_by_a_field_some_partitions_lack() -> None:
    records = [
        {"id": "a", "text": "Victoria Nuland met Sergei Ryabkov in Moscow."},
        {"id": "b", "text": "Nuland and Ryabkov talked.", "desk": "moscow"},
        {"id": "c", "text": "Ryabkov flew to Moscow."},
    ]
    want = presslens.comentions(presslens.Corpus.from_records(records), by="desk")
    assert list(want.by_group) == ["", "moscow"]
    with dask.config.set(scheduler="sync"):
        for n in (1, 3):
            co = presslens.dask.comentions(db.from_sequence(records, npartitions=n), by="desk")
            assert_same_comentions(co, want)
        with pytest.raises(ValueError, match="evidence"):
            co.evidence("Nuland", "Ryabkov")


def test_comentions_errors() -> None:
    no_id = db.from_sequence([{"text": "Nuland met Ryabkov."}], npartitions=1)
    ok = db.from_sequence([{"id": "a", "text": "Nuland met Ryabkov."}], npartitions=1)
    with dask.config.set(scheduler="sync"):
        for bad, match in [  # the options fail before any partition is read
            ({"measure": "lift"}, "measure must be"),
            ({"scope": "window"}, "needs window"),
            ({"window": 3}, "only used with"),
            ({"min_count": 0}, "min_count"),
            ({"scope": "page"}, "scope must be"),
            ({"types": ["PEOPLE"]}, "entity type must be"),
            ({"aliases": {"": "Moscow"}}, "alias"),
            ({"split_every": 1}, "split_every"),
        ]:
            with pytest.raises(ValueError, match=match):
                presslens.dask.comentions(no_id, **bad)
        with pytest.raises(ValueError, match="has no 'id'"):
            presslens.dask.comentions(no_id)
        with pytest.raises(ValueError, match=r"by='desk' is not a document column \(id, outlet"):
            presslens.dask.comentions(ok, by="desk")
        with pytest.raises(ValueError, match="no document"):
            presslens.dask.comentions(db.from_sequence([], npartitions=1))
    with pytest.raises(TypeError, match=r"call presslens\.comentions"):
        presslens.dask.comentions(RECORDS)


# ---- quotes --------------------------------------------------------------------------------

QUOTE_OPTIONS: dict[str, Any] = {"min_unattributed_words": 1}
WHOLE_QUOTES = presslens.quotes(WHOLE_ENTITIES, gazetteer_entries=GAZ, **QUOTE_OPTIONS)


def assert_same_quotes(got: presslens.Quotes, want: presslens.Quotes) -> None:
    pd.testing.assert_frame_equal(got.frame, want.frame)
    assert_same_entities(got.entities, want.entities)
    drop = ["source"]  # a document's position in its partition, as for term matrices
    pd.testing.assert_frame_equal(got.warnings.drop(columns=drop), want.warnings.drop(columns=drop))


def test_quotes_on_two_worker_processes(client: Any) -> None:
    # the two copies of each sample document (r0-..., r1-...) are one utterance each, linked
    # across partitions
    assert WHOLE_QUOTES.frame.groupby("utterance_id")["doc_id"].nunique().max() >= 2
    bag = db.from_sequence(RECORDS[::-1], npartitions=5)
    q = presslens.dask.quotes(bag, boilerplate=False, **ENTITY_OPTIONS, **QUOTE_OPTIONS)
    assert_same_quotes(q, WHOLE_QUOTES)
    pd.testing.assert_frame_equal(presslens.utterances(q), presslens.utterances(WHOLE_QUOTES))
    pd.testing.assert_frame_equal(q.by_speaker(), WHOLE_QUOTES.by_speaker())
    for needs_texts in (presslens.speaker_sentiment, presslens.voice_share):
        with pytest.raises(ValueError, match=r"have no corpus: run it on presslens\.quotes"):
            needs_texts(q)
        with pytest.raises(ValueError, match=rf"presslens\.dask\.{needs_texts.__name__} on the"):
            needs_texts(q)
    with pytest.raises(ValueError, match="explain_speaker"):
        presslens.explain_speaker(q, "Yevgeny Sorokin")
    # scored on the workers, aggregated on the client: the single-process tables
    options = {"boilerplate": False, **ENTITY_OPTIONS, **QUOTE_OPTIONS}
    s = presslens.dask.speaker_sentiment(
        bag, by=("speaker", "outlet"), unit="utterance", n_boot=200, split_every=2, **options
    )
    want = presslens.speaker_sentiment(
        WHOLE_QUOTES, by=("speaker", "outlet"), unit="utterance", n_boot=200
    )
    pd.testing.assert_frame_equal(s, want)
    v = presslens.dask.voice_share(bag, by=("affiliation", "section"), **options)
    pd.testing.assert_frame_equal(
        v, presslens.voice_share(WHOLE_QUOTES, ("affiliation", "section"))
    )


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(len(RECORDS))), n=st.integers(1, 9))
def test_quotes_of_any_partitioning(order: list[int], n: int) -> None:
    bag = db.from_sequence([RECORDS[i] for i in order], npartitions=n)
    with dask.config.set(scheduler="sync"):
        q = presslens.dask.quotes(
            bag, boilerplate=False, threads=1, **ENTITY_OPTIONS, **QUOTE_OPTIONS
        )
    assert_same_quotes(q, WHOLE_QUOTES)


def test_quotes_with_default_options_and_a_frame() -> None:
    whole = presslens.quotes(WHOLE, utterance_overlap=0.6)
    frame = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=4)
    with dask.config.set(scheduler="sync"):
        q = presslens.dask.quotes(frame, boilerplate=False, utterance_overlap=0.6)
    assert_same_quotes(q, whole)


def test_quotes_errors() -> None:
    no_id = db.from_sequence([{"text": '"Yes," Ryabkov said.'}], npartitions=1)
    with dask.config.set(scheduler="sync"):
        with pytest.raises(ValueError, match="has no 'id'"):
            presslens.dask.quotes(no_id)
        with pytest.raises(ValueError, match="utterance_overlap"):
            presslens.dask.quotes(no_id, utterance_overlap=0)
        with pytest.raises(ValueError, match="attribution"):
            presslens.dask.quotes(no_id, attribution="learned")
        with pytest.raises(ValueError, match="no document"):
            presslens.dask.quotes(db.from_sequence([], npartitions=2))
    with pytest.raises(TypeError, match=r"call presslens\.quotes"):
        presslens.dask.quotes(RECORDS)


# ---- speaker sentiment and voice share ------------------------------------------------------

# "section" and "date" are document columns (a record field the corpus keeps as metadata, and
# the date field); the others come with the quotes or the entities.
GROUPINGS = [
    ("speaker",),
    ("speaker", "outlet"),
    ("affiliation", "outlet"),
    ("outlet", "date"),
    ("section", "kind"),
    ("doc_id",),
]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    order=st.permutations(range(len(RECORDS))),
    n=st.integers(1, 9),
    by=st.sampled_from(GROUPINGS),
    unit=st.sampled_from(["quote", "utterance"]),
)
def test_speaker_sentiment_of_any_partitioning(
    order: list[int], n: int, by: tuple[str, ...], unit: str
) -> None:
    bag = db.from_sequence([RECORDS[i] for i in order], npartitions=n)
    stats = {"by": by, "unit": unit, "n_boot": 50, "seed": 3, "min_confidence": 0.3}
    with dask.config.set(scheduler="sync"):
        s = presslens.dask.speaker_sentiment(
            bag, boilerplate=False, threads=1, **stats, **ENTITY_OPTIONS, **QUOTE_OPTIONS
        )
        v = presslens.dask.voice_share(
            bag,
            by=by,
            kinds=("direct", "mixed"),
            boilerplate=False,
            threads=1,
            **ENTITY_OPTIONS,
            **QUOTE_OPTIONS,
        )
    assert len(s) > 1
    pd.testing.assert_frame_equal(s, presslens.speaker_sentiment(WHOLE_QUOTES, **stats))
    pd.testing.assert_frame_equal(
        v, presslens.voice_share(WHOLE_QUOTES, by, kinds=("direct", "mixed"))
    )


def test_speaker_sentiment_with_an_overlay_file_the_news_model_and_a_frame(tmp_path: Any) -> None:
    overlay = tmp_path / "overlay.tsv"  # read on the client: the workers need not see it
    overlay.write_text("talks\t2.5\nuseful\tnone\nTalks\t-1.0\n", encoding="utf-8")
    stats: dict[str, Any] = {"overlay": ["news", str(overlay)], "model": "news", "n_boot": 50}
    frame = dd.from_pandas(pd.DataFrame(RECORDS), npartitions=3)
    with dask.config.set(scheduler="sync"):
        s = presslens.dask.speaker_sentiment(frame, boilerplate=False, **stats)
    pd.testing.assert_frame_equal(s, presslens.speaker_sentiment(WHOLE, **stats))
    plain = presslens.speaker_sentiment(WHOLE, n_boot=50)
    assert not np.allclose(s["mean"], plain["mean"])  # the overlay and the model did score


def test_a_document_column_some_partitions_lack() -> None:
    records = [
        {"id": "a", "text": '"The talks were useful," Sergei Ryabkov said.'},
        {"id": "b", "text": '"This is a disaster," Ryabkov said.', "desk": "moscow"},
        {"id": "c", "text": '"We agree," Victoria Nuland said.'},
        {"id": "d", "text": '"No deal," Victoria Nuland said.', "desk": "moscow"},
    ]
    corpus = presslens.Corpus.from_records(records)
    with dask.config.set(scheduler="sync"):
        for n in (1, 4):  # the whole, and partitions with and without the field
            bag = db.from_sequence(records, npartitions=n)
            s = presslens.dask.speaker_sentiment(bag, by=("desk",), n_boot=20)
            pd.testing.assert_frame_equal(
                s, presslens.speaker_sentiment(corpus, by=("desk",), n_boot=20)
            )
            v = presslens.dask.voice_share(bag, by=("speaker", "desk"))
            pd.testing.assert_frame_equal(v, presslens.voice_share(corpus, ("speaker", "desk")))


def test_speaker_sentiment_errors() -> None:
    no_id = db.from_sequence([{"text": '"Yes," Ryabkov said.'}], npartitions=1)
    ok = db.from_sequence([{"id": "a", "text": '"Yes," Ryabkov said.'}], npartitions=1)
    with dask.config.set(scheduler="sync"):
        # the options fail before any partition is read (no_id would fail there)
        for bad, match in [
            ({"unit": "doc"}, "unit must be"),
            ({"ci": 1.0}, "ci must be"),
            ({"n_boot": 0}, "n_boot must be"),
            ({"kinds": ("scare",)}, "unknown quote kinds"),
            ({"by": ()}, "by needs at least one key"),
            ({"model": "bert"}, "model must be"),
            ({"overlay": "/no/such/file.tsv"}, "neither 'news' nor a file"),
            ({"utterance_overlap": 2}, "utterance_overlap"),
            ({"split_every": 1}, "split_every"),
        ]:
            with pytest.raises(ValueError, match=match):
                presslens.dask.speaker_sentiment(no_id, **bad)
        with pytest.raises(TypeError, match="unsupported overlay"):
            presslens.dask.speaker_sentiment(no_id, overlay=3)
        with pytest.raises(ValueError, match="kinds"):
            presslens.dask.voice_share(no_id, kinds=("scare",))
        with pytest.raises(ValueError, match="has no 'id'"):
            presslens.dask.speaker_sentiment(no_id)
        with pytest.raises(ValueError, match=r"unknown group key\(s\) \['desk'\].*\(id, outlet"):
            presslens.dask.speaker_sentiment(ok, by=("speaker", "desk"))
        with pytest.raises(ValueError, match=r"unknown group key\(s\) \['desk'\]"):
            presslens.dask.voice_share(ok, by=("desk",))
        with pytest.raises(ValueError, match="no document"):
            presslens.dask.speaker_sentiment(db.from_sequence([], npartitions=1))
    for func in (presslens.dask.speaker_sentiment, presslens.dask.voice_share):
        with pytest.raises(TypeError, match=rf"call presslens\.{func.__name__}"):
            func(RECORDS)


def test_one_partition_is_in_natural_order_too() -> None:
    records = RECORDS[::-1]
    with dask.config.set(scheduler="sync"):
        tm = presslens.dask.term_matrix(db.from_sequence(records, npartitions=1), boilerplate=False)
    assert_same(tm, whole(RECORDS))


def test_each_partition_is_read_once_for_entities_and_the_next_pass() -> None:
    # the corpus of a partition is kept from the entity pass to the quote or co-mention pass
    # (the boilerplate counts, the default, read it once more)
    reads: list[str] = []

    def read(record: dict[str, Any]) -> dict[str, Any]:
        reads.append(record["id"])
        return record

    bag = db.from_sequence(RECORDS, npartitions=4).map(read)
    with dask.config.set(scheduler="sync"):
        q = presslens.dask.quotes(bag, boilerplate=False, **ENTITY_OPTIONS, **QUOTE_OPTIONS)
        assert sorted(reads) == sorted(r["id"] for r in RECORDS)
        reads.clear()
        presslens.dask.comentions(bag, boilerplate=False)
        assert sorted(reads) == sorted(r["id"] for r in RECORDS)
        reads.clear()
        presslens.dask.quotes(bag, **ENTITY_OPTIONS, **QUOTE_OPTIONS)
        assert sorted(reads) == sorted(2 * [r["id"] for r in RECORDS])
    assert_same_quotes(q, WHOLE_QUOTES)


# ---- boilerplate decided over the whole collection (the default) ----------------------------


def footer_records() -> list[dict[str, Any]]:
    """RECORDS with a footer per outlet, in every document of it, and a line some share: the
    outlet rule fires on the whole collection, not on small partitions."""
    out = []
    for k, r in enumerate(RECORDS):
        extra = f"\nThis report by {r['outlet']} is part of our coverage of the river talks"
        if k % 3 == 0:
            extra += "\nCorrections and clarifications are listed on our standards page"
        out.append({**r, "text": r["text"] + extra})
    return out


FOOTER_RECORDS = footer_records()
FOOTER_WHOLE = presslens.Corpus.from_records(FOOTER_RECORDS)  # natural order already


def test_the_footer_records_have_outlet_boilerplate() -> None:
    reasons = FOOTER_WHOLE.boilerplate["reason"]
    assert (reasons == "outlet_repeated").sum() >= len(FOOTER_RECORDS) // 2


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(order=st.permutations(range(len(FOOTER_RECORDS))), n=st.integers(2, 9))
def test_every_function_equals_one_process_with_boilerplate(order: list[int], n: int) -> None:
    bag = db.from_sequence([FOOTER_RECORDS[i] for i in order], npartitions=n)
    ents_whole = presslens.entities(FOOTER_WHOLE, **ENTITY_OPTIONS)
    quotes_whole = presslens.quotes(ents_whole, gazetteer_entries=GAZ, **QUOTE_OPTIONS)
    with dask.config.set(scheduler="sync"):
        tm = presslens.dask.term_matrix(bag, threads=1, split_every=2)
        assert_same(tm, presslens.term_matrix(FOOTER_WHOLE))
        ents = presslens.dask.entities(bag, threads=1, **ENTITY_OPTIONS)
        assert_same_entities(ents, ents_whole)
        co = presslens.dask.comentions(bag, threads=1, by="outlet", **ENTITY_OPTIONS)
        assert_same_comentions(co, presslens.comentions(ents_whole, by="outlet"))
        q = presslens.dask.quotes(bag, threads=1, **ENTITY_OPTIONS, **QUOTE_OPTIONS)
        assert_same_quotes(q, quotes_whole)
        options = {"threads": 1, **ENTITY_OPTIONS, **QUOTE_OPTIONS}
        s = presslens.dask.speaker_sentiment(bag, by=("speaker", "outlet"), n_boot=50, **options)
        want = presslens.speaker_sentiment(quotes_whole, by=("speaker", "outlet"), n_boot=50)
        pd.testing.assert_frame_equal(s, want)
        v = presslens.dask.voice_share(bag, **options)
        pd.testing.assert_frame_equal(v, presslens.voice_share(quotes_whole))


def test_boilerplate_options_of_the_dask_functions(client: Any) -> None:
    bag = db.from_sequence(FOOTER_RECORDS, npartitions=7)
    want = presslens.term_matrix(FOOTER_WHOLE)
    # on two worker processes: the counting pass, its tree and the table sent as one key
    assert_same(presslens.dask.term_matrix(bag, split_every=2), want)
    assert_same(presslens.dask.term_matrix(bag, boilerplate="collection"), want)
    counts = presslens.outlet_lines(FOOTER_WHOLE)
    assert_same(presslens.dask.term_matrix(bag, boilerplate=counts), want)
    frame = dd.from_pandas(pd.DataFrame(FOOTER_RECORDS), npartitions=3)
    assert_same(presslens.dask.term_matrix(frame), want)
    # per partition (the former behaviour): seven small partitions flag less
    per = presslens.dask.term_matrix(bag, boilerplate="partition")
    assert per.matrix.sum() > want.matrix.sum()
    off = presslens.dask.term_matrix(bag, boilerplate=False)
    assert_same(
        off, presslens.term_matrix(presslens.Corpus.from_records(FOOTER_RECORDS, boilerplate=False))
    )
    with pytest.raises(ValueError, match='"collection", "partition"'):
        presslens.dask.term_matrix(bag, boilerplate="whole")
    with pytest.raises(TypeError, match="OutletLines of the collection"):
        presslens.dask.entities(bag, boilerplate=3)  # type: ignore[arg-type]


def test_boilerplate_of_jsonl_lines() -> None:
    lines = [json.dumps(r) for r in FOOTER_RECORDS]
    with dask.config.set(scheduler="sync"):
        tm = presslens.dask.term_matrix(db.from_sequence(lines, npartitions=6), threads=1)
    assert_same(tm, presslens.term_matrix(FOOTER_WHOLE))


def test_a_kept_corpus_weighs_what_it_holds_and_pickles() -> None:
    # its size steers the scheduler to run the second pass where the corpus is; Dask spills
    # it (a pickle) past a worker's memory limit
    import pickle
    import sys

    load = presslens.dask._load_options(
        "text", "outlet", "date", "title", "replace", "auto", False, 1
    )
    kept = presslens.dask._kept_corpus(RECORDS, False, "id", load)
    assert sys.getsizeof(kept) >= sum(len(r["text"].encode()) for r in RECORDS)
    again = pickle.loads(pickle.dumps(kept))
    assert again.corpus.ids == kept.corpus.ids and again.corpus.texts == kept.corpus.texts
    assert sys.getsizeof(again) == sys.getsizeof(kept)
    empty = presslens.dask._kept_corpus([], False, "id", load)
    assert len(empty.corpus) == 0 and empty.nbytes == 0
