"""The suite's guard: a client may look up and connect to loopback only, and any other attempt
is refused before it leaves the machine, and recorded."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest


def test_lookups_and_connections_off_loopback_are_refused_and_recorded(loopback_only):
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 443)
    with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(("192.0.2.1", 443))
    assert loopback_only == ["lookup example.com", "connect ('192.0.2.1', 443)"]
    loopback_only.clear()  # this test's own attempts: the guard would fail it after


def test_the_twins_on_loopback_stay_reachable(loopback_only, openai_credentials):
    url = urlsplit(openai_credentials["base_url"])
    with socket.create_connection((url.hostname, url.port), timeout=5):
        pass
    assert loopback_only == []
