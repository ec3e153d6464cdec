"""Who sent a request, as the face that received it found out.

A face (the AnkiConnect endpoint, MCP, the change feed) knows things about
its caller that the request body does not say: the web page it came from,
whether the settings trust that page, whether the API key came with the
transport (an ``Authorization`` header) rather than in the body. The service
reads requests in the light of these facts and never looks at HTTP itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Caller:
    # The Origin header of a web page; None for clients that are not browsers.
    origin: Optional[str] = None
    # Whether the settings trust that origin (always, for non-browsers).
    trusted: bool = True
    # The face checked the API key already, so requests need not carry it.
    authenticated: bool = False


class CallerRefused(Exception):
    """The caller may not make this request: a web page the settings do not
    trust, asking for an action that is not public. Nothing was run."""
