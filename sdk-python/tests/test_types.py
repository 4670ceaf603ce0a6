"""The API's types in Python: built by the server's own rules, in the wire shape."""

from __future__ import annotations

import pickle
import uuid
from datetime import datetime, timezone

import pytest

from labelwell.types import (
    CreateProjectRequest,
    FieldError,
    ItemInput,
    ItemStatus,
    Pagination,
    Problem,
    Project,
    Question,
    QuestionType,
    Role,
    Verdict,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc)


def project() -> Project:
    return Project(
        id=uuid.uuid4(),
        organization_id=str(uuid.uuid4()),
        name="Support tickets",
        description="",
        overlap=2,
        lease_seconds=600,
        annotation_ui_version=None,
        guideline_version=None,
        created_by=None,
        archived=False,
        show_predictions=False,
        created_at=NOW,
        updated_at="2026-01-02T03:04:05Z",
    )


def test_a_request_is_built_with_the_servers_defaults() -> None:
    request = CreateProjectRequest(name="Tickets")
    assert request.name == "Tickets"
    assert request.description == ""
    assert request.overlap is None
    assert request.to_dict() == {"name": "Tickets", "description": "", "overlap": None, "lease_seconds": None}


def test_a_missing_required_field_is_refused() -> None:
    with pytest.raises(ValueError, match="missing field `name`"):
        CreateProjectRequest(overlap=2)


def test_an_unknown_field_is_refused_with_the_list_of_fields() -> None:
    with pytest.raises(TypeError, match="CreateProjectRequest has no field `nmae`; its fields are name,"):
        CreateProjectRequest(nmae="Tickets")


def test_a_wrongly_typed_field_is_refused() -> None:
    with pytest.raises(ValueError, match="invalid type"):
        CreateProjectRequest(name="Tickets", overlap="two")


def test_ids_and_times_become_python_objects() -> None:
    value = project()
    assert isinstance(value.id, uuid.UUID)
    assert isinstance(value.organization_id, uuid.UUID)
    assert value.created_at == NOW
    assert value.updated_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert value.created_at.tzinfo is not None


def test_objects_round_trip_through_dicts_json_and_pickle() -> None:
    value = project()
    assert Project.from_dict(value.to_dict()) == value
    assert Project.from_json(value.to_json()) == value
    assert pickle.loads(pickle.dumps(value)) == value
    assert list(value.to_dict()) == list(Project.__wire_fields__)
    assert repr(value).startswith("Project(id='")


def test_objects_are_read_only() -> None:
    value = project()
    with pytest.raises(AttributeError):
        value.name = "renamed"  # type: ignore[misc]


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="has no time zone"):
        Project.from_dict({**project().to_dict(), "created_at": datetime(2026, 1, 1)})


def test_json_values_keep_their_key_order() -> None:
    item = ItemInput(external_id="t1", data={"z": 1, "a": [1, 2.5, None, True], "m": {"y": "x"}})
    assert list(item.data) == ["z", "a", "m"]
    assert item.data == {"z": 1, "a": [1, 2.5, None, True], "m": {"y": "x"}}
    assert item.metadata is None


def test_a_field_named_type_on_the_wire_is_kind_in_python() -> None:
    question = Question(name="sentiment", type="single_label", labels=["a", "b"])
    assert question.kind == QuestionType.SINGLE_LABEL
    assert question.to_dict()["type"] == "single_label"
    assert Question(name="sentiment", kind="text").kind == "text"
    problem = Problem(type="urn:x", title="t", status=422, detail="d", code="c")
    assert problem.kind == "urn:x"
    assert problem.errors == []
    assert "type" in Problem.__wire_fields__


def test_enums_equal_their_json_names() -> None:
    assert ItemStatus.IN_PROGRESS == "in_progress"
    assert ItemStatus("in_progress") is not None
    assert ItemStatus("in_progress") == ItemStatus.IN_PROGRESS
    assert ItemStatus.IN_PROGRESS != ItemStatus.NEW
    assert ItemStatus.IN_PROGRESS != "new"
    assert str(Role.OWNER) == "owner"
    assert Role.OWNER.value == "owner"
    assert repr(Verdict.ACCEPT) == "Verdict.ACCEPT"
    by_role: dict[object, int] = {Role.ADMIN: 1}
    assert by_role["admin"] == 1
    assert pickle.loads(pickle.dumps(Role.VIEWER)) == Role.VIEWER
    with pytest.raises(ValueError, match="unknown variant"):
        Role("superuser")


def test_nested_objects_are_built_from_dicts_or_objects() -> None:
    error = FieldError(field="name", code="required", message="is required")
    problem = Problem(type="urn:x", title="t", status=422, detail="d", code="c", errors=[error])
    assert problem.errors == [error]
    assert Problem.from_dict(problem.to_dict()) == problem
    assert Pagination(next_cursor=None, next=None, limit=50).limit == 50
