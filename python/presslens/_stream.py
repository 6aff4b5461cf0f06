"""Streaming: a corpus too large for memory, read as a sequence of smaller corpora.

:func:`stream` reads folders of text files and JSONL files (plain, ``.gz``, ``.bz2``,
``.zst``) in batches. JSONL lines are read here, a batch at a time, and parsed by the core
(``_core.Corpus.from_jsonl_text``: the same validation, warnings, ids and sources as
:meth:`Corpus.from_jsonl`); a folder is read by the core a window of its sorted files at a
time. Peak memory follows the batch, not the input.
"""

from __future__ import annotations

import bz2
import gzip
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from . import _core
from ._outlet_lines import OutletLines, merge_outlet_lines, outlet_lines, with_boilerplate
from .corpus import Corpus

_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
_COMPRESSED = (".gz", ".bz2", ".zst", ".zstd")
_COMMON_OPTIONS = {"errors", "threads", "paragraphs", "boilerplate"}
_JSONL_OPTIONS = {"id_field", "text_field", "outlet_field", "date_field", "title_field"}
_FOLDER_OPTIONS = {"extension", "recursive", "follow_symlinks"}


def stream(
    path_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    batch_size: int = 10_000,
    **load_options: Any,
) -> Iterator[Corpus]:
    """Read a folder, a JSONL file or several as a sequence of corpora of at most
    ``batch_size`` documents each, holding one batch in memory at a time.

    Inputs are read in the order given; a batch never spans two inputs. JSONL files may be
    compressed (``.jsonl.gz``, ``.jsonl.bz2``, ``.jsonl.zst``; the last needs the
    ``zstandard`` package: ``pip install presslens[zstd]``). ``load_options`` are those of
    :meth:`Corpus.from_jsonl` / :meth:`Corpus.from_folder` (``errors``, ``threads``,
    ``paragraphs``, ``boilerplate``, the ``*_field`` names for JSONL; ``extension``,
    ``recursive``, ``follow_symlinks`` for folders).

    Every input document is accounted for: summed over the batches, ``n_inputs`` is what
    :func:`load` counts, and each batch holds the warnings of its own lines (a malformed
    line is a warning of the batch where it stands, with its line number in the file, never
    a silent drop). Document ids and sources are those :func:`load` gives. What needs the
    whole corpus is decided per batch: an id repeated in two batches is not renamed, and
    lines repeated across many documents of one outlet are flagged as boilerplate from the
    documents of the batch, unless ``boilerplate="collection"``: then the inputs are read
    twice, first to count the lines of each outlet over every document
    (:func:`presslens.outlet_lines` of each batch, loaded without boilerplate detection,
    merged), then to load the batches with those counts, so that every batch has exactly the
    boilerplate flags it has in a corpus of every document (:func:`load` of each input, or
    one corpus of several). The first batch comes after the first pass; it costs about one
    more load without boilerplate detection (see docs/performance.md). Counts made before
    (``boilerplate=<OutletLines>``, e.g. saved from an earlier run) skip the first pass.

    Raises:
        FileNotFoundError: an input does not exist.
        ValueError: ``batch_size < 1``, or an input is neither a folder nor a JSONL file.
        TypeError: an unknown option, or one that does not apply to an input.
        ImportError: a ``.zst`` input without the ``zstandard`` package.

    Example:
        >>> import tempfile, pathlib, presslens
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
        >>> _ = p.write_text('{"text": "One."}\\n{oops\\n{"text": "Two."}\\n{"text": "Three."}\\n')
        >>> batches = list(presslens.stream(p, batch_size=2))
        >>> [c.ids for c in batches]
        [['news:1'], ['news:3', 'news:4']]
        >>> [c.warnings["line"].tolist() for c in batches], sum(c.n_inputs for c in batches)
        ([[2], []], 4)
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, not {batch_size!r}")
    unknown = set(load_options) - _COMMON_OPTIONS - _JSONL_OPTIONS - _FOLDER_OPTIONS
    if unknown:
        raise TypeError(f"stream() got unexpected keyword arguments: {sorted(unknown)}")
    if isinstance(path_or_paths, (str, os.PathLike)):
        paths = [Path(path_or_paths)]
    else:
        paths = [Path(p) for p in path_or_paths]
    kinds = [_kind(p) for p in paths]  # every input checked before the first batch
    for path, kind in zip(paths, kinds, strict=True):
        _check_options(
            load_options,
            _FOLDER_OPTIONS if kind == "folder" else _JSONL_OPTIONS,
            path,
            "a folder" if kind == "folder" else "a JSONL file",
        )
    boilerplate = load_options.get("boilerplate", True)
    if isinstance(boilerplate, str) and boilerplate == "collection":
        counts = _collection_counts(paths, kinds, batch_size, load_options)
        load_options = {**load_options, "boilerplate": counts}
    yield from _batches(paths, kinds, batch_size, with_boilerplate(load_options))


def _collection_counts(
    paths: list[Path], kinds: list[str], batch_size: int, options: dict[str, Any]
) -> OutletLines:
    """The first pass of ``boilerplate="collection"``: every input read in batches without
    boilerplate detection, the outlet line counts of the batches merged as they come (a
    stack of merges of similar sizes: O(rows log batches), not one growing merge per
    batch)."""
    first = {**options, "boilerplate": False}
    stack: list[OutletLines] = []
    for batch in _batches(paths, kinds, batch_size, first):
        stack.append(outlet_lines(batch, threads=first.get("threads", 0)))
        while len(stack) > 1 and len(stack[-2].hash) <= 2 * len(stack[-1].hash):
            top = stack.pop()
            stack[-1] = merge_outlet_lines([stack[-1], top])
    return merge_outlet_lines(stack)


def _batches(
    paths: list[Path], kinds: list[str], batch_size: int, load_options: dict[str, Any]
) -> Iterator[Corpus]:
    for path, kind in zip(paths, kinds, strict=True):
        if kind == "folder":
            yield from _stream_folder(path, batch_size, load_options)
        else:
            yield from _stream_jsonl(path, batch_size, load_options)


def _kind(p: Path) -> str:
    if p.is_dir():
        return "folder"
    suffixes = [s.lower() for s in p.suffixes[-2:]]
    if suffixes and suffixes[-1] in _COMPRESSED:
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _JSONL_SUFFIXES:
        if not p.exists():
            raise FileNotFoundError(2, "No such file", str(p))
        return "jsonl"
    if p.exists():
        raise ValueError(
            f"{str(p)!r} is neither a folder nor a JSONL file (.jsonl, .ndjson or .json, "
            "optionally .gz, .bz2 or .zst)"
        )
    raise FileNotFoundError(2, "No such file or folder", str(p))


def _check_options(options: dict[str, Any], allowed: set[str], path: Path, what: str) -> None:
    wrong = set(options) - _COMMON_OPTIONS - allowed
    if wrong:
        raise TypeError(f"{', '.join(sorted(wrong))} do(es) not apply to {str(path)!r}, {what}")


def _stream_folder(folder: Path, batch_size: int, options: dict[str, Any]) -> Iterator[Corpus]:
    first = 0
    while True:
        core = _core.Corpus.from_folder(
            os.fspath(folder), first_file=first, max_files=batch_size, **options
        )
        if core.n_inputs or (first == 0 and core.warnings()["code"]):
            yield Corpus(core)
        # n_inputs counts the window's files (and, in the first, skipped links): fewer than
        # batch_size means the listing is exhausted.
        if core.n_inputs < batch_size:
            return
        first += batch_size


def _open_binary(path: Path) -> IO[bytes]:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "rb")
    if suffix == ".bz2":
        return bz2.open(path, "rb")
    if suffix in (".zst", ".zstd"):
        try:
            import zstandard
        except ImportError as e:
            raise ImportError(
                f"reading {str(path)!r} needs the zstandard package: "
                "pip install 'presslens[zstd]' (or pip install zstandard)"
            ) from e
        raw = open(path, "rb")  # noqa: SIM115  # closed with the reader below
        reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
        return io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]
    return open(path, "rb")  # the caller closes it


def _stem(path: Path) -> str:
    """The file name without its compression and JSONL suffixes (default ids ``stem:LINE``,
    as Corpus.from_jsonl names them)."""
    p = path
    if p.suffix.lower() in _COMPRESSED:
        p = p.with_suffix("")
    return p.stem


def _stream_jsonl(path: Path, batch_size: int, options: dict[str, Any]) -> Iterator[Corpus]:
    source, stem = str(path), _stem(path)
    first_line = 0  # lines before the batch
    lines: list[bytes] = []
    documents = 0  # non-blank lines of the batch (each one an input)
    with _open_binary(path) as f:
        for line in f:
            lines.append(line)
            if line.strip(b" \t\r\n"):
                documents += 1
                if documents == batch_size:
                    n_lines = len(lines)
                    yield _parse(lines, source, stem, first_line, options)
                    first_line += n_lines
                    lines, documents = [], 0
    if documents:
        yield _parse(lines, source, stem, first_line, options)


def _parse(
    lines: list[bytes], source: str, stem: str, first_line: int, options: dict[str, Any]
) -> Corpus:
    data = b"".join(lines)
    del lines[:]  # the joined copy is all the batch needs
    return Corpus(_core.Corpus.from_jsonl_text(data, source, stem, first_line, **options))
