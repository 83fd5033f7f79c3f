"""A Starlette ``Router`` that tries only the routes a path could match, not all of them in turn.

A twin serves hundreds of routes, and Starlette's router matches a request against each until one
fits: a path regex and a root-path computation per route, most of a request's routing time.
``Router`` here indexes its routes by their literal path segments (``/rest/api/3/issue/{key}``
is ``rest``, ``api``, ``3``, ``issue``, any one segment) and hands Starlette's own matching only
the few routes whose segments agree with the request's, in their declared order. Routes it cannot
index (a ``{name:path}`` parameter, a host, a mount with parameters) are always tried. When none
of the candidates matches, Starlette's own router runs, so slash redirects and the default answer
are unchanged.
"""

from __future__ import annotations

from functools import lru_cache

from starlette._utils import get_route_path
from starlette.convertors import PathConvertor
from starlette.routing import BaseRoute, Match, Mount, Route, WebSocketRoute
from starlette.routing import Router as StarletteRouter
from starlette.types import Receive, Scope, Send

WILD = None  # a segment that holds a parameter


class _Node:
    """One level of the segment tree: literal children, a parameter child, what ends here."""

    __slots__ = ("below", "ends", "literal", "wild")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.wild: _Node | None = None
        self.ends: list[int] = []  # routes whose path ends at this segment
        self.below: list[int] = []  # mounts whose prefix ends here: anything deeper matches

    def child(self, segment: str | None) -> _Node:
        if segment is WILD:
            self.wild = self.wild or _Node()
            return self.wild
        return self.literal.setdefault(segment, _Node())


def _segments(route: BaseRoute) -> tuple[list[str | None], bool] | None:
    """A route's path as segments (``WILD`` for a parameter) and whether it is a mount's prefix;
    None for a route the index cannot place."""
    if isinstance(route, Route | WebSocketRoute):
        path, prefix = route.path, False
    elif isinstance(route, Mount):
        path, prefix = route.path, True
    else:
        return None
    if any(isinstance(c, PathConvertor) for c in route.param_convertors.values()):
        return None
    if prefix and ("{" in path or not path):
        return None
    return [WILD if "{" in part else part for part in path.split("/")], prefix


class Router(StarletteRouter):
    """Starlette's router, choosing among fewer routes; see the module docstring."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._indexed = -1  # how many routes the index covers (routes may be added later)

    def _index(self) -> None:
        self._root = _Node()
        self._always: list[int] = []
        for number, route in enumerate(self.routes):
            placed = _segments(route)
            if placed is None:
                self._always.append(number)
                continue
            segments, prefix = placed
            node = self._root
            for segment in segments:
                node = node.child(segment)
            (node.below if prefix else node.ends).append(number)
        self._indexed = len(self.routes)
        self.candidates = lru_cache(maxsize=4096)(self._candidates)

    def _candidates(self, route_path: str) -> tuple[BaseRoute, ...]:
        """The routes that could match ``route_path``, in their declared order."""
        found = list(self._always)
        nodes = [self._root]
        for segment in route_path.split("/"):
            deeper = []
            for node in nodes:
                found.extend(node.below)
                if (child := node.literal.get(segment)) is not None:
                    deeper.append(child)
                if node.wild is not None and segment:
                    deeper.append(node.wild)
            nodes = deeper
        for node in nodes:
            found.extend(node.ends)
            found.extend(node.below)
        return tuple(self.routes[number] for number in sorted(set(found)))

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await super().app(scope, receive, send)
            return
        if self._indexed != len(self.routes):
            self._index()
        if "router" not in scope:
            scope["router"] = self
        partial = partial_scope = None
        for route in self.candidates(get_route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            scope["route"] = partial
            scope.update(partial_scope)
            await partial.handle(scope, receive, send)
            return
        await super().app(scope, receive, send)
