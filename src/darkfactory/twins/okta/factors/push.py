"""Okta Verify push: transactions a device approves or rejects, polled by the client.

Enrolling a ``push`` factor opens an activation transaction and verifying one opens a verify
transaction; each lands in the outbox (``GET /okta/_outbox``) as a push to the user's device.
The device answers through the twin, ``POST /okta/_push/{transactionId}`` with
``{"result": "SUCCESS" | "REJECTED"}``; unanswered, a transaction times out after five minutes.
Clients poll ``getFactorTransactionStatus``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from darkfactory.twins.kit import operation
from darkfactory.twins.kit.operation import TWIN_KEY, Call
from darkfactory.twins.okta.api import authorize, timestamp
from darkfactory.twins.okta.errors import not_found
from darkfactory.twins.okta.state import state_of

TIMEOUT_S = 300
ANSWERS = ("SUCCESS", "REJECTED")


def poll_href(base_url: str, row) -> str:
    return (
        f"{base_url}/api/v1/users/{row['user_id']}/factors/{row['factor_id']}"
        f"/transactions/{row['id']}"
    )


def start(call: Call, factor, purpose: str) -> dict:
    """Push a new ``purpose`` ("activation" or "verify") transaction to the factor's device;
    answers its WAITING status with the ``poll`` link."""
    state, now = state_of(call), call.universe.clock.now()
    transaction_id = "v2mst." + call.universe.ids.token("okta.push", 22)
    call.universe.store.execute(
        "INSERT INTO okta_push_transactions(id, user_id, factor_id, purpose, created)"
        " VALUES (?, ?, ?, ?, ?)",
        (transaction_id, factor["user_id"], factor["id"], purpose, now),
    )
    call.universe.store.execute(
        "INSERT INTO okta_outbox(user_id, factor_id, channel, recipient, transaction_id, sent)"
        " VALUES (?, ?, 'push', 'Okta Verify', ?, ?)",
        (factor["user_id"], factor["id"], transaction_id, now),
    )
    state.log(
        "system.push.send_factor_verify_push",
        "Push sent to user for verification",
        None,
        state.user_target(factor["user_id"]),
    )
    return status_json(call, _transaction(call, transaction_id))


def _transaction(call: Call, transaction_id: str):
    row = call.universe.store.one(
        "SELECT * FROM okta_push_transactions WHERE id = ?", (transaction_id,)
    )
    if row is None:
        raise not_found(transaction_id, "Transaction")
    return row


def result_of(now: float, row) -> str:
    if row["result"] == "WAITING" and now - row["created"] > TIMEOUT_S:
        return "TIMEOUT"
    return row["result"]


def status_json(call: Call, row) -> dict:
    """A transaction's state: WAITING links ``poll``; REJECTED and TIMEOUT link ``verify``."""
    factor = f"{call.twin.base_url}/api/v1/users/{row['user_id']}/factors/{row['factor_id']}"
    result = result_of(call.universe.clock.now(), row)
    links = {}
    if result == "WAITING":
        links["poll"] = {"href": poll_href(call.twin.base_url, row), "hints": {"allow": ["GET"]}}
    elif result != "SUCCESS":
        links["verify"] = {"href": f"{factor}/verify", "hints": {"allow": ["POST"]}}
    return {
        "factorResult": result,
        "expiresAt": timestamp(row["created"] + TIMEOUT_S),
        "_links": links,
    }


@operation("getFactorTransactionStatus")
def get_factor_transaction_status(call: Call) -> dict:
    authorize(call, "okta.users.read")
    user = state_of(call).user(call.path_params["userId"])
    row = _transaction(call, call.path_params["transactionId"])
    if row["user_id"] != user["id"] or row["factor_id"] != call.path_params["factorId"]:
        raise not_found(call.path_params["transactionId"], "Transaction")
    return status_json(call, row)


async def device_answer(request: Request) -> Response:
    """The user's device approves or rejects a push (a twin control, not an Okta API)."""
    twin = request.scope[TWIN_KEY]
    universe, state = twin.universe, twin.state
    try:
        answer = (await request.json()).get("result")
    except ValueError:
        answer = None
    if answer not in ANSWERS:
        return JSONResponse({"error": "result must be SUCCESS or REJECTED"}, 400)
    with universe.store.transaction():
        row = universe.store.one(
            "SELECT * FROM okta_push_transactions WHERE id = ?",
            (request.path_params["transactionId"],),
        )
        if row is None:
            return JSONResponse({"error": "no such transaction"}, 404)
        if result_of(universe.clock.now(), row) != "WAITING":
            return JSONResponse({"error": "the transaction is no longer waiting"}, 409)
        universe.store.execute(
            "UPDATE okta_push_transactions SET result = ? WHERE id = ?", (answer, row["id"])
        )
        _record(state, row, answer)
    return JSONResponse({"transactionId": row["id"], "result": answer})


def _record(state, row, answer: str) -> None:
    user = state.user_target(row["user_id"])
    factor = {
        "id": row["factor_id"],
        "type": "Factor",
        "alternateId": row["user_id"],
        "displayName": "push",
    }
    if row["purpose"] == "activation":
        if answer == "SUCCESS":
            state.db.execute(
                "UPDATE okta_factors SET status = 'ACTIVE', last_updated = ? WHERE id = ?",
                (state.now(), row["factor_id"]),
            )
            state.log("user.mfa.factor.activate", "User set up MFA factor", None, factor)
        return
    if answer == "REJECTED":
        state.log("user.mfa.okta_verify.deny_push", "User rejected Okta push verify", None, user)
    state.log(
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        None,
        user,
        factor,
        outcome="SUCCESS" if answer == "SUCCESS" else "FAILURE",
    )


def routes() -> list[Route]:
    return [
        Route(
            "/api/v1/users/{userId}/factors/{factorId}/transactions/{transactionId}",
            get_factor_transaction_status,
            methods=["GET"],
        ),
        Route("/_push/{transactionId}", device_answer, methods=["POST"]),
    ]
