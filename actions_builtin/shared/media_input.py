"""Storing media files: the ``storeMediaFile`` action and the media objects of notes.

A media object is what clients put under ``audio``, ``video`` or ``picture``
of a note (addNote, updateNoteFields, guiAddCards, ...)::

    {"filename": "cat.jpg", "url": "https://...", "skipHash": "...", "fields": ["Back"]}

File names never leave the media folder: only the last path component of a
name is used (``../x.png`` and ``/tmp/x.png`` both become ``x.png``), as
upstream AnkiConnect does, and Anki removes characters a file name cannot
hold. A name with nothing left (``..``, ``dir/``) is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import os
import re
import stat
import unicodedata
from typing import Any, Callable, Iterator, List, Optional, Tuple

from ...core.plugin_api import ActionError
from .params import boolean

MEDIA_KINDS = ("audio", "video", "picture")
NO_SOURCE_ERROR = 'You must provide a "data", "path", or "url" field.'

_ILLEGAL = re.compile(r'[][><:"/?*^\\|\0\r\n]')  # what Anki strips from media names


def media_file_name(filename: Any) -> str:
    """The name a file gets inside the media folder (no directories, no illegal characters).

    :raises ActionError: the name is not a string, or nothing usable is left of it.
    """
    if not isinstance(filename, str):
        raise ActionError(f"a media file name must be a string, not {filename!r}")
    base = re.split(r"[/\\]", filename)[-1]
    name = _ILLEGAL.sub("", unicodedata.normalize("NFC", base))
    if name in ("", ".", ".."):
        raise ActionError(f'invalid media file name: "{filename}"')
    return name


# Reading the content ------------------------------------------------------------


def media_content(data: Any = None, path: Any = None, url: Any = None, *,
                  download: Callable[[Any], bytes]) -> bytes:
    """The bytes of a file given as base64 ``data``, a local ``path`` or a ``url``.

    The first one given wins, in that order (as upstream); empty values count
    as not given. ``download`` is the request's ``host.download``.
    """
    if data:
        return _decode_base64(data)
    if path:
        return read_regular_file(path)
    if url:
        return download(url)
    raise ActionError(NO_SOURCE_ERROR)


def url_to_download(source: Any) -> Optional[str]:
    """The URL media_content would download for this object (a file or media
    object as sent), if any: for the action's ``prefetch``."""
    if isinstance(source, dict) and not source.get("data") and not source.get("path"):
        url = source.get("url")
        return url if isinstance(url, str) and url else None
    return None


def _decode_base64(data: Any) -> bytes:
    if not isinstance(data, str):
        raise ActionError("data must be a base64 string")
    try:
        return base64.b64decode(data)
    except (binascii.Error, ValueError) as exc:
        raise ActionError(str(exc)) from None


def read_regular_file(path: Any) -> bytes:
    """The content of a regular file on this machine (never a device, pipe or folder)."""
    if not isinstance(path, str):
        raise ActionError("path must be a string")
    try:
        info = os.stat(path)  # follows symbolic links: the target must be a regular file
    except OSError as exc:
        raise ActionError(str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ActionError(f"[Errno 21] Is a directory: {path!r}")
    if not stat.S_ISREG(info.st_mode):
        raise ActionError(f"not a regular file: {path!r}")
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        raise ActionError(str(exc)) from None


# Storing ---------------------------------------------------------------------


def store_media_file(col: Any, filename: Any, content: bytes, *, skip_hash: Optional[str] = None,
                     delete_existing: bool = True) -> Optional[str]:
    """Put content into the media folder; return the name it was stored under.

    None when ``skip_hash`` is the MD5 of the content (nothing is stored). With
    ``delete_existing`` a different file of the same name is moved to Anki's
    media trash first; without it Anki stores the new file under a new name.
    """
    name = media_file_name(filename)
    if skip_hash is not None and hashlib.md5(content).hexdigest() == skip_hash:
        return None
    if delete_existing and _differs(os.path.join(col.media.dir(), name), content):
        col.media.trash_files([name])
    return col.media.write_data(name, content)


def _differs(path: str, content: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(content):
            return True
        with open(path, "rb") as file:
            return file.read() != content
    except OSError:
        return False  # no such file: nothing to delete


# Media objects of notes ------------------------------------------------------


def media_objects(note: dict) -> Iterator[Tuple[str, dict]]:
    """(kind, media object) for every object under audio, video and picture."""
    for kind in MEDIA_KINDS:
        value = note.get(kind)
        if value is None:
            continue
        for media in value if isinstance(value, list) else [value]:
            if media is None:
                continue
            if not isinstance(media, dict):
                raise ActionError(f"{kind} must be an object or a list of objects")
            yield kind, media


def note_urls_to_download(note: Any) -> List[str]:
    """The URLs add_note_media would download for a note object as sent."""
    if not isinstance(note, dict):
        return []
    try:
        urls = [url_to_download(media) for _, media in media_objects(note)]
    except ActionError:  # a malformed media object: the action itself says so
        return []
    return [url for url in urls if url]


# What the actions register as ``prefetch`` (core.downloads): from a request's
# params, the URLs the action will download.


def file_urls(params: dict) -> List[str]:
    """storeMediaFile's URL, when it is the source used."""
    url = url_to_download(params)
    return [url] if url else []


def note_urls(params: dict) -> List[str]:
    """The media URLs of the ``note`` param (addNote, updateNote, guiAddCards, ...)."""
    return note_urls_to_download(params.get("note"))


def notes_urls(params: dict) -> List[str]:
    """The media URLs of every note of the ``notes`` param (addNotes)."""
    notes = params.get("notes")
    return [url for note in notes for url in note_urls_to_download(note)] if isinstance(notes, list) else []


def has_media(note: dict) -> bool:
    return any(note.get(kind) is not None for kind in MEDIA_KINDS)


def media_reference(kind: str, filename: str) -> str:
    return f'<img src="{filename}">' if kind == "picture" else f"[sound:{filename}]"


def add_note_media(col: Any, source: dict, note: Any, *,
                   download: Optional[Callable[[Any], bytes]]) -> None:
    """Store the media objects of a note's request and reference them in its fields.

    ``note`` is an ``anki.notes.Note`` (or anything with ``in`` and item
    access by field name). Each stored file is appended to the fields listed
    in the object's ``fields`` (field names match exactly, unknown ones are
    skipped): ``<img src="...">`` for pictures, ``[sound:...]`` otherwise.
    When a file cannot be stored, the error text (HTML-escaped) is put into
    those fields instead, as upstream does; an object without ``fields`` then
    fails the request with that error.

    ``download`` is the request's ``host.download``. Without one nothing is
    fetched or written: the fields get the references the files would have,
    so checks see what adding would create.
    """
    for kind, media in media_objects(source):
        fields = media.get("fields")
        targets: List[str] = [f for f in fields if isinstance(f, str) and f in note] \
            if isinstance(fields, list) else []
        try:
            if "filename" not in media:
                raise ActionError("'filename'")
            # absent or null: false, upstream's default for note media (storeMediaFile's is true)
            delete_existing = media.get("deleteExisting") is not None and boolean(
                media["deleteExisting"], f"{kind}.deleteExisting")
            if download is not None:
                content = media_content(media.get("data"), media.get("path"), media.get("url"),
                                        download=download)
                stored = store_media_file(col, media["filename"], content,
                                          skip_hash=media.get("skipHash"),
                                          delete_existing=delete_existing)
            else:
                stored = media_file_name(media["filename"])
        except Exception as exc:
            if "fields" not in media:
                raise
            message = html.escape(str(exc), quote=False)
            for field in targets:
                note[field] += message
            continue
        if stored is None:
            continue
        for field in targets:
            note[field] += media_reference(kind, stored)
