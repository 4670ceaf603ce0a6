"""Model predictions through the SDK: imports (streamed NDJSON, all or nothing),
reading an item's, who may read them, annotations that start from one, how
often each model version agrees with accepted labels, and predictions in
pulls and their tables (but not in releases)."""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path
from typing import Any

import pytest

import labelwell
from labelwell.types import ExportedPrediction, ModelAgreement, Prediction, PredictionInput

from .conftest import World

MODEL = "sentiment-bert"
#: Two versions of the model: V1 is right about every item, V2 says "positive" to all it sees.
V1, V2 = "2026-01", "2026-02"

#: The labels people give (and the answers V1 predicts): t0 and t2 negative, t1 and t3 positive.
LABELS = {"t0": "negative", "t1": "positive", "t2": "negative", "t3": "positive"}


def col(kind: str, version: str, question: str = "sentiment") -> str:
    """A prediction column of a table: `prediction.<model>@<version>.<question>` (or `prediction_score...`)."""
    return f"{kind}.{MODEL}@{version}.{question}"


def predict(world: World) -> None:
    """Imports t0..t3; V1 predicts each item's label (scores 0.9, t0's 0.6), as a
    generator filled in with `model` and `model_version`; V2 predicts "positive"
    for t0 and t1 only, as a list of complete entries (one a `PredictionInput`)."""
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(4))
    v1 = (
        {"external_id": e, "value": {"sentiment": label}, "scores": {"sentiment": 0.6 if e == "t0" else 0.9}}
        for e, label in LABELS.items()
    )
    assert world.owner.predictions.import_items(project_id, v1, model=MODEL, model_version=V1).imported == 4
    v2: list[Any] = [
        {"external_id": "t0", "model": MODEL, "model_version": V2, "value": {"sentiment": "positive"}},
        PredictionInput(
            external_id="t1", model=MODEL, model_version=V2, value={"sentiment": "positive"}, scores={"sentiment": 0.5}
        ),
    ]
    assert world.owner.predictions.import_items(project_id, v2).imported == 2


def item_ids(world: World) -> dict[str, Any]:
    return {item.external_id: item.id for item in world.owner.items.list(world.project.id)}


def test_predictions_import_from_a_generator_and_a_list_and_read_back_per_item(world: World) -> None:
    predict(world)
    ids = item_ids(world)
    listed = world.owner.predictions.list(ids["t0"])
    assert all(isinstance(p, Prediction) for p in listed)
    # Newest import first: V2 was imported after V1.
    assert [(p.model, p.model_version) for p in listed] == [(MODEL, V2), (MODEL, V1)]
    assert all(p.item_id == ids["t0"] for p in listed)
    v2, v1 = listed
    assert v1.value == {"sentiment": "negative"} and v1.scores == {"sentiment": 0.6}
    assert v2.value == {"sentiment": "positive"} and v2.scores is None
    assert [p.model_version for p in world.owner.predictions.list(ids["t2"])] == [V1]
    assert world.owner.predictions.list(ids["t1"])[0].scores == {"sentiment": 0.5}

    # The same item and model version again: the prediction is replaced, not added.
    again = [{"external_id": "t0", "value": {"sentiment": "neutral"}, "scores": {"sentiment": 0.4}}]
    assert world.owner.predictions.import_items(world.project.id, again, model=MODEL, model_version=V1).imported == 1
    after = {p.model_version: p for p in world.owner.predictions.list(ids["t0"])}
    assert list(after) == [V1, V2], "the newest import first"
    assert (after[V1].value, after[V1].scores) == ({"sentiment": "neutral"}, {"sentiment": 0.4})
    assert after[V1].id == v1.id and after[V1].updated_at >= v1.updated_at
    assert after[V2] == v2

    # An entry's own model and version win over the call's.
    own = [{"external_id": "t3", "model": "other-model", "model_version": "1", "value": {"sentiment": "neutral"}}]
    world.owner.predictions.import_items(world.project.id, own, model=MODEL, model_version=V2)
    assert [(p.model, p.model_version) for p in world.owner.predictions.list(ids["t3"])] == [
        ("other-model", "1"),
        (MODEL, V1),
    ]


def test_a_bad_prediction_fails_its_import_naming_it_and_writes_nothing(world: World) -> None:
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(3))
    ids = item_ids(world)

    def entries(bad: dict[str, Any], at: int) -> Any:
        for i in range(3):
            entry = {"external_id": f"t{i}", "value": {"sentiment": "positive"}}
            yield {**entry, **bad} if i == at else entry

    with pytest.raises(labelwell.ValidationError) as unknown_label:
        world.owner.predictions.import_items(
            project_id, entries({"value": {"sentiment": "ecstatic"}}, 2), model=MODEL, model_version=V1
        )
    assert [e.field for e in unknown_label.value.errors] == ["predictions[2].value.sentiment"]
    assert unknown_label.value.status == 422

    with pytest.raises(labelwell.ValidationError) as unknown_item:
        world.owner.predictions.import_items(
            project_id, entries({"external_id": "nope"}, 1), model=MODEL, model_version=V1
        )
    assert [(e.field, e.code) for e in unknown_item.value.errors] == [("predictions[1].external_id", "not_found")]

    with pytest.raises(labelwell.ValidationError) as bad_score:
        world.owner.predictions.import_items(
            project_id, entries({"scores": {"sentiment": 1.5}}, 0), model=MODEL, model_version=V1
        )
    assert [(e.field, e.code) for e in bad_score.value.errors] == [("predictions[0].scores.sentiment", "out_of_range")]

    assert all(world.owner.predictions.list(item_id) == [] for item_id in ids.values())

    # Checked before sending: an entry without a model, when the call names none.
    with pytest.raises(labelwell.InvalidRequestError, match="missing field `model`"):
        world.owner.predictions.import_items(project_id, [{"external_id": "t0", "value": {}}])

    # In batches, each all or nothing: the batches before the bad one are imported,
    # and the error names the prediction by its position in the whole iterable.
    with pytest.raises(labelwell.ValidationError) as late:
        world.owner.predictions.import_items(
            project_id,
            entries({"value": {"sentiment": "ecstatic"}}, 2),
            model=MODEL,
            model_version=V1,
            batch_size=2,
        )
    assert [e.field for e in late.value.errors] == ["predictions[2].value.sentiment"]
    assert "predictions before position 2 were imported" in late.value.detail
    assert [len(world.owner.predictions.list(ids[e])) for e in ("t0", "t1", "t2")] == [1, 1, 0]


def test_annotators_read_predictions_only_while_the_project_shows_them(world: World) -> None:
    predict(world)
    ids = item_ids(world)
    annotator = world.member("annotator")
    reviewer = world.member("reviewer")
    for member in (annotator, reviewer):
        world.owner.projects.assign_member(world.project.id, member.me.get().id)
    assert world.owner.projects.get(world.project.id).show_predictions is False
    for member in (annotator, reviewer):
        with pytest.raises(labelwell.PermissionDeniedError) as hidden:
            member.predictions.list(ids["t0"])
        assert hidden.value.code == "predictions_hidden"

    project = world.owner.projects.update(world.project.id, show_predictions=True)
    assert project.show_predictions is True
    assert [p.model_version for p in annotator.predictions.list(ids["t0"])] == [V2, V1]
    assert [p.model_version for p in reviewer.predictions.list(ids["t1"])] == [V2, V1]

    assert world.owner.projects.update(world.project.id, show_predictions=False).show_predictions is False
    with pytest.raises(labelwell.PermissionDeniedError):
        annotator.predictions.list(ids["t0"])


def test_an_annotation_records_the_prediction_it_started_from(world: World) -> None:
    predict(world)
    ids = item_ids(world)
    world.owner.projects.update(world.project.id, show_predictions=True)
    annotator = world.member("annotator")
    world.owner.projects.assign_member(world.project.id, annotator.me.get().id)
    lease = annotator.queue.next(world.project.id)
    assert lease is not None
    item_id = lease.item.id
    started = annotator.predictions.list(item_id)[0]
    made = annotator.annotations.create(item_id, started.value, prediction_id=started.id)
    assert made.prediction_id == started.id
    assert annotator.annotations.get(made.id).prediction_id == started.id

    # A prediction of another item is refused.
    lease = annotator.queue.next(world.project.id)
    assert lease is not None
    other = next(i for i in ids.values() if i not in (item_id, lease.item.id))
    foreign = world.owner.predictions.list(other)[0]
    with pytest.raises(labelwell.ValidationError) as refused:
        annotator.annotations.create(lease.item.id, {"sentiment": "neutral"}, prediction_id=foreign.id)
    assert [(e.field, e.code) for e in refused.value.errors] == [("prediction_id", "unknown_prediction")]
    unstarted = annotator.annotations.create(lease.item.id, {"sentiment": "neutral"})
    assert unstarted.prediction_id is None

    exported = {item.id: item for item in world.owner.export.pull(world.project.id)}
    assert exported[item_id].annotations[0].prediction_id == started.id
    assert exported[lease.item.id].annotations[0].prediction_id is None


def label_and_accept(world: World) -> list[Any]:
    """An annotator labels t0..t3 (LABELS); a reviewer accepts t0..t2's. Returns the annotations."""
    annotator = world.member("annotator")
    reviewer = world.member("reviewer")
    for member in (annotator, reviewer):
        world.owner.projects.assign_member(world.project.id, member.me.get().id)
    made = []
    while (lease := annotator.queue.next(world.project.id)) is not None:
        made.append(annotator.annotations.create(lease.item.id, {"sentiment": LABELS[lease.item.external_id]}))
    ids = item_ids(world)
    for annotation in made:
        if annotation.item_id != ids["t3"]:
            reviewer.reviews.create(annotation.id, "accept", comment="right")
    return made


def test_agreement_counts_accepted_labels_per_model_version(world: World) -> None:
    predict(world)
    label_and_accept(world)
    agreement = world.owner.predictions.agreement(world.project.id)
    assert all(isinstance(a, ModelAgreement) for a in agreement)
    # V1 is right about t0..t2 (t3 is not accepted); V2 predicted t0 (wrong) and t1 (right).
    assert [(a.model, a.model_version, a.question, a.compared, a.agreed, a.agreement) for a in agreement] == [
        (MODEL, V1, "sentiment", 3, 3, 1.0),
        (MODEL, V2, "sentiment", 2, 1, 0.5),
    ]


def test_a_pull_carries_predictions_into_objects_dicts_and_tables(world: World, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    predict(world)
    made = label_and_accept(world)
    pull = world.owner.export.pull(world.project.id)

    items = {item.external_id: item for item in pull}
    assert all(isinstance(p, ExportedPrediction) for item in items.values() for p in item.predictions)
    # By model and version.
    assert [(p.model_version, p.value, p.scores) for p in items["t0"].predictions] == [
        (V1, {"sentiment": "negative"}, {"sentiment": 0.6}),
        (V2, {"sentiment": "positive"}, None),
    ]
    assert [p.model_version for p in items["t3"].predictions] == [V1]

    dicts = {row["external_id"]: row for row in pull.to_list()}
    assert [p["model_version"] for p in dicts["t1"]["predictions"]] == [V1, V2]
    assert dicts["t1"]["predictions"][1]["scores"] == {"sentiment": 0.5}

    # One row per item: a column per model version and question, and per score.
    frame = pull.to_pandas().set_index("external_id")
    prediction_columns = [c for c in frame.columns if c.startswith("prediction")]
    assert prediction_columns == [
        col("prediction", V1),
        col("prediction", V2),
        col("prediction_score", V1),
        col("prediction_score", V2),
    ]
    assert "predictions" not in frame.columns
    assert frame[col("prediction", V1)].to_dict() == LABELS
    v2 = frame[col("prediction", V2)]
    assert (v2["t0"], v2["t1"]) == ("positive", "positive") and pd.isna(v2["t2"]) and pd.isna(v2["t3"])
    assert frame[col("prediction_score", V1)].to_dict() == {"t0": 0.6, "t1": 0.9, "t2": 0.9, "t3": 0.9}
    scores = frame[col("prediction_score", V2)]
    assert scores["t1"] == 0.5 and pd.isna(scores["t0"]) and pd.isna(scores["t2"])
    # The columns before the predictions are those of an export without any.
    assert list(frame.columns[: frame.columns.get_loc(col("prediction", V1))]) == [
        "id",
        "data.text",
        "status",
        "created_at",
        "updated_at",
        "annotations",
    ]

    # One row per annotation: the item's predictions beside each label, to compare.
    labels = pull.to_pandas(per="annotation")
    assert len(labels) == len(made) == 4
    assert list(labels.columns[-4:]) == prediction_columns
    assert (labels["value.sentiment"] == labels[col("prediction", V1)]).all()
    by_item = labels.set_index("external_id")
    assert by_item.loc["t0", col("prediction", V2)] == "positive"
    assert "prediction_id" not in labels.columns  # no annotation started from a prediction

    # Unflattened: the item's predictions as they come, a list per row.
    nested = pull.to_pandas(per="annotation", flatten=False).set_index("external_id")
    assert [p["model_version"] for p in nested.loc["t0", "predictions"]] == [V1, V2]
    assert not [c for c in nested.columns if c.startswith("prediction.")]
    rows = {row["external_id"]: row for row in pull.rows(per="annotation")}
    assert rows["t2"]["predictions"] == dicts["t2"]["predictions"]

    if importlib.util.find_spec("pyarrow") is not None:
        import pyarrow.parquet as pq

        assert pull.to_parquet(tmp_path / "labels.parquet", per="annotation") == 4
        table = pq.read_table(tmp_path / "labels.parquet")
        assert table.column_names[-4:] == prediction_columns
        assert table.column(col("prediction_score", V1)).to_pylist() == [0.6, 0.9, 0.9, 0.9]

    if importlib.util.find_spec("datasets") is not None:
        dataset = pull.to_dataset(per="annotation")
        assert dict(zip(dataset["external_id"], dataset[col("prediction", V1)])) == LABELS


def test_an_annotation_row_names_the_prediction_its_annotation_started_from(world: World) -> None:
    pytest.importorskip("pandas")
    predict(world)
    world.owner.projects.update(world.project.id, show_predictions=True)
    annotator = world.member("annotator")
    world.owner.projects.assign_member(world.project.id, annotator.me.get().id)
    started = {}
    while (lease := annotator.queue.next(world.project.id)) is not None:
        external_id = lease.item.external_id
        if external_id in ("t1", "t2"):
            prediction = annotator.predictions.list(lease.item.id)[-1]
            started[external_id] = str(prediction.id)
            annotator.annotations.create(lease.item.id, prediction.value, prediction_id=prediction.id)
        else:
            annotator.annotations.create(lease.item.id, {"sentiment": LABELS[external_id]})
    labels = world.owner.export.pull(world.project.id).to_pandas(per="annotation").set_index("external_id")
    assert labels["prediction_id"].dropna().to_dict() == started
    assert labels["prediction_id"].isna().to_dict() == {"t0": True, "t1": False, "t2": False, "t3": True}
    # After the annotation's other fields (columns come in the order first seen: t0's row has none).
    columns = list(labels.columns)
    assert columns.index("reviews") < columns.index("prediction_id")


def test_a_release_holds_labels_only_and_no_predictions(world: World) -> None:
    pd = pytest.importorskip("pandas")
    predict(world)
    label_and_accept(world)
    world.owner.releases.create(world.project.id, "v1")
    pulled = world.owner.releases.pull(world.project.id, "v1")
    items = list(pulled)
    assert len(items) == 3 and all(item.predictions == [] for item in items)
    assert all("predictions" not in row for row in pulled.to_list())
    for frame in (pulled.to_pandas(), pulled.to_pandas(per="item")):
        assert isinstance(frame, pd.DataFrame)
        assert not [c for c in frame.columns if c.startswith("prediction")]
    # The export of the same project does carry them.
    assert any(item.predictions for item in world.owner.export.pull(world.project.id))


def test_predictions_of_an_unknown_item_or_project_are_not_found(world: World) -> None:
    with pytest.raises(labelwell.NotFoundError):
        world.owner.predictions.list(uuid.uuid4())
    with pytest.raises(labelwell.NotFoundError):
        world.owner.predictions.agreement(uuid.uuid4())


#: Exported items (wire dicts) for the tables' columns, with no server.
A1, A2 = "0190a1b2-0000-7000-8000-0000000000a1", "0190a1b2-0000-7000-8000-0000000000a2"
P1, P2 = "0190a1b2-0000-7000-8000-0000000000b1", "0190a1b2-0000-7000-8000-0000000000b2"
PREDICTED: list[dict[str, Any]] = [
    {"id": "i0", "external_id": "e0", "data": {"text": "none"}, "annotations": []},
    {
        "id": "i1",
        "external_id": "e1",
        "data": {"text": "two versions"},
        "annotations": [
            {"id": A1, "value": {"sentiment": "positive"}, "reviews": [], "prediction_id": P1},
            {"id": A2, "value": {"sentiment": "negative"}, "reviews": []},
        ],
        "predictions": [
            {
                "id": P1,
                "model": "m",
                "model_version": "1",
                "value": {"sentiment": "positive", "topics": ["a", "b"], "extra": {"k": 1}},
                "scores": {"sentiment": 0.25},
            },
            {"id": P2, "model": "m", "model_version": "2", "value": {"sentiment": "neutral"}, "scores": None},
        ],
    },
    {"id": "i2", "external_id": "e2", "data": {"text": "empty list"}, "annotations": [], "predictions": []},
]


def columns(per: str, flatten: bool, items: list[dict[str, Any]] = PREDICTED) -> dict[str, list[Any]]:
    built = labelwell.types.Columns(per=per, flatten=flatten)
    built.extend(items)
    return built.take()


def test_item_rows_get_a_column_per_model_version_question_and_score() -> None:
    got = columns("item", True)
    assert list(got) == [
        "id",
        "external_id",
        "data.text",
        "annotations",
        "prediction.m@1.sentiment",
        "prediction.m@1.topics",
        "prediction.m@1.extra.k",
        "prediction.m@2.sentiment",
        "prediction_score.m@1.sentiment",
    ]
    assert got["prediction.m@1.sentiment"] == [None, "positive", None]
    assert got["prediction.m@1.topics"] == [None, ["a", "b"], None]
    assert got["prediction.m@1.extra.k"] == [None, 1, None]
    assert got["prediction.m@2.sentiment"] == [None, "neutral", None]
    assert got["prediction_score.m@1.sentiment"] == [None, 0.25, None]
    # Without predictions, no prediction columns at all.
    plain = ["id", "external_id", "data.text", "annotations"]
    assert list(columns("item", True, [PREDICTED[0], PREDICTED[2]])) == plain


def test_annotation_rows_carry_their_items_predictions_and_prediction_id() -> None:
    got = columns("annotation", True)
    assert got["annotation_id"] == [A1, A2]
    assert got["value.sentiment"] == ["positive", "negative"]
    assert got["prediction_id"] == [P1, None]
    assert got["prediction.m@1.sentiment"] == ["positive", "positive"]
    assert got["prediction.m@2.sentiment"] == ["neutral", "neutral"]
    assert got["prediction_score.m@1.sentiment"] == [0.25, 0.25]
    names = list(got)
    assert names.index("reviews") < names.index("prediction_id") < names.index("prediction.m@1.sentiment")
    without = columns("annotation", True, [{**PREDICTED[1], "predictions": []}])
    assert [name for name in without if name.startswith("prediction")] == ["prediction_id"]


def test_unflattened_rows_keep_predictions_as_a_list() -> None:
    by_item = columns("item", False)
    assert by_item["predictions"] == [None, PREDICTED[1]["predictions"], []]
    by_annotation = columns("annotation", False)
    assert by_annotation["predictions"] == [PREDICTED[1]["predictions"]] * 2
    assert by_annotation["value"] == [{"sentiment": "positive"}, {"sentiment": "negative"}]
    assert not [name for name in by_annotation if name.startswith("prediction.")]
