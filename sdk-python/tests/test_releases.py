"""Dataset releases through the SDK: create, list, pull into tables with typed
labels, download with the hash checked, and compare."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

import labelwell
from labelwell import ReviewStatus

from .conftest import World


def label_and_accept(world: World, count: int) -> labelwell.Client:
    """Imports `count` items; an annotator labels each (t0, t2, t4... negative);
    the owner accepts all but the last. Returns the annotator."""
    project_id = world.project.id
    world.owner.items.import_items(project_id, world.items(count))
    annotator = world.member("annotator")
    world.owner.projects.assign_member(project_id, annotator.me.get().id)
    made = []
    while (lease := annotator.queue.next(project_id)) is not None:
        label = "negative" if lease.item.external_id.endswith(("0", "2", "4")) else "positive"
        made.append(annotator.annotations.create(lease.item.id, {"sentiment": label}))
    for annotation in made[:-1]:
        world.owner.reviews.create(annotation.id, "accept", comment="checked")
    return annotator


def test_a_release_pulls_into_typed_tables_and_downloads_the_bytes_its_hash_names(world: World, tmp_path: Path) -> None:
    project_id = world.project.id
    label_and_accept(world, 5)
    release = world.owner.releases.create(project_id, "v1")
    assert release.name == "v1"
    assert release.review_statuses == [ReviewStatus.ACCEPTED]
    assert (release.item_count, release.annotation_count) == (4, 4)
    assert release.annotation_ui_version == 1 and release.guideline_version == 1
    assert release.content_hash.startswith("sha256:")
    assert [r.name for r in world.owner.releases.list(project_id)] == ["v1"]

    pulled = world.owner.releases.pull(project_id, "v1")
    assert pulled.manifest == release
    assert pulled.single_label_questions() == {"sentiment": ["positive", "negative", "neutral"]}
    items = list(pulled)
    assert len(items) == 4
    assert all(a.review_status == ReviewStatus.ACCEPTED for item in items for a in item.annotations)

    dataset = pulled.to_dataset()
    assert dataset.num_rows == 4
    feature = dataset.features["value.sentiment"]
    assert type(feature).__name__ == "ClassLabel"
    assert feature.names == ["positive", "negative", "neutral"]
    by_item = dict(zip(dataset["external_id"], dataset["value.sentiment"]))
    expected = {i.external_id: i.annotations[0].value["sentiment"] for i in items}
    assert {k: feature.int2str(v) for k, v in by_item.items()} == expected

    frame = pulled.to_pandas()
    assert list(frame["value.sentiment"].cat.categories) == ["positive", "negative", "neutral"]
    assert len(pulled.to_pandas(per="item")) == 4

    path = tmp_path / "v1.jsonl"
    assert pulled.download(path) == release.content_hash
    assert f"sha256:{hashlib.sha256(path.read_bytes()).hexdigest()}" == release.content_hash
    assert pulled.to_parquet(tmp_path / "v1.parquet") == 4
    assert pulled.to_csv(tmp_path / "v1.csv") == 4
    with open(tmp_path / "v1.csv", newline="", encoding="utf-8") as written:
        table = list(csv.DictReader(written))
    assert {row["external_id"]: row["value.sentiment"] for row in table} == expected


def test_a_release_stays_as_it_was_and_a_diff_names_what_changed(world: World) -> None:
    project_id = world.project.id
    annotator = label_and_accept(world, 4)
    world.owner.releases.create(project_id, "v1", review_statuses=["pending", ReviewStatus.ACCEPTED])
    before = [item.to_dict() for item in world.owner.releases.pull(project_id, "v1")]

    # The project moves on: an item deleted, an answer changed.
    items = {item.external_id: item for item in world.owner.items.list(project_id)}
    world.owner.items.delete(items["t0"].id)
    [mine] = list(annotator.annotations.list(items["t3"].id))
    annotator.annotations.update(mine.id, value={"sentiment": "neutral"})

    after = [item.to_dict() for item in world.owner.releases.pull(project_id, "v1")]
    assert after == before, "a release keeps its items"
    world.owner.releases.create(project_id, "v2", review_statuses=["pending", "accepted"])
    diff = world.owner.releases.diff(project_id, "v2", base="v1")
    assert (diff.base, diff.release) == ("v1", "v2")
    assert diff.removed == ["t0"] and diff.added == []
    assert diff.relabelled == ["t3"] and diff.unchanged == 2

    with pytest.raises(labelwell.ConflictError):
        world.owner.releases.create(project_id, "v1")
    with pytest.raises(labelwell.InvalidRequestError):
        world.owner.releases.create(project_id, "v3", review_statuses=["approved"])
    with pytest.raises(labelwell.NotFoundError):
        world.owner.releases.get(project_id, "v9")
