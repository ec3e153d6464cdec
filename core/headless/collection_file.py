"""Which collection file the headless server opens, and refusing the wrong ones early.

Without ``--collection`` the server uses a collection in the user's data
folder, created (with its media folder) on first use, so the command works
on a fresh machine as it is. A path given explicitly must already be a
collection, unless ``--create`` says to make it: a typo must not quietly
start an empty one.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

COLLECTION_FILE = "collection.anki2"  # what Anki calls it in every profile folder
SQLITE_HEADER = b"SQLite format 3\x00"


class CollectionError(Exception):
    """The collection cannot be served; the message is the one line the user sees."""


def data_folder() -> Path:
    """Where programs keep their data on this system (XDG on Linux, as Anki does)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ankiconnect"


def default_collection() -> Path:
    return data_folder() / "headless" / COLLECTION_FILE


def profile_name(path: Path) -> str:
    """The name getActiveProfile reports: the profile folder's name for a file
    called collection.anki2 (as in Anki's own folders), else the file's name."""
    return path.parent.name if path.name == COLLECTION_FILE else path.stem


def check_collection(path: Path, *, create: bool) -> None:
    """Refuse a path that is not a collection, with a reason.

    :param create: a missing file may be created (the default collection).
    """
    if path.is_dir():
        raise CollectionError(f"{path} is a folder, not a collection file "
                              f"(Anki keeps one as {COLLECTION_FILE} in each profile folder)")
    if not path.exists():
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            return
        raise CollectionError(f"there is no collection at {path} (--create makes a new one)")
    with open(path, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise CollectionError(f"{path} is not an Anki collection (not an SQLite database)")
    if not _has_collection_table(path):
        raise CollectionError(f"{path} is an SQLite database but not an Anki collection")


def _has_collection_table(path: Path) -> bool:
    """Whether the database has Anki's ``col`` table; True when it cannot be read
    because another program holds it (opening it then says so)."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.1)
    except sqlite3.Error:
        return True
    try:
        return db.execute("select 1 from sqlite_master where type = 'table' and name = 'col'").fetchone() \
            is not None
    except sqlite3.OperationalError:  # locked: Anki itself has it open
        return True
    finally:
        db.close()


def open_collection(path: Path) -> Any:
    """Open the collection, translating Anki's errors into one line each."""
    from anki.collection import Collection
    from anki.errors import DBError

    try:
        return Collection(str(path))
    except DBError as exc:
        text = str(exc)
        if "already open" in text:
            raise CollectionError(
                f"{path} is open in another program (Anki, or another server): "
                "close it there first") from None
        raise CollectionError(f"cannot open {path}: {_short(text)}") from None


def _short(text: str) -> str:
    marker = 'Some(\\"'
    if marker in text:  # the SQLite reason inside the Rust error's debug text
        return text.split(marker, 1)[1].split('\\"', 1)[0]
    return text.splitlines()[0] if text else "unknown error"

