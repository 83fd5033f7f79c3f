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


BLOCKS = {
    "paragraph": "p",
    "bulletList": "ul",
    "orderedList": "ol",
    "listItem": "li",
    "blockquote": "blockquote",
    "table": "table",
    "tableRow": "tr",
    "tableHeader": "th",
    "tableCell": "td",
}
MARKS = {"strong": "strong", "em": "em", "code": "code", "strike": "s", "underline": "u"}


def to_html(node: Any) -> str:
    """The document as HTML, as Jira renders it for ``renderedBody`` and its issue view:
    paragraphs, headings, lists, quotes, code blocks, tables, rules, and text with its marks,
    links and mentions; every text escaped."""
    if node is None:
        return ""
    if isinstance(node, str):
        return "".join(f"<p>{html.escape(line)}</p>" for line in node.split("\n") if line)
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    inner = "".join(to_html(child) for child in node.get("content", []))
    if kind == "doc":
        return inner
    if kind == "text":
        return _marked(node)
    if kind == "hardBreak":
        return "<br>"
    if kind == "rule":
        return "<hr>"
    if kind == "heading":
        level = min(max(int(attrs.get("level", 1)), 1), 6)
        return f"<h{level}>{inner}</h{level}>"
    if kind == "codeBlock":
        return f"<pre><code>{html.escape(to_text(node))}</code></pre>"
    if kind in ("mention", "emoji", "status", "date"):
        text = attrs.get("text") or attrs.get("shortName") or attrs.get("timestamp") or ""
        return f'<span class="adf-{kind}">{html.escape(str(text))}</span>'
    if kind in ("inlineCard", "blockCard"):
        url = str(attrs.get("url", ""))
        shown = html.escape(url)
        return f'<a href="{shown}">{shown}</a>' if _safe(url) else shown
    if kind in ("panel", "expand", "nestedExpand"):
        return f'<div class="adf-{kind}">{inner}</div>'
    tag = BLOCKS.get(kind)
    return f"<{tag}>{inner}</{tag}>" if tag else inner


def _safe(url: str) -> bool:
    """Whether a link may be followed from a page: web and mail addresses, or relative ones."""
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    return scheme in ("", "http", "https", "mailto")


def _marked(node: dict) -> str:
    text = html.escape(node.get("text", ""))
    for mark in node.get("marks") or []:
        kind = mark.get("type")
        if kind == "link" and _safe(href := str((mark.get("attrs") or {}).get("href", ""))):
            text = f'<a href="{html.escape(href)}">{text}</a>'
        elif kind in MARKS:
            text = f"<{MARKS[kind]}>{text}</{MARKS[kind]}>"
    return text


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
