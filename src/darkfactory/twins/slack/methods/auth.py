"""``auth.*``: who a token is, the workspaces it reaches, and revoking it."""

from darkfactory.twins.slack.api import SlackCall, web_method


@web_method("auth.test")
def test(call: SlackCall) -> dict:
    state = call.state
    team = state.team()
    user = state.user(call.user)
    answer = {
        "url": f"{call.universe.url}/slack/",
        "team": team["name"],
        "user": user["name"],
        "team_id": team["id"],
        "user_id": user["id"],
        "is_enterprise_install": False,
    }
    if call.is_bot:
        answer["bot_id"] = call.grant.meta.get("bot_id")
    return answer


@web_method("auth.revoke")
def revoke(call: SlackCall) -> dict:
    if call.flag("test"):
        return {"revoked": False}
    return {"revoked": call.universe.tokens.revoke("slack", call.grant.token)}


@web_method("auth.teams.list")
def teams_list(call: SlackCall) -> dict:
    team = call.state.team()
    teams = [{"id": team["id"], "name": team["name"]}]
    if call.flag("include_icon"):
        teams[0]["icon"] = {"image_default": True}
    return {"teams": teams, "response_metadata": {"next_cursor": ""}}
