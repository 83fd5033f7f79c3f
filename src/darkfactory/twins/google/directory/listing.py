"""What lists of devices, resources and printers share: a free-text query over chosen fields,
and ordering by ``orderBy`` with ``sortOrder``, or by ``field [asc|desc], ...``."""

from __future__ import annotations

from darkfactory.twins.google.directory.wire import invalid
from darkfactory.twins.kit.operation import Call


def searched(devices: list[dict], query: str, fields: tuple[str, ...]) -> list[dict]:
    """The devices each of whose ``query`` words appears in one of ``fields``."""
    words = query.lower().split()

    def text(device: dict) -> str:
        values = [device.get(f) for f in fields]
        flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
        return " ".join(str(v).lower() for v in flat if v is not None)

    return [d for d in devices if all(w.split(":")[-1] in text(d) for w in words)]


def ordered(call: Call, devices: list[dict], orders: dict[str, str]) -> list[dict]:
    """``devices`` sorted by the ``orderBy`` field (one of ``orders``, naming the device field),
    letters of either case together."""
    order = call.query.get("orderBy")
    direction = call.query.get("sortOrder", "ASCENDING").upper()
    if direction not in ("ASCENDING", "DESCENDING"):
        raise invalid("sortOrder")
    if order is None:
        return devices
    if order not in orders:
        raise invalid("orderBy")
    field = orders[order]
    return sorted(
        devices, key=lambda d: str(d.get(field) or "").lower(), reverse=direction == "DESCENDING"
    )


def sorted_by(order_by: str, items: list[dict], fields: tuple[str, ...]) -> list[dict]:
    """``items`` sorted by ``order_by``: comma-separated ``field`` or ``field desc`` terms,
    each a field of ``fields``; numbers as numbers, text of either case together."""
    for term in reversed([t.strip() for t in order_by.split(",") if t.strip()]):
        field, _, direction = term.partition(" ")
        if field not in fields or direction.strip() not in ("", "asc", "desc"):
            raise invalid("orderBy")

        def key(item: dict, field: str = field) -> tuple:
            value = item.get(field)
            if isinstance(value, int | float):
                return (value is None, value, "")
            return (value is None, 0, str(value or "").lower())

        items = sorted(items, key=key, reverse=direction.strip() == "desc")
    return items
