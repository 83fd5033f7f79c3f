"""The authenticators a fresh org has, their methods, and which factor each enrollment uses."""

from __future__ import annotations

# key -> (type, name, settings, method types), in the order Okta lists them.
FRESH_ORG = {
    "okta_email": (
        "email",
        "Email",
        {"allowedFor": "any", "tokenLifetimeInMinutes": 5},
        ("email",),
    ),
    "okta_password": ("password", "Password", {"allowedFor": "sso"}, ("password",)),
    "okta_verify": ("app", "Okta Verify", {}, ("push", "totp", "signed_nonce")),
    "phone_number": ("phone", "Phone", {"allowedFor": "any"}, ("sms", "voice")),
    "security_question": (
        "security_question",
        "Security Question",
        {"allowedFor": "recovery"},
        ("security_question",),
    ),
    "google_otp": ("app", "Google Authenticator", {}, ("otp",)),
    "webauthn": ("security_key", "Security Key or Biometric", {}, ("webauthn",)),
}
# Authenticators an admin may add to the org (createAuthenticator): key -> (type, methods).
ADDABLE = {
    "duo": ("app", ("duo",)),
    "custom_app": ("app", ("push",)),
    "external_idp": ("federated", ("idp",)),
    "onprem_mfa": ("security_key", ("otp",)),
    "smart_card_idp": ("security_key", ("cert",)),
    "symantec_vip": ("app", ("otp",)),
    "yubikey_token": ("security_key", ("otp",)),
    "tac": ("tac", ("tac",)),
}
# The authenticator (and method) that a factor of the Factors API enrolls in.
FACTOR_AUTHENTICATORS = {
    ("sms", "OKTA"): ("phone_number", "sms"),
    ("call", "OKTA"): ("phone_number", "voice"),
    ("email", "OKTA"): ("okta_email", "email"),
    ("question", "OKTA"): ("security_question", "security_question"),
    ("token:software:totp", "OKTA"): ("okta_verify", "totp"),
    ("token:software:totp", "GOOGLE"): ("google_otp", "otp"),
    ("push", "OKTA"): ("okta_verify", "push"),
}
# Authenticators every sign-in needs: they cannot be turned off.
REQUIRED = ("okta_password",)
