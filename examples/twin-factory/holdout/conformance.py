"""Conformance scenarios made from an OpenAPI document's operations and examples, run against a
twin: the factory's holdout for a twin it builds.

    python conformance.py generate DOCUMENT CASES.json
    python conformance.py run CASES.json --twin python:NAME=FILE --report DIR [--min-satisfaction X]

For every collection with a create operation, the scenario creates the request example, reads
it, lists it, updates it with its example, sends an invalid body, tries each secured operation
without the token (an operation whose security also lists the empty requirement lets a client
in without one), deletes it and reads it again; each step checks the declared status and that
the answer validates against the declared schema (the error schema for failures). ``run`` prints
each case's id and verdict, never why, and writes everything to DIR/report.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import httpx
from jsonschema import Draft202012Validator

from darkfactory.twins.kit.server import UniverseServer
from darkfactory.twins.kit.universe import Universe
from darkfactory.twins.openapi import collections, document
from darkfactory.twins.openapi.document import resolve

ACTIONS = ("create", "read", "list", "replace", "update", "delete")


def generate(doc: dict) -> list[dict]:
    """One scenario (a list of steps) per collection the document lets a client create in."""
    families: dict[str, dict] = {}
    for op in document.operations(doc):
        action = collections.kind(op)
        if action in ACTIONS:
            families.setdefault(collections.place(op.path).collection, {})[action] = op
    return [_scenario(doc, ops) for ops in families.values() if "create" in ops]


def _scenario(doc: dict, ops: dict) -> dict:
    create = ops["create"]
    item = next(op.path for op in ops.values() if op.path != create.path)
    key = collections.place(item).key
    at = item.replace("{" + key + "}", "{id}")
    example = _example(doc, create)
    steps = [
        _step(doc, create, create.path, example, contains=example, capture=_id_path(doc, create))
    ]
    if "read" in ops:
        steps.append(_step(doc, ops["read"], at, contains=example))
    if "list" in ops:
        steps.append(_step(doc, ops["list"], create.path, listed=True))
    changer = ops.get("update") or ops.get("replace")
    if changer is not None:
        change = _example(doc, changer)
        steps.append(_step(doc, changer, at, change, contains=change))
    steps.append(_step(doc, create, create.path, {}, status=_error(create, "400"), case="invalid"))
    for op in ops.values():
        if _secured(doc, op):
            body = _example(doc, op) if op.body else None
            path = create.path if op.path == create.path else at
            steps.append(
                _step(
                    doc, op, path, body, status=_error(op, "401"), case="unauthorised", token=False
                )
            )
    if "delete" in ops:
        steps.append(_step(doc, ops["delete"], at))
        if "read" in ops:
            steps.append(
                _step(doc, ops["read"], at, status=_error(ops["read"], "404"), case="gone")
            )
    return {"collection": create.path, "steps": steps}


def _step(
    doc,
    op,
    path,
    body=None,
    status=None,
    case="",
    token=True,
    contains=None,
    capture=None,
    listed=False,
) -> dict:
    expected = status or str(op.success()[0])
    return {
        "id": f"{op.operation_id}{'-' + case if case else ''}",
        "method": op.method.upper(),
        "path": path,
        "body": body,
        "token": token,
        "status": int(expected),
        "schema": op.answers.get(expected),
        "contains": contains,
        "capture": capture,
        "listed": listed,
    }


def _example(doc: dict, op) -> dict:
    raw = doc["paths"][op.path][op.method]["requestBody"]["content"]["application/json"]
    return raw.get("example") or {}


def _error(op, status: str) -> str:
    if status not in op.answers:
        raise ValueError(f"{op.operation_id} declares no {status} answer")
    return status


def _secured(doc: dict, op) -> bool:
    """Whether the operation needs a credential: it lists requirements, none of them empty (an
    empty one, ``{}``, lets a client in without any)."""
    needs = doc["paths"][op.path][op.method].get("security", doc.get("security")) or []
    return bool(needs) and all(needs)


def _id_path(doc: dict, op) -> list[str]:
    """Where the new resource's id is in the create operation's answer."""
    schema = resolve(doc, op.success()[1]) or {}
    properties = schema.get("properties") or {}
    if "id" in properties:
        return ["id"]
    for name, member in properties.items():
        inner = resolve(doc, member) or {}
        if "id" in (inner.get("properties") or {}):
            return [name, "id"]
    raise ValueError(f"{op.operation_id}'s answer has no id")


def _token_header(doc: dict) -> str:
    """The header the document's API key goes in."""
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    keys = [
        s["name"] for s in schemes.values() if s.get("type") == "apiKey" and s.get("in") == "header"
    ]
    return keys[0] if keys else "Authorization"


def run(scenarios: list[dict], twin: str, doc: dict) -> list[dict]:
    """Every step's verdict, in order; a scenario's steps after a failed create all fail."""
    verdicts = []
    server = UniverseServer(Universe(twins=[twin])).start()
    try:
        name = twin.split(":", 1)[1].split("=", 1)[0]
        credentials = server.universe.credentials()[name]
        with httpx.Client(base_url=credentials["base_url"], timeout=10) as http:
            for scenario in scenarios:
                known: dict[str, str] = {}
                for step in scenario["steps"]:
                    reason = _check(http, doc, credentials, step, known)
                    verdicts.append({"id": step["id"], "passed": not reason, "reason": reason})
    finally:
        server.stop()
    return verdicts


def _check(http, doc, credentials, step, known) -> str:
    """Why the step failed ("" when it passed)."""
    if "{id}" in step["path"] and "id" not in known:
        return "no resource to address: its create failed"
    path = step["path"].replace("{id}", known.get("id", ""))
    headers = {_token_header(doc): credentials["api_token"]} if step["token"] else {}
    answer = http.request(step["method"], path, json=step["body"], headers=headers)
    if answer.status_code != step["status"]:
        return f"answered {answer.status_code}, not {step['status']}: {answer.text[:300]}"
    if step["schema"] is None:
        return ""
    try:
        body = answer.json()
    except ValueError:
        return "the answer is not JSON"
    validator = Draft202012Validator({"allOf": [step["schema"]], "components": doc["components"]})
    problems = [e.message for e in validator.iter_errors(body)]
    if problems:
        return f"the answer breaks its schema: {problems[0]}"
    if step["capture"]:
        value = body
        for part in step["capture"]:
            value = value[part]
        known["id"] = str(value)
    resource = body.get("data", body) if isinstance(body, dict) else body
    if step["contains"] and any(resource.get(k) != v for k, v in step["contains"].items()):
        return "the answer does not hold what was sent"
    if step["listed"] and not any(str(r.get("id")) == known.get("id") for r in resource):
        return "the list leaves the new resource out"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate")
    make.add_argument("document", type=Path)
    make.add_argument("cases", type=Path)
    check = commands.add_parser("run")
    check.add_argument("cases", type=Path)
    check.add_argument("--twin", required=True)
    check.add_argument("--report", type=Path, required=True)
    check.add_argument("--min-satisfaction", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.command == "generate":
        doc = document.load(str(args.document))
        scenarios = generate(doc)
        args.cases.write_text(
            json.dumps({"document": str(args.document.resolve()), "scenarios": scenarios}, indent=1)
        )
        steps = sum(len(s["steps"]) for s in scenarios)
        print(f"{len(scenarios)} scenarios, {steps} cases from {args.document.name}")
        return 0
    cases = json.loads(args.cases.read_text())
    verdicts = run(cases["scenarios"], args.twin, document.load(cases["document"]))
    satisfaction = sum(v["passed"] for v in verdicts) / len(verdicts)
    args.report.mkdir(parents=True, exist_ok=True)
    report = {"overall": {"satisfaction": satisfaction, "cases": len(verdicts)}, "cases": verdicts}
    (args.report / "report.json").write_text(json.dumps(report, indent=1))
    for verdict in verdicts:
        print(f"{verdict['id']}: {'pass' if verdict['passed'] else 'FAIL'}")
    print(f"overall satisfaction: {satisfaction:.2f}")
    return 0 if satisfaction >= args.min_satisfaction else 1


if __name__ == "__main__":
    sys.exit(main())
