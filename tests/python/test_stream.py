"""presslens.stream: batches of at most batch_size documents, every input accounted for,
the same documents and warnings as loading the whole input (issue 19)."""

from __future__ import annotations

import bz2
import gzip
import json
import os
import sys
from pathlib import Path

import pandas as pd
import pytest

import presslens


def _lines() -> list[str]:
    rows = []
    for i in range(40):
        rows.append(
            json.dumps(
                {"id": f"d{i}", "text": f"Story {i}. Talks went on.", "outlet": f"o{i % 3}", "k": i}
            )
        )
        if i % 7 == 3:
            rows.append("{oops")  # malformed
        if i % 11 == 5:
            rows.append("")  # blank: not an input
            rows.append('{"id": "t", "text": 5}')  # non-string text
        if i % 13 == 2:
            rows.append(json.dumps({"title": "no text"}))
    rows.append(json.dumps({"text": "No id here."}))
    return rows


@pytest.fixture()
def jsonl(tmp_path: Path) -> Path:
    p = tmp_path / "news.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + "\n".join(_lines()).encode() + b"\n  \n")
    return p


def _warnings(batches: list[presslens.Corpus]) -> pd.DataFrame:
    frames = [b.warnings for b in batches if len(b.warnings)]
    w = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return w.sort_values(["source", "line", "code"]).reset_index(drop=True)


def assert_same_as_load(
    batches: list[presslens.Corpus], whole: presslens.Corpus, size: int
) -> None:
    assert all(len(b) <= size for b in batches)
    assert sum(b.n_inputs for b in batches) == whole.n_inputs
    assert [i for b in batches for i in b.ids] == whole.ids
    assert [t for b in batches for t in b.texts] == whole.texts
    docs = pd.concat([b.documents for b in batches if len(b)], ignore_index=True)
    pd.testing.assert_frame_equal(docs, whole.documents, check_like=True)
    pd.testing.assert_frame_equal(_warnings(batches), _warnings([whole]))


@pytest.mark.parametrize("size", [1, 3, 7, 10_000])
def test_jsonl_batches_match_loading_at_once(jsonl: Path, size: int) -> None:
    whole = presslens.load(jsonl)
    assert len(whole.warnings) >= 8
    batches = list(presslens.stream(jsonl, batch_size=size))
    assert_same_as_load(batches, whole, size)
    if size == 1:
        # a malformed line is a warning of the batch holding its position, by line number
        lines = _lines()
        bad = [i + 1 for i, s in enumerate(lines) if s == "{oops"]
        assert sorted(_warnings(batches).query("code == 'malformed_json'")["line"]) == bad


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".zst"])
def test_compressed_jsonl(jsonl: Path, suffix: str) -> None:
    data = jsonl.read_bytes()
    p = jsonl.with_name("news.jsonl" + suffix)
    if suffix == ".gz":
        p.write_bytes(gzip.compress(data))
    elif suffix == ".bz2":
        p.write_bytes(bz2.compress(data))
    else:
        zstandard = pytest.importorskip("zstandard")
        p.write_bytes(zstandard.ZstdCompressor().compress(data))
    plain = list(presslens.stream(jsonl, batch_size=4))
    packed = list(presslens.stream(p, batch_size=4))
    assert [b.ids for b in packed] == [b.ids for b in plain]  # ids "news:LINE" alike
    assert [b.texts for b in packed] == [b.texts for b in plain]
    w_plain, w_packed = _warnings(plain), _warnings(packed)
    assert w_packed["line"].tolist() == w_plain["line"].tolist()
    assert set(w_packed["source"].str.rsplit(":", n=1).str[0]) == {str(p)}


def test_zst_without_zstandard_says_what_to_install(
    jsonl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = jsonl.with_name("news.jsonl.zst")
    p.write_bytes(b"not read")
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(ImportError, match=r"pip install 'presslens\[zstd\]'"):
        next(presslens.stream(p))


def test_folder_batches_match_loading_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    for i in range(11):
        (folder / f"a{i:02d}.txt").write_text(f"Report {i}. Both sides met.", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"bin\x00ary")
    meta = [{"file": "a03.txt", "outlet": "wire"}, {"id": "a07", "outlet": "post"}, {"id": "gone"}]
    (folder / "metadata.jsonl").write_text("\n".join(json.dumps(m) for m in meta) + "\n{x\n")
    if hasattr(os, "symlink"):
        os.symlink(folder / "a00.txt", folder / "link.txt")
    whole = presslens.load(folder)
    for size in (1, 4, 12, 100):
        batches = list(presslens.stream(folder, batch_size=size))
        assert_same_as_load(batches, whole, size)
        # the listing's warnings (metadata, links) come with the first batch only
        codes = set(batches[0].warnings["code"])
        assert {"metadata_unmatched", "metadata_malformed"} <= codes
        assert all("metadata_unmatched" not in set(b.warnings["code"]) for b in batches[1:])


def test_sample_corpus_folder(tmp_path: Path) -> None:
    whole = presslens.sample_corpus()
    batches = list(presslens.stream(presslens.sample_corpus_path(), batch_size=5))
    assert [len(b) for b in batches] == [5, 5, len(whole) - 10]
    assert [i for b in batches for i in b.ids] == whole.ids
    assert [o for b in batches for o in b.documents["outlet"]] == whole.documents["outlet"].tolist()


def test_several_inputs_in_order(jsonl: Path) -> None:
    batches = list(presslens.stream([presslens.sample_corpus_path(), jsonl], batch_size=8))
    ids = [i for b in batches for i in b.ids]
    assert ids == presslens.sample_corpus().ids + presslens.load(jsonl).ids


def test_options_reach_the_loader(jsonl: Path, tmp_path: Path) -> None:
    p = tmp_path / "x.ndjson"
    p.write_text('{"body": "A.\\nB.", "name": "n1"}\n', encoding="utf-8")
    (c,) = presslens.stream(p, text_field="body", id_field="name", paragraphs="line")
    assert c.ids == ["n1"] and len(c.paragraphs()) == 2
    with pytest.raises(ValueError, match='line 4: no "text" field'):
        list(presslens.stream(jsonl, errors="strict"))


def test_bad_arguments(jsonl: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        next(presslens.stream(jsonl, batch_size=0))
    with pytest.raises(TypeError, match="unexpected keyword"):
        next(presslens.stream(jsonl, colour="red"))
    with pytest.raises(TypeError, match="extension"):
        next(presslens.stream(jsonl, extension=".md"))
    with pytest.raises(TypeError, match="text_field"):
        next(presslens.stream(presslens.sample_corpus_path(), text_field="body"))
    with pytest.raises(FileNotFoundError):
        next(presslens.stream(tmp_path / "missing.jsonl"))
    with pytest.raises(FileNotFoundError):
        next(presslens.stream([jsonl, tmp_path / "missing"]))  # checked before any batch
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="neither a folder nor a JSONL"):
        next(presslens.stream(tmp_path / "notes.txt"))


def test_empty_inputs_yield_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n\n")
    assert list(presslens.stream(tmp_path / "empty.jsonl")) == []
    (tmp_path / "d").mkdir()
    assert list(presslens.stream(tmp_path / "d")) == []
