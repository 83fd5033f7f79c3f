"""The context store: immutable turns, branching, content-addressed blobs, idempotent appends."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import blake3
import pytest

from darkfactory.context import ContextNotFound, ContextStore, InvalidParent, TurnNotFound
from darkfactory.context.encoding import canonical
from darkfactory.context.store import NewTurn

MESSAGE = "darkfactory.Message"


@pytest.fixture
def store():
    store = ContextStore()
    yield store
    store.close()


def say(store, context_id, text, **kwargs):
    return store.append(context_id, MESSAGE, 1, {"role": "user", "text": text}, **kwargs)


def test_append_moves_the_head_and_builds_a_chain(store):
    ctx = store.create_context()
    assert (ctx.head_turn_id, ctx.head_depth) == (0, 0)
    first = say(store, ctx.context_id, "one")
    second = say(store, ctx.context_id, "two")
    assert (first.parent_turn_id, first.depth) == (0, 1)
    assert (second.parent_turn_id, second.depth) == (first.turn_id, 2)
    head = store.context(ctx.context_id)
    assert (head.head_turn_id, head.head_depth) == (second.turn_id, 2)
    assert [t.data["text"] for t in store.turns(ctx.context_id)] == ["one", "two"]


def test_fork_branches_share_history_and_diverge(store):
    main = store.create_context().context_id
    root = say(store, main, "shared")
    say(store, main, "main only")
    branch = store.fork(root.turn_id)
    say(store, branch.context_id, "branch only")
    assert [t.data["text"] for t in store.turns(main)] == ["shared", "main only"]
    assert [t.data["text"] for t in store.turns(branch.context_id)] == ["shared", "branch only"]
    assert len(store.children(root.turn_id)) == 2


def test_turns_are_immutable_and_appending_with_an_old_parent_branches(store):
    ctx = store.create_context().context_id
    a = say(store, ctx, "a")
    b = say(store, ctx, "b")
    c = say(store, ctx, "c", parent_turn_id=a.turn_id)
    assert c.depth == 2 and c.parent_turn_id == a.turn_id
    assert store.turn(b.turn_id).data["text"] == "b", "b is untouched by the branch"
    assert [t.data["text"] for t in store.turns(ctx)] == ["a", "c"]


def test_blobs_are_content_addressed_and_deduplicated(store):
    ctx = store.create_context().context_id
    one = say(store, ctx, "same words")
    two = say(store, ctx, "same words")
    assert one.content_hash == two.content_hash
    raw = canonical({"role": "user", "text": "same words"})
    assert one.content_hash == blake3.blake3(raw).hexdigest()
    assert store.get_blob(one.content_hash) == raw
    big = {"tool_output": "x" * 10_000}
    turn = store.append(ctx, "darkfactory.ToolResult", 1, big)
    assert store.turn(turn.turn_id).data == big


def test_idempotency_key_makes_retries_safe(store):
    ctx = store.create_context().context_id
    first = say(store, ctx, "once", idempotency_key="k-1")
    again = say(store, ctx, "once", idempotency_key="k-1")
    assert again.turn_id == first.turn_id
    assert len(store.turns(ctx)) == 1


def test_paging_back_from_the_head(store):
    ctx = store.create_context().context_id
    turns = [say(store, ctx, str(n)) for n in range(10)]
    page = store.turns(ctx, limit=4)
    assert [t.data["text"] for t in page] == ["6", "7", "8", "9"]
    older = store.turns(ctx, limit=4, before_turn_id=page[0].turn_id)
    assert [t.data["text"] for t in older] == ["2", "3", "4", "5"]
    assert store.turns(ctx, limit=4, before_turn_id=turns[0].turn_id) == []


def test_errors(store):
    ctx = store.create_context().context_id
    with pytest.raises(ContextNotFound):
        say(store, 999, "nowhere")
    with pytest.raises(InvalidParent):
        say(store, ctx, "orphan", parent_turn_id=12345)
    with pytest.raises(InvalidParent):
        store.create_context(base_turn_id=777)
    with pytest.raises(TurnNotFound):
        store.turn(5)
    with pytest.raises(ValueError, match="JSON"):
        store.append(ctx, MESSAGE, 1, {"not": {1, 2}})
    assert store.turns(ctx) == [], "failed appends leave nothing behind"


def test_corrupt_blob_is_detected(tmp_path):
    path = tmp_path / "ctx.sqlite"
    store = ContextStore(path)
    turn = say(store, store.create_context().context_id, "pristine")
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE blobs SET data = ? WHERE hash = ?",
            (b'{"role":"user","text":"tampered"}', turn.content_hash),
        )
    with pytest.raises(ValueError, match="corrupt"):
        ContextStore(path).turn(turn.turn_id)


def test_kill_9_during_appends_keeps_every_acknowledged_turn(tmp_path):
    path = tmp_path / "ctx.sqlite"
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        from darkfactory.context import ContextStore
        store = ContextStore({str(path)!r})
        ctx = store.create_context().context_id
        n = 0
        while True:
            store.append(ctx, "darkfactory.Message", 1, {{"n": n}})
            print(n, flush=True)
            n += 1
    """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged = -1
    for line in writer.stdout:
        acknowledged = int(line)
        if acknowledged >= 300:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    store = ContextStore(path)
    numbers = [t.data["n"] for t in store.turns(1, limit=100_000)]
    assert numbers[: acknowledged + 1] == list(range(acknowledged + 1))
    assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_batch_is_appended_in_one_go_with_parents_in_the_batch(store):
    ctx = store.create_context().context_id
    question = say(store, ctx, "question")
    call, first, second = store.append_many(
        ctx,
        [
            NewTurn(MESSAGE, 1, {"role": "assistant", "text": "two tools"}),
            NewTurn(MESSAGE, 1, {"role": "tool", "text": "a"}, parent_index=0),
            NewTurn(MESSAGE, 1, {"role": "tool", "text": "b"}, parent_index=0),
        ],
    )
    assert call.parent_turn_id == question.turn_id
    assert first.parent_turn_id == second.parent_turn_id == call.turn_id
    assert (first.depth, second.depth) == (3, 3)
    assert store.context(ctx).head_turn_id == second.turn_id
    assert [t.turn_id for t in store.children(call.turn_id)] == [first.turn_id, second.turn_id]
    assert store.turn(second.turn_id).context_id == ctx


def test_a_batch_with_a_bad_turn_leaves_nothing_behind(store):
    ctx = store.create_context().context_id
    good = NewTurn(MESSAGE, 1, {"text": "kept?"})
    with pytest.raises(InvalidParent):
        store.append_many(ctx, [good, NewTurn(MESSAGE, 1, {"text": "x"}, parent_turn_id=999)])
    with pytest.raises(ValueError, match="earlier turn"):
        store.append_many(ctx, [NewTurn(MESSAGE, 1, {"text": "x"}, parent_index=0)])
    assert store.turns(ctx) == []
    assert store.context(ctx).head_turn_id == 0
    assert store._conn.execute("SELECT COUNT(*) FROM blobs").fetchone()[0] == 0


def test_an_idempotent_retry_inside_a_batch_returns_the_first_turn(store):
    ctx = store.create_context().context_id
    first = say(store, ctx, "once", idempotency_key="k1")
    again, after = store.append_many(
        ctx,
        [NewTurn(MESSAGE, 1, {"text": "once"}, idempotency_key="k1"), NewTurn(MESSAGE, 1, {})],
    )
    assert again.turn_id == first.turn_id
    assert after.parent_turn_id == first.turn_id


def test_a_store_written_before_turns_knew_their_context_opens_and_grows(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE blobs (hash TEXT PRIMARY KEY, compression INTEGER NOT NULL,"
            " raw_len INTEGER NOT NULL, data BLOB NOT NULL);"
            "CREATE TABLE turns (turn_id INTEGER PRIMARY KEY, parent_turn_id INTEGER NOT NULL,"
            " depth INTEGER NOT NULL, type_id TEXT NOT NULL, type_version INTEGER NOT NULL,"
            " content_hash TEXT NOT NULL REFERENCES blobs(hash), created_at_ms INTEGER NOT NULL);"
            "CREATE TABLE contexts (context_id INTEGER PRIMARY KEY, head_turn_id INTEGER NOT NULL,"
            " head_depth INTEGER NOT NULL, created_at_ms INTEGER NOT NULL);"
        )
        raw = canonical({"text": "old"})
        digest = blake3.blake3(raw).hexdigest()
        conn.execute("INSERT INTO blobs VALUES (?, 0, ?, ?)", (digest, len(raw), raw))
        conn.execute("INSERT INTO turns VALUES (1, 0, 1, 'm', 1, ?, 0)", (digest,))
        conn.execute("INSERT INTO contexts VALUES (1, 1, 1, 0)")
    store = ContextStore(path)
    old = store.turn(1)
    assert old.data == {"text": "old"} and old.context_id is None
    new = say(store, 1, "new")
    assert (new.parent_turn_id, new.depth, store.turn(new.turn_id).context_id) == (1, 2, 1)
    assert store.metadata(1) == {}
    store.close()
