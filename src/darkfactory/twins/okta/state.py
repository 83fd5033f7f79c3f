"""Okta org state: the families' state mixed into one ``OktaState``, and the System Log."""

from __future__ import annotations

import json

from darkfactory.twins.kit.ids import MIXED_ALNUM
from darkfactory.twins.kit.state import TwinState
from darkfactory.twins.okta.apps.state import AppState
from darkfactory.twins.okta.groups.state import GroupState
from darkfactory.twins.okta.roles.state import RoleState
from darkfactory.twins.okta.users.credential_state import CredentialState
from darkfactory.twins.okta.users.state import UserState


def state_of(call) -> OktaState:
    return call.twin.state


class OktaState(TwinState, UserState, GroupState, AppState, CredentialState, RoleState):
    def new_id(self, prefix: str) -> str:
        """Okta ids: 20 characters, a two-letter kind prefix then a ``0g4``-style tail."""
        return prefix + self.universe.ids.token(f"okta.{prefix}", 17, MIXED_ALNUM)

    def org_id(self) -> str:
        """The org's own id (``00o...``), fixed by the universe's seed."""
        return "00o" + self.universe.ids.derive("okta.org", 17, MIXED_ALNUM)

    # -- System Log -----------------------------------------------------------------------------
    def log(
        self,
        event_type: str,
        message: str,
        actor: dict | None,
        *targets: dict,
        outcome: str = "SUCCESS",
    ) -> str:
        uuid = self.universe.ids.token("okta.log", 32, "0123456789abcdef")
        uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:]}"
        self.db.execute(
            "INSERT INTO okta_logs(uuid, published, event_type, display_message, outcome, actor,"
            " target) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                uuid,
                self.now(),
                event_type,
                message,
                outcome,
                json.dumps(
                    actor
                    or {
                        "id": "system",
                        "type": "SystemPrincipal",
                        "alternateId": "system@okta.com",
                        "displayName": "Okta System",
                    }
                ),
                json.dumps(list(targets)),
            ),
        )
        return uuid
