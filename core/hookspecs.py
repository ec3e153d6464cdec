"""The plugin contract: every hook a plugin may implement.

A plugin is any object (usually a module) with functions marked by a
``pluggy.HookimplMarker("ankiconnect")``. It never has to import this add-on:

    import pluggy
    hookimpl = pluggy.HookimplMarker("ankiconnect")

    def shout(text):
        "Return the text in capitals."
        return text.upper()

    @hookimpl
    def register_actions(register):
        register(shout)

The built-in action groups in ``actions_builtin/`` use exactly this hook.
docs/plugins.md is the guide: every hook, what an action may use
(core/plugin_api.py), and complete examples.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Protocol

from ..vendor import pluggy

PROJECT_NAME = "ankiconnect"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class RegisterAction(Protocol):
    """The ``register`` callback handed to :func:`register_actions`.

    ``register(function, name=None, *, gui=False, older_names=None, prefetch=None,
    params_schema=None, result_schema=None, public=False, runs_requests=None,
    read_only=False, destructive=False, idempotent=False, open_world=False,
    curated=False, resource=None, event_stream=None)`` serves function as an
    action; docs/plugins.md says what each argument does.

    :param params_schema: a JSON Schema (draft 2020-12) of the request's
        ``params`` object; ``apiReflect`` and ``GET /openapi.json`` serve it.
    :param result_schema: a JSON Schema of the action's ``result``.
    :param public: serve the action to any caller, without the API key and to
        web pages the settings do not trust; the server passes what it knows of
        the caller as the params ``origin`` and ``allowed``.
    :param runs_requests: the name of the parameter that holds request
        objects the action hands back to the server (``host.handle_all``), so
        that they are read and checked with the request itself.
    :param read_only: the action changes nothing (MCP's ``readOnlyHint``;
        with ``mcpReadOnly``, only such actions are offered to agents).
    :param destructive: it deletes or overwrites data (``destructiveHint``).
    :param idempotent: calling it again with the same params does nothing more.
    :param open_world: it reaches beyond this machine (actions with a
        ``prefetch`` do anyway).
    :param curated: offer it in the default set of MCP tools.
    :param resource: an MCP resource URI (or a URI template whose variables
        are params, ``anki://x/{name}``) under which its result can be read.
    :param event_stream: also serve the action as a stream of server-sent
        events at ``GET /<event_stream>``; the action takes ``since`` (a
        cursor, or null for the present) and ``wait`` (seconds), and answers
        an object whose ``cursor`` the next call takes as ``since``.
    """

    def __call__(
        self,
        function: Callable[..., Any],
        name: Optional[str] = None,
        *,
        gui: bool = False,
        older_names: Optional[Mapping[int, str]] = None,
        prefetch: Optional[Callable[[Dict[str, Any]], Iterable[str]]] = None,
        params_schema: Optional[Mapping[str, Any]] = None,
        result_schema: Optional[Mapping[str, Any]] = None,
        public: bool = False,
        runs_requests: Optional[str] = None,
        read_only: bool = False,
        destructive: bool = False,
        idempotent: bool = False,
        open_world: bool = False,
        curated: bool = False,
        resource: Optional[str] = None,
        event_stream: Optional[str] = None,
    ) -> None: ...


@hookspec
def register_actions(register: RegisterAction) -> None:
    """Register the actions this plugin serves: call ``register(function)`` once per action.

    Called once per plugin when the server loads its plugins (and again when
    plugins are added, removed or reloaded). What ``register`` takes, which
    parameters the server fills in (``col``, ``host``, ``changes``, ``mw``)
    and what an action may use is documented in docs/plugins.md
    ("register_actions" and "The plugin API").

    :param register: see :class:`RegisterAction`.
    """


@hookspec
def collection_did_change(col: Any) -> None:
    """The collection may have changed: watch it (optional).

    Called on the collection's thread after a request that changes the
    collection, after each of Anki's own operations (an edit in the editor,
    an answer in the reviewer, an undo...), after a sync, and when the
    once-a-second check that runs while requests wait for changes sees a
    change nobody told of. Not every call means a change; a change made
    while no AnkiConnect runs is never told. Keep it quick (Anki waits for
    it) and do not change the collection here. An exception is logged and
    the other plugins are still called.

    :param col: the open collection.
    """
