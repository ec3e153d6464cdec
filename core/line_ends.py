"""Requests whose lines do not end in CR LF get 400 at once, not a 120 s silence.

Waitress ends a request's header only at CR LF CR LF, and a chunked body's
lines only at CR LF. A client whose lines end in a bare LF (or a bare CR) sends
a request Waitress will never finish reading: it waits for more until its
channel timeout while the client waits for the reply. Waitress refuses bare
line ends anyway once it finds the header's end ("Bare CR or LF found in HTTP
message"); this parser refuses them as soon as they arrive. RFC 9112 allows a
server to accept a bare LF instead, but that would mean rewriting bytes before
Waitress parses them; one clear 400 is simpler and as safe.

Plugged in through Waitress's own extension points, ``channel_class`` of the
listening server and ``parser_class`` of its channels (both there since
Waitress 1.x); no Waitress code is replaced.
"""

from __future__ import annotations

import re
from typing import Any

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.utilities import BadRequest

# In an unfinished header or chunk line every CR must be followed by LF and
# every LF preceded by CR. A CR that ends the bytes so far may still get its LF.
_BARE_LINE_END = re.compile(rb"\r[^\n]|(?<!\r)\n")
_REFUSAL = "Bare CR or LF found in HTTP message: lines must end in CR LF"


class LineEndCheckingParser(HTTPRequestParser):
    """Waitress's request parser, refusing a bare line end as soon as it arrives."""

    def received(self, data: bytes) -> int:
        if self.completed:
            return super().received(data)
        if self.body_rcv is None:
            if _unfinished_header_is_broken(self.header_plus + data):
                # Waitress's own early refusals (a header too large) give the
                # error reply a request line the same way.
                self.parse_header(b"GET / HTTP/1.0\r\n")
                return self._refuse(data)
            return super().received(data)
        consumed = super().received(data)
        if self.chunked and not self.completed and _chunk_line_is_broken(self.body_rcv):
            return self._refuse(data)
        return consumed

    def _refuse(self, data: bytes) -> int:
        self.error = BadRequest(_REFUSAL)
        self.completed = True
        return len(data)  # the rest of the connection is not read: it closes after the 400


class LineEndCheckingChannel(HTTPChannel):
    parser_class = LineEndCheckingParser


def check_line_ends(listeners: Any) -> bool:
    """Make every listening server among ``listeners`` use the checking parser.

    Returns False when none could be changed (a Waitress without these
    extension points): requests are then served as Waitress alone would.
    """
    changed = False
    for listener in listeners:
        if getattr(listener, "channel_class", None) is HTTPChannel:
            listener.channel_class = LineEndCheckingChannel
            changed = True
    return changed


def _unfinished_header_is_broken(received: bytes) -> bool:
    if b"\r\n\r\n" in received:
        return False  # complete: Waitress checks it (and refuses bare line ends itself)
    # Blank lines before a request are skipped, as Waitress does.
    return _BARE_LINE_END.search(received.lstrip()) is not None


def _chunk_line_is_broken(receiver: Any) -> bool:
    # What the chunked receiver holds while it waits for a line's CR LF: a
    # chunk-size line, or the trailer after the last chunk.
    pending = (getattr(receiver, "control_line", b""), getattr(receiver, "trailer", b""))
    return any(_BARE_LINE_END.search(line) for line in pending)
