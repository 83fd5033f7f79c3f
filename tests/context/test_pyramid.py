"""``darkfactory context summarize``: pyramid summaries of a codebase and of the store's contexts,
written as turns of a context of their own and read back a level at a time."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from darkfactory.cli import main
from darkfactory.context import ContextStore
from darkfactory.context.pyramid import TAG, Pyramid, UnknownEntry, newest_pyramid

OPENAPI = {
    "openapi": "3.0.3",
    "info": {"title": "Status", "version": "2", "description": "Components and incidents."},
    "paths": {
        "/components": {
            "get": {"operationId": "listComponents", "summary": "List components"},
            "post": {"operationId": "createComponent"},
        }
    },
    "components": {"schemas": {"Component": {"type": "object"}}},
}


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    (root / "billing").mkdir(parents=True)
    (root / "billing" / "__init__.py").write_text('"""Billing: invoices and their payments."""\n')
    (root / "billing" / "invoices.py").write_text(
        '"""Invoices: what a customer owes.\n\nAn invoice is open until paid."""\n\n'
        "class Invoice:\n"
        '    """One bill."""\n\n'
        "def total(lines: list[int], tax: float = 0.2) -> int:\n"
        '    """The sum with tax."""\n'
        "    return round(sum(lines) * (1 + tax))\n"
    )
    (root / "README.md").write_text("# The shop\n\nSells things.\n\n## Parts\n")
    (root / "status.json").write_text(json.dumps(OPENAPI))
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    (root / ".secret").write_text("hidden")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "x.pyc").write_text("cache")
    return root


def summarize(db, *args):
    return CliRunner().invoke(main, ["context", "summarize", "--db", str(db), *args])


def test_a_tree_is_summarised_a_line_a_paragraph_and_a_page_per_entry(tmp_path, tree):
    db = tmp_path / "contexts.sqlite"
    done = summarize(db, "--tree", str(tree))
    assert done.exit_code == 0, done.output
    assert "6 summaries" in done.output  # ., billing/, its two files, README.md, status.json
    store = ContextStore(db)
    pyramid = Pyramid.load(store, newest_pyramid(store))
    assert store.metadata(newest_pyramid(store))["client_tag"] == TAG
    top = {s.path: s for s in pyramid.children(".")}
    assert list(top) == ["README.md", "billing", "status.json"], "hidden, caches, binaries left out"
    assert pyramid.get(".").line == "The shop", "a directory says what its README says"
    assert top["billing"].line == "Billing: invoices and their payments."
    assert top["status.json"].line == "OpenAPI 3.0.3 document of Status 2: 2 operations"
    assert "POST /components: createComponent" in pyramid.expand("status.json", "page")

    invoices = pyramid.get("./billing/invoices.py/")
    assert invoices.line == "Invoices: what a customer owes."
    assert invoices.paragraph.endswith("Defines: Invoice, total")
    page = pyramid.expand("billing/invoices.py", "page")
    assert "def total(lines: list[int], tax: float=0.2) -> int\n    The sum with tax." in page
    assert "- invoices.py: Invoices: what a customer owes." in pyramid.expand(
        "billing", "paragraph"
    )
    with pytest.raises(UnknownEntry, match=r"no summary of 'logo\.png'"):
        pyramid.get("logo.png")
    with pytest.raises(ValueError, match="level must be one of"):
        pyramid.expand("billing", "chapter")


def test_the_store_s_contexts_are_summarised_but_never_the_pyramids(tmp_path, tree):
    db = tmp_path / "contexts.sqlite"
    store = ContextStore(db)
    chat = store.create_context().context_id
    meta = {"client_tag": "darkfactory-agent", "title": "fix the invoices"}
    store.append(
        chat,
        "darkfactory.agent.UserInput",
        1,
        {"text": "Fix  the\ntotals", "context_metadata": meta},
    )
    store.append(chat, "darkfactory.llm.Call", 1, {"text": "Done: totals round."})
    other = store.create_context().context_id
    store.append(other, "darkfactory.pipeline.StageStarted", 1, {"node": "implement"})
    assert summarize(db, "--tree", str(tree)).exit_code == 0

    done = summarize(db)
    assert done.exit_code == 0 and "3 summaries of contexts of" in done.output, done.output
    pyramid = Pyramid.load(store, newest_pyramid(store))
    assert pyramid.get(".").line.startswith("2 contexts of the store")
    assert [s.path for s in pyramid.children(".")] == [f"context-{chat}", f"context-{other}"]
    summary = pyramid.get(f"context-{chat}")
    assert summary.line == f"context {chat}: fix the invoices, 2 turns"
    assert "Starts: Fix the totals" in summary.paragraph
    assert "Ends: Done: totals round." in summary.paragraph
    assert summary.page.splitlines()[1] == "   2 darkfactory.llm.Call: Done: totals round."

    one = summarize(db, str(other))
    assert one.exit_code == 0 and "2 summaries" in one.output


def test_summarize_refuses_what_it_cannot_do(tmp_path, tree):
    db = tmp_path / "contexts.sqlite"
    both = summarize(db, "--tree", str(tree), "1")
    assert both.exit_code == 2 and "not both" in both.output
    missing = summarize(db, "42")
    assert missing.exit_code == 1 and "no context 42" in missing.output
    assert newest_pyramid(ContextStore(db)) is None, "nothing was written"
    absent = summarize(db, "--tree", str(tmp_path / "nowhere"))
    assert absent.exit_code == 2 and "does not exist" in absent.output
