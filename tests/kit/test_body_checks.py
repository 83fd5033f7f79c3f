"""The kit's body checks: JSON nesting capped, vendor types read as Jackson reads them."""

from __future__ import annotations

import json

import pytest

from darkfactory.twins.kit import json_body
from darkfactory.twins.kit.vendor_schemas import BodySchema, load, template_key


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_to_the_limit_is_read_and_one_level_more_is_refused():
    assert json_body.parse(nested(json_body.MAX_DEPTH)) is not None
    with pytest.raises(json_body.TooDeep):
        json_body.parse(nested(json_body.MAX_DEPTH + 1))
    with pytest.raises(json_body.TooDeep):  # deep enough to exhaust Python's own parser
        json_body.parse(nested(50_000))
    with pytest.raises(ValueError):
        json_body.parse("{not json")


def test_path_templates_match_whatever_their_parameters_are_called():
    assert template_key("post", "/api/v1/users/{userId}/") == ("POST", "/api/v1/users/{}")
    assert template_key("POST", "/api/v1/users/{id}") == template_key("post", "/api/v1/users/{x}")


def worklog_schema() -> BodySchema:
    document = load("darkfactory.twins.jira")
    (operation,) = [
        o
        for o in document["operations"]
        if (o["method"], o["path"]) == ("POST", "/rest/api/3/issue/{issueIdOrKey}/worklog")
    ]
    return BodySchema(operation, document["definitions"])


def test_scalars_coerce_as_the_vendors_json_reader_coerces_them():
    schema = worklog_schema()
    assert schema.violations({"timeSpentSeconds": "3600", "timeSpent": 5}) == []
    assert schema.violations({"timeSpentSeconds": None, "unknownField": [1]}) == []
    assert schema.violations({"timeSpentSeconds": "an hour"}) == [
        "timeSpentSeconds: must be of type integer"
    ]
    assert schema.violations({"timeSpent": ["1h"]}) == ["timeSpent: must be of type string"]
    assert schema.violations([json.loads("{}")]) == ["body: must be of type object"]
