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
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, Mapping, Optional, Protocol

from ..vendor import pluggy

PROJECT_NAME = "ankiconnect"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


class RegisterAction(Protocol):
    """The ``register`` callback handed to :func:`register_actions`."""

    def __call__(
        self,
        function: Callable[..., Any],
        name: Optional[str] = None,
        *,
        gui: bool = False,
        older_names: Optional[Mapping[int, str]] = None,
        prefetch: Optional[Callable[[Dict[str, Any]], Iterable[str]]] = None,
    ) -> None: ...


@hookspec
def register_actions(register: RegisterAction) -> None:
    """Register the actions this plugin serves.

    Call ``register(function)`` once per action. The action is served under the
    function's ``__name__`` unless ``name`` is given, and its docstring is what
    ``apiReflect`` reports.

    The function's parameters are the request's ``params``, bound by keyword
    before the call: a missing or unexpected parameter is answered with
    Python's own ``TypeError`` wording, as AnkiConnect always has. Its return
    value must be JSON-serialisable; raising any exception answers
    ``{"result": null, "error": str(exception)}``.

    Besides request parameters, a function may declare these keyword-only
    parameters, which the host fills in and clients can never set:

    - ``col``: the open :class:`anki.collection.Collection` (the request is
      answered ``collection is not available`` when no profile is open);
    - ``mw``: Anki's main window (requires ``gui=True``);
    - ``host``: the :class:`~core.host.Host` serving the request, for actions
      that work with the server itself (``multi``, ``apiReflect``, ...);
    - ``changes``: a :class:`~core.changes.Changes` for actions that modify
      the collection: ``with changes.undo_step("Add Notes"):`` makes their
      work one undo step, and Anki's windows refresh once per request.

    Actions run on the thread that owns the collection (Qt's main thread in
    Anki), one request at a time, so they may touch the collection and Qt
    freely.

    :param register: ``register(function, name=None, *, gui=False,
        older_names=None, prefetch=None)``. ``gui=True`` marks an action that
        needs Anki's main window; it is answered with an error where none
        exists. ``older_names`` maps an API version to the name the action had
        up to and including that version, e.g. ``{5: "oldName"}``.
        ``prefetch`` is for actions that download: given the request's params
        (as sent, unchecked), it returns the URLs the action will fetch; the
        server downloads them within ``webTimeout`` before the request
        reaches Anki's main thread, so a slow server never freezes Anki, and
        the action gets each one from ``host.download(url)``. It runs on an
        HTTP thread: it must not touch the collection or Qt, and what it
        raises is ignored (the action itself reports bad params).
    """
