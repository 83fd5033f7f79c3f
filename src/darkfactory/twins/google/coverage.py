"""The Google twin's coverage: the Drive v3 and v2, Sheets v4, Docs v1, OAuth2 v2 and Admin SDK
Directory v1 discovery documents' methods, the OAuth endpoints Google's OpenID configuration
names, and the request kinds of ``spreadsheets.batchUpdate`` and ``documents.batchUpdate``,
against what the twin serves.

A method counts as implemented when a route's operation carries its operation name (the
discovery id, with the version for Drive v2: ``drive.v2.files.insert``); a request kind counts
when the area that owns it lists it in ``BATCH_UPDATE_REQUESTS`` (e.g.
``sheets.BATCH_UPDATE_REQUESTS = ("addSheet", ...)``), shown as ``sheets.batchUpdate.addSheet``.
"""

from __future__ import annotations

from darkfactory.twins.google import areas, discovery, oauth

TITLE = "Google Workspace APIs coverage"
PACKAGE = "google-api-python-client"  # the distribution the operation list is read from
SOURCE = (
    "the discovery documents shipped in google-api-python-client (drive v3 and v2, sheets v4, "
    "docs v1, oauth2 v2, admin directory_v1), the token, revocation and userinfo endpoints of "
    "Google's OpenID configuration, and the batchUpdate `Request` kinds"
)
OAUTH_ENDPOINTS = ("oauth2.token", "oauth2.revoke", "oauth2.openid.userinfo")
REQUEST_SCHEMAS = {"sheets": ("v4", "Request"), "docs": ("v1", "Request")}


def _request_kinds() -> list[str]:
    kinds = []
    for api, (version, schema) in REQUEST_SCHEMAS.items():
        properties = discovery.document(api, version)["schemas"][schema]["properties"]
        kinds += [f"{api}.batchUpdate.{kind}" for kind in properties]
    return kinds


def operations() -> list[str]:
    methods = [m for api, version in discovery.APIS for m in discovery.method_ids(api, version)]
    return methods + list(OAUTH_ENDPOINTS) + _request_kinds()


def implemented() -> list[str]:
    names = set()
    for area in areas():
        for route in area.routes():
            names.add(getattr(route.endpoint, "operation", ""))
        area_name = area.__name__.rsplit(".", 1)[-1]
        kinds = getattr(area, "BATCH_UPDATE_REQUESTS", ())
        names.update(f"{area_name}.batchUpdate.{kind}" for kind in kinds)
    served = {getattr(route.endpoint, "operation", "") for route in oauth.routes()}
    names.update(served & {*discovery.method_ids("oauth2", "v2"), *OAUTH_ENDPOINTS})
    return sorted(names - {""})


def family(operation: str) -> str:
    return operation.rsplit(".", 1)[0]
