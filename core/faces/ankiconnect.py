"""The AnkiConnect endpoint: a JSON request object in the body, its reply in the response.

What upstream clients rely on, besides the reply itself: an empty body (a
browser opening the URL) answers the banner; a body that is not JSON answers
an error reply; a web page the settings do not trust gets 403 with an empty
body, except for a public action (``requestPermission``), whose reply then
names that page as the allowed origin so that the page can read it. Every
reply is status 200.
"""

from __future__ import annotations

from typing import Any, List

from ..caller import CallerRefused
from ..replies import error_reply
from ..service import Service
from .exchange import Exchange, StartResponse, encode_json, forbidden, parse_json, read_body, respond


class AnkiConnectFace:
    def __init__(self, service: Service):
        self._service = service

    def __call__(self, exchange: Exchange, start_response: StartResponse) -> List[bytes]:
        body = read_body(exchange.environ)
        caller = exchange.caller
        try:
            request = parse_json(body)
        except ValueError as exc:
            if not caller.trusted:
                return forbidden(start_response, exchange)
            if not body:  # a browser opening the URL
                return self._json(start_response, exchange,
                                  {"apiVersion": f"AnkiConnect v.{exchange.config.apiVersion}"})
            return self._json(start_response, exchange, error_reply(str(exc)))
        try:
            reply = self._service.handle(request, caller, exchange.config)
        except CallerRefused:
            return forbidden(start_response, exchange)
        if not caller.trusted:  # a public action, answered to the page that asked
            exchange.cors[0] = ("Access-Control-Allow-Origin", caller.origin or "")
        return self._json(start_response, exchange, reply)

    @staticmethod
    def _json(start_response: StartResponse, exchange: Exchange, reply: Any) -> List[bytes]:
        try:
            body = encode_json(reply)
        except (TypeError, ValueError) as exc:  # a plugin returned something JSON cannot hold
            body = encode_json(error_reply(str(exc)))
        return respond(start_response, "200 OK", exchange.cors, body, content_type="application/json")
