"""The SDK against the committed contract, `openapi/openapi.json`: every schema is
a Python type with the same fields, and every operation has an SDK method that
takes its parameters and body fields. No server needed."""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Iterator
from typing import Any, Callable

import pytest

import labelwell
import labelwell.types
from labelwell import _native
from labelwell._base import Resource
from labelwell._client import Client
from labelwell._pagination import Pager

from .conftest import OPENAPI

SPEC = json.loads(OPENAPI.read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
METHODS = ("get", "post", "put", "patch", "delete")

# Query parameters the SDK handles itself rather than as keyword arguments.
PAGING = {"limit", "cursor"}
# The export's `format` is a parameter of `client.export.download`; `pull` reads JSON lines.
HANDLED_ELSEWHERE = {("export_project", "format")}


def attribute_names(cls: type) -> list[str]:
    """The data attributes (fields) of a native class."""
    return [name for name, value in vars(cls).items() if not name.startswith("_") and hasattr(type(value), "__set__")]


def object_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in SCHEMAS.items():
        if "enum" not in schema:
            yield name, schema


def enum_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in SCHEMAS.items():
        if "enum" in schema:
            yield name, schema


@pytest.mark.parametrize(("name", "schema"), [pytest.param(*s, id=s[0]) for s in object_schemas()])
def test_every_object_schema_is_a_python_type_with_the_same_fields(name: str, schema: dict[str, Any]) -> None:
    cls = getattr(labelwell.types, name, None)
    assert cls is not None, f"openapi schema {name} has no Python type in labelwell.types"
    assert cls.__module__ == "labelwell._native"
    wire = list(cls.__wire_fields__)
    assert sorted(wire) == sorted(schema.get("properties", {})), f"{name}: fields differ from openapi.json"
    attributes = set(attribute_names(cls))
    # Every field is an attribute of the same name, but `type` (a Python builtin), which is `kind`.
    expected = {"kind" if field == "type" else field for field in wire}
    assert attributes == expected, f"{name}: attributes differ from the fields"


@pytest.mark.parametrize(("name", "schema"), [pytest.param(*s, id=s[0]) for s in enum_schemas()])
def test_every_enum_schema_is_a_python_enum_with_the_same_values(name: str, schema: dict[str, Any]) -> None:
    cls = getattr(labelwell.types, name, None)
    assert cls is not None, f"openapi enum {name} has no Python type"
    members = [value for key, value in vars(cls).items() if isinstance(value, cls)]
    assert sorted(member.value for member in members) == sorted(schema["enum"])
    for value in schema["enum"]:
        assert cls(value) == value
        # The member's name is the value in capitals, a dot (`annotation.created`) an underscore.
        assert getattr(cls, value.upper().replace(".", "_")) == cls(value)


def sdk_methods() -> dict[str, Callable[..., Any]]:
    """Every SDK method marked with the operations it calls, by operation id."""
    found: dict[str, Callable[..., Any]] = {}
    hints = typing.get_type_hints(Client)
    owners = [Client] + [hint for hint in hints.values() if isinstance(hint, type) and issubclass(hint, Resource)]
    for owner in owners:
        for value in vars(owner).values():
            function = getattr(value, "__func__", value)
            for operation_id in getattr(function, "__labelwell_operations__", ()):
                assert operation_id not in found, f"{operation_id} has two SDK methods"
                found[operation_id] = function
    return found


def operations() -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield operation["operationId"], method.upper(), path, operation


#: Bulk writes: the body's `items` is the method's iterable argument of this
#: name, sent in batches (as NDJSON).
BULK_ARGUMENTS = {"import_items": "items", "set_item_priorities": "priorities", "import_predictions": "predictions"}


def operation_params() -> list[Any]:
    return [pytest.param(*operation, id=operation[0]) for operation in operations()]


def test_every_operation_has_an_sdk_method() -> None:
    methods = sdk_methods()
    missing = [f"{method} {path} ({op})" for op, method, path, _ in operations() if op not in methods]
    assert not missing, "operations without an SDK method:\n" + "\n".join(missing)
    unknown = set(methods) - {op for op, *_ in operations()}
    assert not unknown, f"SDK methods marked with operations openapi.json does not have: {unknown}"


@pytest.mark.parametrize(("operation_id", "method", "path", "operation"), operation_params())
def test_every_operation_parameter_and_body_field_is_an_argument(
    operation_id: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    function = sdk_methods()[operation_id]
    parameters = set(inspect.signature(function).parameters)
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "path":
            assert name in parameters, f"{function.__qualname__} lacks path parameter {name}"
        elif name in PAGING:
            if "page_size" not in parameters:
                pytest.fail(f"{function.__qualname__} lists pages but takes no page_size")
        elif (operation_id, name) not in HANDLED_ELSEWHERE:
            assert name in parameters, f"{function.__qualname__} lacks query parameter {name}"
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return
    body = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    fields = set(body.get("properties", {}))
    if operation_id in BULK_ARGUMENTS:
        assert BULK_ARGUMENTS[operation_id] in parameters
        return
    missing = fields - parameters
    assert not missing, f"{function.__qualname__} takes no argument for body fields {missing}"


def test_list_methods_return_pagers_for_every_paginated_operation() -> None:
    for operation_id, _, _, operation in operations():
        names = {p["name"] for p in operation.get("parameters", [])}
        if "cursor" in names:
            returned = inspect.signature(sdk_methods()[operation_id]).return_annotation
            assert "Pager" in str(returned), f"{operation_id} is paginated but returns {returned}"
    assert Pager is labelwell.Pager


def test_the_native_module_lists_every_class_once() -> None:
    names = [name for name in _native.__all__ if isinstance(getattr(_native, name), type)]
    assert len(names) == len(set(names))
    for name in SCHEMAS:
        assert name in names
