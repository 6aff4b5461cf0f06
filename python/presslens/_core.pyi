"""Type stubs for the private extension module presslens._core (C++ core, pybind11)."""

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
    def warnings(self) -> dict[str, list[Any]]: ...
    def doc_stats(self) -> dict[str, npt.NDArray[np.int64]]: ...
    def token_table(self, code_points: bool = True) -> dict[str, npt.NDArray[Any]]: ...
    def sentence_table(self, code_points: bool = True) -> dict[str, npt.NDArray[Any]]: ...
    def paragraph_table(self, code_points: bool = True) -> dict[str, npt.NDArray[Any]]: ...

def segment(text: str, paragraphs: str = "auto") -> dict[str, npt.NDArray[Any]]: ...
def normalize_for_match(text: str) -> str: ...
def boilerplate_name(reason: int) -> str: ...
