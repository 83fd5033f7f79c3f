"""Apps from manifests with a configuration token, installed through OAuth, via slack_sdk."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from tests.helpers import eventually

from darkfactory.twins.kit.server import serve_app

REDIRECT = "http://127.0.0.1:9/oauth"


def manifest(name: str, request_url: str | None = None, scopes=("chat:write",)) -> dict:
    settings = {}
    if request_url:
        settings["event_subscriptions"] = {
            "request_url": request_url,
            "bot_events": ["app_mention"],
        }
    return {
        "display_information": {"name": name},
        "features": {"bot_user": {"display_name": name}},
        "oauth_config": {"scopes": {"bot": list(scopes)}, "redirect_urls": [REDIRECT]},
        "settings": settings,
    }


def error_of(call, **kwargs) -> SlackApiError:
    with pytest.raises(SlackApiError) as refused:
        call(**kwargs)
    return refused.value


def test_manifest_app_lifecycle_and_install(universe, slack_credentials):
    api = slack_credentials["api_url"]
    config = WebClient(token=slack_credentials["config_token"], base_url=api)

    async def challenge(request: Request):
        return JSONResponse({"challenge": (await request.json())["challenge"]})

    base, server = serve_app(Starlette(routes=[Route("/events", challenge, methods=["POST"])]))
    try:
        bad = error_of(config.apps_manifest_validate, manifest={"display_information": {}})
        assert bad.response["error"] == "invalid_manifest"
        assert bad.response["errors"][0]["pointer"] == "/display_information/name"
        assert config.apps_manifest_validate(manifest=manifest("Ok"))["ok"]

        created = config.apps_manifest_create(manifest=manifest("Manifested", f"{base}/events"))
        app_id = created["app_id"]
        assert set(created["credentials"]) == {
            "client_id",
            "client_secret",
            "verification_token",
            "signing_secret",
        }
        record = eventually(
            lambda: (
                (
                    r := httpx.get(
                        f"{universe.url}/slack/_apps/{app_id}", headers=universe.admin_headers
                    ).json()["app"]
                )["request_url"]
                and r
            )
        )
        assert record["request_url"] == f"{base}/events" and record["bot_token"] is None
    finally:
        server.should_exit = True

    authorize = created["oauth_authorize_url"]
    assert authorize.startswith(f"{universe.url}/slack/oauth/v2/authorize?")
    params = {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()}
    me = slack_credentials["admin_user_id"]
    back = httpx.post(authorize.split("?")[0], data={**params, "user": me, "decision": "allow"})
    code = parse_qs(urlsplit(back.headers["location"]).query)["code"][0]
    installed = WebClient(base_url=api).oauth_v2_access(
        client_id=created["credentials"]["client_id"],
        client_secret=created["credentials"]["client_secret"],
        code=code,
    )
    bot = WebClient(token=installed["access_token"], base_url=api)
    assert bot.auth_test()["user_id"] == installed["bot_user_id"]
    assert error_of(bot.apps_manifest_export, app_id=app_id).response["error"] == (
        "not_allowed_token_type"
    )
    assert error_of(config.auth_test).response["error"] == "not_allowed_token_type"

    exported = config.apps_manifest_export(app_id=app_id)["manifest"]
    assert exported["display_information"]["name"] == "Manifested"
    grown = manifest("Manifested", scopes=("chat:write", "channels:read"))
    assert config.apps_manifest_update(app_id=app_id, manifest=grown)["permissions_updated"] is True
    assert config.apps_manifest_export(app_id=app_id)["manifest"]["oauth_config"]["scopes"][
        "bot"
    ] == ["chat:write", "channels:read"]

    config.apps_manifest_delete(app_id=app_id)
    assert (
        error_of(config.apps_manifest_export, app_id=app_id).response["error"] == "invalid_app_id"
    )
    assert error_of(bot.auth_test).response["error"] == "invalid_auth"


def test_configuration_tokens_expire_and_rotate(universe, slack_credentials):
    api = slack_credentials["api_url"]
    universe.control("POST", "/clock", json={"freeze": True})
    old = WebClient(token=slack_credentials["config_token"], base_url=api)
    assert old.apps_manifest_validate(manifest=manifest("Fine"))["ok"]
    universe.control("POST", "/clock", json={"advance": 43201})
    assert error_of(old.apps_manifest_validate, manifest=manifest("Fine")).response["error"] == (
        "token_expired"
    )
    rotated = WebClient(base_url=api).tooling_tokens_rotate(
        refresh_token=slack_credentials["config_refresh_token"]
    )
    assert rotated["token"].startswith("xoxe.xoxp-1-") and rotated["exp"] - rotated["iat"] == 43200
    fresh = WebClient(token=rotated["token"], base_url=api)
    assert fresh.apps_manifest_validate(manifest=manifest("Fine"))["ok"]
    reused = error_of(
        WebClient(base_url=api).tooling_tokens_rotate,
        refresh_token=slack_credentials["config_refresh_token"],
    )
    assert reused.response["error"] == "invalid_refresh_token"
