"""An app created in the web UI, installed by slack_bolt's OAuth flow through the consent page."""

from __future__ import annotations

import pytest
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import FileInstallationStore
from slack_sdk.oauth.state_store import FileOAuthStateStore
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from darkfactory.twins.kit.server import serve_app

pytestmark = pytest.mark.browser


def test_bolt_oauth_install_through_the_consent_page(
    universe, browser_page, slack_credentials, tmp_path
):
    bolt: dict[str, SlackRequestHandler] = {}

    async def endpoint(request: Request):
        return await bolt["handler"].handle(request)

    base, server = serve_app(
        Starlette(
            routes=[
                Route("/slack/install", endpoint, methods=["GET"]),
                Route("/slack/oauth_redirect", endpoint, methods=["GET"]),
            ]
        )
    )
    page = browser_page
    page.route("**/platform.slack-edge.com/**", lambda route: route.abort())
    page.goto(f"{universe.url}/ui/slack/apps")
    page.fill("#new-app input[name=name]", "Bolt Installer")
    page.fill("#new-app input[name=scopes]", "chat:write,channels:read")
    page.fill("#new-app input[name=user_scopes]", "search:read")
    page.fill("#new-app input[name=redirect_url]", f"{base}/slack/oauth_redirect")
    page.click("#new-app button[type=submit]")
    row = page.locator("#apps tr", has_text="Bolt Installer")
    row.wait_for()
    client_id = row.locator(".client-id").inner_text()
    client_secret = row.locator(".client-secret").inner_text()

    installations = FileInstallationStore(base_dir=str(tmp_path / "installations"))
    app = App(
        signing_secret=row.locator(".signing-secret").inner_text(),
        client=WebClient(base_url=slack_credentials["api_url"]),
        oauth_settings=OAuthSettings(
            client_id=client_id,
            client_secret=client_secret,
            scopes=["chat:write", "channels:read"],
            user_scopes=["search:read"],
            redirect_uri=f"{base}/slack/oauth_redirect",
            authorization_url=f"{universe.url}/slack/oauth/v2/authorize",
            installation_store=installations,
            state_store=FileOAuthStateStore(
                expiration_seconds=600, base_dir=str(tmp_path / "states")
            ),
        ),
    )
    bolt["handler"] = SlackRequestHandler(app)
    try:
        page.goto(f"{base}/slack/install")
        page.click("a:has(img[alt='Add to Slack'])")
        page.locator("#consent-title", has_text="Bolt Installer").wait_for()
        assert page.locator("#bot-scopes li").all_inner_texts() == ["chat:write", "channels:read"]
        assert page.locator("#user-scopes li").all_inner_texts() == ["search:read"]
        person = next(
            m
            for m in WebClient(
                token=slack_credentials["bot_token"], base_url=slack_credentials["api_url"]
            ).users_list()["members"]
            if not m["is_bot"] and not m["is_admin"]
        )
        page.select_option("#installer", person["id"])
        page.click("#allow")
        page.wait_for_url(f"{base}/slack/oauth_redirect*")
        assert "Thank you!" in page.content()
    finally:
        server.should_exit = True

    installed = installations.find_installation(
        enterprise_id=None, team_id=slack_credentials["team_id"]
    )
    assert installed is not None and installed.user_id == person["id"]
    assert installed.bot_scopes == ["chat:write", "channels:read"]
    bot = WebClient(token=installed.bot_token, base_url=slack_credentials["api_url"])
    assert bot.auth_test()["bot_id"] == installed.bot_id
    user = WebClient(token=installed.user_token, base_url=slack_credentials["api_url"])
    assert user.auth_test()["user_id"] == person["id"]


def test_the_consent_page_cancel_and_an_app_form_error(universe, browser_page):
    page = browser_page
    page.goto(f"{universe.url}/ui/slack/apps")
    page.fill("#new-app input[name=name]", "Greedy")
    page.fill("#new-app input[name=scopes]", "everything:write")
    page.click("#new-app button[type=submit]")
    assert "everything:write" in page.locator("#app-error").inner_text()
    page.fill("#new-app input[name=name]", "Polite")
    page.fill("#new-app input[name=redirect_url]", "http://127.0.0.1:9/back")
    page.click("#new-app button[type=submit]")
    row = page.locator("#apps tr", has_text="Polite")
    row.wait_for()
    page.route("http://127.0.0.1:9/**", lambda route: route.fulfill(body="back at the app"))
    row.locator("a.install").click()
    page.locator("#consent-title", has_text="Polite").wait_for()
    page.click("#cancel")
    page.wait_for_url("http://127.0.0.1:9/back?error=access_denied")
