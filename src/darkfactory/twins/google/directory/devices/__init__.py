"""The customer's devices: ChromeOS devices (``directory.chromeosdevices.*`` and
``admin.customer.devices.chromeos.*``) and mobile devices (``directory.mobiledevices.*``),
seeded with a few of each belonging to the domain's people."""

from __future__ import annotations

from starlette.routing import BaseRoute

from darkfactory.twins.google.directory.devices import chromeos, commands, mobile


def seed(universe) -> None:
    chromeos.seed(universe)
    mobile.seed(universe)


def routes() -> list[BaseRoute]:
    return [*commands.routes(), *chromeos.routes(), *mobile.routes()]
