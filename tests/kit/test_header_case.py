"""Header names reach the wire spelled as the vendors' servers spell them."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def raw_get(url: str, path: str) -> bytes:
    """The bytes of the answer's status line and headers, read off the socket."""
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=30) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {where.netloc}\r\n\r\n".encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n\r\n", 1)[0]


def test_okta_rate_limit_headers_keep_their_capitals_on_the_wire(universe):
    # Okta's SDK looks these up by their exact spelling; a server that lowercases them (uvicorn's
    # httptools protocol does, wherever httptools is installed) hides them from it
    head = raw_get(universe.url, "/okta/api/v1/users/00unothere")
    assert head.startswith(b"HTTP/1.1 401 ")
    lines = head.split(b"\r\n")[1:]
    names = {line.split(b":", 1)[0] for line in lines}
    assert {b"X-Rate-Limit-Limit", b"X-Rate-Limit-Remaining", b"X-Rate-Limit-Reset"} <= names
    assert b"x-rate-limit-limit" not in names
