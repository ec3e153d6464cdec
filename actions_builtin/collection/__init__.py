"""Collection-level actions: sync, profiles, package import and export, reload."""

from __future__ import annotations

import json
from typing import Any, List, Optional

from ...core.plugin_api import ActionError, Changes, Host, hookimpl
from ..shared.params import boolean, string
from ..shared.schemas import (
    BOOLEAN,
    DECK_NAME,
    NO_PARAMS,
    NULL,
    STRING,
    array,
    described,
    documented,
    nullable,
    params,
    schema,
)
from . import packages

# A normal sync takes seconds, and a stalled network ends it at Anki's network timeout.
SYNC_REPLY_MINUTES = 30
FULL_SYNC_DIRECTIONS = ("upload", "download")

_PROFILE = described(STRING, "A profile's name (headless: the served collection's name).")


@schema(
    params=params(fullSync=nullable(
        {"type": "string", "enum": list(FULL_SYNC_DIRECTIONS)},
        "Headless, when a full sync is needed: upload this collection, or download the server's "
        "(refused inside Anki).")),
    result=described(NULL, "Synced."),
)
def sync(fullSync: Optional[str] = None, *, col: Any, host: Host) -> Any:
    """Sync the collection and its media with AnkiWeb or a sync server.

    Inside Anki: with the account and server set in Anki's preferences, in the
    background behind Anki's progress window; requests sent meanwhile wait and
    run after it; the reply comes when the collection is synced, while media go
    on syncing, as in Anki. Headless: with the server's sync settings; the
    reply comes when the media are synced too.

    A sync that needs a full upload or download is not done: the reply says
    so. Headless, ``fullSync`` then chooses the direction: ``"upload"``
    replaces the server's copy with this collection, ``"download"`` replaces
    this collection with the server's (after a backup). Inside Anki, choose it
    in Anki's window.
    """
    if fullSync is not None and fullSync not in FULL_SYNC_DIRECTIONS:
        raise ActionError(f'fullSync must be "upload" or "download", not {json.dumps(fullSync)}')
    return host.defer(
        host.sync(col, fullSync),
        timeout=SYNC_REPLY_MINUTES * 60,
        timeout_result=ActionError(
            f"sync did not finish within {SYNC_REPLY_MINUTES:g} minutes; it goes on in the background"),
    )


@schema(params=NO_PARAMS, result=array(_PROFILE, minItems=1))
def getProfiles(*, host: Host) -> List[str]:
    """The names of Anki's profiles."""
    return host.profile_names()


@schema(params=NO_PARAMS, result=_PROFILE)
def getActiveProfile(*, host: Host) -> Optional[str]:
    """The name of the open profile."""
    return host.profile_name


@schema(params=params(name=described(_PROFILE, "Exactly as getProfiles answers it."), required=["name"]),
        result=described(BOOLEAN, "true: switching (or open already); false: no such profile "
                                  "(headless: an error)."))
def loadProfile(name: str, *, host: Host) -> bool:
    """Switch Anki to the profile called name (exact spelling); false if there is none.

    Replies true at once; the switch follows. The server stops while the old
    profile closes and listens again, on the same address, once the new one is
    open; meanwhile clients get ``collection is not available`` or a refused
    connection. The open profile: true, nothing happens.
    """
    return host.switch_profile(string(name, "name", "a profile name"))


@schema(
    params=params(
        deck=described(DECK_NAME, "In any case; its subdecks are exported too."),
        path=described(STRING, "The .apkg file to write, on the machine Anki runs on "
                               "(replaced if it exists; a relative path starts in collection.media)."),
        includeSched=described(BOOLEAN, "With the cards' scheduling, review history and deck presets "
                                        "(default false)."),
        required=["deck", "path"],
    ),
    result=described(BOOLEAN, "false: there is no such deck."),
)
def exportPackage(deck: str, path: str, includeSched: bool = False, *, col: Any) -> bool:
    """Export a deck (name in any case; with its subdecks and media) as an .apkg file.

    ``path`` is a file path on the Anki machine (a relative one starts in
    collection.media, as importPackage's); an existing file is replaced.
    ``includeSched`` adds the cards' scheduling, review history and deck
    presets. False if there is no such deck.
    """
    with_scheduling = boolean(includeSched, "includeSched")
    found = col.decks.by_name(string(deck, "deck", "a deck name"))
    if found is None:
        return False
    packages.export_deck(col, found["id"], packages.package_path(col, path), with_scheduling)
    return True


@schema(params=params(path=described(STRING, "The .apkg file, on the machine Anki runs on "
                                             "(a relative path starts in collection.media)."),
                      required=["path"]),
        result={"const": True})
def importPackage(path: str, *, col: Any, changes: Changes) -> bool:
    """Import an .apkg file (a path on the Anki machine; relative paths start in collection.media).

    Scheduling and deck presets come as the package has them; notes and note
    types already in the collection are updated where the package's copy is
    newer. One undo step in Anki.
    """
    changes.record(packages.import_package(col, packages.package_path(col, path)))
    return True


@schema(params=NO_PARAMS, result=NULL)
def reloadCollection(*, col: Any, changes: Changes) -> None:
    """Make Anki re-read everything from the collection and refresh its windows."""
    from anki.collection import OpChanges

    col.models._clear_cache()  # the one cache Anki's Python side keeps
    everything = {f.name: True for f in OpChanges.DESCRIPTOR.fields if f.type == f.TYPE_BOOL}
    changes.record(OpChanges(**everything))


@hookimpl
def register_actions(register):
    register = documented(register, "collection")
    register(sync)
    register(getProfiles)
    register(getActiveProfile)
    register(loadProfile)
    register(exportPackage)
    register(importPackage)
    register(reloadCollection)
