"""Text columns the core builds as UTF-8 buffers, turned into the column pandas would make
of the same strings.

The core writes a column of strings without the GIL as Arrow's large_string layout: the
UTF-8 of every row back to back, and n + 1 int64 offsets into it
(``bindings/arrays.hpp``, ``StringColumn``). When pandas stores strings in pyarrow (its
default ``str`` dtype with pyarrow installed), the column is made from those buffers
without a Python object per row; otherwise it is a list of str, as before.

Example:
    >>> import numpy as np
    >>> from presslens._columns import strings
    >>> data = np.frombuffer("MoscowMüller".encode(), dtype=np.uint8)
    >>> list(strings((data, np.array([0, 6, 6, 13], dtype=np.int64))))
    ['Moscow', '', 'Müller']
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np


def _arrow_dtype() -> Any:
    """pandas's string dtype when it stores strings in pyarrow (what it infers for a list of
    str under its current options), else None."""
    import pandas as pd

    dtype = pd.Series(["x"]).dtype
    if isinstance(dtype, pd.StringDtype) and str(dtype.storage).startswith("pyarrow"):
        return dtype
    return None


def take_strings(values: list[str], index: np.ndarray) -> Any:
    """``values[i]`` for each ``i`` of ``index`` as the column pandas would make of that
    object array: taken in pyarrow (no str object per row) when pandas stores strings there,
    else the object array itself.

    Example:
        >>> list(take_strings(["Marsh", "Sorokin", ""], np.array([1, 2, 1])))
        ['Sorokin', '', 'Sorokin']
    """
    import pandas as pd

    dtype = _arrow_dtype() if len(index) else None
    if dtype is None:
        return np.asarray(values, dtype=object)[index]
    import pyarrow as pa

    taken = pa.array(values, type=pa.large_string()).take(pa.array(index))
    return pd.array(taken, dtype=dtype)


def strings(column: tuple[np.ndarray, np.ndarray]) -> Any:
    """The strings of ``column`` ((uint8 data, int64 offsets)) as the array pandas infers
    for a list of str: an ArrowStringArray of that dtype when pandas's string dtype is stored
    in pyarrow, else the list of str itself (object or python-stored strings). An empty
    column is an empty list, whose dtype the frame decides."""
    import pandas as pd

    data, offsets = column
    if len(offsets) <= 1:
        return []  # what an empty list of str gives, as the frames did before
    dtype = _arrow_dtype()  # what pandas infers for str, under its current options
    if dtype is not None:
        import pyarrow as pa

        arr = pa.LargeStringArray.from_buffers(
            len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data)
        )
        return pd.array(arr, dtype=dtype)
    blob = data.tobytes()
    return [blob[a:b].decode("utf-8") for a, b in itertools.pairwise(offsets.tolist())]
