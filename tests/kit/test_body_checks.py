"""The kit's body checks: JSON nesting capped, vendor types read as Jackson reads them."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def same(a, b) -> bool:
    """Equal, a NaN equal to a NaN, and floats told from ints (``1.0`` is not ``1``)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": NaN, "b": Infinity, "c": -Infinity}',  # the standard library's, not JSON's
        b'{"big": 123456789012345678901234567890, "neg": -18446744073709551617}',
        b'{"a": 1, "a": 2}',  # the last of a repeated name
        b'{"f": 1e400, "g": -0.0, "h": 1.0, "i": 5e-324}',
        b'"\\ud800 lone surrogate escape"',
        '\ufeff{"bom": true}'.encode(),
        '{"utf16": "\u00e9"}'.encode("utf-16"),
        '{"utf32": [1]}'.encode("utf-32"),
        b' [1, 2, {"x": null}] ',
        '{"unicode": "\u00e9\u4e2d\U0001f600"}'.encode(),
    ],
)
def test_a_body_means_what_the_standard_library_reads_in_it(body):
    assert same(json_body.parse(body), json.loads(body))


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2", b"[1] [2]", b"\xff\xfe\xfd", b"", b"'single'", b"[1,]", b"01"],
)
def test_a_body_the_standard_library_refuses_is_refused(body):
    with pytest.raises(ValueError):
        json.loads(body)
    with pytest.raises(ValueError):
        json_body.parse(body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_any_document_the_standard_library_writes_reads_back_as_it_reads(value):
    body = json.dumps(value).encode()
    assert same(json_body.parse(body), json.loads(body))


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
