"""App signing keys and CSRs: ``/api/v1/apps/{appId}/credentials``, the keys an app's SAML or
WS-Fed assertions are signed with (``okta.credential_keys``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import credential_keys
from darkfactory.twins.okta.state import state_of


def _app(call: Call, app_id: str) -> tuple[str, str]:
    app = state_of(call).app(app_id)
    return app["id"], app["label"]


OWNER = credential_keys.Owner(
    param="appId",
    base="/api/v1/apps/{appId}",
    scope="okta.apps",
    clone_target="targetAid",
    load=_app,
    key_kind="AppSigningKey",
    csr_kind="AppCsr",
    generated_status=201,
    operations={
        "list": "listApplicationKeys",
        "generate": "generateApplicationKey",
        "get": "getApplicationKey",
        "clone": "cloneApplicationKey",
        "list_csrs": "listCsrsForApplication",
        "generate_csr": "generateCsrForApplication",
        "get_csr": "getCsrForApplication",
        "revoke_csr": "revokeCsrFromApplication",
        "publish_csr": "publishCsrFromApplication",
    },
)


def routes() -> list[Route]:
    return credential_keys.routes(OWNER)
