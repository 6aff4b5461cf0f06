"""Shared by test_merge.py and test_dask.py: records of the sample corpus and the exact
comparison of term matrices."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

import presslens


def sample_records(copies: int = 2) -> list[dict[str, Any]]:
    """The sample corpus ``copies`` times, ids in natural order (the corpus order)."""
    c = presslens.sample_corpus()
    out = []
    for r in range(copies):
        for d in c:
            out.append(
                {
                    "id": f"r{r}-{d.id}",
                    "text": d.text,
                    "outlet": d.outlet,
                    "date": d.date,
                    "title": d.title,
                    **d.meta,
                }
            )
    return out


RECORDS = sample_records()


def corpus_of(records: list[dict[str, Any]]) -> presslens.Corpus:
    return presslens.Corpus.from_records(records, boilerplate=False)


WHOLE = corpus_of(RECORDS)


def assert_same(a: presslens.TermMatrix, b: presslens.TermMatrix, *, records: bool = True) -> None:
    """Equal matrices, labels and metadata. The ``source`` of a document built from records
    is its position in its own list ("record 3"), so it differs between a part and the
    whole and is compared only when ``records`` is false."""
    assert a.terms == b.terms
    assert a.doc_ids == b.doc_ids
    assert a.shape == b.shape and a.weighting == b.weighting and a.grouped_by == b.grouped_by
    ma, mb = a.matrix, b.matrix
    assert np.array_equal(np.asarray(ma.indptr, np.int64), np.asarray(mb.indptr, np.int64))
    assert np.array_equal(np.asarray(ma.indices, np.int64), np.asarray(mb.indices, np.int64))
    assert ma.data.dtype == mb.data.dtype and np.array_equal(ma.data, mb.data)
    if a.docs is None or b.docs is None:
        assert a.docs is None and b.docs is None
    else:
        drop = ["source"] if records and "source" in a.docs.columns else []
        pd.testing.assert_frame_equal(a.docs.drop(columns=drop), b.docs.drop(columns=drop))
