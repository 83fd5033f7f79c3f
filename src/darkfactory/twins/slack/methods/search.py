"""``search.messages``: words, ``in:#channel`` and ``from:@user``, over what the caller may see."""

from __future__ import annotations

import re

from darkfactory.twins.slack.api import SlackCall, SlackError, web_method

MODIFIER = re.compile(r"(in|from):(\S+)")


@web_method("search.messages", scopes="search:read")
def messages(call: SlackCall) -> dict:
    if call.is_bot:
        raise SlackError("not_allowed_token_type")
    query = str(call.require("query", "no_query"))
    state = call.state
    sql = (
        "SELECT m.*, c.name AS channel_name, c.kind, u.name AS username FROM slack_messages m "
        "JOIN slack_channels c ON c.id = m.channel_id LEFT JOIN slack_users u "
        "ON u.id = m.user_id WHERE (m.subtype IS NULL OR m.subtype = 'thread_broadcast')"
    )
    params: list = []
    for kind, value in MODIFIER.findall(query):
        if kind == "in":
            sql += " AND (c.name = ? OR c.id = ?)"
            params += [value.lstrip("#"), value.lstrip("#")]
        else:
            name = value.lstrip("@")
            sql += " AND (u.name = ? OR u.id = ? OR lower(u.email) = lower(?))"
            params += [name, name.strip("<>"), name]
    for word in MODIFIER.sub(" ", query).split():
        sql += " AND m.text LIKE ? ESCAPE '\\'"
        params.append("%" + word.replace("%", r"\%").replace("_", r"\_") + "%")
    ascending = str(call.get("sort_dir", "desc")).lower() == "asc"
    rows = [
        r
        for r in state.db.all(sql + f" ORDER BY m.ts {'ASC' if ascending else 'DESC'}", params)
        if r["kind"] == "public" or state.is_member(r["channel_id"], call.user)
    ]
    count = call.integer("count", 20, lo=1, hi=100)
    page = call.integer("page", 1, lo=1, hi=100)
    chunk = rows[(page - 1) * count : page * count]
    pages = max(1, -(-len(rows) // count))
    base = call.universe.url
    matches = [
        {
            "iid": f"{r['channel_id']}-{r['ts']}",
            "team": state.team()["id"],
            "type": "message",
            "channel": {
                "id": r["channel_id"],
                "name": r["channel_name"],
                "is_private": r["kind"] != "public",
                "is_channel": r["kind"] == "public",
                "is_im": r["kind"] == "im",
                "is_mpim": r["kind"] == "mpim",
            },
            "user": r["user_id"],
            "username": r["username"],
            "ts": r["ts"],
            "text": r["text"],
            "permalink": f"{base}/ui/slack/archives/{r['channel_id']}/p{r['ts'].replace('.', '')}",
        }
        for r in chunk
    ]
    first = (page - 1) * count + 1 if chunk else 0
    return {
        "query": query,
        "messages": {
            "total": len(rows),
            "matches": matches,
            "paging": {"count": count, "total": len(rows), "page": page, "pages": pages},
            "pagination": {
                "total_count": len(rows),
                "page": page,
                "per_page": count,
                "page_count": pages,
                "first": first,
                "last": first + len(chunk) - 1 if chunk else 0,
            },
        },
    }
