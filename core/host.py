"""The ``host`` an action may ask for: the server as seen from inside a request.

Most actions only need ``col``. Actions about the API itself, actions that
download, and actions that must respect open note editors declare a
keyword-only ``host`` parameter and get one of these. Everything an action
may ask of the server is a named method here: what differs between the
runtimes (Anki's window or none) comes from their ``Environment``
(core/environment.py), what the served API does alike in both from its
``ServerControls``.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from .actions import ActionError
from .change_signal import collection_stamp
from .downloads import Outcome, content_of, download
from .replies import Deferred, WaitForChange

if TYPE_CHECKING:
    from .config import Config
    from .environment import Environment, OpenEditors
    from .registry import ActionRegistry


@dataclass(frozen=True)
class ServerControls:
    """What an action may ask of the served API itself, the same in every runtime."""

    plugin_report: Callable[[], List[Dict[str, Any]]]
    hold_requests: Callable[[], None]
    release_requests: Callable[[], None]
    # the change signal's generation now; tell watchers and waiters of a change
    change_generation: Callable[[], int] = lambda: 0
    collection_changed: Callable[[], None] = lambda: None


class Host:
    def __init__(self, environment: Environment, controls: ServerControls, config: Config,
                 registry: ActionRegistry, downloads: Dict[str, Outcome],
                 handle_all: Callable[[Any], List[Any]], *, wait_over: bool = True):
        self._environment = environment
        self._controls = controls
        self._config = config
        self._registry = registry
        self._downloads = downloads
        self._handle_all = handle_all
        self._wait_over = wait_over

    @property
    def config(self) -> Config:
        """The settings this request is handled with."""
        return self._config

    @property
    def registry(self) -> ActionRegistry:
        """Every action this request could call."""
        return self._registry

    @property
    def editors(self) -> OpenEditors:
        """The note editors the user has open (none without Anki's window)."""
        return self._environment.editors()

    @property
    def profile_name(self) -> Optional[str]:
        """The name of the open profile."""
        return self._environment.profile_name()

    def profile_names(self) -> List[str]:
        """The names of every profile (collection) this program can open."""
        return self._environment.profile_names()

    def switch_profile(self, name: str) -> bool:
        """Open the profile called name instead of this one, once this request is
        answered; False if there is none."""
        return self._environment.switch_profile(name)

    def download(self, url: Any) -> bytes:
        """The content at url, fetched within ``webTimeout``: already downloaded
        when the action's ``prefetch`` named it, else now (blocking).

        :raises ActionError: with the reason, when it cannot be had.
        """
        prefetched = self._downloads.get(url) if isinstance(url, str) else None
        if prefetched is not None:
            return content_of(prefetched)
        return download(url, self._config.webTimeout)

    def handle_all(self, requests: Any) -> List[Any]:
        """The replies to a list of request objects, each checked on its own."""
        return self._handle_all(requests)

    def defer(self, future: Future, *, timeout: float, timeout_result: Any,
              convert: Callable[[Any], Any] = lambda result: result) -> Deferred:
        """A result to return now and fill in later, without blocking the collection's thread.

        The request's reply is ``convert(future.result())``, or
        ``timeout_result`` if the future is not done within ``timeout`` seconds
        (an error reply with its text if ``timeout_result`` is an exception).
        """
        return Deferred(future, timeout, timeout_result, convert)

    @property
    def wait_over(self) -> bool:
        """Whether the time this request may wait for a change is over, or it
        cannot wait at all (inside ``multi``): then answer now."""
        return self._wait_over

    def wait_for_change(self, seconds: float) -> WaitForChange:
        """Return this to be run again, with the same params, once the collection
        changes or when ``seconds`` have passed since the request came (then
        :attr:`wait_over` is true): a request waiting so holds no lock and
        blocks no other request. The rerun may ask to wait again; the time
        counts from the request's arrival. At most ``changeWaiters`` requests
        wait at once: beyond, the client is answered an error at once.

        :raises ActionError: when :attr:`wait_over` is true already.
        """
        if self._wait_over:
            raise ActionError("this request cannot wait for changes (its time is over, or it is "
                              "inside another request)")
        try:
            stamp = collection_stamp(self._environment.collection())
        except ActionError:  # no collection: only a signal wakes it
            stamp = None
        return WaitForChange(seconds, self._controls.change_generation(), stamp)

    def ask_permission(self, origin: str) -> Future:
        """Ask the user whether a web page may use the API; the Future gives a bool."""
        return self._environment.ask_permission(origin)

    def plugin_report(self) -> List[Dict[str, Any]]:
        """Every plugin: name, source, version, actions, and its error if it failed."""
        return self._controls.plugin_report()

    def sync(self, col: Any, full_sync: Optional[str] = None) -> Future:
        """Start syncing the collection (and its media) the way this host does;
        the Future ends with the sync, in an ActionError if it failed.

        :param full_sync: ``"upload"`` or ``"download"``, the direction of a
            full sync the server asked for, where the host lets a client choose.
        """
        return self._environment.sync(col, full_sync)

    def hold_requests(self) -> None:
        """Hold back other requests while a background job (a sync) keeps the
        collection busy; every call needs a :meth:`release_requests`."""
        self._controls.hold_requests()

    def release_requests(self) -> None:
        self._controls.release_requests()
