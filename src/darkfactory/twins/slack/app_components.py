"""The functions and workflows apps declare in their manifests (``functions``, ``workflows``),
each with a stable id: ``Fn`` or ``Wf`` and a digest of its app and callback id."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from darkfactory.twins.slack.state import SlackState

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def component_id(prefix: str, app_id: str, callback_id: str) -> str:
    digest = int.from_bytes(hashlib.sha256(f"{app_id}/{callback_id}".encode()).digest()[:8])
    text = ""
    for _ in range(9):
        digest, rest = divmod(digest, len(ALPHABET))
        text += ALPHABET[rest]
    return prefix + text


def declared(state: SlackState, section: str, prefix: str) -> list[dict[str, Any]]:
    """Every ``section`` entry of every app's manifest, with its id, app, owner and time."""
    found = []
    rows = state.db.all(
        "SELECT m.app_id, m.owner, m.manifest, a.created FROM slack_app_manifests m "
        "JOIN slack_apps a ON a.id = m.app_id ORDER BY a.created, m.app_id"
    )
    for row in rows:
        entries = json.loads(row["manifest"]).get(section) or {}
        if not isinstance(entries, dict):
            continue
        for callback_id, spec in entries.items():
            spec = spec if isinstance(spec, dict) else {}
            found.append(
                {
                    "id": component_id(prefix, row["app_id"], callback_id),
                    "callback_id": callback_id,
                    "app_id": row["app_id"],
                    "owner": row["owner"],
                    "created": int(row["created"]),
                    "spec": spec,
                }
            )
    return found


def parameters(spec: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """A manifest's ``input_parameters``/``output_parameters`` as the admin API lists them."""
    given = spec.get(key) or {}
    required = set(given.get("required") or [])
    return [
        {
            "name": name,
            "type": (prop or {}).get("type", "string"),
            "title": (prop or {}).get("title", name),
            "description": (prop or {}).get("description", ""),
            "is_required": name in required,
        }
        for name, prop in (given.get("properties") or {}).items()
    ]
