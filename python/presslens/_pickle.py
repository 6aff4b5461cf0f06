"""Compact pickling of the result classes: columns of strings become one UTF-8 buffer and
an array of lengths, so that a table of a million rows pickles as a few arrays rather than a
million Python objects.

The core objects pickle themselves (``_core.Corpus`` and ``_core.EntityResult`` carry a byte
string made by the C++ core, see cpp/include/presslens/serialize.hpp); the Python classes
pickle their frames and lists through :func:`pack_strings` and :func:`pack_frame`.

Example:
    >>> from presslens._pickle import pack_strings, unpack_strings
    >>> packed = pack_strings(["Moscow", "", "Müller"])
    >>> packed[1].tolist(), packed[1].dtype.name
    ([6, 0, 7], 'uint8')
    >>> unpack_strings(packed)
    ['Moscow', '', 'Müller']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

_STRINGS = "presslens-strings-v1"
_FRAME = "presslens-frame-v1"


def pack_strings(values: Sequence[str]) -> tuple[bytes, np.ndarray]:
    """One UTF-8 buffer (lone surrogates kept) and the byte length of every string, in the
    smallest unsigned integer type that holds the longest."""
    encoded = [v.encode("utf-8", "surrogatepass") for v in values]
    lengths = np.fromiter((len(b) for b in encoded), dtype=np.uint64, count=len(encoded))
    return b"".join(encoded), _narrow(lengths)


def _narrow(lengths: np.ndarray) -> np.ndarray:
    """``lengths`` in the smallest unsigned integer type that holds the longest."""
    longest = int(lengths.max()) if len(lengths) else 0
    for dtype in (np.uint8, np.uint16, np.uint32):
        if longest <= np.iinfo(dtype).max:
            return lengths.astype(dtype)
    return lengths.astype(np.uint64)


def _arrow_storage(dtype: Any) -> bool:
    """Whether ``dtype`` is pandas's string dtype stored in pyarrow."""
    import pandas as pd

    return isinstance(dtype, pd.StringDtype) and str(dtype.storage).startswith("pyarrow")


def _pack_arrow(col: pd.Series) -> tuple[bytes, np.ndarray] | None:
    """:func:`pack_strings` of a column stored in pyarrow, read from its buffers without a
    Python object per row; None when it holds a missing value (packed otherwise)."""
    import pyarrow as pa

    arr = pa.array(col.array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count:
        return None
    arr = arr.cast(pa.large_string())
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[
        arr.offset : arr.offset + len(arr) + 1
    ]
    data = arr.buffers()[2]
    blob = b"" if data is None else data.to_pybytes()[int(offsets[0]) : int(offsets[-1])]
    return blob, _narrow(np.diff(offsets).astype(np.uint64))


def _unpack_arrow(blob: bytes, lengths: np.ndarray, dtype: Any) -> Any:
    """The pyarrow-stored column of ``dtype`` that :func:`_pack_arrow` packed, made from the
    buffer without a Python object per row (ValueError for bytes that are not UTF-8)."""
    import pandas as pd
    import pyarrow as pa

    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, dtype=np.int64, out=offsets[1:])
    if offsets[-1] != len(blob):
        raise ValueError("packed strings: the lengths do not add up to the buffer")
    arr = pa.LargeStringArray.from_buffers(len(lengths), pa.py_buffer(offsets), pa.py_buffer(blob))
    try:
        arr.validate(full=True)
    except pa.ArrowInvalid as e:
        raise ValueError(f"packed strings: {e}") from None
    return pd.array(arr, dtype=dtype)


def unpack_strings(packed: tuple[bytes, np.ndarray]) -> list[str]:
    """The strings :func:`pack_strings` packed."""
    blob, lengths = packed
    ends = np.cumsum(lengths, dtype=np.int64).tolist()
    starts = [0, *ends[:-1]] if ends else []
    return [blob[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, ends, strict=True)]


def _all_str(values: Sequence[Any]) -> bool:
    return all(type(v) is str for v in values)


def pack_list(values: list[Any]) -> Any:
    """A list of str as packed strings, a list of ints as an int64 array; else the list."""
    if _all_str(values):
        return (_STRINGS, *pack_strings(values))
    if values and all(type(v) is int for v in values):
        arr = np.asarray(values)
        if arr.dtype == np.int64:
            return ("presslens-ints-v1", arr)
    return values


def unpack_list(packed: Any) -> list[Any]:
    """The list :func:`pack_list` packed."""
    if isinstance(packed, tuple) and packed and packed[0] == _STRINGS:
        return unpack_strings((packed[1], packed[2]))
    if isinstance(packed, tuple) and packed and packed[0] == "presslens-ints-v1":
        return packed[1].tolist()
    return packed


def pack_frame(df: pd.DataFrame | None) -> Any:
    """A DataFrame with its object columns of str packed (other columns as they are: numeric
    ones pickle as arrays already). ``None`` stays ``None``."""
    if df is None:
        return None
    import pandas as pd

    columns: list[tuple[Any, Any]] = []
    for i, name in enumerate(df.columns):
        col = df.iloc[:, i]
        text_dtype = col.dtype == object or isinstance(col.dtype, pd.StringDtype)
        arrow = _pack_arrow(col) if _arrow_storage(col.dtype) else None
        if arrow is not None:
            columns.append((name, (_STRINGS, *arrow, col.dtype)))
        elif text_dtype and _all_str(values := col.tolist()):
            dtype = None if col.dtype == object else col.dtype
            columns.append((name, (_STRINGS, *pack_strings(values), dtype)))
        else:
            plain = isinstance(col.dtype, np.dtype) and col.dtype != object
            columns.append((name, col.to_numpy(copy=False) if plain else col))
    return (_FRAME, df.index, columns)


def unpack_frame(packed: Any) -> pd.DataFrame | None:
    """The DataFrame :func:`pack_frame` packed (columns, dtypes and index equal)."""
    if packed is None:
        return None
    import pandas as pd

    tag, index, columns = packed
    if tag != _FRAME:
        raise ValueError(f"not a packed presslens frame (tag {tag!r})")
    data: dict[int, Any] = {}  # by position: column names may repeat
    for i, (_, col) in enumerate(columns):
        if isinstance(col, tuple) and col and col[0] == _STRINGS and _arrow_storage(col[3]):
            data[i] = pd.Series(_unpack_arrow(col[1], col[2], col[3]), index=index)
        elif isinstance(col, tuple) and col and col[0] == _STRINGS:
            values = np.empty(len(index), dtype=object)
            values[:] = unpack_strings((col[1], col[2]))
            # dtype=object as packed (pandas >= 3 would infer its str dtype, which with
            # pyarrow installed cannot hold a lone surrogate)
            series = pd.Series(values, index=index, dtype=object)
            data[i] = series if col[3] is None else series.astype(col[3])
        elif isinstance(col, pd.Series):
            data[i] = col.set_axis(index)
        else:
            data[i] = pd.Series(col, index=index)
    df = pd.DataFrame(data, index=index)
    df.columns = pd.Index([name for name, _ in columns])
    return df
