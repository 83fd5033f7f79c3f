"""The Anthropic Message Batches API through ``anthropic.Anthropic().messages.batches``: the
lifecycle, results of every type, cancel, delete, paging, errors and recorded exchanges."""

from __future__ import annotations

import anthropic
import pytest

MODEL = "claude-sonnet-4-6"


def request(custom_id: str, text: str, **params) -> dict:
    return {
        "custom_id": custom_id,
        "params": {
            "model": MODEL,
            "max_tokens": 100,
            "messages": [{"role": "user", "content": text}],
            **params,
        },
    }


def test_batch_runs_its_requests_and_ends_with_results(anthropic_client, llm_exchanges):
    batch = anthropic_client.messages.batches.create(
        requests=[
            request("first", "hello batch"),
            request("second", "bad", max_tokens=0),
            request("third", "unknown", model="no-such-model"),
        ]
    )
    assert batch.id.startswith("msgbatch_01")
    assert batch.processing_status == "in_progress"
    assert batch.request_counts.processing == 3
    assert batch.results_url is None and batch.ended_at is None
    assert llm_exchanges("anthropic") == []

    ended = anthropic_client.messages.batches.retrieve(batch.id)
    assert ended.processing_status == "ended"
    assert ended.request_counts.succeeded == 1
    assert ended.request_counts.errored == 2
    assert ended.request_counts.processing == 0
    assert ended.results_url.endswith(f"/v1/messages/batches/{batch.id}/results")
    assert (ended.expires_at - ended.created_at).total_seconds() == 24 * 3600

    results = {r.custom_id: r.result for r in anthropic_client.messages.batches.results(batch.id)}
    assert results["first"].type == "succeeded"
    assert results["first"].message.content[0].text == "hello batch"
    assert results["first"].message.usage.output_tokens > 0
    assert results["second"].type == "errored"
    assert results["second"].error.error.type == "invalid_request_error"
    assert "max_tokens" in results["second"].error.error.message
    assert results["third"].error.error.type == "not_found_error"

    recorded = llm_exchanges("anthropic")
    assert [e["operation"] for e in recorded] == ["messages.create"] * 3
    assert [e["status"] for e in recorded] == [200, 400, 404]
    assert recorded[0]["reply"]["text"] == "hello batch"


def test_scripted_model_answers_batched_requests_in_order(anthropic_client, llm_script):
    llm_script(model="grader", turns=[{"reply": {"text": "A"}}, {"reply": {"text": "B"}}])
    batch = anthropic_client.messages.batches.create(
        requests=[request("one", "x", model="grader"), request("two", "y", model="grader")]
    )
    anthropic_client.messages.batches.retrieve(batch.id)
    texts = [
        r.result.message.content[0].text
        for r in anthropic_client.messages.batches.results(batch.id)
    ]
    assert texts == ["A", "B"]


def test_cancel_goes_through_canceling_to_ended(anthropic_client, llm_exchanges):
    batch = anthropic_client.messages.batches.create(requests=[request("a", "hi")])
    canceling = anthropic_client.messages.batches.cancel(batch.id)
    assert canceling.processing_status == "canceling"
    assert canceling.cancel_initiated_at is not None
    ended = anthropic_client.messages.batches.retrieve(batch.id)
    assert ended.processing_status == "ended"
    assert ended.request_counts.canceled == 1
    assert [r.result.type for r in anthropic_client.messages.batches.results(batch.id)] == [
        "canceled"
    ]
    assert llm_exchanges("anthropic") == []
    with pytest.raises(anthropic.BadRequestError):
        anthropic_client.messages.batches.cancel(batch.id)


def test_requests_expire_when_the_clock_passes_expires_at(anthropic_client, universe):
    batch = anthropic_client.messages.batches.create(requests=[request("late", "hi")])
    universe.control("POST", "/clock", json={"advance": 25 * 3600})
    ended = anthropic_client.messages.batches.retrieve(batch.id)
    assert ended.request_counts.expired == 1
    assert ended.ended_at == ended.expires_at
    assert [r.result.type for r in anthropic_client.messages.batches.results(batch.id)] == [
        "expired"
    ]


def test_delete_only_once_ended(anthropic_client):
    batch = anthropic_client.messages.batches.create(requests=[request("a", "hi")])
    client = anthropic_client.with_options(max_retries=0)
    with pytest.raises(anthropic.BadRequestError) as refused:
        client.messages.batches.delete(batch.id)
    assert refused.value.body["error"]["type"] == "invalid_request_error"
    client.messages.batches.retrieve(batch.id)
    deleted = client.messages.batches.delete(batch.id)
    assert deleted.id == batch.id and deleted.type == "message_batch_deleted"
    with pytest.raises(anthropic.NotFoundError) as missing:
        client.messages.batches.retrieve(batch.id)
    assert missing.value.body["error"]["type"] == "not_found_error"


def test_list_pages_newest_first(anthropic_client):
    ids = [
        anthropic_client.messages.batches.create(requests=[request("a", str(n))]).id
        for n in range(3)
    ]
    first = anthropic_client.messages.batches.list(limit=2)
    assert [b.id for b in first.data] == [ids[2], ids[1]]
    assert first.has_more and first.first_id == ids[2] and first.last_id == ids[1]
    assert all(b.processing_status == "ended" for b in first.data)
    assert [b.id for b in anthropic_client.messages.batches.list(limit=2)] == ids[::-1]
    older = anthropic_client.messages.batches.list(after_id=ids[1])
    assert [b.id for b in older.data] == [ids[0]] and not older.has_more
    newer = anthropic_client.messages.batches.list(before_id=ids[0], limit=1)
    assert [b.id for b in newer.data] == [ids[1]]


@pytest.mark.parametrize(
    ("requests", "says"),
    [
        ([], "at least 1 item"),
        ([{"custom_id": "has space", "params": {}}], "custom_id"),
        ([request("same", "a"), request("same", "b")], "Duplicate custom_id"),
        ([{"custom_id": "x"}], "params"),
    ],
)
def test_invalid_batches_are_refused_whole(anthropic_client, requests, says):
    with pytest.raises(anthropic.BadRequestError) as refused:
        anthropic_client.with_options(max_retries=0).messages.batches.create(requests=requests)
    assert says in refused.value.body["error"]["message"]
    assert anthropic_client.messages.batches.list().data == []
