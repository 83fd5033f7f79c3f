"""The OpenAI Files and Batch APIs through ``openai.OpenAI().files`` and ``.batches``: uploads,
the batch lifecycle, output and error files, failed validation, cancel, expiry and paging."""

from __future__ import annotations

import json

import openai
import pytest

MODEL = "gpt-4o"


def line(custom_id: str, text: str, url: str = "/v1/chat/completions", **body) -> dict:
    return {
        "custom_id": custom_id,
        "method": "POST",
        "url": url,
        "body": {"model": MODEL, "messages": [{"role": "user", "content": text}], **body},
    }


def upload(client: openai.OpenAI, lines: list, name: str = "batch.jsonl"):
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    return client.files.create(file=(name, text.encode()), purpose="batch")


def jsonl(client: openai.OpenAI, file_id: str) -> list[dict]:
    return [json.loads(x) for x in client.files.content(file_id).text.splitlines()]


def run(client: openai.OpenAI, lines: list, endpoint: str = "/v1/chat/completions"):
    source = upload(client, lines)
    return client.batches.create(
        input_file_id=source.id, endpoint=endpoint, completion_window="24h"
    )


def test_files_upload_list_retrieve_content_delete(openai_client):
    first = upload(openai_client, [line("a", "hi")])
    assert first.id.startswith("file-") and first.object == "file"
    assert first.purpose == "batch" and first.status == "processed"
    assert first.filename == "batch.jsonl"
    assert first.bytes == len(json.dumps(line("a", "hi"))) + 1
    assert first.expires_at == first.created_at + 30 * 86400
    second = openai_client.files.create(file=("notes.txt", b"plain"), purpose="user_data")
    assert second.expires_at is None
    assert openai_client.files.retrieve(first.id).bytes == first.bytes
    assert [f.id for f in openai_client.files.list()] == [second.id, first.id]
    assert [f.id for f in openai_client.files.list(purpose="batch")] == [first.id]
    assert [f.id for f in openai_client.files.list(order="asc", limit=1)] == [first.id, second.id]
    assert openai_client.files.content(second.id).read() == b"plain"
    deleted = openai_client.files.delete(second.id)
    assert deleted.deleted and deleted.id == second.id
    with pytest.raises(openai.NotFoundError) as missing:
        openai_client.files.retrieve(second.id)
    assert missing.value.body["message"] == f"No such File object: {second.id}"


def test_upload_refusals(openai_client):
    client = openai_client.with_options(max_retries=0)
    with pytest.raises(openai.BadRequestError) as wrong_name:
        client.files.create(file=("batch.csv", b"x"), purpose="batch")
    assert ".jsonl" in wrong_name.value.body["message"]
    with pytest.raises(openai.BadRequestError) as wrong_purpose:
        client.files.create(file=("a.jsonl", b"x"), purpose="pictures")
    assert wrong_purpose.value.body["param"] == "purpose"


def test_batch_validates_runs_and_writes_output_and_error_files(openai_client, llm_exchanges):
    batch = run(
        openai_client,
        [line("ok", "hello batch"), line("bad", "x", messages=[])],
    )
    assert batch.id.startswith("batch_") and batch.status == "validating"
    assert batch.expires_at == batch.created_at + 24 * 3600
    assert batch.request_counts.total == 0

    running = openai_client.batches.retrieve(batch.id)
    assert running.status == "in_progress" and running.in_progress_at is not None
    assert running.request_counts.total == 2
    assert llm_exchanges("openai") == []

    done = openai_client.batches.retrieve(batch.id)
    assert done.status == "completed" and done.completed_at is not None
    assert (done.request_counts.completed, done.request_counts.failed) == (1, 1)
    [output] = jsonl(openai_client, done.output_file_id)
    assert output["id"].startswith("batch_req_") and output["custom_id"] == "ok"
    assert output["error"] is None
    assert output["response"]["status_code"] == 200
    assert output["response"]["request_id"].startswith("req_")
    assert output["response"]["body"]["choices"][0]["message"]["content"] == "hello batch"
    used = output["response"]["body"]["usage"]
    assert done.usage.input_tokens == used["prompt_tokens"] > 0
    assert done.usage.output_tokens == used["completion_tokens"] > 0
    assert done.usage.total_tokens == used["total_tokens"]
    [error] = jsonl(openai_client, done.error_file_id)
    assert error["custom_id"] == "bad"
    assert error["response"]["status_code"] == 400
    assert error["response"]["body"]["error"]["type"] == "invalid_request_error"
    output_file = openai_client.files.retrieve(done.output_file_id)
    assert output_file.purpose == "batch_output"
    assert output_file.filename == f"{batch.id}_output.jsonl"

    recorded = llm_exchanges("openai")
    assert [e["operation"] for e in recorded] == ["chat.completions.create"] * 2
    assert [e["status"] for e in recorded] == [200, 400]


def test_responses_batch_uses_scripted_model(openai_client, llm_script):
    llm_script(model="judge", turns=[{"reply": {"text": "PASS"}}], providers=("openai",))
    body = {"model": "judge", "input": "grade this"}
    batch = run(
        openai_client,
        [{"custom_id": "g1", "method": "POST", "url": "/v1/responses", "body": body}],
        endpoint="/v1/responses",
    )
    openai_client.batches.retrieve(batch.id)
    done = openai_client.batches.retrieve(batch.id)
    assert done.model == "judge" and done.error_file_id is None
    [output] = jsonl(openai_client, done.output_file_id)
    assert done.usage.output_tokens == output["response"]["body"]["usage"]["output_tokens"]
    assert output["response"]["body"]["output"][0]["content"][0]["text"] == "PASS"


def test_bad_input_file_fails_the_batch_with_line_errors(openai_client):
    batch = run(
        openai_client,
        [
            line("a", "one"),
            "{not json",
            line("a", "again"),
            line("b", "elsewhere", url="/v1/responses"),
            {"custom_id": "c", "method": "POST", "url": "/v1/chat/completions"},
            line("d", "other model", model="gpt-4.1"),
        ],
    )
    failed = openai_client.batches.retrieve(batch.id)
    assert failed.status == "failed" and failed.failed_at is not None
    errors = [(e.line, e.code, e.param) for e in failed.errors.data]
    assert errors == [
        (2, "invalid_json_line", None),
        (3, "duplicate_custom_id", "custom_id"),
        (4, "invalid_url", "url"),
        (5, "missing_required_parameter", "body"),
        (6, "mismatched_model", "body.model"),
    ]
    assert failed.output_file_id is None and failed.error_file_id is None


def test_empty_input_file_fails(openai_client):
    batch = run(openai_client, [])
    failed = openai_client.batches.retrieve(batch.id)
    assert [e.code for e in failed.errors.data] == ["empty_file"]


def test_cancel_in_progress_batch_writes_unrun_requests_to_the_error_file(
    openai_client, llm_exchanges
):
    batch = run(openai_client, [line("a", "hi"), line("b", "there")])
    openai_client.batches.retrieve(batch.id)
    cancelling = openai_client.batches.cancel(batch.id)
    assert cancelling.status == "cancelling" and cancelling.cancelling_at is not None
    cancelled = openai_client.batches.retrieve(batch.id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    assert cancelled.output_file_id is None
    errors = jsonl(openai_client, cancelled.error_file_id)
    assert [(e["custom_id"], e["error"]["code"]) for e in errors] == [
        ("a", "batch_cancelled"),
        ("b", "batch_cancelled"),
    ]
    assert all(e["response"] is None for e in errors)
    assert llm_exchanges("openai") == []
    with pytest.raises(openai.ConflictError):
        openai_client.with_options(max_retries=0).batches.cancel(batch.id)


def test_batch_expires_when_the_clock_passes_its_window(openai_client, universe):
    batch = run(openai_client, [line("a", "hi")])
    openai_client.batches.retrieve(batch.id)
    universe.control("POST", "/clock", json={"advance": 25 * 3600})
    expired = openai_client.batches.retrieve(batch.id)
    assert expired.status == "expired" and expired.expired_at is not None
    [error] = jsonl(openai_client, expired.error_file_id)
    assert error["error"]["code"] == "batch_expired"


@pytest.mark.parametrize(
    ("change", "param"),
    [
        ({"endpoint": "/v1/images/edits"}, "endpoint"),
        ({"completion_window": "48h"}, "completion_window"),
    ],
)
def test_create_refuses_bad_parameters(openai_client, change, param):
    source = upload(openai_client, [line("a", "hi")])
    arguments = {"input_file_id": source.id, "endpoint": "/v1/chat/completions"}
    arguments |= {"completion_window": "24h", **change}
    with pytest.raises(openai.BadRequestError) as refused:
        openai_client.with_options(max_retries=0).batches.create(**arguments)
    assert refused.value.body["param"] == param


def test_create_needs_a_batch_purpose_file_that_exists(openai_client):
    client = openai_client.with_options(max_retries=0)
    with pytest.raises(openai.NotFoundError):
        client.batches.create(
            input_file_id="file-missing", endpoint="/v1/responses", completion_window="24h"
        )
    other = client.files.create(file=("notes.jsonl", b"{}"), purpose="user_data")
    with pytest.raises(openai.BadRequestError) as refused:
        client.batches.create(
            input_file_id=other.id, endpoint="/v1/responses", completion_window="24h"
        )
    assert refused.value.body["param"] == "input_file_id"


def test_list_pages_newest_first(openai_client):
    ids = [run(openai_client, [line("a", str(n))]).id for n in range(3)]
    first = openai_client.batches.list(limit=2)
    assert [b.id for b in first.data] == [ids[2], ids[1]] and first.has_more
    assert all(b.status == "in_progress" for b in first.data)
    assert [b.id for b in openai_client.batches.list(limit=2)] == ids[::-1]


def test_embeddings_batch_answers_vectors(openai_client):
    body = {"model": "text-embedding-3-small", "input": "batch me", "dimensions": 8}
    batch = run(
        openai_client,
        [{"custom_id": "e", "method": "POST", "url": "/v1/embeddings", "body": body}],
        endpoint="/v1/embeddings",
    )
    openai_client.batches.retrieve(batch.id)
    done = openai_client.batches.retrieve(batch.id)
    [output] = jsonl(openai_client, done.output_file_id)
    vector = output["response"]["body"]["data"][0]["embedding"]
    live = openai_client.embeddings.create(**body).data[0].embedding
    assert live == pytest.approx(vector, abs=1e-6) and len(vector) == 8
    assert done.usage.input_tokens == output["response"]["body"]["usage"]["prompt_tokens"]


def test_batched_requests_are_recorded_with_the_creating_request_headers(
    openai_client, llm_exchanges
):
    batch = run(openai_client, [line("a", "hi")])
    openai_client.batches.retrieve(batch.id)
    openai_client.batches.retrieve(batch.id)
    [exchange] = llm_exchanges("openai")
    assert exchange["request"] == line("a", "hi")["body"]
    assert exchange["headers"]["authorization"].endswith("…")
    assert exchange["headers"]["content-type"] == "application/json"


def test_unknown_batch_is_a_404(openai_client):
    with pytest.raises(openai.NotFoundError) as missing:
        openai_client.with_options(max_retries=0).batches.retrieve("batch_nope")
    assert missing.value.body["message"] == "No batch found with id 'batch_nope'."
