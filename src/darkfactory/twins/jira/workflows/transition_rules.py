"""Workflow transition rules as Jira runs them: conditions decide whether a user is offered a
transition, validators check the issue before it moves, post functions change it afterwards.

Rules arrive with a transition of ``createWorkflow`` (``rules.conditions`` as a list or as a tree
of ``operator``/``conditions``, ``rules.validators``, ``rules.postFunctions``) in the shapes of
Jira's REST documentation. A rule type this site does not run is refused when the workflow is
created, never silently ignored. The twin has no transition screens, so every field is in a
validator's context (``ignoreContext`` changes nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from darkfactory.twins.jira import adf, values
from darkfactory.twins.jira.errors import bad_request

Rule = dict[str, Any]
# Jira's own post functions, which the twin's transitions always do anyway.
BUILT_IN_FUNCTIONS = {
    "UpdateIssueStatusFunction",
    "CreateCommentFunction",
    "GenerateChangeHistoryFunction",
    "IssueReindexFunction",
    "FireIssueEventFunction",
    "IssueStoreFunction",
    "IssueCreateFunction",
}


def _config(rule: Rule) -> dict:
    return rule.get("configuration") or {}


def _id(ref: Any) -> str:
    return str(ref.get("id") if isinstance(ref, dict) else ref)


def _text(stored: Any) -> str:
    """A stored value as a STRING comparison sees it (ids for references, joined lists)."""
    if stored is None:
        return ""
    if isinstance(stored, list):
        return ", ".join(str(v) for v in stored)
    return str(stored)


def _empty(value: Any) -> bool:
    return value in (None, "", [], {}) or (
        isinstance(value, dict) and value.get("type") == "doc" and not values.has_text(value)
    )


def statuses_held(state, issue: dict) -> list[str]:
    """The statuses ``issue`` has been in, oldest first, ending with the current one."""
    moves = [
        item
        for entry in state.history(issue)
        for item in entry["items"]
        if item["fieldId"] == "status"
    ]
    held = [str(moves[0]["from"])] if moves else []
    return [*held, *(str(m["to"]) for m in moves)] or [issue["fields"]["status"]]


def _held_before(state, issue: dict, config: dict, include_current: bool) -> bool:
    wanted = _id(config.get("previousStatus"))
    held = statuses_held(state, issue)
    earlier = held if include_current else held[:-1]
    if config.get("mostRecentStatusOnly"):
        earlier = earlier[-1:]
    return wanted in earlier


# -- conditions: (state, actor, project, issue, configuration) -> bool -----------------------------
def _previous_status(state, actor, project, issue, config) -> bool:
    found = _held_before(state, issue, config, bool(config.get("includeCurrentStatus")))
    return found != bool(config.get("reverseCondition"))


def _value_field(state, actor, project, issue, config) -> bool:
    stored = issue["fields"].get(config.get("fieldId", ""))
    expected = config.get("fieldValue")
    comparator = config.get("comparator", "=")
    if comparator == "!=" and expected in (None, ""):
        return not _empty(stored)
    if config.get("comparisonType") == "NUMBER":
        try:
            left, right = float(stored), float(expected)
        except (TypeError, ValueError):
            return False
    else:
        left, right = _text(stored), str(expected)
    return COMPARATORS.get(comparator, COMPARATORS["="])(left, right)


COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}
CONDITIONS: dict[str, Callable[..., bool]] = {
    "AlwaysFalseCondition": lambda *_: False,
    "PermissionCondition": lambda s, a, p, i, c: s.may(a, c.get("permissionKey", ""), p, i),
    "UserInGroupCondition": lambda s, a, p, i, c: s.in_group(a, c.get("group", "")),
    "UserInAnyGroupCondition": lambda s, a, p, i, c: any(
        s.in_group(a, g) for g in c.get("groups") or []
    ),
    "InProjectRoleCondition": lambda s, a, p, i, c: s.plays_role(a, p, _id(c.get("projectRole"))),
    "InAnyProjectRoleCondition": lambda s, a, p, i, c: any(
        s.plays_role(a, p, _id(r)) for r in c.get("projectRoles") or []
    ),
    "AllowOnlyAssignee": lambda s, a, p, i, c: i["fields"].get("assignee") == a,
    "AllowOnlyReporter": lambda s, a, p, i, c: i["fields"].get("reporter") == a,
    "PreviousStatusCondition": _previous_status,
    "ValueFieldCondition": _value_field,
}


# -- validators: (state, actor, project, issue, fields after) -> None, or raise ------------------
def _fields_required(state, actor, project, issue, after, config) -> None:
    missing = [
        f for f in config.get("fieldIds") or config.get("fields") or [] if _empty(after.get(f))
    ]
    if not missing:
        return
    if config.get("errorMessage"):
        raise bad_request(config["errorMessage"])
    names = {f: (state.field(f) or {"name": f})["name"] for f in missing}
    raise bad_request(errors={f: f"{name} is required." for f, name in names.items()})


def _permission(state, actor, project, issue, after, config) -> None:
    key = config.get("permissionKey", "")
    if not state.may(actor, key, project, issue):
        raise bad_request(f"You don't have the '{key}' permission this transition requires.")


def _regexp(state, actor, project, issue, after, config) -> None:
    field_id = config.get("fieldId", "")
    text = after.get(field_id)
    text = adf.to_text(text) if isinstance(text, dict) else str(text or "")
    if not re.search(config.get("regExp", ""), text):
        name = (state.field(field_id) or {"name": field_id})["name"]
        raise bad_request(
            errors={field_id: f"{name} does not match the expression {config.get('regExp')}."}
        )


def _previous_status_held(state, actor, project, issue, after, config) -> None:
    if not _held_before(state, issue, config, include_current=True):
        status = state.status(_id(config.get("previousStatus")))["name"]
        raise bad_request(f"The issue has never been in status '{status}'.")


def _field_changed(state, actor, project, issue, after, config) -> None:
    field_id = config.get("fieldId", "")
    if any(state.in_group(actor, g) for g in config.get("exemptedGroups") or []):
        return
    before = None if field_id == "comment" else issue["fields"].get(field_id)
    changed = not values.same(before, after.get(field_id))
    if not changed:
        name = (state.field(field_id) or {"name": field_id})["name"]
        raise bad_request(config.get("errorMessage") or f"{name} must be changed.")


VALIDATORS: dict[str, Callable[..., None]] = {
    "FieldRequiredValidator": _fields_required,
    "PermissionValidator": _permission,
    "RegexpFieldValidator": _regexp,
    "PreviousStatusValidator": _previous_status_held,
    "FieldChangedValidator": _field_changed,
}

# -- post functions: (state, actor, project, issue, configuration) -> field changes ---------------
POST_FUNCTIONS: dict[str, Callable[..., dict]] = {
    "AssignToCurrentUserFunction": lambda s, a, p, i, c: {"assignee": a},
    "AssignToReporterFunction": lambda s, a, p, i, c: {"assignee": i["fields"].get("reporter")},
    "AssignToLeadFunction": lambda s, a, p, i, c: {"assignee": p["lead"]},
    "ClearFieldValueFunction": lambda s, a, p, i, c: {c.get("fieldId", ""): None},
    "UpdateIssueFieldFunction": lambda s, a, p, i, c: {c.get("fieldId", ""): c.get("fieldValue")},
    **{name: lambda *_: {} for name in BUILT_IN_FUNCTIONS},
}


# -- workflows ------------------------------------------------------------------------------------
def read_rules(name: str, raw: Any) -> dict:
    """A transition's ``rules`` checked and normalised (conditions as one AND/OR tree)."""
    raw = raw if isinstance(raw, dict) else {}
    conditions = raw.get("conditions") or {}
    if isinstance(conditions, list):
        conditions = {"operator": "AND", "conditions": conditions}
    rules = {
        "conditions": _read_condition(name, conditions),
        "validators": [
            _known(name, v, VALIDATORS, "validator") for v in raw.get("validators") or []
        ],
        "postFunctions": [
            _known(name, f, POST_FUNCTIONS, "post function") for f in raw.get("postFunctions") or []
        ],
    }
    return rules


def _read_condition(name: str, node: Any) -> dict:
    if not isinstance(node, dict):
        raise bad_request(f"Transition '{name}' has a condition that is not an object.")
    if node.get("type"):
        return _known(name, node, CONDITIONS, "condition")
    operator = str(node.get("operator") or "AND").upper()
    if operator not in ("AND", "OR"):
        raise bad_request(f"Transition '{name}': the condition operator must be AND or OR.")
    return {
        "operator": operator,
        "conditions": [_read_condition(name, c) for c in node.get("conditions") or []],
    }


def _known(name: str, rule: Any, table: dict, kind: str) -> Rule:
    if not isinstance(rule, dict) or rule.get("type") not in table:
        found = rule.get("type") if isinstance(rule, dict) else rule
        raise bad_request(
            f"Transition '{name}': the {kind} '{found}' is not supported;"
            f" supported are {', '.join(sorted(table))}."
        )
    return {
        "type": rule["type"],
        **({"configuration": rule["configuration"]} if "configuration" in rule else {}),
    }


def allows(state, actor: str | None, project: dict, issue: dict, transition: dict) -> bool:
    """Whether the transition's conditions let ``actor`` take it now."""
    tree = (transition.get("rules") or {}).get("conditions")
    return not tree or actor is None or _holds(state, actor, project, issue, tree)


def _holds(state, actor: str, project: dict, issue: dict, node: dict) -> bool:
    if "type" in node:
        return CONDITIONS[node["type"]](state, actor, project, issue, _config(node))
    results = (_holds(state, actor, project, issue, c) for c in node["conditions"])
    return any(results) if node["operator"] == "OR" else all(results)


def validate(state, actor: str, project: dict, issue: dict, transition: dict, after: dict) -> None:
    """Run the transition's validators on the issue as it would be; the first failure answers."""
    for rule in (transition.get("rules") or {}).get("validators", []):
        VALIDATORS[rule["type"]](state, actor, project, issue, after, _config(rule))


def post_changes(state, actor: str, project: dict, issue: dict, transition: dict) -> dict:
    """The field changes the transition's post functions make, in order."""
    changes: dict = {}
    for rule in (transition.get("rules") or {}).get("postFunctions", []):
        changes.update(POST_FUNCTIONS[rule["type"]](state, actor, project, issue, _config(rule)))
    return changes
