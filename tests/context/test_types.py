"""Turn types: declared once per version, published as cxdb registry bundles into the store."""

from __future__ import annotations

import pytest

from darkfactory.context import ContextStore
from darkfactory.context.types import TypeRegistry


def test_a_declared_version_is_immutable_and_a_new_shape_is_a_new_version():
    types = TypeRegistry()
    v1 = types.declare("demo.Message", 1, role="string", text="string?")
    assert types.declare("demo.Message", 1, role="string", text="string?") is v1
    with pytest.raises(ValueError, match="already declared"):
        types.declare("demo.Message", 1, role="string")
    types.declare("demo.Message", 2, role="string", text="string?", attachments="array")
    bundle = types.bundle("b-1")
    versions = bundle["types"]["demo.Message"]["versions"]
    assert versions["1"]["fields"] == {
        "1": {"name": "role", "type": "string"},
        "2": {"name": "text", "type": "string", "optional": True},
    }
    assert versions["2"]["fields"]["3"] == {"name": "attachments", "type": "array"}
    assert bundle["registry_version"] == 1 and bundle["bundle_id"] == "b-1"


def test_the_store_keeps_bundles_and_finds_a_type_version_in_the_newest(tmp_path):
    store = ContextStore(tmp_path / "c.sqlite")
    types = TypeRegistry()
    types.declare("demo.Message", 1, role="string")
    first = types.bundle("b-1")
    assert store.publish_bundle(first) is True
    assert store.publish_bundle(first) is False, "the same bundle again changes nothing"
    types.declare("demo.Message", 2, role="string", text="string")
    with pytest.raises(ValueError, match="already published"):
        store.publish_bundle(types.bundle("b-1"))
    store.publish_bundle(types.bundle("b-2"))
    assert store.type_descriptor("demo.Message", 2)["fields"]["2"]["name"] == "text"
    assert store.type_descriptor("demo.Message", 3) is None
    assert store.type_descriptor("demo.Other", 1) is None
    assert store.bundle("b-1") == first and store.bundle("b-9") is None
    with pytest.raises(ValueError, match="bundle_id"):
        store.publish_bundle({"types": {}})
