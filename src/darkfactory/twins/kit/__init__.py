"""Machinery shared by every twin: store, clock, ids, tokens, journal, faults, app and server."""

from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.operation import operation, universe_of
from darkfactory.twins.kit.twin import Fault, Twin
from darkfactory.twins.kit.universe import Universe

__all__ = ["Fault", "Twin", "TwinError", "Universe", "operation", "universe_of"]
