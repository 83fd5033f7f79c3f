"""``admin.customers.chrome.printServers.*``: the print servers a unit's Chrome devices reach
their printers through, at a printing address (as printers are)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.directory.chrome.catalog import Collection, operations
from darkfactory.twins.google.directory.chrome.printers import check_address

PRINT_SERVERS = Collection(
    "printServers", "PrintServer", "printServer", lambda call, entry: check_address(entry)
)


def routes() -> list[Route]:
    return operations(PRINT_SERVERS)
