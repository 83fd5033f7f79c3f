"""The provider-neutral engine's rules, as pure functions: schema values, token counts, caching."""

from __future__ import annotations

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from darkfactory.twins.llm import tokens
from darkfactory.twins.llm.prompt import Message, Prompt, Text
from darkfactory.twins.llm.schema_value import value_for

SCALARS = st.sampled_from(
    [
        {"type": "string"},
        {"type": "string", "minLength": 40},
        {"type": "string", "maxLength": 2},
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "email"},
        {"type": "integer", "minimum": 5},
        {"type": "integer", "maximum": -3},
        {"type": "number", "exclusiveMinimum": 1.5},
        {"type": "boolean"},
        {"type": "null"},
        {"enum": ["red", "green"]},
        {"const": 42},
        {"type": ["string", "null"]},
    ]
)
SCHEMAS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.builds(
            lambda props: {
                "type": "object",
                "properties": props,
                "required": list(props),
                "additionalProperties": False,
            },
            st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), inner, max_size=4),
        ),
        st.builds(
            lambda items, n: {"type": "array", "items": items, "minItems": n},
            inner,
            st.integers(0, 3),
        ),
        st.builds(lambda a, b: {"anyOf": [a, b]}, inner, inner),
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(schema=SCHEMAS, text=st.text(max_size=20))
def test_values_are_valid_for_their_schema(schema, text):
    jsonschema.validate(value_for(schema, text), schema)


def test_refs_and_gemini_schemas():
    schema = {
        "$defs": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
        "type": "object",
        "properties": {"pets": {"type": "array", "items": {"$ref": "#/$defs/Pet"}}},
    }
    assert value_for(schema, "Rex") == {"pets": [{"name": "Rex"}]}
    gemini = {"type": "OBJECT", "properties": {"n": {"type": "INTEGER"}, "s": {"type": "STRING"}}}
    assert value_for(gemini, "hi") == {"n": 0, "s": "hi"}


def test_token_rule_is_utf8_bytes_over_four_rounded_up():
    assert [tokens.count(t) for t in ("", "a", "abcd", "abcde", "é" * 3)] == [0, 1, 1, 2, 2]


def prompt_of(*texts: str, marks: tuple[int, ...] = ()) -> Prompt:
    parts = [Text(t, cache_mark="5m" if i in marks else "") for i, t in enumerate(texts)]
    return Prompt(provider="p", model="m", messages=[Message("user", parts)])


def test_automatic_caching_needs_1024_tokens_and_rounds_for_openai():
    big = "x" * 4 * 1100
    first = tokens.prefixes(prompt_of(big, "a"))
    known = {p.digest for p in tokens.remembered(first, explicit=False)}
    again = tokens.prefixes(prompt_of(big, "a", "b"))
    assert tokens.automatic_read(known, again) == 1101
    assert tokens.automatic_read(known, again, increment=128) == 1024
    small = tokens.prefixes(prompt_of("x" * 400, "a"))
    assert tokens.remembered(small, explicit=False) == []


def test_explicit_caching_reads_the_longest_marked_prefix_and_writes_the_rest():
    big = "y" * 4 * 1024
    found = tokens.prefixes(prompt_of(big, "z" * 400, marks=(0, 1)))
    assert tokens.explicit_read_write(set(), found) == (0, 1124, 0)
    known = {p.digest for p in tokens.remembered(found, explicit=True)}
    longer = tokens.prefixes(prompt_of(big, "z" * 400, "w" * 40, marks=(2,)))
    assert tokens.explicit_read_write(known, longer) == (1124, 10, 0)
    unmarked = tokens.prefixes(prompt_of(big, "z" * 400))
    assert tokens.explicit_read_write(known, unmarked) == (0, 0, 0)
