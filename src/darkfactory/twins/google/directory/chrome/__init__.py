"""Chrome printing for the customer: printers (``admin.customers.chrome.printers.*``) and
print servers (``admin.customers.chrome.printServers.*``)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.directory.chrome import print_servers, printers


def routes() -> list[BaseRoute]:
    return [*printers.routes(), *print_servers.routes()]
