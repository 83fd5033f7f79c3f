"""The kit's indexed router picks, for every path, the route Starlette's own router would pick."""

from __future__ import annotations

import re

import pytest
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.routing import Router as StarletteRouter

from darkfactory.twins.kit.app import build_app
from darkfactory.twins.kit.routing import Router
from darkfactory.twins.kit.universe import Universe

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


def routers(routes: list[BaseRoute]):
    """Every router among ``routes`` and below their mounts, with the routes it holds."""
    yield routes
    for route in routes:
        if isinstance(route, Mount):
            yield from routers(route.routes)


def paths_for(routes: list[BaseRoute]) -> list[str]:
    """Request paths a router's routes serve (parameters filled in), with their slash variants
    and near misses."""
    paths = set()
    for route in routes:
        if not isinstance(route, Route | Mount):
            continue
        filled = re.sub(r"\{[^}:]+(:[^}]+)?\}", "x1", route.path) or "/"
        paths.update({filled, filled + "/", filled.rstrip("/") or "/", filled + "/deeper"})
        paths.add(filled.replace("x1", ""))
    return sorted(paths)


def chosen(router: StarletteRouter, method: str, path: str) -> tuple[BaseRoute | None, Match]:
    """The route ``router`` hands ``method path`` to, and how well it matched."""
    scope = {"type": "http", "method": method, "path": path, "root_path": ""}
    candidates = router.candidates(path) if isinstance(router, Router) else router.routes
    partial = None
    for route in candidates:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route, match
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial, Match.PARTIAL if partial else Match.NONE


@pytest.fixture(scope="module")
def twin_routes() -> dict[str, list[BaseRoute]]:
    universe = Universe(seed=1)
    try:
        return {name: twin.routes() for name, twin in universe.twins.items()}
    finally:
        universe.close()


def test_every_twin_path_goes_where_starlette_sends_it(twin_routes):
    checked = 0
    for name, routes in twin_routes.items():
        for level in routers(routes):
            indexed = Router(routes=level)
            indexed._index()
            plain = StarletteRouter(routes=level)
            for path in paths_for(level):
                for method in METHODS:
                    expected = chosen(plain, method, path)
                    assert chosen(indexed, method, path) == expected, (name, method, path)
                    checked += expected[1] is not Match.NONE
    assert checked > 1000  # the comparison covered the twins' routes, not just misses


def test_the_universes_paths_go_to_the_mount_starlette_sends_them_to():
    universe = Universe(seed=1)
    try:
        router = build_app(universe).router
        assert isinstance(router, Router)
        router._index()
        plain = StarletteRouter(routes=router.routes)
        paths = paths_for(router.routes) + [f"/{name}/api/x" for name in universe.twins]
        for path in [*paths, "/", "/nowhere", "/_universe/journal", "/ui/slack/"]:
            for method in METHODS:
                assert chosen(router, method, path) == chosen(plain, method, path), (method, path)
    finally:
        universe.close()


def test_a_route_added_later_is_found():
    router = Router(routes=[Route("/a/{x}", lambda request: None)])
    router._index()
    router.routes.append(Route("/b/{x}", lambda request: None))
    router._index()
    route, match = chosen(router, "GET", "/b/1")
    assert match is Match.FULL and route.path == "/b/{x}"


def test_candidates_are_few_for_a_deep_path(twin_routes):
    jira = next(level for level in routers(twin_routes["jira"]) if len(level) > 100)
    router = Router(routes=jira)
    router._index()
    candidates = router.candidates("/rest/api/3/issue/DEMO-1")
    assert 0 < len(candidates) < len(jira) / 10
    assert [r for r in jira if r in candidates] == list(candidates)  # declared order kept
