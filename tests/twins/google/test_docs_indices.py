"""Docs index bookkeeping under random edits: the body read back through googleapiclient always
tiles ``[1, end)`` without gaps and spells what the same edits do to a plain string."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEXT = st.text(alphabet="ab \n😀é", min_size=1, max_size=6)
EDITS = st.lists(
    st.tuples(st.sampled_from(["insert", "delete"]), st.integers(0, 40), st.integers(1, 5), TEXT),
    min_size=1,
    max_size=6,
)


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def at_unit(text: str, unit: int) -> int | None:
    """The string offset of a UTF-16 offset (None inside a surrogate pair)."""
    count = 0
    for offset, char in enumerate(text):
        if count == unit:
            return offset
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text) if count == unit else None


def plan(edits, start_text: str) -> tuple[list[dict], str]:
    """Requests that are valid in order, and the body text they must leave."""
    text, requests = start_text, []
    for kind, raw_index, length, piece in edits:
        end = units(text)  # the body spans [1, end + 1); its last unit is the final newline
        index = 1 + raw_index % end
        offset = at_unit(text, index - 1)
        if kind == "insert" and offset is not None:
            requests.append({"insertText": {"location": {"index": index}, "text": piece}})
            text = text[:offset] + piece + text[offset:]
        elif kind == "delete" and index < end:
            stop = min(index + length, end)  # never the final newline
            stop_offset = at_unit(text, stop - 1)
            if offset is None or stop_offset is None or stop <= index:
                continue
            requests.append(
                {"deleteContentRange": {"range": {"startIndex": index, "endIndex": stop}}}
            )
            text = text[:offset] + text[stop_offset:]
    return requests, text


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_random_edits_keep_indices_contiguous(docs, edits):
    document_id = docs.documents().create(body={"title": "Fuzz"}).execute()["documentId"]
    seed = "seed text\nline two"
    docs.documents().batchUpdate(
        documentId=document_id,
        body={"requests": [{"insertText": {"location": {"index": 1}, "text": seed}}]},
    ).execute()
    requests, expected = plan(edits, seed + "\n")
    if requests:
        docs.documents().batchUpdate(documentId=document_id, body={"requests": requests}).execute()
    content = docs.documents().get(documentId=document_id).execute()["body"]["content"][1:]
    position, text = 1, ""
    for element in content:
        assert element["startIndex"] == position
        for run in element["paragraph"]["elements"]:
            assert run["startIndex"] == position
            position += units(run["textRun"]["content"])
            assert run["endIndex"] == position
            text += run["textRun"]["content"]
        assert element["endIndex"] == position
        assert text.endswith("\n")
    assert text == expected
