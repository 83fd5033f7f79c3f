"""Atlassian Document Format: rich text as v3 speaks it, plain text as v2 speaks it."""

from __future__ import annotations

import html
from typing import Any

from darkfactory.twins.jira.errors import bad_request


def from_text(text: str) -> dict:
    """A document of one paragraph per line of ``text``."""
    paragraphs = [
        {"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []}
        for line in text.split("\n")
    ]
    return {"type": "doc", "version": 1, "content": paragraphs}


def to_text(node: Any) -> str:
    """The plain text of a document: text nodes joined, blocks on their own lines."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    if node.get("type") == "text":
        return node.get("text", "")
    if node.get("type") == "hardBreak":
        return "\n"
    parts = [to_text(child) for child in node.get("content", [])]
    joiner = "\n" if node.get("type") in ("doc", "bulletList", "orderedList", "listItem") else ""
    return joiner.join(parts)


def to_html(node: Any) -> str:
    """The document as Jira renders it for a comment's ``renderedBody``: a paragraph
    per line of its text."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in to_text(node).split("\n") if line)


def read(value: Any, version: str, field: str) -> dict | None:
    """A rich-text request value: ADF in v3 (a string is refused, as Jira does), text in v2."""
    if value is None:
        return None
    if version == "3":
        if not isinstance(value, dict) or value.get("type") != "doc":
            raise bad_request(
                errors={
                    field: "Operation value must be an Atlassian Document "
                    "(see the Atlassian Document Format)"
                }
            )
        return value
    if not isinstance(value, str):
        raise bad_request(errors={field: "Operation value must be a string"})
    return from_text(value)


def write(doc: dict | None, version: str) -> Any:
    if doc is None:
        return None
    return doc if version == "3" else to_text(doc)
