"""Seeded Drive content: with ``--fixture google.files=N`` each user gets N text files in a
Projects folder, every third shared with the engineering group (none by default)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from darkfactory.twins.google.drive.state import FOLDER, DriveState
from darkfactory.twins.google.fixtures import GROUP

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin

TOPICS = ["Roadmap", "Budget", "Hiring", "Launch", "Onboarding", "Security", "Research"]


def seed(twin: GoogleTwin, options: dict[str, Any]) -> None:
    """``files`` text files per user in a Projects folder; every third shared with the group."""
    count = int(options.get("files", 0))
    if not count:
        return
    state = twin.state
    drive: DriveState = twin.drive
    rng = random.Random(state.universe.seed)
    for account in state.accounts("user"):
        owner = state.principal(account["email"])
        folder = drive.create_file(owner, "Projects", FOLDER)
        for number in range(count):
            topic = rng.choice(TOPICS)
            text = f"{topic} notes by {account['name']}, #{number + 1}.\n"
            made = drive.create_file(
                owner,
                f"{topic} notes {number + 1}.txt",
                "text/plain",
                [folder["id"]],
                content=text.encode(),
            )
            if number % 3 == 0:
                group_id = state.group(GROUP[0])["id"]
                drive.grant(made["id"], group_id, "group", GROUP[0], "reader")
