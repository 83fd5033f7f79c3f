"""The view modes of ``documents.get``: ``suggestionsViewMode`` and ``commentsViewMode``, each
resolved by the caller's access to the file, with Google's rules on combining them."""

from __future__ import annotations

from darkfactory.twins.google.drive.roles import at_least
from darkfactory.twins.google.editors import denied
from darkfactory.twins.google.errors import GoogleError
from darkfactory.twins.kit.operation import Call

SUGGESTIONS = ("SUGGESTIONS_INLINE", "PREVIEW_SUGGESTIONS_ACCEPTED", "PREVIEW_WITHOUT_SUGGESTIONS")
COMMENTS = ("COMMENTS_VIEW_MODE_OMITTED", "COMMENTS_VIEW_MODE_INCLUDED")
DEFAULT_SUGGESTIONS = "DEFAULT_FOR_CURRENT_ACCESS"
DEFAULT_COMMENTS = "COMMENTS_VIEW_MODE_DEFAULT_FOR_CURRENT_ACCESS"
UNSPECIFIED_COMMENTS = "COMMENTS_VIEW_MODE_UNSPECIFIED"


def _bad(message: str) -> GoogleError:
    return GoogleError(400, "badRequest", message)


def _enum(call: Call, name: str, wire: str, kind: str, allowed: tuple[str, ...]) -> str | None:
    asked = call.query.get(name)
    if asked is not None and asked not in allowed:
        raise _bad(
            f"Invalid value at '{wire}' (type.googleapis.com/google.apps.docs.v1.{kind}),"
            f' "{asked}"'
        )
    return asked


def suggestions(call: Call, role: str | None) -> str:
    """The ``suggestionsViewMode`` applied: by default suggestions inline for those who may see
    them (commenters and up), a preview without them for viewers; a viewer asking to see
    suggestions is refused."""
    asked = _enum(
        call,
        "suggestionsViewMode",
        "suggestions_view_mode",
        "SuggestionsViewMode",
        (DEFAULT_SUGGESTIONS, *SUGGESTIONS),
    )
    sees = at_least(role, "commenter")
    if asked in (None, DEFAULT_SUGGESTIONS):
        return SUGGESTIONS[0] if sees else SUGGESTIONS[2]
    if asked != SUGGESTIONS[2] and not sees:
        raise denied()
    return asked


def comments(call: Call, role: str | None, with_tabs: bool) -> str | None:
    """The ``commentsViewMode`` applied, or None when the caller set none. Any mode needs the
    tabs' content; including comments needs suggestions inline asked for explicitly; the
    default mode may not be combined with a preview of suggestions."""
    asked = _enum(
        call,
        "commentsViewMode",
        "comments_view_mode",
        "CommentsViewMode",
        (UNSPECIFIED_COMMENTS, DEFAULT_COMMENTS, *COMMENTS),
    )
    if asked is None:
        return None
    if not with_tabs:
        raise _bad(
            "comments_view_mode requires include_tabs_content to be true or a field mask that"
            " references the tabs field."
        )
    wanted = call.query.get("suggestionsViewMode")
    if asked == COMMENTS[1] and wanted != SUGGESTIONS[0]:
        raise _bad(
            "comments_view_mode COMMENTS_VIEW_MODE_INCLUDED requires suggestions_view_mode to be"
            " set to SUGGESTIONS_INLINE."
        )
    if asked == DEFAULT_COMMENTS and wanted in SUGGESTIONS[1:]:
        raise _bad(
            f"comments_view_mode {DEFAULT_COMMENTS} cannot be combined with suggestions_view_mode"
            f" {wanted}."
        )
    commenter = at_least(role, "commenter")
    if asked == COMMENTS[1] and not commenter:
        raise denied()
    if asked == DEFAULT_COMMENTS:
        return COMMENTS[1] if commenter else COMMENTS[0]
    return COMMENTS[0] if asked == UNSPECIFIED_COMMENTS else asked
