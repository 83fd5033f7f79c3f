"""IdP signing keys and CSRs: ``/api/v1/idps/{idpId}/credentials``, the keys Okta signs requests
to an IdP with (``credential_keys``)."""

from __future__ import annotations

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import credential_keys, resources
from darkfactory.twins.okta.identity_providers.operations import KIND


def _idp(call: Call, idp_id: str) -> tuple[str, str]:
    idp = resources.document(call, KIND, idp_id)
    return idp["id"], idp["document"]["name"]


OWNER = credential_keys.Owner(
    param="idpId",
    base="/api/v1/idps/{idpId}",
    scope="okta.idps",
    clone_target="targetIdpId",
    load=_idp,
    key_kind="IdpSigningKey",
    csr_kind="IdpCsr",
    operations={
        "list": "listIdentityProviderSigningKeys",
        "generate": "generateIdentityProviderSigningKey",
        "active": "listActiveIdentityProviderSigningKey",
        "get": "getIdentityProviderSigningKey",
        "clone": "cloneIdentityProviderKey",
        "list_csrs": "listCsrsForIdentityProvider",
        "generate_csr": "generateCsrForIdentityProvider",
        "get_csr": "getCsrForIdentityProvider",
        "revoke_csr": "revokeCsrForIdentityProvider",
        "publish_csr": "publishCsrForIdentityProvider",
    },
)


def routes() -> list[Route]:
    return credential_keys.routes(OWNER)
