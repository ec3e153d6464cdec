"""Origin, Host and key decisions (without Anki)."""

from __future__ import annotations

import pytest

DEFAULT = ("http://localhost",)


@pytest.fixture
def security(addon):
    return addon("core.security")


@pytest.mark.parametrize("origin, trusted, expected", [
    (None, DEFAULT, (True, "http://localhost")),  # curl, scripts: no Origin header
    ("http://localhost", DEFAULT, (True, "http://localhost")),
    ("http://127.0.0.1", DEFAULT, (True, "http://127.0.0.1")),
    ("https://127.0.0.1", DEFAULT, (True, "https://127.0.0.1")),
    ("http://127.0.0.1:3000", DEFAULT, (True, "http://127.0.0.1:3000")),
    ("chrome-extension://abcdef", DEFAULT, (True, "chrome-extension://abcdef")),
    ("moz-extension://abc-def", DEFAULT, (True, "moz-extension://abc-def")),
    ("safari-web-extension://x", DEFAULT, (True, "safari-web-extension://x")),
    ("http://localhost:3000", DEFAULT, (False, "http://localhost")),  # exact match only (upstream)
    ("https://127.0.0.1:8000", DEFAULT, (False, "http://localhost")),  # upstream never allowed this
    ("https://evil.example", DEFAULT, (False, "http://localhost")),
    ("chrome-extension://abcdef", ("https://app.example",), (False, "http://localhost")),
    ("https://app.example", ("https://app.example",), (True, "https://app.example")),
    ("https://evil.example", ("*",), (True, "*")),
    (None, ("*",), (True, "*")),
])
def test_origin_rules_are_upstreams(security, origin, trusted, expected):
    assert tuple(security.decide_origin(origin, trusted)) == expected


@pytest.mark.parametrize("host, allowed", [
    (None, True),
    ("127.0.0.1:8765", True),
    ("localhost:8765", True),
    ("LOCALHOST", True),
    ("[::1]:8765", True),
    ("127.0.0.2:8765", True),
    ("evil.example:8765", False),
    ("evil.example", False),
    ("localhost.evil.example", False),
    ("192.168.1.10:8765", False),
])
def test_host_header_must_name_this_machine_when_bound_to_loopback(security, host, allowed):
    assert security.host_header_allowed(host, "127.0.0.1") is allowed


def test_any_host_is_allowed_when_bound_to_a_network_address(security):
    assert security.host_header_allowed("anki.lan:8765", "0.0.0.0")
    assert security.host_header_allowed("anki.lan:8765", "192.168.1.10")


@pytest.mark.parametrize("given, expected, matches", [
    (None, None, True),
    ("anything", None, False),  # upstream: a key sent while none is set is refused
    ("secret", "secret", True),
    ("Secret", "secret", False),
    (None, "secret", False),
    (123, "123", False),  # type-sensitive, as upstream
    (None, "", False),
    ("", "", True),
    ("sécret", "sécret", True),
])
def test_key_check(security, given, expected, matches):
    assert security.key_matches(given, expected) is matches
