"""``team.*``: the workspace itself."""

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method


@web_method("team.info", scopes="team:read")
def info(call: SlackCall) -> dict:
    team = call.state.team()
    if call.get("team") not in (None, team["id"]):
        raise SlackError("team_not_found")
    return {
        "team": {
            "id": team["id"],
            "name": team["name"],
            "domain": team["domain"],
            "email_domain": team["email_domain"],
            "url": f"{call.universe.url}/slack/",
            "is_verified": False,
            "enterprise_id": team["enterprise_id"],
            "icon": {"image_default": True, "image_68": f"{call.universe.url}/ui/static/team.png"},
        }
    }
