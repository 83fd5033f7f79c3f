"""User credentials through the okta SDK: password policy and history, recovery question, blocks."""

from __future__ import annotations

from okta.models import ChangePasswordRequest, CreateUserRequest, UserCredentials

PASSWORD = "Sup3r-Secret!"


async def make_user(client, login: str = "cred.user@example.com", **credentials):
    body = {
        "profile": {"login": login, "email": login, "firstName": "Cred", "lastName": "User"},
        "credentials": {"password": {"value": PASSWORD}, **credentials},
    }
    user, _, err = await client.create_user(CreateUserRequest.from_dict(body))
    assert err is None
    return user


def change(old: str, new: str) -> ChangePasswordRequest:
    return ChangePasswordRequest.from_dict(
        {"oldPassword": {"value": old}, "newPassword": {"value": new}}
    )


def causes(err) -> list[str]:
    return [c["errorSummary"] for c in err.error_causes]


async def test_creating_a_user_applies_the_password_policy(okta_client):
    for weak in ("short1A", "alllowercase1", "NoDigitsHere", "Cred.User.Cred1"):
        body = {
            "profile": {
                "login": "cred.user@example.com",
                "email": "cred.user@example.com",
                "firstName": "Cred",
                "lastName": "User",
            },
            "credentials": {"password": {"value": weak}},
        }
        _, _, err = await okta_client.create_user(CreateUserRequest.from_dict(body))
        assert err.status == 400 and err.error_code == "E0000001", weak
        assert "Password requirements were not met" in causes(err)[0]


async def test_change_password_checks_the_old_one_and_the_history(okta_client):
    user = await make_user(okta_client)
    _, _, err = await okta_client.change_password(user.id, change("Wrong-Passw0rd", "N3w-Secret!"))
    assert err.status == 403 and err.error_code == "E0000014"
    assert causes(err) == ["oldPassword: The credentials provided were incorrect."]
    _, _, err = await okta_client.change_password(user.id, change(PASSWORD, "weak"))
    assert err.status == 400 and "Password requirements" in causes(err)[0]

    creds, _, err = await okta_client.change_password(user.id, change(PASSWORD, "N3w-Secret!"))
    assert err is None and creds.provider.type.value == "OKTA"
    # The previous password is in the history and cannot come back.
    _, _, err = await okta_client.change_password(user.id, change("N3w-Secret!", PASSWORD))
    assert err.status == 400 and "last 4 passwords" in causes(err)[0]
    events, _, _ = await okta_client.list_log_events(
        filter='eventType eq "user.account.update_password"'
    )
    assert [e.target[0].id for e in events] == [user.id]


async def test_changing_an_expired_password_reactivates_the_user(okta_client):
    user = await make_user(okta_client)
    await okta_client.expire_password(user.id)
    _, _, err = await okta_client.change_password(user.id, change(PASSWORD, "Fresh-Passw0rd"))
    assert err is None
    again, _, _ = await okta_client.get_user(user.id)
    assert again.status.value == "ACTIVE"


async def test_recovery_question_and_forgot_password(okta_client):
    user = await make_user(okta_client)
    url, _, err = await okta_client.forgot_password(user.id, send_email=False)
    assert err is None and "/signin/reset-password/" in url.reset_password_url

    # No recovery question yet: the answer cannot match.
    recover = UserCredentials.from_dict(
        {"password": {"value": "Rec0vered-Pass"}, "recovery_question": {"answer": "Tabby cat"}}
    )
    _, _, err = await okta_client.forgot_password_set_new_password(user.id, recover)
    assert err.status == 403 and err.error_code == "E0000087"

    question = UserCredentials.from_dict(
        {
            "password": {"value": "Wrong-Passw0rd"},
            "recovery_question": {"question": "First pet?", "answer": "Tabby cat"},
        }
    )
    _, _, err = await okta_client.change_recovery_question(user.id, question)
    assert err.status == 403 and err.error_code == "E0000014"
    question.password.value = PASSWORD
    creds, _, err = await okta_client.change_recovery_question(user.id, question)
    assert err is None and creds.recovery_question.question == "First pet?"
    got, _, _ = await okta_client.get_user(user.id)
    assert got.credentials.recovery_question.question == "First pet?"
    assert got.credentials.recovery_question.answer is None  # never echoed

    recover.recovery_question.answer = "TABBY CAT"
    _, _, err = await okta_client.forgot_password_set_new_password(user.id, recover)
    assert err is None
    _, _, err = await okta_client.change_password(user.id, change("Rec0vered-Pass", "An0ther-One!"))
    assert err is None


async def test_a_locked_out_user_is_blocked_until_unlocked(okta_client, universe):
    user = await make_user(okta_client)
    blocks, _, err = await okta_client.list_user_blocks(user.id)
    assert err is None and blocks == []

    def lock_out():
        with universe.universe.store.transaction():
            universe.universe.twins["okta"].state.lock_out(user.id)

    universe.call(lock_out)
    blocks, _, _ = await okta_client.list_user_blocks(user.id)
    assert [(b.type, b.applies_to) for b in blocks] == [("DEVICE_BASED", "ANY_DEVICES")]
    await okta_client.unlock_user(user.id)
    blocks, _, _ = await okta_client.list_user_blocks(user.id)
    assert blocks == []
