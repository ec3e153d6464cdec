"""``GET /openapi.json``: the OpenAPI document of the actions served now (core/openapi.py).

Under the same Host and origin rules as the API; with an API key set, the
key comes in a header (never in a URL, which logs keep).
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from ..openapi import KEY_HEADER, OPENAPI_PATH, encoded_document
from ..replies import error_reply
from ..security import key_matches
from ..service import Service
from .exchange import Exchange, StartResponse, encode_json, forbidden, respond


class OpenApiFace:
    PATH = OPENAPI_PATH

    def __init__(self, service: Service):
        self._service = service
        self._cached: Optional[Tuple[Any, int, bytes]] = None  # (registry, apiVersion, document)

    def __call__(self, exchange: Exchange, start_response: StartResponse) -> List[bytes]:
        if not exchange.caller.trusted:
            return forbidden(start_response, exchange)
        config = exchange.config
        if not key_matches(exchange.header(KEY_HEADER), config.apiKey):
            return respond(start_response, "403 Forbidden", exchange.cors, encode_json(error_reply(
                f"valid api key must be provided (in the {KEY_HEADER} header)")),
                content_type="application/json")
        registry = self._service.registry()
        cached = self._cached
        if cached is None or cached[0] is not registry or cached[1] != config.apiVersion:
            # built once per set of loaded plugins: the registry is replaced when they change
            document = encoded_document(registry, config.apiVersion)
            cached = self._cached = (registry, config.apiVersion, document)
        return respond(start_response, "200 OK", exchange.cors, cached[2], content_type="application/json")
