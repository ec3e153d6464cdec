"""Media actions: store, retrieve, list and delete files of the media folder.

File names are reduced to their last path component (as upstream does when
storing), so no action reads, writes or lists anything outside the media
folder.
"""

from __future__ import annotations

import base64
import fnmatch
import os
from typing import Any, List, Optional, Union

from ...core.plugin_api import ActionError, Host, hookimpl
from ..shared.media_input import file_urls, media_content, media_file_name, store_media_file
from ..shared.params import boolean
from ..shared.schemas import (
    BASE64,
    BOOLEAN,
    FILE_NAME,
    MD5_HEX,
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

_NAMED_FILE = params(filename=FILE_NAME, required=["filename"])


@schema(
    params=params(
        filename=FILE_NAME,
        data=nullable(BASE64, "The file's content."),
        path=nullable(STRING, "A regular file on the machine Anki runs on, to copy."),
        url=nullable(STRING, "Where to download the file from (within the webTimeout setting)."),
        skipHash=nullable(MD5_HEX, "Store nothing if the content has this MD5 digest."),
        deleteExisting=described(BOOLEAN, "Move an existing different file of this name to the media "
                                           "trash first (default true); false: store under a new name."),
        required=["filename"],
    ),
    result=nullable(FILE_NAME, "The name the file was stored under; null when skipHash matched."),
)
def storeMediaFile(filename: str, data: Optional[str] = None, path: Optional[str] = None,
                   url: Optional[str] = None, skipHash: Optional[str] = None,
                   deleteExisting: bool = True, *, col: Any, host: Host) -> Optional[str]:
    """Store a file in the media folder; return the name it was stored under.

    The content comes from ``data`` (base64), ``path`` (a regular file on this
    machine) or ``url`` (downloaded within ``webTimeout``), the first one
    given. With ``skipHash`` equal to the content's MD5 nothing is stored and
    the result is null. An existing different file of that name is moved to
    Anki's media trash unless ``deleteExisting`` is false; then Anki stores
    the new file under a new name.
    """
    delete_existing = boolean(deleteExisting, "deleteExisting")
    name = media_file_name(filename)
    content = media_content(data, path, url, download=host.download)
    return store_media_file(col, name, content, skip_hash=skipHash, delete_existing=delete_existing)


@schema(params=_NAMED_FILE,
        result={"anyOf": [BASE64, described({"const": False}, "There is no such file.")]})
def retrieveMediaFile(filename: str, *, col: Any) -> Union[str, bool]:
    """The base64 content of a media file, or false if there is no such file."""
    path = os.path.join(col.media.dir(), media_file_name(filename))
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as file:
        return base64.b64encode(file.read()).decode("ascii")


@schema(params=params(pattern=described(STRING, 'A shell pattern (default "*").')),
        result=array(FILE_NAME, "File names, sorted."))
def getMediaFilesNames(pattern: str = "*", *, col: Any) -> List[str]:
    """Names of the media files matching a glob pattern (``*``, ``?``, ``[...]``), sorted.

    A pattern with a path separator matches nothing: only the media folder
    itself is listed. As with glob, ``*`` does not match names starting with a dot.
    """
    if not isinstance(pattern, str):
        raise ActionError("pattern must be a string")
    if "/" in pattern or "\\" in pattern or pattern in ("", ".", ".."):
        return []
    hidden_ok = pattern.startswith(".")
    with os.scandir(col.media.dir()) as entries:
        names = [e.name for e in entries
                 if e.is_file() and (hidden_ok or not e.name.startswith("."))
                 and fnmatch.fnmatch(e.name, pattern)]
    return sorted(names)


@schema(params=NO_PARAMS, result=described(STRING, "An absolute path."))
def getMediaDirPath(*, col: Any) -> str:
    """The absolute path of the collection's media folder."""
    return os.path.abspath(col.media.dir())


@schema(params=_NAMED_FILE, result=NULL)
def deleteMediaFile(filename: str, *, col: Any) -> None:
    """Move a media file to Anki's media trash (nothing happens if there is no such file)."""
    col.media.trash_files([media_file_name(filename)])


@hookimpl
def register_actions(register):
    register = documented(register, "media")
    register(storeMediaFile, prefetch=file_urls)
    for action in (retrieveMediaFile, getMediaFilesNames, getMediaDirPath, deleteMediaFile):
        register(action)
