"""``users.*``: people in the workspace, their presence, profiles and conversations."""

from __future__ import annotations

import json

from starlette.responses import Response
from starlette.routing import Route

from darkfactory.twins.kit.operation import Call, operation
from darkfactory.twins.slack import events
from darkfactory.twins.slack.api import SlackCall, SlackError, web_method
from darkfactory.twins.slack.methods.conversations import conversation_types, listed_conversations
from darkfactory.twins.slack.pagination import page

PROFILE_FIELDS = {
    "real_name",
    "display_name",
    "first_name",
    "last_name",
    "title",
    "phone",
    "status_text",
    "status_emoji",
    "status_expiration",
    "pronouns",
    "email",
}


def _with_email(call: SlackCall) -> bool:
    return call.grant.has("users:read.email")


@web_method("users.list", scopes="users:read")
def list_(call: SlackCall) -> dict:
    rows = call.state.db.all("SELECT * FROM slack_users ORDER BY rowid")
    chunk, meta = page(call, rows, default_limit=0)
    return {
        "members": [call.state.user_object(r, _with_email(call)) for r in chunk],
        "cache_ts": int(call.state.now()),
        "response_metadata": meta,
    }


@web_method("users.info", scopes="users:read")
def info(call: SlackCall) -> dict:
    row = call.state.user(call.require("user", "user_not_found"))
    return {"user": call.state.user_object(row, _with_email(call))}


@web_method("users.lookupByEmail", scopes="users:read.email")
def lookup_by_email(call: SlackCall) -> dict:
    email = call.require("email", "users_not_found").lower()
    row = call.state.db.one("SELECT * FROM slack_users WHERE lower(email) = ?", (email,))
    if row is None:
        raise SlackError("users_not_found")
    return {"user": call.state.user_object(row)}


@web_method("users.conversations", scopes=("channels:read", "groups:read", "im:read", "mpim:read"))
def conversations(call: SlackCall) -> dict:
    user_id = call.get("user") or call.user
    call.state.user(user_id)
    kinds = conversation_types(call)
    rows = [
        r
        for r in listed_conversations(call, kinds, member=user_id)
        if call.state.is_member(r["id"], user_id)
        and (r["kind"] == "public" or call.state.is_member(r["id"], call.user))
    ]
    chunk, meta = page(call, rows)
    return {"channels": [call.state.channel_object(r) for r in chunk], "response_metadata": meta}


@web_method("users.getPresence", scopes="users:read")
def get_presence(call: SlackCall) -> dict:
    row = call.state.user(call.get("user") or call.user)
    presence = "away" if row["presence"] == "away" or row["deleted"] else "active"
    answer = {"presence": presence}
    if row["id"] == call.user:
        answer.update(
            {
                "online": presence == "active",
                "auto_away": False,
                "manual_away": row["presence"] == "away",
                "connection_count": 1,
            }
        )
    return answer


@web_method("users.setPresence", scopes="users:write")
def set_presence(call: SlackCall) -> dict:
    presence = call.require("presence")
    if presence not in ("auto", "away"):
        raise SlackError("invalid_presence")
    call.state.db.execute(
        "UPDATE slack_users SET presence = ?, updated = ? WHERE id = ?",
        (presence, call.state.now(), call.user),
    )
    return {}


def _profile(user: dict) -> dict:
    """A person's profile as ``users.profile.*`` answer it: ``fields`` always present."""
    return {"fields": {}, **user["profile"]}


@web_method("users.profile.get", scopes="users.profile:read")
def profile_get(call: SlackCall) -> dict:
    row = call.state.user(call.get("user") or call.user)
    return {"profile": _profile(call.state.user_object(row, _with_email(call)))}


@web_method("users.profile.set", scopes="users.profile:write")
def profile_set(call: SlackCall) -> dict:
    if call.is_bot:
        raise SlackError("not_allowed_token_type")
    target = call.get("user") or call.user
    state = call.state
    row = state.user(target)
    if target != call.user:
        me = state.user(call.user)
        if not me["is_admin"]:
            raise SlackError("not_admin")
        if row["is_owner"] and not me["is_owner"]:
            raise SlackError("cannot_update_admin_user")
    changes = call.structured("profile") or {}
    if not isinstance(changes, dict):
        raise SlackError("invalid_profile")
    if call.get("name"):
        changes[call.get("name")] = call.get("value", "")
    unknown = [k for k in changes if k not in PROFILE_FIELDS and k != "fields"]
    if unknown:
        raise SlackError(
            "invalid_profile",
            response_metadata={"messages": [f"[ERROR] unknown profile field: {unknown[0]}"]},
        )
    if "email" in changes and target == call.user and not row["is_admin"]:
        raise SlackError("cannot_update_email")
    profile = json.loads(row["profile"])
    profile.update(changes)
    real_name = (
        profile.get("real_name")
        or " ".join(p for p in (profile.get("first_name"), profile.get("last_name")) if p)
        or row["real_name"]
    )
    profile["real_name"] = real_name
    state.db.execute(
        "UPDATE slack_users SET profile = ?, real_name = ?, email = ?, updated = ? WHERE id = ?",
        (json.dumps(profile), real_name, profile.get("email", row["email"]), state.now(), target),
    )
    user = state.user_object(state.user(target))
    events.emit(call, {"type": "user_change", "user": user})
    return {"username": user["name"], "profile": _profile(user)}


IMAGE_SIZES = (24, 32, 48, 72, 192, 512, 1024)
MAX_PHOTO = 1024 * 1024 * 10
PHOTO_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif"}
DEFAULT_AVATAR = bytes.fromhex(  # one pixel in Slack's default avatar purple
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63989ff9fc3f00068902efba6993490000000049454e44ae426082"
)


def _set_profile_images(call: SlackCall, version: str | None) -> dict:
    """Point the caller's profile images at their uploaded photo (or back at the default)."""
    state = call.state
    row = state.user(call.user)
    profile = json.loads(row["profile"])
    for size in IMAGE_SIZES:
        profile.pop(f"image_{size}", None)
    profile.pop("image_original", None)
    profile["is_custom_image"] = version is not None
    if version is not None:
        url = f"{call.universe.url}/slack/avatars/{call.user}.png?v={version}"
        profile.update({f"image_{size}": url for size in IMAGE_SIZES})
        profile["image_original"] = url
    state.db.execute(
        "UPDATE slack_users SET profile = ?, updated = ? WHERE id = ?",
        (json.dumps(profile), state.now(), call.user),
    )
    user = state.user_object(state.user(call.user))
    events.emit(call, {"type": "user_change", "user": user})
    return user["profile"]


@web_method("users.setPhoto", scopes="users.profile:write")
def set_photo(call: SlackCall) -> dict:
    if call.is_bot:
        raise SlackError("user_is_bot")
    form = call.call.form
    image = form.get("image") if form is not None else None
    if image is None or isinstance(image, str):
        raise SlackError("invalid_image" if image else "missing_image")
    content = image.file.read()
    if len(content) > MAX_PHOTO:
        raise SlackError("too_large")
    kind = next((t for magic, t in PHOTO_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise SlackError("bad_image")
    now = call.state.now()
    call.state.db.execute(
        "INSERT INTO slack_photos(user_id, content, content_type, updated) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(user_id) DO UPDATE SET content = excluded.content, "
        "content_type = excluded.content_type, updated = excluded.updated",
        (call.user, content, kind, now),
    )
    profile = _set_profile_images(call, str(int(now * 1000)))
    shown = {k: v for k, v in profile.items() if k.startswith("image_") or k == "avatar_hash"}
    return {"profile": shown}


@web_method("users.deletePhoto", scopes="users.profile:write")
def delete_photo(call: SlackCall) -> dict:
    if call.is_bot:
        raise SlackError("user_is_bot")
    call.state.db.execute("DELETE FROM slack_photos WHERE user_id = ?", (call.user,))
    _set_profile_images(call, None)
    return {}


@web_method("users.identity", scopes="identity.basic")
def identity(call: SlackCall) -> dict:
    row = call.state.user(call.user)
    team = call.state.team()
    answer: dict = {"user": {"name": row["real_name"], "id": row["id"]}, "team": {"id": team["id"]}}
    if call.grant.has("identity.email"):
        answer["user"]["email"] = row["email"]
    if call.grant.has("identity.avatar"):
        profile = call.state.user_object(row)["profile"]
        answer["user"].update({f"image_{n}": profile[f"image_{n}"] for n in (24, 32, 48, 72, 192)})
    if call.grant.has("identity.team"):
        answer["team"].update({"name": team["name"], "domain": team["domain"]})
    return answer


@operation("users.avatar")
def avatar(call: Call) -> Response:
    user_id = call.path_params["user_id"]
    photo = call.twin.state.db.one("SELECT * FROM slack_photos WHERE user_id = ?", (user_id,))
    if photo is None:
        return Response(DEFAULT_AVATAR, media_type="image/png")
    return Response(photo["content"], media_type=photo["content_type"])


@web_method("users.discoverableContacts.lookup", scopes="conversations.connect:manage")
def discoverable_contacts_lookup(call: SlackCall) -> dict:
    """Whether someone with this email can be found on Slack: a person of this organization,
    or someone a Slack Connect invitation reached."""
    call.require_scope("team:read")
    email = str(call.require("email")).lower()
    known = call.state.db.one(
        "SELECT 1 FROM slack_users WHERE lower(email) = ? AND deleted = 0 UNION "
        "SELECT 1 FROM slack_connect_invites WHERE lower(recipient_email) = ? "
        "AND status = 'approved'",
        (email, email),
    )
    return {"is_discoverable": known is not None}


def routes() -> list[Route]:
    return [Route("/avatars/{user_id}.png", avatar, methods=["GET"])]
