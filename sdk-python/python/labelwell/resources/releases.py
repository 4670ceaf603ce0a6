"""Dataset releases: named, immutable snapshots of a project's labels, to train on and to cite."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from .._base import Id, Resource, operation, segment
from .._errors import LabelwellError
from .._native import (
    CreateReleaseRequest,
    QuestionType,
    Release,
    ReleaseDiff,
    ReleaseList,
    ReleaseResponse,
    ReviewStatus,
)
from .._pagination import Pager
from .._progress import progress_bar, progress_enabled
from .._transport import Transport, request_body
from ..tabular import require
from .export import PARQUET_BATCH, Pull, RowsPer

if TYPE_CHECKING:
    import datasets  # type: ignore[import-untyped]
    import pandas

#: A review status, as a `ReviewStatus` or its name (`"accepted"`).
ReviewStatusLike = Union[ReviewStatus, str]


class Releases(Resource):
    """Dataset releases of a project: `client.releases`.

    ```python
    client.releases.create(project_id, "v3")                  # accepted labels, frozen
    release = client.releases.pull(project_id, "v3")
    release.manifest.content_hash                              # 'sha256:...', the same forever
    train = release.to_dataset()                               # single-label questions as ClassLabel
    ```
    """

    @operation("create_release")
    def create(
        self,
        project_id: Id,
        name: str,
        *,
        review_statuses: Sequence[ReviewStatusLike] | None = None,
    ) -> Release:
        """Freezes the project's labelled items as the release `name` (`v3`):
        every item with an annotation of `review_statuses` (accepted ones by
        default), with those annotations and their reviews, as they are now.
        Returns its manifest; nothing done to the project later changes it."""
        fields: dict[str, Any] = {"name": name}
        if review_statuses is not None:
            fields["review_statuses"] = list(review_statuses)
        body = request_body(CreateReleaseRequest, **fields)
        path = f"/projects/{segment(project_id)}/releases"
        return self._transport.request("POST", path, body=body, decode=ReleaseResponse).release

    @operation("list_releases")
    def list(self, project_id: Id, *, page_size: int | None = None) -> Pager[Release]:
        """The project's releases, newest first."""
        return Pager(
            self._transport,
            f"/projects/{segment(project_id)}/releases",
            page_type=ReleaseList,
            key="releases",
            page_size=page_size,
        )

    @operation("get_release")
    def get(self, project_id: Id, name: str) -> ReleaseResponse:
        """A release's manifest (`.release`) and the annotation UI version its
        labels answer (`.annotation_ui`)."""
        path = f"/projects/{segment(project_id)}/releases/{segment(name)}"
        return self._transport.request("GET", path, decode=ReleaseResponse)

    @operation("pull_release_items")
    def pull(self, project_id: Id, name: str, *, after: Id | None = None, progress: bool | None = None) -> ReleasePull:
        """A release's items, streamed as you read them: iterate for
        `ExportedItem`s, or call `to_pandas()`, `to_dataset()`,
        `to_parquet(path)`, `to_csv(path)`, `to_list()`; `download(path)`
        writes the JSON Lines and checks their SHA-256 against the manifest.
        Items come in id order; `after` starts after that item. A pull whose
        connection breaks resumes after the last item received."""
        return ReleasePull(self._transport, project_id, name, after=after, progress=progress)

    @operation("diff_releases")
    def diff(self, project_id: Id, name: str, *, base: str) -> ReleaseDiff:
        """How release `name` differs from release `base`, by external id:
        items `added`, `removed`, `relabelled` (other annotations), `changed`
        (same annotations, other data), and how many are `unchanged`."""
        path = f"/projects/{segment(project_id)}/releases/{segment(name)}/diff"
        return self._transport.request("GET", path, query={"base": base}, decode=ReleaseDiff)


class ReleasePull(Pull):
    """A release's items, read from the server as you iterate; the same bytes
    every time.

    As a `Pull` of an export, with the release's manifest (`manifest`,
    `annotation_ui`). A release is a training set, so its tables have one row
    per annotation by default (`per="item"` for one per item), and
    `to_dataset()` types each single-label question's column as a
    `datasets.ClassLabel` of the question's labels, in their order, and
    `to_pandas()` as a `Categorical`.
    """

    def __init__(
        self, transport: Transport, project_id: Id, name: str, *, after: Id | None, progress: bool | None
    ) -> None:
        path = f"/projects/{segment(project_id)}/releases/{segment(name)}"
        super().__init__(transport, f"{path}/items", query={}, after=after, progress=progress)
        self._manifest_path = path

    @cached_property
    def _response(self) -> ReleaseResponse:
        return self._transport.request("GET", self._manifest_path, decode=ReleaseResponse)

    @property
    def manifest(self) -> Release:
        """The release's manifest: counts, statuses, versions, agreement and `content_hash`."""
        return self._response.release

    @property
    def annotation_ui(self) -> Any:
        """The `AnnotationUi` version the release's labels answer (`None` before any)."""
        return self._response.annotation_ui

    def single_label_questions(self) -> dict[str, list[str]]:
        """Each single-label question of the release's annotation UI, with its labels in order."""
        ui = self.annotation_ui
        if ui is None:
            return {}
        return {
            question.name: list(question.labels or [])
            for question in ui.schema.questions
            if question.kind == QuestionType.SINGLE_LABEL
        }

    def to_pandas(self, *, per: RowsPer = "annotation", flatten: bool = True) -> pandas.DataFrame:
        """A DataFrame of the release (see `Pull.to_pandas`), one row per
        annotation by default; single-label answers (`value.<question>`) are
        `Categorical`s of the question's labels."""
        frame = super().to_pandas(per=per, flatten=flatten)
        pd = require("pandas")
        for column, labels in self._label_columns(frame.columns, per, flatten).items():
            frame[column] = pd.Categorical(frame[column], categories=labels)
        return frame

    def to_dataset(self, *, per: RowsPer = "annotation", flatten: bool = True) -> datasets.Dataset:
        """A Hugging Face `datasets.Dataset` of the release, one row per
        annotation by default; single-label answers (`value.<question>`) are
        `ClassLabel` features of the question's labels (a missing answer is -1)."""
        dataset = super().to_dataset(per=per, flatten=flatten)
        ds = require("datasets")
        for column, labels in self._label_columns(dataset.column_names, per, flatten).items():
            names = {label: index for index, label in enumerate(labels)}
            dataset = dataset.map(
                lambda batch, column=column, names=names: {column: [names.get(v, -1) for v in batch[column]]},
                batched=True,
                desc=f"labels of {column}",
            )
            dataset = dataset.cast_column(column, ds.ClassLabel(names=labels))
        return dataset

    def _label_columns(self, columns: Any, per: RowsPer, flatten: bool) -> dict[str, list[str]]:
        """The columns holding single-label answers, with their labels: only
        rows per annotation, flattened, have one column per question."""
        if per != "annotation" or not flatten:
            return {}
        present = set(columns)
        return {
            f"value.{question}": labels
            for question, labels in self.single_label_questions().items()
            if f"value.{question}" in present and labels
        }

    def to_csv(self, path: str | os.PathLike[str], *, per: RowsPer = "annotation", flatten: bool = True) -> int:
        """Writes the release to a CSV file with the rows and columns of
        `to_pandas` (nested values as JSON text); returns the number of rows.

        Memory stays constant: the release is read twice, first for its
        columns, then for its rows, which only an immutable release allows.
        A cell that a spreadsheet would run as a formula gets a `'` in front,
        as the server's CSV export does. The file appears at `path` once complete.
        """
        names: dict[str, None] = {}
        for columns in self._columns(per, flatten, rows=PARQUET_BATCH):
            names.update(dict.fromkeys(columns))
        target = Path(path)
        partial = target.with_name(f".{target.name}.part")
        rows = 0
        try:
            with open(partial, "w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                writer.writerow(names)
                for columns in self._columns(per, flatten, rows=PARQUET_BATCH):
                    count = len(next(iter(columns.values()), []))
                    for i in range(count):
                        writer.writerow([_cell(columns[name][i]) if name in columns else "" for name in names])
                    rows += count
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return rows

    def download(self, path: str | os.PathLike[str]) -> str:
        """Writes the release's JSON Lines to `path`, checking their SHA-256
        against the manifest's `content_hash` (`LabelwellError` when they
        differ; the file then is not left at `path`). Returns the hash."""
        expected = self.manifest.content_hash
        target = Path(path)
        partial = target.with_name(f".{target.name}.part")
        digest = hashlib.sha256()
        if self._after is not None:
            raise LabelwellError("download() writes the whole release: pull it without `after`")
        stream = self._transport.stream("GET", self._path)
        enabled = progress_enabled(self._progress, self._transport.progress)
        try:
            with (
                open(partial, "wb") as out,
                progress_bar(enabled, desc="downloading release", unit="B", unit_scale=True) as bar,
            ):
                while chunk := stream.read(1 << 20):
                    out.write(chunk)
                    digest.update(chunk)
                    bar.update(len(chunk))
        finally:
            stream.close()
        got = f"sha256:{digest.hexdigest()}"
        if got != expected:
            partial.unlink(missing_ok=True)
            raise LabelwellError(f"the release's bytes hash to {got}, its manifest says {expected}")
        os.replace(partial, target)
        return got

    def __repr__(self) -> str:
        return f"<labelwell.ReleasePull {self._manifest_path}>"


def _cell(value: Any) -> str:
    """A CSV cell: nested values as JSON, `None` empty, formulas defused."""
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
