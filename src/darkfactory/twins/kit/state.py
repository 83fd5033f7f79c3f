"""The base of every twin's state object: its universe's store and clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from darkfactory.twins.kit.store import Store
    from darkfactory.twins.kit.universe import Universe


class TwinState:
    """Resources and rules of one twin, with no HTTP; subclasses add the service's vocabulary."""

    def __init__(self, universe: Universe) -> None:
        self.universe = universe

    @property
    def db(self) -> Store:
        return self.universe.store

    def now(self) -> float:
        return self.universe.clock.now()
