"""Who may talk to the API: origins (CORS), Host headers and the API key.

The origin rules are upstream AnkiConnect's, so every client that works there
works here. Two checks are ours: the Host header must name this machine while
the server is bound to loopback (a page on evil.example that re-points its DNS
name at 127.0.0.1 cannot reach us: DNS rebinding), and the key comparison
takes the same time however much of the key is right.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any, NamedTuple, Optional, Sequence

# With "http://localhost" trusted, these origins are trusted too (upstream rule).
_LOCAL_ORIGINS = ("http://127.0.0.1", "https://127.0.0.1")
_LOCAL_ORIGIN_PREFIXES = (
    "http://127.0.0.1:",
    "chrome-extension://",
    "moz-extension://",
    "safari-web-extension://",
)
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class OriginDecision(NamedTuple):
    allowed: bool
    cors_origin: str  # the Access-Control-Allow-Origin value to send


def decide_origin(origin: Optional[str], trusted: Sequence[str]) -> OriginDecision:
    """Whether a request with this Origin header may use the API."""
    if "*" in trusted:
        return OriginDecision(True, "*")
    if origin is None:  # not a browser: curl, scripts, native apps
        return OriginDecision(True, "http://localhost")
    if origin in trusted:
        return OriginDecision(True, origin)
    if "http://localhost" in trusted and (
        origin in _LOCAL_ORIGINS or origin.startswith(_LOCAL_ORIGIN_PREFIXES)
    ):
        return OriginDecision(True, origin)
    return OriginDecision(False, "http://localhost")


def is_loopback(address: str) -> bool:
    if address in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def host_header_allowed(host_header: Optional[str], bind_address: str) -> bool:
    """Whether the Host header is acceptable for a server bound to bind_address.

    Only enforced on loopback binds: a server bound to a LAN address is meant
    to be reached under names we cannot know. A request without a Host header
    (HTTP/1.0 tools) is allowed; browsers always send one.
    """
    if host_header is None or not is_loopback(bind_address):
        return True
    return is_loopback(_host_name(host_header))


def _host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8765
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def key_matches(given: Any, expected: Optional[str]) -> bool:
    """Upstream's ``key == apiKey`` (type-sensitive), in constant time."""
    if expected is None:
        return given is None
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
