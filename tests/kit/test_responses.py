"""The kit's JSON answers carry the bytes Starlette's ``JSONResponse`` gives the same content."""

from __future__ import annotations

import json
import random

from starlette.responses import JSONResponse as StarletteJSONResponse

from darkfactory.twins.kit.responses import JSONResponse

TEXTS = ["", "plain", "é ünïcödé", "😀 emoji", 'quote " and \\ slash /', "\x00\x1f\x7f ctl"]
TEXTS += ["\b\f\n\r\t", "\u2028\u2029", "<script>&amp;</script>", "🇫🇷"]
SCALARS = [None, True, False, 0, -1, 2**63 - 1, -(2**63), 3, 1.5, 0.1, 1796643137.86044, -0.0]


def random_value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth < 4 and roll < 0.25:
        return {rng.choice(TEXTS) + str(i): random_value(rng, depth + 1) for i in range(4)}
    if depth < 4 and roll < 0.4:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    if roll < 0.7:
        return rng.choice(TEXTS)
    return rng.choice(SCALARS)


def test_random_documents_encode_to_starlettes_bytes():
    rng = random.Random(23)
    for _ in range(2000):
        value = random_value(rng)
        assert JSONResponse(value).body == StarletteJSONResponse(value).body, value


def test_keys_keep_the_order_they_were_given_in():
    body = JSONResponse({"ok": True, "z": 1, "a": {"y": 2, "b": 3}}).body
    assert body == b'{"ok":true,"z":1,"a":{"y":2,"b":3}}'


def test_what_orjson_cannot_encode_is_encoded_as_starlette_encodes_it():
    for value in ({"big": 2**64}, {1: "integer key"}, [10**30]):
        assert JSONResponse(value).body == StarletteJSONResponse(value).body
        assert json.loads(JSONResponse(value).body) == json.loads(json.dumps(value))


def test_floats_read_back_as_the_same_numbers():
    rng = random.Random(5)
    numbers = [rng.uniform(-1e-6, 1e-6) for _ in range(200)] + [1e-7, 2.5e-05, 1e16, 1e22]
    assert json.loads(JSONResponse(numbers).body) == numbers
