"""Wiring the add-on into the running Anki, once, from the add-on's ``__init__.py``."""

from __future__ import annotations

import aqt
from aqt import gui_hooks

from ..logs import get_logger
from .addon_api import AddonApi
from .runtime import AnkiRuntime

log = get_logger(__name__)


def setup(module: str) -> AnkiRuntime:
    """Start serving with every profile Anki opens.

    :param module: the add-on's package name (its folder under addons21/).
    """
    mw = aqt.mw
    other = getattr(mw, "ankiconnect", None)
    if other is not None:  # a second copy of the add-on (say, a development link)
        log.error("AnkiConnect is already running from add-on %r; %r stays inactive",
                  other._runtime.module, module)
        return other._runtime
    runtime = AnkiRuntime(mw, module)
    gui_hooks.profile_did_open.append(runtime.start)
    gui_hooks.profile_will_close.append(runtime.stop)
    # What Anki changes itself (its windows, imports, undo, syncs, other
    # add-ons' operations) reaches the change feed and wakes waiting requests.
    for hook in (gui_hooks.operation_did_execute, gui_hooks.sync_did_finish,
                 gui_hooks.collection_did_temporarily_close, gui_hooks.media_sync_did_start_or_stop):
        hook.append(runtime.collection_changed)
    mw.app.aboutToQuit.connect(runtime.stop)
    mw.addonManager.setConfigUpdatedAction(module, runtime.apply_config)
    mw.ankiconnect = AddonApi(runtime)
    return runtime
