"""Tables of a pull: DataFrames built by the extension, and Parquet files, against the export itself."""

from __future__ import annotations

import gc
import json
import math
import sys
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import labelwell
import labelwell.resources.export as export_module
from labelwell.tabular import columns_to_pandas, write_parquet

from .conftest import World

#: Questions of every kind, most of them optional: answers with lists, nested objects, text, nulls.
RICH_SCHEMA: dict[str, Any] = {
    "fields": [{"name": "text"}],
    "questions": [
        {"name": "sentiment", "type": "single_label", "labels": ["positive", "negative", "neutral"]},
        {"name": "topics", "type": "multi_label", "labels": ["billing", "bug", "praise"], "required": False},
        {"name": "note", "type": "text", "required": False},
        {"name": "score", "type": "rating", "min": 1, "max": 5, "required": False},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["ORG"], "required": False},
    ],
}

#: Items whose data and metadata differ in keys, nesting, text and nulls.
EDGE_ITEMS: list[dict[str, Any]] = [
    {"external_id": "e0", "data": {"text": "plain"}},
    {
        "external_id": "e1",
        "data": {"text": "naïve café ☃ 日本語 🎉", "lang": "ja", "extra": None},
        "metadata": {"source": "web", "tags": ["a", "b"]},
    },
    {
        "external_id": "e2",
        "data": {"text": "nested", "doc": {"title": "T", "pages": [{"n": 1}, {"n": 2, "note": None}], "empty": {}}},
        "metadata": {"batch": {"id": 7, "ok": True}},
    },
    {"external_id": "e3", "data": {"text": "numbers", "n": 1, "f": 1.5, "neg": -3, "flag": False, "list": []}},
    {"external_id": "e4", "data": {"text": "Acme dots", "a.b": "flat", "a": {"b": "nested"}}},
    {"external_id": "e5", "data": {"text": "more numbers", "n": 2, "f": 2}, "metadata": {"source": None}},
    {"external_id": "e6", "data": {"text": "never annotated", "lang": "en"}},
]

#: The answer given to each item (e6 is left without one).
VALUES: dict[str, dict[str, Any]] = {
    "e0": {"sentiment": "positive"},
    "e1": {"sentiment": "positive", "note": "très bien ✓ 👍", "topics": ["praise"], "score": 5},
    "e2": {"sentiment": "negative", "topics": ["billing", "bug"], "note": None},
    "e3": {"sentiment": "neutral", "score": 3},
    "e4": {"sentiment": "negative", "entities": [{"start": 0, "end": 4, "label": "ORG"}]},
    "e5": {"sentiment": "neutral", "topics": []},
}


def flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The test's own flattening: nested dicts spread into dotted keys, lists kept, an empty dict dropped."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def table_rows(items: Iterable[dict[str, Any]], per: str, flatten_rows: bool) -> list[dict[str, Any]]:
    """The rows of a table of exported items (wire dicts), made here, apart from the extension."""
    rows: list[dict[str, Any]] = []
    for item in items:
        if per == "item":
            rows.append(item)
            continue
        for annotation in item["annotations"]:
            row = {key: item[field] for key, field in [("item_id", "id"), ("external_id", "external_id")]}
            row.update(status=item["status"], data=item["data"], metadata=item["metadata"])
            row["annotation_id"] = annotation["id"]
            for field in ("annotator_id", "value", "review_status", "annotation_ui_version", "guideline_version"):
                row[field] = annotation[field]
            for field in ("time_spent_ms", "created_at", "updated_at", "reviews"):
                row[field] = annotation[field]
            rows.append(row)
    return [flatten(row) for row in rows] if flatten_rows else rows


def columns_of(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """One column per key of any row, in the order first seen, `None` where a row lacks it."""
    names = list(dict.fromkeys(key for row in rows for key in row))
    return {name: [row.get(name) for row in rows] for name in names}


def label_edge_items(world: World) -> None:
    """Imports EDGE_ITEMS; an annotator answers all but e6 (VALUES); a reviewer accepts e1's answer."""
    world.owner.annotation_ui.publish(world.project.id, RICH_SCHEMA)
    world.owner.items.import_items(world.project.id, EDGE_ITEMS)
    annotator = world.member("annotator")
    reviewer = world.member("reviewer")
    for member in (annotator, reviewer):
        world.owner.projects.assign_member(world.project.id, member.me.get().id)
    for item in world.owner.items.list(world.project.id):
        value = VALUES.get(item.external_id)
        if value is not None:
            made = annotator.annotations.create(item.id, value, time_spent_ms=700)
            if item.external_id == "e1":
                reviewer.reviews.create(made.id, "accept", comment="d'accord — ✓")


@pytest.mark.parametrize("per", ["item", "annotation"])
@pytest.mark.parametrize("flatten_rows", [True, False])
def test_to_pandas_is_the_frame_of_the_rows(world: World, per: str, flatten_rows: bool) -> None:
    """The extension's columns make the DataFrame of the rows built here from the
    exported dicts: missing keys, nested values, lists, unicode, nulls, a key with a dot."""
    pd = pytest.importorskip("pandas")
    label_edge_items(world)
    pull = world.owner.export.pull(world.project.id)
    frame = pull.to_pandas(per=per, flatten=flatten_rows)  # type: ignore[arg-type]
    rows = table_rows(pull.iter_dicts(), per, flatten_rows)
    pd.testing.assert_frame_equal(frame, columns_to_pandas(columns_of(rows)))
    assert list(pull.rows(per=per)) == table_rows(pull.iter_dicts(), per, False)  # type: ignore[arg-type]
    assert len(frame) == (7 if per == "item" else 6)
    if flatten_rows:
        texts = dict(zip(frame["external_id"], frame["data.text"]))
        assert texts["e1"] == "naïve café ☃ 日本語 🎉"
        langs = dict(zip(frame["external_id"], frame["data.lang"]))
        assert langs["e1"] == "ja" and pd.isna(langs["e0"])
        assert "data.doc.empty" not in frame.columns and "data.extra" in frame.columns
    if per == "annotation" and flatten_rows:
        notes = dict(zip(frame["external_id"], frame["value.note"]))
        assert notes["e1"] == "très bien ✓ 👍" and pd.isna(notes["e2"]) and pd.isna(notes["e0"])
        topics = dict(zip(frame["external_id"], frame["value.topics"]))
        assert topics["e2"] == ["billing", "bug"] and topics["e5"] == []


def test_a_pull_leaves_the_garbage_collector_as_it_was(world: World) -> None:
    """The collector is paused while a pull builds its result, and only then,
    also when the pull fails."""
    pytest.importorskip("pandas")
    world.owner.items.import_items(world.project.id, world.items(3))
    pull = world.owner.export.pull(world.project.id)
    assert gc.isenabled()
    assert len(pull.to_list()) == len(pull.to_pandas()) == 3
    assert gc.isenabled()
    missing = world.owner.export.pull(uuid.uuid4())
    with pytest.raises(labelwell.NotFoundError):
        missing.to_list()
    with pytest.raises(labelwell.NotFoundError):
        missing.to_pandas()
    assert gc.isenabled()
    gc.disable()
    try:
        assert len(pull.to_list()) == len(pull.to_pandas()) == 3
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_to_pandas_of_an_empty_pull(world: World) -> None:
    pytest.importorskip("pandas")
    pull = world.owner.export.pull(world.project.id)
    assert pull.to_pandas().shape == pull.to_pandas(per="annotation").shape == (0, 0)


def test_to_pandas_rejects_an_unknown_shape(world: World) -> None:
    pytest.importorskip("pandas")
    with pytest.raises(ValueError, match="per must be 'item' or 'annotation'"):
        world.owner.export.pull(world.project.id).to_pandas(per="review")  # type: ignore[arg-type]


# --- Parquet ---------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value read back (by pyarrow or pandas) or from JSON as plain Python, for comparing:
    arrays as lists, NaN and NaT as None, and in nested objects no null fields (a Parquet
    struct has every field of every row; an object that never has a key is null)."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict):
        kept = {key: plain(inner) for key, inner in value.items()}
        kept = {key: inner for key, inner in kept.items() if inner is not None}
        return kept or None
    if isinstance(value, (list, tuple)):
        return [plain(inner) for inner in value]
    return value


def expected_rows(path: Path, per: str, flatten_rows: bool) -> list[dict[str, Any]]:
    """The rows of a table of the export, made from its JSONL file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = table_rows((json.loads(line) for line in lines), per, flatten_rows)
    out = []
    for row in rows:
        fixed = {}
        for key, value in row.items():
            if key.endswith("_at") and "." not in key and value is not None:
                value = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
            fixed[key] = plain(value)
        out.append(fixed)
    return out


def by_key(rows: list[dict[str, Any]], per: str) -> dict[str, dict[str, Any]]:
    key = "id" if per == "item" else "annotation_id"
    return {row[key]: {name: value for name, value in row.items() if value is not None} for row in rows}


@pytest.mark.parametrize(("per", "flatten_rows"), [("item", True), ("annotation", True), ("item", False)])
def test_to_parquet_holds_the_jsonl_export(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per: str, flatten_rows: bool
) -> None:
    """Read back with pyarrow and with pandas, the Parquet file holds the items, annotations
    and values of the JSONL export, in the columns of `to_pandas`. Small batches make the
    columns' types change from batch to batch (nulls, then values; new keys; new columns)."""
    pq = pytest.importorskip("pyarrow.parquet")
    pd = pytest.importorskip("pandas")
    label_edge_items(world)
    annotate_more = world.items(5, prefix="p")
    world.owner.items.import_items(world.project.id, annotate_more)
    monkeypatch.setattr(export_module, "BATCH", 2)
    monkeypatch.setattr(export_module, "PARQUET_BATCH", 2)

    pull = world.owner.export.pull(world.project.id)
    path = tmp_path / "export.parquet"
    written = pull.to_parquet(path, per=per, flatten=flatten_rows)  # type: ignore[arg-type]
    jsonl = tmp_path / "export.jsonl"
    world.owner.export.download(world.project.id, jsonl)
    expected = by_key(expected_rows(jsonl, per, flatten_rows), per)
    assert written == len(expected) == (12 if per == "item" else 6)

    table = pq.read_table(path)
    assert table.column_names == list(pull.to_pandas(per=per, flatten=flatten_rows).columns)  # type: ignore[arg-type]
    assert by_key([plain(row) for row in table.to_pylist()], per) == expected
    frame = pd.read_parquet(path)
    assert by_key([plain(row) for row in frame.to_dict("records")], per) == expected
    assert str(frame["created_at"].dt.tz) == "UTC"
    assert not [name for name in tmp_path.iterdir() if name.name.startswith(".")], "the spool was left behind"


def test_to_parquet_of_many_items_in_row_groups(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    world.owner.items.import_items(world.project.id, world.items(2500))
    monkeypatch.setattr(export_module, "PARQUET_BATCH", 500)
    monkeypatch.setattr(labelwell.tabular, "ROW_GROUP_ROWS", 1000)
    path = tmp_path / "items.parquet"
    assert world.owner.export.pull(world.project.id).to_parquet(path) == 2500
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_rows == 2500 and parquet.metadata.num_row_groups == 3
    texts = parquet.read(columns=["external_id", "data.text"]).to_pydict()
    assert dict(zip(texts["external_id"], texts["data.text"]))["t2499"] == "ticket number 2499"


def test_to_parquet_without_pyarrow_says_what_to_install(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(labelwell.LabelwellError, match=r"labelwell\[parquet\]"):
        world.owner.export.pull(world.project.id).to_parquet(tmp_path / "x.parquet")
    assert not (tmp_path / "x.parquet").exists()


def test_write_parquet_unifies_the_types_of_the_batches(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    batches: list[dict[str, list[Any]]] = [
        {"a": [None, None], "n": [1, 2], "s": [{"x": 1}, {"x": 2}], "l": [[], []], "e": [{}, {}]},
        {"a": ["x", None], "n": [1.5, None], "s": [{"y": "z"}, None], "l": [[{"k": 1}], None], "e": [{}, None]},
        {"new": [True, False], "mixed": [1, "one"], "created_at": ["2026-01-01T00:00:00Z", None]},
        {"text": ["plain"], "late": [1]},
        {"text": ["ünï"], "late": ["one"]},
    ]
    path = tmp_path / "t.parquet"
    assert write_parquet(batches, path) == 8
    table = pq.read_table(path)
    types = {field.name: str(field.type) for field in table.schema if field.name != "l"}
    assert types == {
        "a": "string",
        "n": "double",
        "s": "struct<x: int64, y: string>",
        "e": "null",
        "new": "bool",
        "mixed": "string",
        "created_at": "timestamp[us, tz=UTC]",
        "text": "string",
        "late": "string",
    }
    assert pa.types.is_list(table.schema.field("l").type)
    assert table.schema.field("l").type.value_type == pa.struct([("k", pa.int64())])
    rows = table.to_pylist()
    assert [row["n"] for row in rows[:4]] == [1.0, 2.0, 1.5, None]
    assert [row["s"] for row in rows[:4]] == [{"x": 1, "y": None}, {"x": 2, "y": None}, {"x": None, "y": "z"}, None]
    assert [row["l"] for row in rows[:4]] == [[], [], [{"k": 1}], None]
    # No common type: JSON text, in the batch that mixes types and across batches.
    assert [row["mixed"] for row in rows[4:6]] == ["1", '"one"']
    assert [row["late"] for row in rows[6:]] == ["1", '"one"']
    assert rows[4]["created_at"] == datetime(2026, 1, 1, tzinfo=timezone.utc) and rows[0]["created_at"] is None
    assert pa.types.is_null(table.schema.field("e").type)


def test_write_parquet_of_no_rows(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    assert pq.read_table(path).num_rows == 0


def test_write_parquet_leaves_nothing_when_it_fails(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")

    def batches() -> Iterator[dict[str, list[Any]]]:
        yield {"a": [1, 2]}
        raise labelwell.APIConnectionError("the export broke off", method="GET", url="/export")

    with pytest.raises(labelwell.APIConnectionError):
        write_parquet(batches(), tmp_path / "broken.parquet")
    assert list(tmp_path.iterdir()) == []
