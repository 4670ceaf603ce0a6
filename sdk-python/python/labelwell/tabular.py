"""Tables of exported rows: pandas DataFrames, Hugging Face datasets and Parquet files.

All are optional extras (`pip install "labelwell[pandas]"`, `"labelwell[datasets]"`,
`"labelwell[parquet]"`); the SDK imports them only when asked for a table.
Tables are built from columns (a dict of equal-length lists, in the order
first seen), which the extension's `Columns` fills: it alone shapes rows
(per item or per annotation) and flattens nested objects into dotted columns.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import LabelwellError

if TYPE_CHECKING:
    import datasets  # type: ignore[import-untyped]
    import pandas

__all__ = ["columns_to_dataset", "columns_to_pandas", "require", "write_parquet"]

#: Columns: names in the order first seen, each a list with one value per row.
Columns = dict[str, list[Any]]

#: A Parquet row group holds at most this many rows...
ROW_GROUP_ROWS = 100_000
#: ... and about this many bytes of Arrow data.
ROW_GROUP_BYTES = 4 << 20


def _require(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.partition(".")[0]
        raise LabelwellError(f"this needs the `{package}` package: pip install 'labelwell[{extra}]'") from error


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


def columns_to_dataset(columns: Columns) -> datasets.Dataset:
    """A Hugging Face `datasets.Dataset` of the columns (needs `datasets`), as `columns_to_pandas` shapes them."""
    ds = require("datasets")
    dataset: datasets.Dataset = ds.Dataset.from_pandas(columns_to_pandas(columns), preserve_index=False)
    return dataset


def write_parquet(batches: Iterable[Columns], path: str | os.PathLike[str]) -> int:
    """Writes batches of columns to a Parquet file (needs pyarrow) as one table;
    returns the number of rows written.

    The file has the columns of all the batches, in the order first seen, each
    with the Arrow type of its values (as `pyarrow.array` infers it), unified
    across batches: `None` fits any type, integers and floats make floats, the
    fields of nested objects are merged. A column whose values share no type
    (text in some rows, numbers in others) is written as JSON text; an object
    that has no keys in any row is written as null. Top-level columns named
    `*_at` become UTC timestamps.

    Memory stays constant: the batches are spooled to a temporary Arrow file
    beside `path` while the schema is worked out, then written in row groups.
    The file appears at `path` only once complete.
    """
    pa = require("pyarrow")
    pq = require("pyarrow.parquet")
    require("pyarrow.ipc")

    target = Path(path)
    spool = _Spool(pa)
    with tempfile.TemporaryDirectory(prefix=f".{target.name}.", dir=target.parent) as scratch:
        for columns in batches:
            spool.add(columns, Path(scratch))
        spool.close()
        schema = spool.schema()
        rows = 0
        part = Path(scratch) / target.name
        with pq.ParquetWriter(part, schema) as writer:
            pending: list[Any] = []
            pending_rows = pending_bytes = 0
            for batch, encoded in spool.batches():
                table = _conform_batch(pa, batch, schema, spool.json_columns, encoded)
                pending.append(table)
                pending_rows += table.num_rows
                pending_bytes += table.nbytes
                if pending_rows >= ROW_GROUP_ROWS or pending_bytes >= ROW_GROUP_BYTES:
                    writer.write_table(pa.concat_tables(pending), row_group_size=pending_rows)
                    rows += pending_rows
                    pending, pending_rows, pending_bytes = [], 0, 0
            if pending or rows == 0:
                table = pa.concat_tables(pending) if pending else schema.empty_table()
                writer.write_table(table, row_group_size=max(table.num_rows, 1))
                rows += table.num_rows
        os.replace(part, target)
    return rows


def require(module: str) -> Any:
    """The module of an optional extra, imported; a clear error when it is not installed."""
    extra = "parquet" if module.startswith("pyarrow") else module
    return _require(module, extra)


class _Spool:
    """Batches of columns as Arrow record batches in temporary files, with the
    schema that fits them all. A new file starts whenever a batch's own schema
    differs from the one before."""

    def __init__(self, pa: Any) -> None:
        self.pa = pa
        #: Every column's type so far, in the order first seen (`None` once it has no common type).
        self.types: dict[str, Any] = {}
        #: Columns written as JSON text.
        self.json_columns: set[str] = set()
        #: The files: (path, which of its columns hold JSON text already).
        self.files: list[tuple[Path, frozenset[str]]] = []
        self._writer: Any = None
        self._schema: Any = None
        self._encoded: frozenset[str] = frozenset()

    def add(self, columns: Columns, scratch: Path) -> None:
        pa = self.pa
        arrays, encoded = {}, set()
        for name, values in columns.items():
            try:
                array = pa.array(values)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
                array, known = _json_array(pa, values), None
                encoded.add(name)
            else:
                if _is_time(name) and pa.types.is_string(array.type):
                    # Text that is not a time stays text.
                    with contextlib.suppress(pa.ArrowInvalid, pa.ArrowNotImplementedError):
                        array = array.cast(pa.timestamp("us", tz="UTC"))
                known = array.type
            arrays[name] = array
            if name not in self.types:
                self.types[name] = known
            elif known is None or self.types[name] is None:
                self.types[name] = None
            else:
                try:
                    self.types[name] = _unify(pa, self.types[name], known)
                except TypeError:
                    self.types[name] = None
            if self.types[name] is None:
                self.json_columns.add(name)
        batch = pa.RecordBatch.from_pydict(arrays) if arrays else None
        if batch is None or batch.num_rows == 0:
            return
        if self._writer is None or not batch.schema.equals(self._schema) or frozenset(encoded) != self._encoded:
            self.close()
            path = scratch / f"spool-{len(self.files)}.arrow"
            self._schema, self._encoded = batch.schema, frozenset(encoded)
            self._writer = pa.ipc.new_file(str(path), batch.schema)
            self.files.append((path, self._encoded))
        self._writer.write_batch(batch)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def schema(self) -> Any:
        pa = self.pa
        fields = []
        for name, kind in self.types.items():
            fields.append(pa.field(name, pa.string() if name in self.json_columns else _storable(pa, kind)))
        return pa.schema(fields)

    def batches(self) -> Iterable[tuple[Any, frozenset[str]]]:
        """The spooled record batches, one at a time, with the columns each holds as JSON text."""
        for path, encoded in self.files:
            # Read into memory a batch at a time (a memory map would grow the process by the whole file).
            with self.pa.OSFile(str(path)) as source:
                reader = self.pa.ipc.open_file(source)
                for index in range(reader.num_record_batches):
                    yield reader.get_batch(index), encoded


def _json_array(pa: Any, values: list[Any]) -> Any:
    """The values as JSON text (`None` stays null)."""
    return pa.array(
        [None if value is None else json.dumps(value, ensure_ascii=False, default=str) for value in values],
        pa.string(),
    )


def _unify(pa: Any, a: Any, b: Any) -> Any:
    """The Arrow type that holds values of types `a` and `b`; `TypeError` when there is none."""
    types = pa.types
    if a.equals(b):
        return a
    if types.is_null(a):
        return b
    if types.is_null(b):
        return a
    numbers = (types.is_integer(a) or types.is_floating(a)) and (types.is_integer(b) or types.is_floating(b))
    if numbers and not (types.is_integer(a) and types.is_integer(b)):
        return pa.float64()
    if types.is_struct(a) and types.is_struct(b):
        fields = {field.name: field.type for field in a}
        for field in b:
            fields[field.name] = _unify(pa, fields[field.name], field.type) if field.name in fields else field.type
        return pa.struct([pa.field(name, kind) for name, kind in fields.items()])
    if types.is_list(a) and types.is_list(b):
        return pa.list_(_unify(pa, a.value_type, b.value_type))
    raise TypeError(f"no common type of {a} and {b}")


def _storable(pa: Any, kind: Any) -> Any:
    """`kind`, with objects that never had a key (`struct<>`, which Parquet cannot store) as null."""
    types = pa.types
    if types.is_struct(kind):
        if kind.num_fields == 0:
            return pa.null()
        return pa.struct([pa.field(field.name, _storable(pa, field.type)) for field in kind])
    if types.is_list(kind):
        return pa.list_(_storable(pa, kind.value_type))
    return kind


def _conform(pa: Any, array: Any, kind: Any) -> Any:
    """`array` as an array of type `kind` (a type `_unify` made from its own)."""
    types = pa.types
    if array.type.equals(kind):
        return array
    if types.is_null(kind) or types.is_null(array.type):
        return pa.nulls(len(array), kind)
    mask = array.is_null() if array.null_count else None
    if types.is_struct(kind):
        children = [
            _conform(pa, array.field(field.name), field.type)
            if array.type.get_field_index(field.name) >= 0
            else pa.nulls(len(array), field.type)
            for field in kind
        ]
        return pa.StructArray.from_arrays(children, fields=list(kind), mask=mask)
    if types.is_list(kind):
        values = _conform(pa, array.values, kind.value_type)
        return pa.ListArray.from_arrays(array.offsets, values, type=kind, mask=mask)
    return array.cast(kind)


def _conform_batch(pa: Any, batch: Any, schema: Any, json_columns: set[str], encoded: frozenset[str]) -> Any:
    """A spooled record batch as a table of the file's schema: missing columns null, types widened."""
    arrays = []
    for field in schema:
        if batch.schema.get_field_index(field.name) < 0:
            arrays.append(pa.nulls(batch.num_rows, field.type))
            continue
        array = batch.column(field.name)
        if field.name in json_columns and field.name not in encoded and not pa.types.is_null(array.type):
            array = _json_array(pa, array.to_pylist())
        arrays.append(_conform(pa, array, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)
