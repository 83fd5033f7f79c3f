"""Official LLM SDK calls per second against the LLM twins, and against a bare ASGI endpoint.

For each provider the same SDK call (a short non-streamed request to the ``echo`` model) runs
against the twin and against a minimal Starlette route answering the twin's own response (its
headers, rate limits among them, and its bytes),
served by the same uvicorn setup in the same run. The ratio is what the twin (auth, parsing,
scripts, token and cache accounting, recording, journal, SQLite) costs on top of the round trip.

With ``--cpu`` it then drives the twins' app in-process with the same sample requests (no
socket, no uvicorn) and prints each call's CPU time, the lowest over blocks of calls: the twin's
own work, free of the round trip's noise.

    PYTHONPATH=src python benchmarks/llm_twin_throughput.py [CALLS] [--cpu]
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable

import anthropic
import httpx
import openai
from google import genai
from google.genai import types
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from throughput import compare, post_in_process, replayed

from darkfactory.twins.kit.app import build_app
from darkfactory.twins.kit.server import UniverseServer, serve_app
from darkfactory.twins.kit.universe import Universe

ARGS = [a for a in sys.argv[1:] if a != "--cpu"]
CALLS = int(ARGS[0]) if ARGS else 300
CPU_BLOCK, CPU_BLOCKS = 800, 5  # under every provider's per-minute request limit
PATHS = {
    "openai": "/v1/responses",
    "anthropic": "/v1/messages",
    "gemini": "/v1beta/models/echo:generateContent",
}


def clients(creds: dict, urls: dict[str, str]) -> dict[str, Callable[[], object]]:
    """One SDK call per provider, against the base URLs in ``urls``."""
    oa = openai.OpenAI(base_url=urls["openai"], api_key=creds["openai"]["api_key"])
    an = anthropic.Anthropic(base_url=urls["anthropic"], api_key=creds["anthropic"]["api_key"])
    ge = genai.Client(
        api_key=creds["gemini"]["api_key"], http_options=types.HttpOptions(base_url=urls["gemini"])
    )
    user = [{"role": "user", "content": "benchmark"}]
    return {
        "openai responses.create": lambda: oa.responses.create(model="echo", input="benchmark"),
        "anthropic messages.create": lambda: an.messages.create(
            model="echo", max_tokens=50, messages=user
        ),
        "gemini generate_content": lambda: ge.models.generate_content(
            model="echo", contents="benchmark"
        ),
    }


def bare_server(canned: dict[str, tuple[bytes, dict]]) -> tuple[str, object]:
    """A Starlette app answering any POST under ``/<provider>/`` with the twin's answer."""

    async def answer(request: Request) -> Response:
        await request.body()
        return replayed(*canned[request.path_params["provider"]])

    return serve_app(Starlette(routes=[Route("/{provider}/{rest:path}", answer, methods=["POST"])]))


def app_cpu(universe: Universe, samples: dict[str, tuple[str, list, bytes]]) -> None:
    """Print each provider's CPU time per call of the universe's app alone, driven on this
    thread with ``samples`` (path, headers, body): the lowest over blocks of calls, the clock
    moved a minute on before each block so that no rate limit is reached."""
    app = build_app(universe)

    async def call(path: str, headers: list, body: bytes) -> None:
        status, answer = await post_in_process(app, path, headers, body)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {answer[:300]}")

    async def measure() -> dict[str, float]:
        spent = {provider: [] for provider in samples}
        for _ in range(CPU_BLOCKS):
            for provider, sample in samples.items():
                universe.clock.advance(61)
                started = time.thread_time()
                for _ in range(CPU_BLOCK):
                    await call(*sample)
                spent[provider].append((time.thread_time() - started) / CPU_BLOCK)
        return {provider: min(times) for provider, times in spent.items()}

    for provider, seconds in asyncio.run(measure()).items():
        print(f"{provider} app CPU per call (in-process): {seconds * 1e6:.0f} µs")


def main() -> None:
    samples = {}
    with UniverseServer(Universe(seed=1)) as twin:
        creds = twin.universe.credentials()
        twin_urls = {p: creds[p]["base_url"] for p in PATHS}
        twin_calls = clients(creds, twin_urls)
        canned = {}
        for provider, path in PATHS.items():
            headers = {
                "authorization": f"Bearer {creds[provider]['api_key']}",
                "x-api-key": creds[provider]["api_key"],
                "x-goog-api-key": creds[provider]["api_key"],
                "anthropic-version": "2023-06-01",
            }
            body = {
                "openai": {"model": "echo", "input": "benchmark"},
                "anthropic": {
                    "model": "echo",
                    "max_tokens": 50,
                    "messages": [{"role": "user", "content": "benchmark"}],
                },
                "gemini": {"contents": [{"role": "user", "parts": [{"text": "benchmark"}]}]},
            }[provider]
            url = twin.universe.twins[provider].base_url + path
            sample = httpx.post(url, json=body, headers=headers)
            canned[provider] = (sample.content, sample.headers)
            sent = sample.request
            raw = [(name.lower(), value) for name, value in sent.headers.raw]  # as ASGI has them
            samples[provider] = (f"/{provider}{path}", raw, sent.content)
        bare_base, bare = bare_server(canned)
        bare_urls = {
            "openai": f"{bare_base}/openai/v1",
            "anthropic": f"{bare_base}/anthropic",
            "gemini": f"{bare_base}/gemini",
        }
        bare_calls = clients(creds, bare_urls)
        pairs = {name: (call, bare_calls[name]) for name, call in twin_calls.items()}
        compare("SDK call", pairs, CALLS)
        bare.should_exit = True
    if "--cpu" in sys.argv:
        app_cpu(twin.universe, samples)


if __name__ == "__main__":
    main()
