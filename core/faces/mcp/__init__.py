"""The MCP face: every action served as a Model Context Protocol tool, at ``/mcp``.

``endpoint.py`` is Streamable HTTP (the HTTP checks, framing, statuses);
``server.py`` answers JSON-RPC messages whatever carried them, in both eras
of the protocol (the ``initialize`` handshake of 2025-03-26 to 2025-11-25,
served statelessly, and the per-request metadata of 2026-07-28);
``tools.py`` makes tools of the actions in the registry, ``resources.py``
the resources. A tool call is a request to the same service the AnkiConnect
endpoint calls: same checks, same undo step, same refresh, same API log.
"""
