"""Seeded spreadsheets: with ``--fixture google.spreadsheets=N`` each user owns N budgets, a table
of items and amounts with a SUM formula under it (none by default)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from darkfactory.twins.google.drive.formats import SPREADSHEET
from darkfactory.twins.google.sheets.books import blank
from darkfactory.twins.google.sheets.grid import set_value

if TYPE_CHECKING:
    from darkfactory.twins.google import GoogleTwin

ITEMS = ["Travel", "Hardware", "Licenses", "Catering", "Training", "Hosting", "Swag"]


def seed(twin: GoogleTwin, options: dict[str, Any]) -> None:
    count = int(options.get("spreadsheets", 0))
    rng = random.Random(f"{twin.universe.seed}:spreadsheets")
    for account in twin.state.accounts("user") if count else []:
        owner = twin.state.principal(account["email"])
        for number in range(count):
            title = f"Budget {number + 1}"
            file = twin.drive.create_file(owner, title, SPREADSHEET)
            book = blank(file["id"], {"title": title})
            sheet = book.sheets[0]
            rows = [["Item", "Amount"]] + [
                [item, rng.randint(10, 900)] for item in rng.sample(ITEMS, 4)
            ]
            rows.append(["Total", f"=SUM(B2:B{len(rows)})"])
            for r, line in enumerate(rows):
                for c, value in enumerate(line):
                    set_value(sheet.cell(r, c), value, "USER_ENTERED")
            book.save(twin.universe.store)
