"""Statistics and exports: what the project's work adds up to, and the data itself."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Literal, TypeVar, Union

from .._base import Id, Resource, operation, segment
from .._errors import APIConnectionError, APITimeoutError
from .._native import Columns, ExportedItem, ItemStatus, ProjectStats, ProjectStatsResponse
from .._progress import progress_bar, progress_enabled
from .._retry import Retry, with_retries
from .._transport import Stream, Transport
from ..tabular import columns_to_dataset, columns_to_pandas, require, write_parquet

if TYPE_CHECKING:
    import datasets  # type: ignore[import-untyped]
    import pandas

#: An item status, as an `ItemStatus` or its name (`"accepted"`).
StatusLike = Union[ItemStatus, str]
#: A time, as an aware `datetime` or RFC 3339 text.
TimeLike = Union[datetime, str]
#: The shape of a table: one row per item, or one row per annotation.
RowsPer = Literal["item", "annotation"]

#: Items parsed per call into the native reader (the interpreter is released meanwhile).
BATCH = 1000

#: Rows converted to Arrow at a time by `to_parquet`.
PARQUET_BATCH = 1000

_T = TypeVar("_T")


class Stats(Resource):
    """Project statistics: `client.stats`."""

    @operation("get_project_stats")
    def get(self, project_id: Id) -> ProjectStats:
        """Items by status, work per annotator, and agreement (Fleiss' kappa)."""
        path = f"/projects/{segment(project_id)}/stats"
        return self._transport.request("GET", path, decode=ProjectStatsResponse).stats


class Export(Resource):
    """Exports of a project's items with their annotations and reviews: `client.export`."""

    @operation("export_project")
    def pull(
        self,
        project_id: Id,
        *,
        status: StatusLike | None = None,
        updated_after: TimeLike | None = None,
        after: Id | None = None,
        progress: bool | None = None,
    ) -> Pull:
        """The project's items with their annotations and model predictions,
        streamed from the export.

        Nothing is fetched until you read the result: iterate it for
        `ExportedItem`s (constant memory, however large the project), or call
        `to_list()`, `to_pandas()` or `to_dataset()`. Filter by `status`; pull
        only what changed with `updated_after`; start after the item `after`
        (items come in id order). A pull whose connection breaks resumes after
        the last item received, up to the client's `max_retries` times in a row.
        """
        return Pull(
            self._transport,
            f"/projects/{segment(project_id)}/export",
            query={"format": "jsonl", "status": status, "updated_after": updated_after},
            after=after,
            progress=progress,
        )

    def download(
        self,
        project_id: Id,
        path: str | os.PathLike[str],
        *,
        format: Literal["jsonl", "csv", "json"] = "jsonl",
        status: StatusLike | None = None,
        updated_after: TimeLike | None = None,
        after: Id | None = None,
        progress: bool | None = None,
    ) -> int:
        """Writes the export to a file as it arrives (`jsonl`, `csv` or `json`);
        returns the number of bytes written. Filters as for `pull`."""
        stream = self._transport.stream(
            "GET",
            f"/projects/{segment(project_id)}/export",
            query={"format": format, "status": status, "updated_after": updated_after, "after": after},
        )
        written = 0
        enabled = progress_enabled(progress, self._transport.progress)
        with (
            open(path, "wb") as out,
            progress_bar(enabled, desc="downloading export", unit="B", unit_scale=True) as bar,
        ):
            try:
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    out.write(chunk)
                    written += len(chunk)
                    bar.update(len(chunk))
            finally:
                stream.close()
        return written


class Pull:
    """A project's exported items, read from the server as you iterate.

    Each iteration (and each `to_*` call) is a new request, so a `Pull` can
    be read again for fresh data. Iterating yields `ExportedItem`s;
    `iter_dicts()` yields the same as plain dicts (the wire JSON).
    """

    def __init__(
        self,
        transport: Transport,
        path: str,
        *,
        query: dict[str, Any],
        after: Id | None,
        progress: bool | None,
    ) -> None:
        self._transport = transport
        self._path = path
        self._query = query
        self._after = after
        self._progress = progress

    def _read(self, read: Callable[[Stream], tuple[_T, int, Any]]) -> Iterator[_T]:
        """What `read(stream)` takes from the export, call after call: it returns
        what it read, the number of items (0 at the end) and the last one's id.
        A broken connection resumes after the last item received (a call that
        fails takes nothing), through the client's retry loop."""
        after = self._after
        stream: Stream | None = None

        def next_batch() -> tuple[_T, int, Any]:
            nonlocal stream
            if stream is None:
                stream = self._transport.stream("GET", self._path, query={**self._query, "after": after})
            opened = stream
            try:
                return read(opened)
            except (ConnectionError, TimeoutError) as failure:
                # Items come in id order: the next attempt asks for those after the last one received.
                stream = None
                opened.close()
                error = APITimeoutError if isinstance(failure, TimeoutError) else APIConnectionError
                raise Retry(error(f"the export broke off: {failure}", method="GET", url=self._path)) from None

        enabled = progress_enabled(self._progress, self._transport.progress)
        try:
            with progress_bar(enabled, desc="pulling items") as bar:
                while True:
                    got, count, last = with_retries(next_batch, self._transport.max_retries)
                    if not count:
                        return
                    after = last
                    bar.update(count)
                    yield got
        finally:
            if stream is not None:
                stream.close()

    def _batches(self, *, dicts: bool) -> Iterator[list[Any]]:
        """Batches of items (`ExportedItem`s, or dicts) as they arrive."""

        def read(stream: Stream) -> tuple[list[Any], int, Any]:
            batch: list[Any] = stream.next_dicts(BATCH) if dicts else stream.next_objects(ExportedItem, BATCH)
            if not batch:
                return batch, 0, None
            return batch, len(batch), batch[-1]["id"] if dicts else batch[-1].id

        return self._read(read)

    def _columns(self, per: RowsPer, flatten: bool, *, rows: int | None = None) -> Iterator[dict[str, list[Any]]]:
        """The table rows (see `rows`) as columns, built by the extension as the
        export is parsed: all at once, or in batches of at least `rows` rows."""
        columns = Columns(per=per, flatten=flatten)
        for _ in self._read(lambda stream: (None, *stream.next_rows(columns, BATCH))):
            if rows is not None and columns.rows >= rows:
                yield columns.take()
        if columns.rows or rows is None:
            yield columns.take()

    def __iter__(self) -> Iterator[ExportedItem]:
        for batch in self._batches(dicts=False):
            yield from batch

    def iter_dicts(self) -> Iterator[dict[str, Any]]:
        """Each exported item as a dict in the wire shape (ids and times as strings)."""
        for batch in self._batches(dicts=True):
            yield from batch

    def rows(self, *, per: RowsPer = "item") -> Iterator[dict[str, Any]]:
        """Table rows: one per item (its `annotations` as a list), or with
        `per="annotation"` one per annotation (items without one are left out),
        holding the item's fields (`item_id`, `external_id`, `status`, `data`,
        `metadata`) beside the annotation's (`annotation_id`, `annotator_id`,
        `value`, `review_status`, ..., `reviews`, and `prediction_id` once an
        annotation has one), then the item's model `predictions` (a list)."""
        if per == "item":
            yield from self.iter_dicts()
            return
        for columns in self._columns(per, flatten=False, rows=BATCH):
            names = list(columns)
            for values in zip(*columns.values()):
                yield dict(zip(names, values))

    def to_list(self) -> list[dict[str, Any]]:
        """Every exported item as a dict (see `iter_dicts`)."""
        with _collector_paused():
            return list(self.iter_dicts())

    def to_pandas(self, *, per: RowsPer = "item", flatten: bool = True) -> pandas.DataFrame:
        """A pandas DataFrame of the export (needs `pandas`): one row per item,
        or per annotation (see `rows`). With `flatten`, the keys of `data`,
        `metadata` and `value` become columns (`data.text`, `value.sentiment`),
        and the item's model predictions a column per model version and
        question, `prediction.<model>@<model_version>.<question>`, and per
        score, `prediction_score.<model>@<model_version>.<question>` (`None`
        where an item has no prediction of that version); times become
        timezone-aware datetimes."""
        require("pandas")
        with _collector_paused():
            (columns,) = self._columns(per, flatten)
        return columns_to_pandas(columns)

    def to_dataset(self, *, per: RowsPer = "item", flatten: bool = True) -> datasets.Dataset:
        """A Hugging Face `datasets.Dataset` of the export (needs `datasets`),
        with the rows and columns of `to_pandas`."""
        require("datasets")
        with _collector_paused():
            (columns,) = self._columns(per, flatten)
        return columns_to_dataset(columns)

    def to_parquet(self, path: str | os.PathLike[str], *, per: RowsPer = "item", flatten: bool = True) -> int:
        """Writes the export to a Parquet file (needs `pyarrow`), with the rows
        and columns of `to_pandas`; returns the number of rows written.

        Memory stays constant however large the project: rows are converted a
        batch at a time and spooled to a temporary Arrow file beside `path`
        while the columns' types are worked out across all of them, then
        written in row groups; the file appears at `path` once complete. Each
        column has the Arrow type of its values (text, integers, floats,
        booleans; lists and objects as nested lists and structs; `*_at` times
        as UTC timestamps), widened to fit every row; a column whose values
        share no type is written as JSON text.
        """
        require("pyarrow")
        return write_parquet(self._columns(per, flatten, rows=PARQUET_BATCH), path)

    def __repr__(self) -> str:
        return f"<labelwell.Pull {self._path}>"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a pull builds a whole
    result in memory (it is running again afterwards, if it was before).

    Each full pass of the collector walks every container alive, and while a
    pull piles up millions of them those passes come round again and again:
    they took two thirds of the time of a million-item `to_list()`, and find
    nothing, since parsed JSON holds no reference cycles. Other threads run
    without the collector meanwhile; their cyclic garbage waits until it runs
    again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
