"""``admin.customers.chrome.printers.*``: printers Chrome devices of a unit may print to, each
of a model the catalogue (``listPrinterModels``) knows or set up driverless, at an ``ipp``,
``ipps``, ``http``, ``https``, ``lpd`` or ``socket`` address."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.google.directory import documents
from darkfactory.twins.google.directory.chrome.catalog import ROOT, Collection, operations
from darkfactory.twins.google.directory.wire import invalid, page, required
from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import Call

SCHEMES = ("ipp", "ipps", "http", "https", "lpd", "socket")
MODELS = (
    ("HP", "HP LaserJet Pro M404"),
    ("HP", "HP OfficeJet Pro 9015"),
    ("Brother", "Brother HL-L2350DW series"),
    ("Canon", "Canon imageCLASS MF743C"),
    ("Epson", "Epson WorkForce Pro WF-4830"),
)


def _model_json(manufacturer: str, name: str) -> dict:
    return {"makeAndModel": name.lower(), "displayName": name, "manufacturer": manufacturer}


def check_address(entry: dict) -> None:
    """A printer's or print server's ``uri`` is present and of a scheme printing speaks."""
    if not entry.get("uri"):
        raise required("uri")
    if entry["uri"].split("://", 1)[0].lower() not in SCHEMES or "://" not in entry["uri"]:
        raise invalid("uri")


def _check(call: Call, printer: dict) -> None:
    check_address(printer)
    if printer.get("useDriverlessConfig"):
        return
    if not printer.get("makeAndModel"):
        raise required("makeAndModel")
    if printer["makeAndModel"].lower() not in {name.lower() for _, name in MODELS}:
        raise invalid("makeAndModel")


PRINTERS = Collection("printers", "Printer", "printer", _check)


@operation("admin.customers.chrome.printers.listPrinterModels")
def list_models(call: Call) -> dict:
    documents.reader(call)
    wanted = call.query.get("filter", "")
    field, _, value = wanted.partition("=")
    if wanted and field.strip() != "manufacturer":
        raise invalid("filter")
    models = [
        _model_json(maker, name)
        for maker, name in MODELS
        if not wanted or maker.lower() == value.strip().strip('"').lower()
    ]
    return page(call, None, models, key="printerModels", limit=(100, 10000), size_param="pageSize")


def routes() -> list[Route]:
    return [
        Route(f"{ROOT}/printers:listPrinterModels", list_models, methods=["GET"]),
        *operations(PRINTERS),
    ]
