"""presslens.outlet_lines / OutletLines (issue 19): the outlet boilerplate rule decided over a
whole collection loaded in parts. Counts of any split merge into the whole's; parts loaded
with the merged counts have exactly the boilerplate flags of one corpus of every document;
streams do it in two passes; counts and corpora loaded with them pickle."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presslens

FOOTERS = {
    "ledger": ["Follow the Ledger for more reporting on water politics", "© Ledger Media 2024"],
    "wire": ["This story was produced by the Wire desk in Geneva", "Subscribe to the Wire today"],
    "": ["Printed from the archive of an unnamed site"],
    "tiny": ["Tiny outlet footer that is never flagged here"],
}


def make_records() -> list[dict[str, Any]]:
    """Outlets whose documents share footers, some in most documents, some in few."""
    records = []
    sizes = {"ledger": 9, "wire": 12, "": 6, "tiny": 3}
    for outlet, n in sizes.items():
        for i in range(n):
            lines = [f"Story {i} of {outlet or 'nobody'} about the dam on the river."]
            lines.append(f"The minister said the talks in round {i} were useful.")
            for k, footer in enumerate(FOOTERS[outlet]):
                if (i + k) % (k + 2) != 1:  # the first footer in most documents, others fewer
                    lines.append(footer)
            records.append(
                {"id": f"{outlet or 'x'}-{i}", "outlet": outlet, "text": "\n".join(lines)}
            )
    return records


RECORDS = make_records()
WHOLE = presslens.Corpus.from_records(RECORDS)


def flags(corpus: presslens.Corpus) -> pd.DataFrame:
    p = corpus.paragraphs(include_boilerplate=True)
    return p[["doc_id", "line", "start", "end", "boilerplate", "text"]]


def by_doc(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several parts in the order of the whole's documents."""
    order = {r["id"]: k for k, r in enumerate(RECORDS)}
    f = pd.concat(frames, ignore_index=True)
    f = f.assign(_k=f["doc_id"].map(order)).sort_values(["_k", "line", "start"], kind="stable")
    return f.drop(columns="_k").reset_index(drop=True)


def test_the_rule_fires_on_the_whole_and_not_on_small_parts() -> None:
    b = WHOLE.boilerplate
    assert set(b["reason"]) == {"outlet_repeated", "photo_credit"}  # "© Ledger Media 2024"
    b = b[b["reason"] == "outlet_repeated"]
    assert "tiny" not in set(WHOLE.documents.set_index("id").loc[b["doc_id"], "outlet"])
    part = presslens.Corpus.from_records(RECORDS[:3])
    assert "outlet_repeated" not in set(part.boilerplate["reason"])  # 3 documents: too few


def split(draw_parts: list[int], n_parts: int) -> list[list[dict[str, Any]]]:
    parts: list[list[dict[str, Any]]] = [[] for _ in range(n_parts)]
    for rec, p in zip(RECORDS, draw_parts, strict=True):
        parts[p].append(rec)
    return parts


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.integers(0, n - 1), min_size=len(RECORDS), max_size=len(RECORDS)),
        )
    ),
    st.randoms(use_true_random=False),
)
def test_parts_loaded_with_the_merged_counts_are_flagged_as_the_whole(
    drawn: tuple[int, list[int]], rnd: Any
) -> None:
    n, where = drawn
    parts = [p for p in split(where, n) if p]
    counts = [
        presslens.outlet_lines(presslens.Corpus.from_records(p, boilerplate=False)) for p in parts
    ]
    rnd.shuffle(counts)
    merged = presslens.merge(*counts)
    assert merged == presslens.outlet_lines(WHOLE)
    assert merged == counts[0].merge(*counts[1:])
    loaded = [presslens.Corpus.from_records(p, boilerplate=merged) for p in parts]
    pd.testing.assert_frame_equal(by_doc([flags(c) for c in loaded]), flags(WHOLE))
    pd.testing.assert_frame_equal(by_doc([c.boilerplate for c in loaded]), WHOLE.boilerplate)


def test_counts_are_columns_sorted_and_independent_of_the_options() -> None:
    c = presslens.outlet_lines(WHOLE)
    assert c.outlets == sorted(c.outlets) == ["", "ledger", "tiny", "wire"]
    assert c.n_docs.tolist() == [6, 9, 3, 12]
    assert c.hash.dtype == np.uint64 and c.df.dtype == np.int64 and c.outlet.dtype == np.int64
    keys = list(zip(c.outlet.tolist(), c.hash.tolist(), strict=True))
    assert keys == sorted(set(keys))
    off = presslens.Corpus.from_records(RECORDS, boilerplate=False, paragraphs="line", threads=1)
    assert presslens.outlet_lines(off, threads=2) == c
    assert c.repeated() == {"": 1, "ledger": 2, "tiny": 0, "wire": 2}
    f = c.frame
    assert list(f.columns) == ["outlet", "hash", "df", "n_docs"] and len(f) == len(c.hash)
    assert "4 outlets, 30 documents" in repr(c)


def test_a_corpus_of_the_whole_loaded_with_its_own_counts_is_unchanged() -> None:
    again = presslens.Corpus.from_records(RECORDS, boilerplate=presslens.outlet_lines(WHOLE))
    pd.testing.assert_frame_equal(flags(again), flags(WHOLE))
    for loader in (presslens.Corpus.from_texts,):
        texts = [r["text"] for r in RECORDS]
        outlets = [r["outlet"] for r in RECORDS]
        t = loader(texts, outlets=outlets, boilerplate=presslens.outlet_lines(WHOLE))
        assert len(t.boilerplate) == len(WHOLE.boilerplate)


def test_files_loaded_one_at_a_time(tmp_path: Path) -> None:
    paths = []
    for k in range(3):
        p = tmp_path / f"part{k}.jsonl"
        p.write_text("".join(json.dumps(r) + "\n" for r in RECORDS[k::3]), encoding="utf-8")
        paths.append(p)
    counts = presslens.merge(
        *(presslens.outlet_lines(presslens.load(p, boilerplate=False)) for p in paths)
    )
    assert counts == presslens.outlet_lines(WHOLE)
    loaded = [presslens.load(p, boilerplate=counts) for p in paths]
    pd.testing.assert_frame_equal(by_doc([flags(c) for c in loaded]), flags(WHOLE))


def test_an_outlet_the_counts_do_not_know_is_a_value_error() -> None:
    counts = presslens.outlet_lines(presslens.Corpus.from_records(RECORDS[:9]))  # ledger only
    with pytest.raises(ValueError, match=r"outlet 'wire'.*do not know"):
        presslens.Corpus.from_records(RECORDS, boilerplate=counts)
    with pytest.raises(TypeError, match="True, False or the OutletLines"):
        presslens.Corpus.from_records(RECORDS, boilerplate="collection")  # type: ignore[arg-type]
    # boilerplate detection off: nothing is decided, so any outlet loads
    assert len(presslens.Corpus.from_records(RECORDS, boilerplate=False)) == len(RECORDS)


def test_inconsistent_counts_are_value_errors() -> None:
    c = presslens.outlet_lines(WHOLE)
    with pytest.raises(ValueError, match="merged twice"):
        presslens.Corpus.from_records(
            RECORDS,
            boilerplate=presslens.OutletLines(
                c.outlets,
                c.n_docs,
                np.r_[c.outlet, c.outlet],
                np.r_[c.hash, c.hash],
                np.r_[c.df, c.df],
            ),
        )
    with pytest.raises(ValueError, match="as many rows"):
        presslens.OutletLines(c.outlets, c.n_docs, c.outlet, c.hash, c.df[:-1])
    with pytest.raises(TypeError, match="cannot merge"):
        c.merge(WHOLE)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"outlet_lines\(\) takes a presslens\.Corpus"):
        presslens.outlet_lines(RECORDS)  # type: ignore[arg-type]


def test_pickling_counts_and_a_corpus_loaded_with_them() -> None:
    counts = presslens.outlet_lines(WHOLE)
    again = pickle.loads(pickle.dumps(counts))
    assert again == counts and again is not counts
    part = presslens.Corpus.from_records(RECORDS[:9], boilerplate=counts)
    assert len(part.boilerplate) > 0
    restored = pickle.loads(pickle.dumps(part))
    pd.testing.assert_frame_equal(flags(restored), flags(part))
    # the table travels with the corpus: a few bytes, not the counts
    plain = presslens.Corpus.from_records(RECORDS[:9])
    extra = len(pickle.dumps(part)) - len(pickle.dumps(plain))
    assert 0 < extra < 200
    empty = presslens.merge(presslens.outlet_lines(presslens.Corpus.from_texts([])))
    assert empty.outlets == [] and pickle.loads(pickle.dumps(empty)) == empty


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("batch_size", [1, 4, 7, 100])
def test_stream_collection_gives_every_batch_the_whole_flags(
    tmp_path: Path, batch_size: int
) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", RECORDS[::2])
    b = write_jsonl(tmp_path / "b.jsonl", RECORDS[1::2])
    batches = list(presslens.stream([a, b], batch_size=batch_size, boilerplate="collection"))
    pd.testing.assert_frame_equal(by_doc([flags(c) for c in batches]), flags(WHOLE))
    counts = presslens.outlet_lines(WHOLE)
    given_counts = list(presslens.stream([a, b], batch_size=batch_size, boilerplate=counts))
    pd.testing.assert_frame_equal(by_doc([flags(c) for c in given_counts]), flags(WHOLE))
    if batch_size < 30:  # per batch (the default): fewer lines flagged than in the whole
        per_batch = list(presslens.stream([a, b], batch_size=batch_size))
        assert sum(len(c.boilerplate) for c in per_batch) < len(WHOLE.boilerplate)


def test_stream_collection_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    meta = []
    for r in RECORDS:
        (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        meta.append({"file": f"{r['id']}.txt", "outlet": r["outlet"]})
    write_jsonl(folder / "metadata.jsonl", meta)
    whole = presslens.load(folder)
    batches = list(presslens.stream(folder, batch_size=5, boilerplate="collection"))
    got = pd.concat([flags(c) for c in batches], ignore_index=True)
    pd.testing.assert_frame_equal(got, flags(whole))
