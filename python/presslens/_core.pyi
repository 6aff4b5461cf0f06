"""Type stubs for the private extension module presslens._core (C++ core, pybind11)."""

from collections.abc import Iterable
from os import PathLike
from typing import Any

import numpy as np
import numpy.typing as npt

__version__: str

class Corpus:
    @staticmethod
    def from_folder(
        folder: str | PathLike[str],
        *,
        errors: str = "replace",
        threads: int = 0,
        extension: str = ".txt",
        recursive: bool = False,
        follow_symlinks: bool = False,
        paragraphs: str = "auto",
        boilerplate: bool = True,
    ) -> Corpus: ...
    @staticmethod
    def from_jsonl(
        file: str | PathLike[str],
        *,
        errors: str = "replace",
        threads: int = 0,
        id_field: str = "id",
        text_field: str = "text",
        outlet_field: str = "outlet",
        date_field: str = "date",
        title_field: str = "title",
        paragraphs: str = "auto",
        boilerplate: bool = True,
    ) -> Corpus: ...
    @staticmethod
    def from_records(
        ids: list[str],
        texts: list[str | bytes],
        outlets: list[str],
        dates: list[str],
        titles: list[str],
        metas: list[str],
        *,
        errors: str = "replace",
        threads: int = 0,
        paragraphs: str = "auto",
        boilerplate: bool = True,
    ) -> Corpus: ...
    def __len__(self) -> int: ...
    @property
    def n_inputs(self) -> int: ...
    def ids(self) -> list[str]: ...
    def texts(self) -> list[str]: ...
    def outlets(self) -> list[str]: ...
    def dates(self) -> list[str]: ...
    def titles(self) -> list[str]: ...
    def metas(self) -> list[str]: ...
    def sources(self) -> list[str]: ...
    def text(self, index: int) -> str: ...
    def document(self, index: int) -> tuple[str, str, str, str, str, str, str]: ...
    def warnings(self) -> dict[str, list[Any]]: ...
    def doc_stats(self) -> dict[str, npt.NDArray[np.int64]]: ...
    def token_table(self, code_points: bool = True) -> dict[str, npt.NDArray[Any]]: ...
    def sentence_table(self, code_points: bool = True) -> dict[str, npt.NDArray[Any]]: ...
    def paragraph_table(self, code_points: bool = True) -> dict[str, npt.NDArray[Any]]: ...

def segment(text: str, paragraphs: str = "auto") -> dict[str, npt.NDArray[Any]]: ...
def normalize_for_match(text: str) -> str: ...
def boilerplate_name(reason: int) -> str: ...

# ---- sentiment (bind_sentiment.cpp) ----------------------------------------------------------

def parse_overlay(tsv: str, source: str = "overlay") -> list[tuple[str, float | None]]: ...

class SentimentAnalyzer:
    def __init__(
        self,
        lexicon_tsv: str,
        emoji_tsv: str,
        overlay: list[tuple[str, float | None]] = [],
        summation: str = "sequential",
    ) -> None: ...
    def polarity_scores(self, text: str) -> dict[str, float]: ...
    def polarity_scores_many(
        self, texts: Iterable[str], threads: int = 0
    ) -> dict[str, npt.NDArray[np.float64]]: ...
    def explain(self, text: str) -> dict[str, Any]: ...
    def valence(self, word: str) -> float | None: ...
    @property
    def lexicon_size(self) -> int: ...
    @property
    def emoji_count(self) -> int: ...
    @property
    def summation(self) -> str: ...

def document_sentiment(
    corpus: Corpus,
    analyzer: SentimentAnalyzer,
    include_boilerplate: bool = False,
    threads: int = 0,
) -> dict[str, dict[str, npt.NDArray[Any]]]: ...

# ---- terms (bind_terms.cpp) ------------------------------------------------------------------

def term_matrix(
    texts: Corpus | Iterable[str],
    *,
    ngram_min: int = 1,
    ngram_max: int = 1,
    lowercase: bool = True,
    token_pattern: str = "default",
    stop_words: list[str] = [],
    min_df: float = 1.0,
    min_df_proportion: bool = False,
    max_df: float = 1.0,
    max_df_proportion: bool = True,
    max_features: int = -1,
    vocabulary: list[str] = [],
    binary: bool = False,
    threads: int = 0,
) -> dict[str, Any]: ...
def tfidf(
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    data: npt.ArrayLike,
    rows: int,
    cols: int,
    *,
    scheme: str = "sklearn",
    norm: str = "l2",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    k1: float = 1.2,
    b: float = 0.75,
) -> npt.NDArray[np.float64]: ...
def group_rows(
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    data: npt.ArrayLike,
    rows: int,
    cols: int,
    group_of: npt.ArrayLike,
    n_groups: int,
) -> dict[str, Any]: ...
def column_sums(
    indptr: npt.ArrayLike, indices: npt.ArrayLike, data: npt.ArrayLike, rows: int, cols: int
) -> npt.NDArray[np.int64]: ...
def top_per_row(
    indptr: npt.ArrayLike, indices: npt.ArrayLike, data: npt.ArrayLike, rows: int, cols: int, n: int
) -> dict[str, Any]: ...
def keyness(
    indptr: npt.ArrayLike,
    indices: npt.ArrayLike,
    data: npt.ArrayLike,
    rows: int,
    cols: int,
    *,
    measure: str = "g2",
    min_count: int = 5,
) -> dict[str, npt.NDArray[Any]]: ...
def kwic(
    texts: Corpus | Iterable[str],
    term: str,
    *,
    token_pattern: str = "default",
    lowercase: bool = True,
    window: int = 5,
    threads: int = 0,
) -> dict[str, Any]: ...
def english_stop_words() -> list[str]: ...

# ---- entities and co-mentions (bind_entities.cpp) --------------------------------------------

class Gazetteer:
    @staticmethod
    def from_tsv(places: str, orgs: str, titles: str, given_names: str) -> Gazetteer: ...
    def add(self, name: str, type: str, aliases: list[str] = []) -> None: ...

class EntityResult:
    def mentions(self, corpus: Corpus) -> dict[str, npt.NDArray[Any]]: ...
    def entities(self) -> dict[str, list[Any]]: ...
    def merges(self) -> dict[str, list[Any]]: ...
    def __len__(self) -> int: ...

def extract_entities(
    corpus: Corpus,
    gazetteer: Gazetteer,
    aliases: list[tuple[str, str]],
    never_merge: list[tuple[str, str]],
    threads: int = 0,
) -> EntityResult: ...
def count_comentions(
    corpus: Corpus,
    entities: EntityResult,
    scope: str,
    window: int,
    types: list[str],
    doc_groups: list[int],
    n_groups: int,
    threads: int = 0,
) -> list[dict[str, Any]]: ...
def comention_evidence(
    corpus: Corpus,
    entities: EntityResult,
    scope: str,
    window: int,
    types: list[str],
    a: int,
    b: int,
) -> dict[str, npt.NDArray[np.int64]]: ...
