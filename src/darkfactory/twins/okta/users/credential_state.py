"""Users' credentials: password changes under the password policy, history, recovery question.

No HTTP here. Mixed into ``OktaState``; the passwords themselves live on ``okta_users``.
"""

from __future__ import annotations

import json

from darkfactory.twins.okta.errors import OktaError, not_allowed, validation
from darkfactory.twins.okta.policies.enforcement import password_settings
from darkfactory.twins.okta.users import password_policy


def credentials_failed(cause: str) -> OktaError:
    return OktaError("E0000014", 403, "Update of credentials failed", [cause])


class CredentialState:
    """Mixed into ``OktaState``: password policy and history, the recovery question."""

    def _credentials(self, user_id: str):
        self.db.execute("INSERT OR IGNORE INTO okta_credentials(user_id) VALUES (?)", (user_id,))
        return self.db.one("SELECT * FROM okta_credentials WHERE user_id = ?", (user_id,))

    def set_password(self, user_id: str, password: str, policy: bool = True) -> None:
        """Store ``password``, checked against the user's password policy (unless Okta
        generated it)."""
        user = self.user(user_id)
        history = json.loads(self._credentials(user["id"])["history"])
        settings = password_settings(self.db, user["id"])
        if policy:
            changed = user["password_changed"]
            age = None if changed is None else (self.now() - changed) / 60
            password_policy.check(password, user["login"], history, settings, age)
        kept = max(password_policy.history_count(settings), 1)
        if user["password"]:
            history = [*history, user["password"]][-kept:]
        self.db.execute(
            "UPDATE okta_users SET password = ?, password_changed = ? WHERE id = ?",
            (password, self.now(), user["id"]),
        )
        self.db.execute(
            "UPDATE okta_credentials SET history = ? WHERE user_id = ?",
            (json.dumps(history), user["id"]),
        )

    def recovery_question(self, user_id: str) -> tuple[str | None, str | None]:
        row = self._credentials(user_id)
        return row["recovery_question"], row["recovery_answer"]

    def set_recovery_question(self, user_id: str, question: str, answer: str) -> None:
        if not question:
            raise validation("recovery_question", "question: The field cannot be left blank")
        if len(answer or "") < 4:
            raise validation(
                "recovery_question",
                "answer: The recovery question answer must be at least 4 characters in length",
            )
        self._credentials(user_id)
        self.db.execute(
            "UPDATE okta_credentials SET recovery_question = ?, recovery_answer = ?"
            " WHERE user_id = ?",
            (question, answer.casefold(), user_id),
        )

    def check_current_password(self, user: dict, password: str | None, field: str) -> None:
        if user["status"] not in ("ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "LOCKED_OUT"):
            raise not_allowed()
        if not password or password != user["password"]:
            raise credentials_failed(f"{field}: The credentials provided were incorrect.")

    def change_password(self, user_id: str, old: str | None, new: str, actor: dict) -> dict:
        """The user's own change: the old password proves it; an expired one becomes ACTIVE."""
        user = self.user(user_id)
        self.check_current_password(user, old, "oldPassword")
        self.set_password(user["id"], new)
        self._password_updated(user, actor)
        return self.user(user["id"])

    def recover_password(self, user_id: str, answer: str | None, new: str, actor: dict) -> dict:
        """Forgot password: the recovery answer proves the user; the new password is set."""
        user = self.user(user_id)
        if user["status"] not in ("ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "LOCKED_OUT"):
            raise not_allowed()
        _, expected = self.recovery_question(user["id"])
        if expected is None or (answer or "").casefold() != expected:
            raise OktaError(
                "E0000087", 403, "The recovery question answer did not match our records."
            )
        self.set_password(user["id"], new)
        self._password_updated(user, actor)
        return self.user(user["id"])

    def _password_updated(self, user: dict, actor: dict) -> None:
        event = ("user.account.update_password", "User update password for Okta", actor)
        if user["status"] in ("PASSWORD_EXPIRED", "RECOVERY"):
            self._move(user, "ACTIVE", *event)
        else:
            self.log(*event, self.user_target(user["id"]))
