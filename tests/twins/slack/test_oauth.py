"""OAuth v2 install through the consent page and ``oauth.v2.access`` with slack_sdk."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

REDIRECT = "http://127.0.0.1:9/slack/oauth_redirect"


@pytest.fixture
def oauth_app(universe) -> dict:
    created = httpx.post(
        f"{universe.url}/slack/_apps",
        headers=universe.admin_headers,
        json={"name": "Installer", "redirect_urls": [REDIRECT], "scopes": ["chat:write"]},
    )
    assert created.status_code == 201, created.text
    return created.json()["app"]


def consent(universe, app: dict, decision: str = "allow", **extra) -> dict[str, list[str]]:
    """Press Allow or Cancel on the consent page; the query the browser is sent back with."""
    params = {
        "client_id": app["client_id"],
        "scope": "chat:write,channels:read",
        "user_scope": "search:read",
        "state": "xyz",
        **extra,
    }
    shown = httpx.get(f"{universe.url}/slack/oauth/v2/authorize", params=params)
    assert shown.status_code == 200 and "Installer" in shown.text
    person = universe.credentials["slack"]["admin_user_id"]
    answer = httpx.post(
        f"{universe.url}/slack/oauth/v2/authorize",
        data={**params, "user": person, "decision": decision},
    )
    assert answer.status_code == 302
    location = answer.headers["location"]
    assert location.startswith(extra.get("redirect_uri", REDIRECT))
    return parse_qs(urlsplit(location).query)


def test_a_code_buys_a_bot_and_a_user_token(universe, oauth_app, slack_credentials):
    back = consent(universe, oauth_app)
    assert back["state"] == ["xyz"]
    sdk = WebClient(base_url=slack_credentials["api_url"])
    answer = sdk.oauth_v2_access(
        client_id=oauth_app["client_id"],
        client_secret=oauth_app["client_secret"],
        code=back["code"][0],
    )
    assert answer["access_token"].startswith("xoxb-")
    assert answer["token_type"] == "bot"
    assert answer["scope"] == "chat:write,channels:read"
    assert answer["bot_user_id"] == oauth_app["bot_user_id"]
    assert answer["app_id"] == oauth_app["app_id"]
    assert answer["team"]["id"] == slack_credentials["team_id"]
    user = answer["authed_user"]
    assert user["id"] == slack_credentials["admin_user_id"]
    assert user["access_token"].startswith("xoxp-") and user["scope"] == "search:read"

    bot = WebClient(token=answer["access_token"], base_url=slack_credentials["api_url"])
    assert bot.auth_test()["bot_id"] == oauth_app["bot_id"]
    assert bot.conversations_list()["channels"]
    with pytest.raises(SlackApiError) as refused:
        bot.users_list()
    assert refused.value.response["error"] == "missing_scope"
    person = WebClient(token=user["access_token"], base_url=slack_credentials["api_url"])
    assert person.auth_test()["user_id"] == user["id"]
    assert person.search_messages(query="anything")["ok"]

    with pytest.raises(SlackApiError) as again:
        sdk.oauth_v2_access(
            client_id=oauth_app["client_id"],
            client_secret=oauth_app["client_secret"],
            code=back["code"][0],
        )
    assert again.value.response["error"] == "invalid_code"


def test_client_credentials_codes_and_redirects_are_checked(universe, oauth_app, slack_credentials):
    sdk = WebClient(base_url=slack_credentials["api_url"])
    asked = f"{REDIRECT}?from=test"
    code = consent(universe, oauth_app, redirect_uri=asked)["code"][0]
    good = {"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]}
    attempts = [
        ({**good, "client_id": "1.2"}, {"code": code, "redirect_uri": asked}, "invalid_client_id"),
        (
            {**good, "client_secret": "nope"},
            {"code": code, "redirect_uri": asked},
            "bad_client_secret",
        ),
        (good, {"code": "not-a-code", "redirect_uri": asked}, "invalid_code"),
        (good, {"code": code, "redirect_uri": REDIRECT}, "bad_redirect_uri"),
        (good, {"code": code}, "bad_redirect_uri"),
    ]
    for credentials, args, error in attempts:
        with pytest.raises(SlackApiError) as refused:
            sdk.oauth_v2_access(**credentials, **args)
        assert refused.value.response["error"] == error
    form = httpx.post(
        f"{slack_credentials['api_url']}oauth.v2.access",
        data={**good, "code": code, "redirect_uri": asked},
    ).json()
    assert form["ok"] and form["access_token"].startswith("xoxb-"), "form credentials work too"


def test_the_classic_oauth_access_refuses_a_v2_code(universe, oauth_app, slack_credentials):
    sdk = WebClient(base_url=slack_credentials["api_url"])
    code = consent(universe, oauth_app)["code"][0]
    good = {"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]}
    for credentials, given, error in (
        (good, code, "oauth_authorization_url_mismatch"),
        ({**good, "client_secret": "nope"}, code, "bad_client_secret"),
        (good, "not-a-code", "invalid_code"),
    ):
        with pytest.raises(SlackApiError) as refused:
            sdk.oauth_access(**credentials, code=given)
        assert refused.value.response["error"] == error
    assert sdk.oauth_v2_access(**good, code=code)["ok"], "the refusal left the code unspent"


def test_codes_expire_after_ten_minutes(universe, oauth_app, slack_credentials):
    universe.control("POST", "/clock", json={"freeze": True})
    code = consent(universe, oauth_app)["code"][0]
    universe.control("POST", "/clock", json={"advance": 601})
    with pytest.raises(SlackApiError) as late:
        WebClient(base_url=slack_credentials["api_url"]).oauth_v2_access(
            client_id=oauth_app["client_id"], client_secret=oauth_app["client_secret"], code=code
        )
    assert late.value.response["error"] == "invalid_code"


def test_cancel_and_bad_requests_on_the_consent_page(universe, oauth_app):
    assert consent(universe, oauth_app, decision="cancel") == {
        "error": ["access_denied"],
        "state": ["xyz"],
    }
    page = f"{universe.url}/slack/oauth/v2/authorize"
    for params, error in [
        ({"client_id": "0.0", "scope": "chat:write"}, "invalid_client_id"),
        ({"client_id": oauth_app["client_id"], "scope": "root:all"}, "invalid_scope"),
        (
            {
                "client_id": oauth_app["client_id"],
                "scope": "chat:write",
                "redirect_uri": "http://evil",
            },
            "bad_redirect_uri",
        ),
    ]:
        answer = httpx.get(page, params=params)
        assert answer.status_code == 400 and error in answer.text


def test_uninstall_revokes_every_token_of_the_app(universe, oauth_app, slack_credentials):
    code = consent(universe, oauth_app)["code"][0]
    sdk = WebClient(base_url=slack_credentials["api_url"])
    installed = sdk.oauth_v2_access(
        client_id=oauth_app["client_id"], client_secret=oauth_app["client_secret"], code=code
    )
    bot = WebClient(token=installed["access_token"], base_url=slack_credentials["api_url"])
    assert bot.auth_teams_list()["teams"][0]["id"] == slack_credentials["team_id"]
    with pytest.raises(SlackApiError) as wrong:
        bot.apps_uninstall(client_id=oauth_app["client_id"], client_secret="wrong")
    assert wrong.value.response["error"] == "bad_client_secret"
    other = WebClient(token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"])
    with pytest.raises(SlackApiError) as mismatch:
        other.apps_uninstall(
            client_id=oauth_app["client_id"], client_secret=oauth_app["client_secret"]
        )
    assert mismatch.value.response["error"] == "client_id_token_mismatch"
    assert bot.apps_uninstall(
        client_id=oauth_app["client_id"], client_secret=oauth_app["client_secret"]
    )["ok"]
    for token in (installed["access_token"], installed["authed_user"]["access_token"]):
        with pytest.raises(SlackApiError) as gone:
            WebClient(token=token, base_url=slack_credentials["api_url"]).auth_test()
        assert gone.value.response["error"] == "invalid_auth"
    assert WebClient(
        token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"]
    ).bots_info(bot=oauth_app["bot_id"])["bot"]["deleted"]


def test_token_rotation_exchange_expiry_and_refresh(universe, oauth_app, slack_credentials):
    sdk = WebClient(base_url=slack_credentials["api_url"])
    client = {"client_id": oauth_app["client_id"], "client_secret": oauth_app["client_secret"]}
    universe.control("POST", "/clock", json={"freeze": True})
    rotated = sdk.oauth_v2_exchange(token=oauth_app["bot_token"], **client)
    assert rotated["access_token"].startswith("xoxe.xoxb-") and rotated["expires_in"] == 43200
    assert rotated["refresh_token"].startswith("xoxe-1-")
    with pytest.raises(SlackApiError) as old:
        WebClient(token=oauth_app["bot_token"], base_url=slack_credentials["api_url"]).auth_test()
    assert old.value.response["error"] == "invalid_auth"
    bot = WebClient(token=rotated["access_token"], base_url=slack_credentials["api_url"])
    assert bot.auth_test()["bot_id"] == oauth_app["bot_id"]
    with pytest.raises(SlackApiError) as twice:
        sdk.oauth_v2_exchange(token=rotated["access_token"], **client)
    assert twice.value.response["error"] == "token_already_rotated"
    with pytest.raises(SlackApiError) as as_api_token:
        WebClient(token=rotated["refresh_token"], base_url=slack_credentials["api_url"]).auth_test()
    assert as_api_token.value.response["error"] == "invalid_auth"

    universe.control("POST", "/clock", json={"advance": 43201})
    with pytest.raises(SlackApiError) as expired:
        bot.auth_test()
    assert expired.value.response["error"] == "token_expired"
    fresh = sdk.oauth_v2_access(
        grant_type="refresh_token", refresh_token=rotated["refresh_token"], **client
    )
    assert fresh["scope"] == rotated["scope"] and fresh["refresh_token"] != rotated["refresh_token"]
    again = WebClient(token=fresh["access_token"], base_url=slack_credentials["api_url"])
    assert again.auth_test()["user_id"] == oauth_app["bot_user_id"]
    with pytest.raises(SlackApiError) as reused:
        sdk.oauth_v2_access(
            grant_type="refresh_token", refresh_token=rotated["refresh_token"], **client
        )
    assert reused.value.response["error"] == "invalid_refresh_token"


def test_sign_in_with_slack(universe, oauth_app, slack_credentials):
    params = {
        "response_type": "code",
        "scope": "openid email profile",
        "client_id": oauth_app["client_id"],
        "state": "s-1",
        "nonce": "n-42",
        "redirect_uri": REDIRECT,
    }
    page = f"{universe.url}/slack/openid/connect/authorize"
    assert httpx.get(page, params=params).status_code == 200
    me = slack_credentials["admin_user_id"]
    back = httpx.post(page, data={**params, "user": me, "decision": "allow"})
    code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
    sdk = WebClient(base_url=slack_credentials["api_url"])
    answer = sdk.openid_connect_token(
        client_id=oauth_app["client_id"],
        client_secret=oauth_app["client_secret"],
        code=code,
        redirect_uri=REDIRECT,
    )
    assert answer["token_type"] == "Bearer" and answer["access_token"].startswith("xoxp-")
    keys = jwt.PyJWKClient(f"{universe.url}/slack/openid/connect/keys")
    signing = keys.get_signing_key_from_jwt(answer["id_token"])
    claims = jwt.decode(
        answer["id_token"], signing.key, algorithms=["RS256"], audience=oauth_app["client_id"]
    )
    assert claims["sub"] == me and claims["nonce"] == "n-42"
    assert claims["email"] == "admin@example.com" and claims["name"] == "Ada Admin"
    assert claims["https://slack.com/team_id"] == slack_credentials["team_id"]
    person = WebClient(token=answer["access_token"], base_url=slack_credentials["api_url"])
    info = person.openid_connect_userInfo()
    assert info["sub"] == me and info["email"] == "admin@example.com"
    with pytest.raises(SlackApiError) as scoped:
        WebClient(
            token=slack_credentials["user_token"], base_url=slack_credentials["api_url"]
        ).openid_connect_userInfo()
    assert scoped.value.response["error"] == "missing_scope"
    with pytest.raises(SlackApiError) as plain:
        sdk.openid_connect_token(
            client_id=oauth_app["client_id"],
            client_secret=oauth_app["client_secret"],
            code=consent(universe, oauth_app)["code"][0],
        )
    assert plain.value.response["error"] == "invalid_code", "an install code is not a sign-in"
    no_openid = httpx.get(page, params={**params, "scope": "email"})
    assert no_openid.status_code == 400 and "openid is required" in no_openid.text


def test_credentials_still_answer_once_the_seeded_app_is_uninstalled(universe, slack_credentials):
    apps = httpx.get(f"{universe.url}/slack/_apps", headers=universe.admin_headers).json()["apps"]
    seeded = next(a for a in apps if a["bot_user_id"] == slack_credentials["bot_user_id"])
    record = httpx.get(
        f"{universe.url}/slack/_apps/{seeded['app_id']}", headers=universe.admin_headers
    ).json()["app"]
    bot = WebClient(token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"])
    bot.apps_uninstall(client_id=record["client_id"], client_secret=record["client_secret"])
    assert universe.credentials["slack"]["bot_token"] is None
    assert (
        httpx.get(
            f"{universe.url}/slack/_apps/{seeded['app_id']}", headers=universe.admin_headers
        ).json()["app"]["bot_token"]
        is None
    )
