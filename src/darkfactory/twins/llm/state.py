"""One provider twin's models: scripts, built-in models, usage with caching, recorded exchanges.

No HTTP here: a provider's wire module hands in a ``Prompt`` and gets a ``Reply`` or a
``TwinError`` (unknown model 404, no matching turn 400, a scripted error) to render.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING, Any, Literal

from darkfactory.twins.kit import stored_json
from darkfactory.twins.kit.errors import TwinError
from darkfactory.twins.kit.state import TwinState
from darkfactory.twins.llm import tokens
from darkfactory.twins.llm.builtin import BUILTIN, Model, echo
from darkfactory.twins.llm.prompt import Prompt, Reply, Usage
from darkfactory.twins.llm.script import NoTurn, Script, parsed

if TYPE_CHECKING:
    from collections.abc import Callable

    from darkfactory.twins.kit.universe import Universe

Caching = Literal["automatic", "explicit"]
# A recorded prompt's JSON: ``json.dumps``'s text (which keeps a ``NaN`` a request carried),
# without its check for containers holding themselves, which a prompt read from JSON never has.
prompt_json = json.JSONEncoder(check_circular=False).encode
URLSAFE = str.maketrans("-_", "+/")


class LlmState(TwinState):
    def __init__(
        self,
        universe: Universe,
        provider: str,
        catalog: list[str],
        caching: Caching = "automatic",
        cache_increment: int = 1,
        min_cached: Callable[[str], int] = lambda model: tokens.MIN_CACHED,
    ) -> None:
        super().__init__(universe)
        self.provider = provider
        self.catalog = catalog
        self.caching = caching
        self.cache_increment = cache_increment
        self.min_cached = min_cached  # a model's shortest cacheable prefix (explicit caching)
        self._kept_scripted: tuple[int, frozenset[str]] | None = None  # (generation, models)

    # -- scripts --------------------------------------------------------------------------------
    def register(self, scripts: list[Script]) -> None:
        """Register scripts, replacing any of the same model (their answered turns reset)."""
        self._kept_scripted = None
        for script in scripts:
            self.db.execute(
                "INSERT OR REPLACE INTO llm_scripts(provider, model, spec, answered)"
                " VALUES (?, ?, ?, '[]')",
                (
                    self.provider,
                    script.model,
                    script.model_dump_json(by_alias=True, exclude_unset=True),
                ),
            )

    def scripts(self) -> list[dict[str, Any]]:
        rows = self.db.all(
            "SELECT spec, answered FROM llm_scripts WHERE provider = ? ORDER BY rowid",
            (self.provider,),
        )
        return [{**json.loads(r["spec"]), "answered": json.loads(r["answered"])} for r in rows]

    def clear_scripts(self, model: str | None = None) -> int:
        self._kept_scripted = None
        sql, params = "DELETE FROM llm_scripts WHERE provider = ?", [self.provider]
        if model is not None:
            sql += " AND model = ?"
            params.append(model)
        return self.db.execute(sql, params).rowcount

    def _with_scripts(self) -> frozenset[str]:
        """The models that have a script: read once, and again after ``register`` or
        ``clear_scripts`` or when the database changed under the store. Model calls ask it on
        the event loop's thread, where scripts are written."""
        kept = self._kept_scripted
        if kept is None or kept[0] != self.db.generation:
            rows = self.db.all("SELECT model FROM llm_scripts WHERE provider = ?", (self.provider,))
            kept = self._kept_scripted = (self.db.generation, frozenset(r[0] for r in rows))
        return kept[1]

    def _script(self, model: str) -> tuple[Script, list[int]] | None:
        if model not in self._with_scripts():
            return None
        row = self.db.one(
            "SELECT spec, answered FROM llm_scripts WHERE provider = ? AND model = ?",
            (self.provider, model),
        )
        if row is None:
            return None
        return parsed(row["spec"]), json.loads(row["answered"])

    # -- models ---------------------------------------------------------------------------------
    def models(self) -> list[str]:
        """Every model this twin answers for: its catalog, the built-ins, the scripted ones."""
        scripted = [s["model"] for s in self.scripts()]
        return list(dict.fromkeys([*self.catalog, *BUILTIN, *scripted]))

    def knows(self, model: str) -> bool:
        return model in self.models()

    def _builtin(self, model: str) -> Model:
        if model in BUILTIN:
            return BUILTIN[model]
        if model in self.catalog:
            return echo
        raise TwinError("model_not_found", 404, f"model: {model}", model=model)

    # -- answering ------------------------------------------------------------------------------
    def answer(
        self, prompt: Prompt, new_call_id: Callable[[], str], size: int, texts: list[bytes]
    ) -> Reply:
        """The model's reply to ``prompt`` (of ``size`` input tokens, over its pieces' encoded
        ``texts``), with tool call ids and usage filled in."""
        scripted = self._script(prompt.model)
        if scripted is None:
            reply = self._builtin(prompt.model)(prompt)
        else:
            reply = self._scripted(prompt, *scripted)
        for call in reply.tool_calls:
            call.id = call.id or new_call_id()
        self._limit(prompt, reply)
        reply.usage = self._usage(prompt, reply, size, texts)
        return reply

    def _scripted(self, prompt: Prompt, script: Script, answered: list[int]) -> Reply:
        try:
            index = script.choose(answered, prompt)
        except NoTurn as error:
            raise TwinError("no_matching_turn", 400, str(error)) from error
        if answered.count(index) < script.turns[index].times:
            self.db.execute(
                "UPDATE llm_scripts SET answered = ? WHERE provider = ? AND model = ?",
                (json.dumps([*answered, index]), self.provider, script.model),
            )
        turn = script.turns[index].reply
        if turn.error is not None:
            detail = {"retry_after": turn.error.retry_after} if turn.error.retry_after else {}
            raise Scripted(turn.error.status, turn.error.message, **detail)
        return turn.reply()

    def _limit(self, prompt: Prompt, reply: Reply) -> None:
        """Cut the text before the first stop sequence it contains, then at ``max_tokens``
        (4 bytes a token), and say which limit the reply hit."""
        cuts = [(reply.text.find(s), s) for s in prompt.stop_sequences if s and s in reply.text]
        if cuts and not reply.tool_calls:
            at, reply.stop_sequence = min(cuts)
            reply.text, reply.finish = reply.text[:at], "stop"
        limit = prompt.max_tokens
        if limit is None or reply.tool_calls or tokens.output_tokens(reply)[0] <= limit:
            return
        reply.text = reply.text.encode()[: limit * 4].decode("utf-8", errors="ignore")
        reply.finish = "length"

    def _usage(self, prompt: Prompt, reply: Reply, size: int, texts: list[bytes]) -> Usage:
        explicit = self.caching == "explicit"
        cacheable = tokens.cacheable(prompt, explicit, size)
        found = tokens.prefixes(prompt, texts) if cacheable else []
        now = self.now()
        known = self._remembered(tokens.consulted(found, explicit), now)
        minimum = self.min_cached(prompt.model)
        hour = 0
        if explicit:
            read, write, hour = tokens.explicit_read_write(known, found, minimum)
        else:
            read, write = tokens.automatic_read(known, found, self.cache_increment), 0
        read = max(read, prompt.cached_tokens)
        for prefix in tokens.remembered(found, explicit, minimum):
            self.db.execute(
                "INSERT INTO llm_cached_prefixes(digest, provider, tokens, expires)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(digest)"
                " DO UPDATE SET expires = max(expires, excluded.expires)",
                (prefix.digest, self.provider, prefix.tokens, now + tokens.ttl(prefix)),
            )
        visible, reasoning = tokens.output_tokens(reply)
        return Usage(
            input_tokens=size,
            cache_read_tokens=read,
            cache_write_tokens=write,
            cache_write_1h_tokens=hour,
            output_tokens=visible,
            reasoning_tokens=reasoning,
        )

    def _remembered(self, asked: list[tokens.Prefix], now: float) -> set[str]:
        """The digests of the ``asked`` prefixes the cache remembers at ``now``."""
        if not asked:
            return set()
        marks = ",".join("?" for _ in asked)
        rows = self.db.all(
            f"SELECT digest FROM llm_cached_prefixes WHERE expires > ? AND digest IN ({marks})",
            [now, *(p.digest for p in asked)],
        )
        return {r["digest"] for r in rows}

    # -- thinking signatures --------------------------------------------------------------------
    def sign(self, text: str) -> str:
        """An opaque signature of thinking text, as providers hand back for verification."""
        key = f"{self.universe.seed}:{self.provider}".encode()
        digest = hashlib.blake2b(text.encode(), key=key[:64], digest_size=48).digest()
        return base64.b64encode(digest).decode()

    def signed(self, text: str, signature: str) -> bool:
        """Whether ``signature`` is this twin's for ``text``, in standard or URL-safe base64."""
        try:
            given = base64.b64decode(signature.translate(URLSAFE) + "=" * (-len(signature) % 4))
        except ValueError:
            return False
        return given == base64.b64decode(self.sign(text))

    # -- recording ------------------------------------------------------------------------------
    def record(
        self,
        operation: str,
        model: str,
        request: bytes,
        headers: dict[str, str],
        prompt: Prompt | None,
        reply: Reply | None,
        error: TwinError | None,
    ) -> int:
        # A stream that failed midway was answered 200 before its error: it has a reply.
        status = error.status if error is not None and reply is None else 200
        return self.db.execute(
            "INSERT INTO llm_exchanges(provider, model, operation, at, stream, status, request,"
            " headers, prompt, reply, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self.provider,
                model,
                operation,
                self.now(),
                int(bool(prompt and prompt.stream)),
                status,
                request.decode("utf-8", errors="replace"),
                stored_json.dumps(headers),
                prompt_json(prompt.as_dict()) if prompt else None,
                stored_json.dumps(reply) if reply else None,
                json.dumps({"code": error.code, "message": error.message}) if error else None,
            ),
        ).lastrowid

    def exchanges(self, model: str | None = None, since: int = 0) -> list[dict[str, Any]]:
        """Recorded exchanges, oldest first, with request, prompt, reply and error as JSON."""
        sql = "SELECT * FROM llm_exchanges WHERE provider = ? AND id > ?"
        params: list[Any] = [self.provider, since]
        if model is not None:
            sql += " AND model = ?"
            params.append(model)
        return [_exchange(r) for r in self.db.all(sql + " ORDER BY id", params)]

    def recorded_models(self) -> list[tuple[str, int]]:
        rows = self.db.all(
            "SELECT model, COUNT(*) AS n FROM llm_exchanges WHERE provider = ?"
            " GROUP BY model ORDER BY MAX(id) DESC",
            (self.provider,),
        )
        return [(r["model"], r["n"]) for r in rows]


class Scripted(TwinError):
    """An error answer a script asked for."""

    def __init__(self, status: int, message: str, **detail: Any) -> None:
        super().__init__("scripted_error", status, message, **detail)


def _exchange(row) -> dict[str, Any]:
    try:
        request = json.loads(row["request"]) if row["request"] else None
    except ValueError:
        request = row["request"]
    return {
        "id": row["id"],
        "provider": row["provider"],
        "model": row["model"],
        "operation": row["operation"],
        "at": row["at"],
        "stream": bool(row["stream"]),
        "status": row["status"],
        "request": request,
        "headers": json.loads(row["headers"]),
        "prompt": json.loads(row["prompt"]) if row["prompt"] else None,
        "reply": json.loads(row["reply"]) if row["reply"] else None,
        "error": json.loads(row["error"]) if row["error"] else None,
    }
