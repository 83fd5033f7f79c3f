"""What a write costs in the Sheets twin as a spreadsheet grows, against a read in the same run.

Every write loads the workbook, recalculates every formula and stores it back; a one-cell read
only loads. For spreadsheets of growing size (a tenth of the cells formulas that sum a column),
this prints the median time of a one-cell ``values.update`` and of a one-cell ``values.get``
through googleapiclient, and their ratio.
"""

from __future__ import annotations

import statistics
import time

from darkfactory.twins.google import client
from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe

SIZES = (100, 1_000, 5_000)
CALLS = 20
COLUMNS = 10


def median_seconds(fn) -> float:
    fn()
    times = []
    for _ in range(CALLS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    with UniverseServer(Universe(seed=1)) as twin:
        creds = twin.universe.credentials()["google"]
        sheets = client.build_service(
            "sheets", "v4", client.user(creds, "admin@example.com"), creds["root_url"]
        )
        values = sheets.spreadsheets().values()
        print(f"{'cells':>7} {'write ms':>9} {'read ms':>8} {'ratio':>6}")
        for size in SIZES:
            rows = size // COLUMNS
            spreadsheet_id = (
                sheets.spreadsheets()
                .create(
                    body={"sheets": [{"properties": {"gridProperties": {"rowCount": rows + 10}}}]}
                )
                .execute()["spreadsheetId"]
            )
            grid = [
                [f"=SUM(A1:A{r})" if c == COLUMNS - 1 else r * COLUMNS + c for c in range(COLUMNS)]
                for r in range(1, rows + 1)
            ]
            values.update(
                spreadsheetId=spreadsheet_id,
                range="A1",
                valueInputOption="USER_ENTERED",
                body={"values": grid},
            ).execute()

            def write(spreadsheet_id=spreadsheet_id) -> None:
                values.update(
                    spreadsheetId=spreadsheet_id,
                    range="A1",
                    valueInputOption="USER_ENTERED",
                    body={"values": [[time.perf_counter_ns() % 1000]]},
                ).execute()

            def read(spreadsheet_id=spreadsheet_id) -> None:
                values.get(spreadsheetId=spreadsheet_id, range="A1").execute()

            wrote, got = median_seconds(write), median_seconds(read)
            print(f"{size:>7} {wrote * 1000:>9.1f} {got * 1000:>8.1f} {wrote / got:>6.1f}")


if __name__ == "__main__":
    main()
