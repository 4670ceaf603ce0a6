"""Tables of exported rows: pandas DataFrames and Hugging Face datasets.

Both are optional extras (`pip install "labelwell[pandas]"`, `"labelwell[datasets]"`);
the SDK imports them only when asked for a table.
Tables are built from columns (a dict of equal-length lists, in the order
first seen), which the extension fills as the export is parsed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._errors import LabelwellError

if TYPE_CHECKING:
    import datasets  # type: ignore[import-untyped]
    import pandas

__all__ = [
    "columns_to_dataset",
    "columns_to_pandas",
    "flatten",
    "rows_to_columns",
    "rows_to_dataset",
    "rows_to_pandas",
]

#: Columns: names in the order first seen, each a list with one value per row.
Columns = dict[str, list[Any]]


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row with nested dicts spread into columns: `{"data": {"text": t}}` -> `{"data.text": t}`.

    Lists are kept as they are; an empty dict becomes no column.
    """
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.partition(".")[0]
        raise LabelwellError(f"this needs the `{package}` package: pip install 'labelwell[{extra}]'") from error


def rows_to_columns(rows: Iterable[dict[str, Any]], *, flatten: bool = True) -> Columns:
    """The columns of the rows: one per key seen in any row, in the order first seen,
    with `None` in the rows without it. With `flatten`, nested dicts become dotted columns."""
    spread = globals()["flatten"]
    columns: Columns = {}
    for count, row in enumerate(rows, start=1):
        if flatten:
            row = spread(row)
        for key, value in row.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * (count - 1)
            column.append(value)
        for column in columns.values():
            if len(column) < count:
                column.append(None)
    return columns


def _is_time(name: str) -> bool:
    """Top-level columns named `*_at` are the API's times."""
    return name.endswith("_at") and "." not in name


def columns_to_pandas(columns: Columns) -> pandas.DataFrame:
    """A DataFrame of the columns (needs pandas). Top-level columns named
    `*_at` (the API's times) become timezone-aware datetimes."""
    pd = require("pandas")
    frame: pandas.DataFrame = pd.DataFrame(columns)
    for name in frame.columns:
        if _is_time(name):
            frame[name] = pd.to_datetime(frame[name], utc=True, format="ISO8601")
    return frame


def rows_to_pandas(rows: Iterable[dict[str, Any]], *, flatten: bool = True) -> pandas.DataFrame:
    """A DataFrame of the rows (needs pandas), one column per key seen in any row.

    With `flatten`, nested dicts become dotted columns. Top-level columns named
    `*_at` (the API's times) become timezone-aware datetimes.
    """
    return columns_to_pandas(rows_to_columns(rows, flatten=flatten))


def columns_to_dataset(columns: Columns) -> datasets.Dataset:
    """A Hugging Face `datasets.Dataset` of the columns (needs `datasets`), as `columns_to_pandas` shapes them."""
    ds = require("datasets")
    dataset: datasets.Dataset = ds.Dataset.from_pandas(columns_to_pandas(columns), preserve_index=False)
    return dataset


def rows_to_dataset(rows: Iterable[dict[str, Any]], *, flatten: bool = True) -> datasets.Dataset:
    """A Hugging Face `datasets.Dataset` of the rows (needs `datasets`), as `rows_to_pandas` shapes them."""
    require("datasets")
    return columns_to_dataset(rows_to_columns(rows, flatten=flatten))


def require(module: str) -> Any:
    """The module of an optional extra, imported; a clear error when it is not installed."""
    return _require(module, module)
