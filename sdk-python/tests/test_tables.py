"""Tables of a pull: DataFrames built by the extension, against the rows built in Python."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from labelwell.tabular import rows_to_pandas

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
    """The extension's columns make the same DataFrame as the rows built in Python:
    missing keys, nested values, lists, unicode, nulls, a key with a dot."""
    pd = pytest.importorskip("pandas")
    label_edge_items(world)
    pull = world.owner.export.pull(world.project.id)
    frame = pull.to_pandas(per=per, flatten=flatten_rows)  # type: ignore[arg-type]
    expected = rows_to_pandas(pull.rows(per=per), flatten=flatten_rows)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(frame, expected)
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
    """The collector is paused while a batch is parsed, and only then."""
    pytest.importorskip("pandas")
    world.owner.items.import_items(world.project.id, world.items(3))
    pull = world.owner.export.pull(world.project.id)
    assert gc.isenabled()
    assert len(pull.to_list()) == len(pull.to_pandas()) == 3
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
