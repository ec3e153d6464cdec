"""Deck packages (.apkg) through Anki's current import/export backend.

Paths are on the Anki machine. The errors a client is most likely to meet
(no such file or folder to export into, a folder, not a zip) are worded as
upstream's Python exporter and importer worded them, the same on every Anki
version; anything else, such as a package that does not exist, is the
backend's own text, as upstream answers it.
"""

from __future__ import annotations

import errno
import os
import zipfile
from typing import Any


def export_deck(col: Any, deck_id: int, path: str, with_scheduling: bool) -> None:
    from anki.collection import DeckIdLimit, ExportAnkiPackageOptions

    _check_writable(path)
    col.export_anki_package(
        out_path=path,
        options=ExportAnkiPackageOptions(
            with_scheduling=with_scheduling,
            with_deck_configs=with_scheduling,  # upstream's exporter: presets only with scheduling
            with_media=True,
            legacy=True,  # readable by every Anki and third-party tool, as upstream's packages were
        ),
        limit=DeckIdLimit(deck_id),
    )


def import_package(col: Any, path: str) -> Any:
    """Import the package at path; returns the operation's result (with its OpChanges)."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    _check_readable(path)
    # What upstream's importer did: scheduling and presets as the package has
    # them, notes and note types updated when the package's copy is newer.
    options = ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True)
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=path, options=options))


def package_path(col: Any, path: str) -> str:
    """A package's path for importPackage and exportPackage alike: a relative path is taken
    from collection.media, as upstream's README documents for importPackage."""
    return os.path.join(col.media.dir(), path)


def _check_writable(path: str) -> None:
    if os.path.isdir(path):
        raise _os_error(errno.EISDIR, path)
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise _os_error(errno.ENOENT, path)


def _check_readable(path: str) -> None:
    if os.path.isdir(path):
        raise _os_error(errno.EISDIR, path)
    # A missing file is left to Anki, whose words upstream answers with ("Failed
    # to open '<path>': No such file or directory (os error 2)"); it fails before
    # anything is written, and Anki's undo history stays.
    if os.path.exists(path) and not zipfile.is_zipfile(path):
        raise zipfile.BadZipFile("File is not a zip file")


def _os_error(code: int, path: str) -> OSError:
    # str() gives Python's wording: "[Errno 2] No such file or directory: '/x.apkg'"
    return OSError(code, os.strerror(code), path)
