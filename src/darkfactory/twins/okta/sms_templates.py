"""SMS templates: ``/api/v1/templates/sms``, the text of verification codes sent by SMS, with
translations per language; each text carries ``${code}`` and fits one 160-character message."""

from __future__ import annotations

import re

from starlette.routing import Route

from darkfactory.twins.kit.operation import Call
from darkfactory.twins.okta import resources
from darkfactory.twins.okta.errors import validation

TYPES = ("SMS_VERIFY_CODE",)
LANGUAGE = re.compile(r"^[a-z]{2}$")


def _text(field: str, text) -> str:
    if not isinstance(text, str) or "${code}" not in text:
        raise validation(field, f"{field}: The template must contain ${{code}}")
    if len(text) > 160:
        raise validation(field, f"{field}: The template cannot be longer than 160 characters")
    return text


def _clean(call: Call, payload: dict, own_id: str | None) -> dict:
    name, template_type = payload.get("name"), payload.get("type")
    if not name or not isinstance(name, str):
        raise validation("name", "name: The field cannot be left blank")
    if template_type not in TYPES:
        raise validation("type", f"type: must be one of {', '.join(TYPES)}")
    translations = payload.get("translations") or {}
    if not isinstance(translations, dict) or not all(LANGUAGE.match(k) for k in translations):
        raise validation("translations", "translations: Keys must be ISO 639-1 language codes")
    return {
        "name": name,
        "type": template_type,
        "template": _text("template", payload.get("template")),
        "translations": {k: _text(f"translations.{k}", v) for k, v in translations.items()},
    }


KIND = resources.Kind(
    name="SmsTemplate",
    path="/api/v1/templates/sms",
    id_param="templateId",
    prefix="cst",
    scope="okta.templates",
    event="system.sms_template",
    clean=_clean,
    paged=False,
    lifecycle=False,
    listed=lambda call, document: call.query.get("templateType") in (None, document["type"]),
)


def routes() -> list[Route]:
    return resources.routes(
        KIND,
        {
            "create": "createSmsTemplate",
            "list": "listSmsTemplates",
            "get": "getSmsTemplate",
            "replace": "replaceSmsTemplate",
            "update": "updateSmsTemplate",
            "delete": "deleteSmsTemplate",
        },
    )
