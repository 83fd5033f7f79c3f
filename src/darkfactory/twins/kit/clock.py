"""The universe clock: real time shifted by an offset, or frozen at an instant and advanced by hand.

State lives in the store, so a snapshot or restart keeps the universe's notion of "now".
"""

from __future__ import annotations

import time

from darkfactory.twins.kit.store import Store


class Clock:
    def __init__(self, store: Store) -> None:
        self.store = store

    def now(self) -> float:
        """Seconds since the epoch, as the universe sees them."""
        frozen = self.store.setting("clock.frozen_at")
        if frozen is not None:
            return float(frozen)
        return time.time() + float(self.store.setting("clock.offset", 0.0))

    def freeze(self, at: float | None = None) -> float:
        instant = self.now() if at is None else float(at)
        self.store.set_setting("clock.frozen_at", instant)
        return instant

    def unfreeze(self) -> float:
        """Let time run again from the frozen instant."""
        instant = self.now()
        self.store.set_setting("clock.frozen_at", None)
        self.store.set_setting("clock.offset", instant - time.time())
        return instant

    def advance(self, seconds: float) -> float:
        frozen = self.store.setting("clock.frozen_at")
        if frozen is not None:
            self.store.set_setting("clock.frozen_at", float(frozen) + seconds)
        else:
            self.store.set_setting(
                "clock.offset", self.store.setting("clock.offset", 0.0) + seconds
            )
        return self.now()

    @property
    def frozen(self) -> bool:
        return self.store.setting("clock.frozen_at") is not None

    def state(self) -> dict:
        return {"now": self.now(), "frozen": self.frozen}
