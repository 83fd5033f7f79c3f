"""Seeded documents: with ``--fixture google.documents=N`` each user owns N meeting notes, a
heading, a few paragraphs and a bulleted list (none by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from darkfactory.twins.google.docs import edits, lists, state
from darkfactory.twins.google.drive.formats import DOCUMENT

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin


def seed(twin: GoogleTwin, options: dict[str, Any]) -> None:
    count = int(options.get("documents", 0))
    for account in twin.state.accounts("user") if count else []:
        owner = twin.state.principal(account["email"])
        for number in range(count):
            title = f"Meeting notes {number + 1}"
            file = twin.drive.create_file(owner, title, DOCUMENT)
            doc = state.blank()
            heading = f"{title}\n"
            edits.insert_text(doc, 1, f"{heading}Attendees: {account['name']}.\nDecisions\nActions")
            edits.style_paragraphs(doc, 1, 2, {"namedStyleType": "HEADING_1"}, "namedStyleType")
            bullets_at = doc.end - len("Decisions\nActions\n")
            preset = "BULLET_DISC_CIRCLE_SQUARE"
            lists.create_bullets(
                doc, bullets_at, doc.end - 1, preset, state.new_kix_id(twin.universe)
            )
            state.store_document(twin.universe.store, file["id"], 1, state.first_tab(doc))
