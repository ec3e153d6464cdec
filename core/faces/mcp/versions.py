"""The revisions of MCP this server speaks, and the per-request metadata of the modern one.

Two eras (the specification's words): *legacy* revisions open with an
``initialize`` handshake, which this server answers without keeping any
session; the *modern* revision (2026-07-28) has none, and every request
carries its protocol version and the client's capabilities in ``_meta``.
"""

from __future__ import annotations

LEGACY_VERSIONS = ("2025-03-26", "2025-06-18", "2025-11-25")
MODERN_VERSIONS = ("2026-07-28",)
SUPPORTED_VERSIONS = MODERN_VERSIONS + tuple(reversed(LEGACY_VERSIONS))  # newest first
LATEST_LEGACY = LEGACY_VERSIONS[-1]
# A legacy client that sends no MCP-Protocol-Version header speaks this (the
# header came with 2025-06-18).
HEADERLESS_VERSION = "2025-03-26"

META_VERSION = "io.modelcontextprotocol/protocolVersion"
META_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities"
META_SERVER_INFO = "io.modelcontextprotocol/serverInfo"


def negotiate(requested: object) -> str:
    """The legacy version to answer an ``initialize`` with: the one asked for
    when supported, else the newest (the client then decides whether to go on)."""
    return requested if requested in LEGACY_VERSIONS else LATEST_LEGACY  # type: ignore[return-value]
