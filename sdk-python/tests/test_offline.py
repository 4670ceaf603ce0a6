"""Namespaces against a fake transport, and the one retry loop: what each call
sends and what it makes of the answer, with no server."""

from __future__ import annotations

import ast
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import labelwell
from labelwell import _retry
from labelwell._native import (
    Columns,
    ImportItemsResponse,
    ImportPredictionsResponse,
    Item,
    ItemList,
    ModelAgreementList,
    Pagination,
    PredictionInput,
    PredictionList,
    Problem,
    ProjectResponse,
)
from labelwell._retry import Retry, with_retries
from labelwell._transport import RawBody
from labelwell.resources.export import Export
from labelwell.resources.items import Items
from labelwell.resources.organizations import Members
from labelwell.resources.predictions import Predictions
from labelwell.resources.projects import Projects
from labelwell.resources.queue import Queue

ORG = uuid.UUID("0190a1b2-0000-7000-8000-000000000001")
PROJECT = uuid.UUID("0190a1b2-0000-7000-8000-000000000002")
NOW = "2026-01-02T03:04:05Z"


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, Any]
    body: Any


@dataclass
class FakeStream:
    """An export answer: batches of item dicts, then the end; `break_after`
    batches in, the connection breaks."""

    batches: list[list[dict[str, Any]]]
    break_after: int | None = None
    closed: bool = False

    def read(self, size: int = 1 << 20, /) -> bytes:
        raise NotImplementedError

    def next_dicts(self, max_items: int = 1000, /) -> list[dict[str, Any]]:
        if self.break_after == 0:
            raise ConnectionError("reset by peer")
        if self.break_after is not None:
            self.break_after -= 1
        return self.batches.pop(0) if self.batches else []

    def next_objects(self, item_type: type[Any], max_items: int = 1000, /) -> list[Any]:
        raise NotImplementedError

    def next_rows(self, columns: Columns, max_items: int = 1000, /) -> tuple[int, str | None]:
        raise NotImplementedError

    def close(self) -> None:
        self.closed = True


@dataclass
class FakeTransport:
    """Answers each call with the next of `answers` (raising it if it is an
    exception) and records what was asked."""

    answers: list[Any] = field(default_factory=list)
    streams: list[FakeStream] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    max_retries: int = 2
    progress: bool | None = False

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Any = None,
        body: Any = None,
        decode: type[Any] | None = None,
        allow_empty: bool = False,
    ) -> Any:
        self.calls.append(Call(method, path, dict(query or {}), body))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        assert answer is None or decode is None or isinstance(answer, decode)
        assert answer is not None or decode is None or allow_empty
        return answer

    def stream(self, method: str, path: str, *, query: Any = None) -> FakeStream:
        self.calls.append(Call(method, path, dict(query or {}), None))
        return self.streams.pop(0)


def project_response(name: str) -> ProjectResponse:
    project = {
        "id": str(PROJECT),
        "organization_id": str(ORG),
        "name": name,
        "description": "",
        "overlap": 1,
        "lease_seconds": 600,
        "annotation_ui_version": None,
        "guideline_version": None,
        "created_by": None,
        "archived": False,
        "show_predictions": False,
        "created_at": NOW,
        "updated_at": NOW,
    }
    return ProjectResponse.from_dict({"project": project})


def item(external_id: str) -> Item:
    return Item(
        id=uuid.uuid4(),
        project_id=PROJECT,
        external_id=external_id,
        data={"text": f"ticket {external_id}", "meta": {"lang": "en"}},
        metadata={},
        status="new",
        annotation_count=0,
        priority=0.0,
        created_at=NOW,
        updated_at=NOW,
    )


def page(external_ids: list[str], next_cursor: str | None) -> ItemList:
    pagination = Pagination(next_cursor=next_cursor, next=None, limit=2)
    return ItemList(items=[item(e) for e in external_ids], pagination=pagination)


def test_a_body_is_the_typed_request_object_with_the_servers_defaults() -> None:
    transport = FakeTransport([project_response("Tickets")])
    project = Projects(transport).create(ORG, name="Tickets", overlap=2)
    assert project.name == "Tickets"
    (call,) = transport.calls
    assert (call.method, call.path) == ("POST", f"/organizations/{ORG}/projects")
    assert type(call.body).__name__ == "CreateProjectRequest"
    assert json.loads(call.body.to_json()) == {
        "name": "Tickets",
        "description": "",
        "overlap": 2,
        "lease_seconds": None,
    }


def test_a_body_that_does_not_fit_its_type_is_refused_before_anything_is_sent() -> None:
    transport = FakeTransport()
    with pytest.raises(labelwell.InvalidRequestError, match=r"AddMemberRequest: unknown variant `superuser`"):
        Members(transport).add(ORG, email="ada@example.com", role="superuser")
    with pytest.raises(labelwell.InvalidRequestError, match=r"item 1: .*missing field `external_id`"):
        Items(transport).import_items(PROJECT, [{"external_id": "a", "data": {}}, {"data": {}}])
    assert transport.calls == []


def test_a_pager_follows_the_cursors_one_request_per_page() -> None:
    transport = FakeTransport([page(["a", "b"], "c1"), page(["c", "d"], "c2"), page(["e"], None)])
    pager = Items(transport).list(PROJECT, status="new", page_size=2)
    assert transport.calls == []
    assert [i.external_id for i in pager] == ["a", "b", "c", "d", "e"]
    assert [call.query for call in transport.calls] == [
        {"status": "new", "limit": 2},
        {"status": "new", "limit": 2, "cursor": "c1"},
        {"status": "new", "limit": 2, "cursor": "c2"},
    ]


def test_a_pagers_table_flattens_the_items_as_a_pulls_does() -> None:
    pytest.importorskip("pandas")
    transport = FakeTransport([page(["a", "b"], "c1"), page(["c"], None)])
    frame = Items(transport).list(PROJECT).to_pandas()
    assert list(frame["external_id"]) == ["a", "b", "c"]
    assert list(frame["data.meta.lang"]) == ["en"] * 3
    assert "metadata" not in frame.columns
    assert str(frame["created_at"].dt.tz) == "UTC"


def test_an_empty_queue_is_none() -> None:
    transport = FakeTransport([None])
    assert Queue(transport).next(PROJECT) is None
    assert transport.calls[0].method == "POST" and transport.calls[0].path == f"/projects/{PROJECT}/queue/next"


def test_an_import_sends_ndjson_batches_and_adds_up_their_totals() -> None:
    transport = FakeTransport([ImportItemsResponse(created=2, updated=0), ImportItemsResponse(created=0, updated=1)])
    items = [{"external_id": f"t{i}", "data": {"text": "x"}} for i in range(3)]
    total = Items(transport).import_items(PROJECT, iter(items), batch_size=2)
    assert (total.created, total.updated) == (2, 1)
    bodies = [call.body for call in transport.calls]
    assert all(isinstance(body, RawBody) and body.content_type == "application/x-ndjson" for body in bodies)
    lines = [json.loads(line) for body in bodies for line in body.content.splitlines()]
    assert [line["external_id"] for line in lines] == ["t0", "t1", "t2"]


def test_an_import_error_names_items_by_their_position_in_the_whole_import() -> None:
    problem = Problem.from_dict(
        {
            "type": "urn:labelwell:problem:validation_failed",
            "title": "Validation failed",
            "status": 422,
            "detail": "1 invalid field",
            "code": "validation_failed",
            "errors": [{"field": "line[2].data.text", "code": "required", "message": "missing"}],
        }
    )
    failure = labelwell.ValidationError(status=422, method="POST", url="/items", problem=problem)
    transport = FakeTransport([ImportItemsResponse(created=2, updated=0), failure])
    items = [{"external_id": f"t{i}", "data": {"text": "x"}} for i in range(4)]
    with pytest.raises(labelwell.ValidationError) as raised:
        Items(transport).import_items(PROJECT, items, batch_size=2)
    assert [error.field for error in raised.value.errors] == ["items[3].data.text"]
    assert "items before position 2 were imported" in raised.value.detail


def test_a_prediction_import_fills_in_the_model_and_names_a_bad_entry_by_its_position() -> None:
    problem = Problem.from_dict(
        {
            "type": "urn:labelwell:problem:validation_failed",
            "title": "Validation failed",
            "status": 422,
            "detail": "1 invalid field",
            "code": "validation_failed",
            "errors": [{"field": "line[1].value.sentiment", "code": "invalid", "message": "unknown label"}],
        }
    )
    failure = labelwell.ValidationError(status=422, method="POST", url="/predictions", problem=problem)
    transport = FakeTransport([ImportPredictionsResponse(imported=2), ImportPredictionsResponse(imported=1), failure])
    entries: list[Any] = [
        {"external_id": "t0", "value": {"sentiment": "positive"}, "scores": {"sentiment": 0.75}},
        {"external_id": "t1", "model": "own", "value": {"sentiment": "negative"}},
        PredictionInput(external_id="t2", model="m2", model_version="2", value={}),
    ]
    total = Predictions(transport).import_items(PROJECT, iter(entries), model="bert", model_version="v1", batch_size=2)
    assert total.imported == 3
    assert [(call.method, call.path) for call in transport.calls] == [("POST", f"/projects/{PROJECT}/predictions")] * 2
    assert all(call.body.content_type == "application/x-ndjson" for call in transport.calls)
    lines = [json.loads(line) for call in transport.calls for line in call.body.content.splitlines()]
    assert [(line["external_id"], line["model"], line["model_version"]) for line in lines] == [
        ("t0", "bert", "v1"),
        ("t1", "own", "v1"),
        ("t2", "m2", "2"),
    ]
    assert lines[0]["scores"] == {"sentiment": 0.75} and lines[1]["scores"] is None
    assert entries[0] == {"external_id": "t0", "value": {"sentiment": "positive"}, "scores": {"sentiment": 0.75}}

    with pytest.raises(labelwell.ValidationError) as raised:
        Predictions(transport).import_items(PROJECT, entries[:2], model="bert", model_version="v1", batch_size=5)
    assert [error.field for error in raised.value.errors] == ["predictions[0].value.sentiment"]
    with pytest.raises(labelwell.InvalidRequestError, match="missing field `model_version`"):
        Predictions(transport).import_items(PROJECT, entries[:1], model="bert")
    with pytest.raises(ValueError, match="batch_size"):
        Predictions(transport).import_items(PROJECT, entries, batch_size=0)


def test_predictions_of_an_item_and_agreement_are_read_from_their_paths() -> None:
    item = uuid.UUID("0190a1b2-0000-7000-8000-000000000003")
    transport = FakeTransport([PredictionList(predictions=[]), ModelAgreementList(agreement=[])])
    assert Predictions(transport).list(item) == []
    assert Predictions(transport).agreement(PROJECT) == []
    assert [(call.method, call.path) for call in transport.calls] == [
        ("GET", f"/items/{item}/predictions"),
        ("GET", f"/projects/{PROJECT}/predictions/agreement"),
    ]


def exported(n: int) -> dict[str, Any]:
    return {"id": f"id-{n:03}", "external_id": f"e{n}"}


def test_a_pull_that_breaks_off_resumes_after_the_last_item_received(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda _: None)
    broken = FakeStream([[exported(0), exported(1)], [exported(2)]], break_after=1)
    rest = FakeStream([[exported(2)], [exported(3)]])
    transport = FakeTransport(streams=[broken, rest])
    pulled = [row["external_id"] for row in Export(transport).pull(PROJECT, status="accepted").iter_dicts()]
    assert pulled == ["e0", "e1", "e2", "e3"]
    assert [call.query["after"] for call in transport.calls] == [None, "id-001"]
    assert all(call.query["status"] == "accepted" for call in transport.calls)
    assert broken.closed and rest.closed


def test_a_pull_gives_up_after_max_retries_breaks_in_a_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "sleep", lambda _: None)
    streams = [FakeStream([[exported(0)]], break_after=0) for _ in range(3)]
    transport = FakeTransport(streams=streams, max_retries=2)
    with pytest.raises(labelwell.APIConnectionError, match="the export broke off: reset by peer"):
        list(Export(transport).pull(PROJECT).iter_dicts())
    assert len(transport.calls) == 3


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def test_the_retry_loop_tries_again_until_an_attempt_succeeds(sleeps: list[float]) -> None:
    outcomes: Iterator[Retry | str] = iter(
        [Retry(ValueError("first")), Retry(ValueError("second"), retry_after=3.0), "done"]
    )

    def attempt() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert with_retries(attempt, max_retries=2) == "done"
    assert len(sleeps) == 2 and 0 < sleeps[0] <= _retry.INITIAL_BACKOFF and sleeps[1] == 3.0


def test_the_retry_loop_raises_the_last_error_when_no_retry_is_left(sleeps: list[float]) -> None:
    tries: list[int] = []

    def attempt() -> None:
        tries.append(1)
        raise Retry(labelwell.LabelwellError(f"failure {len(tries)}"))

    with pytest.raises(labelwell.LabelwellError, match="failure 3"):
        with_retries(attempt, max_retries=2)
    assert len(tries) == 3 and len(sleeps) == 2


def test_the_retry_loop_lets_other_errors_through_at_once(sleeps: list[float]) -> None:
    def attempt() -> None:
        raise labelwell.ConflictError(status=409, method="POST", url="/x")

    with pytest.raises(labelwell.ConflictError):
        with_retries(attempt, max_retries=5)
    assert sleeps == []


def test_a_retry_after_too_long_to_wait_for_is_not_waited_for(sleeps: list[float]) -> None:
    def attempt() -> None:
        raise Retry(labelwell.LabelwellError("busy"), retry_after=3600.0)

    with pytest.raises(labelwell.LabelwellError, match="busy"):
        with_retries(attempt, max_retries=5)
    assert sleeps == []


def test_only_the_client_module_imports_the_namespaces_and_they_import_no_client() -> None:
    package = Path(labelwell.__file__).parent
    for path in package.rglob("*.py"):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.lstrip("."))
        relative = path.relative_to(package).as_posix()
        if relative.startswith("resources/"):
            assert not imported & {"_client", "_http"}, f"{relative} imports the client"
        elif relative not in ("_client.py", "__init__.py"):
            assert not any(module.startswith("resources") for module in imported), f"{relative} imports a namespace"
