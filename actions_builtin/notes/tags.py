"""Tag actions of the ``notes`` plugin (registered by its ``__init__``)."""

from __future__ import annotations

from typing import Any, Dict, List

from ...core.plugin_api import ActionError, Changes, Host, OpenEditors
from ..shared.params import boolean
from ..shared.schemas import (
    BOOLEAN,
    NO_PARAMS,
    NOTE_ID,
    NOTE_IDS,
    NULL,
    TAG,
    TAG_LIST,
    TAGS,
    described,
    params,
    schema,
)
from .common import get_note, note_for_update, note_ids
from .schemas import TAG_OR_TAGS


def tag_list(tags: Any) -> List[str]:
    """updateNoteTags' rule: a string is one tag, otherwise a list of strings."""
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ActionError("Must provide tags as a list of strings")
    return tags


def _tag_string(tags: Any) -> str:
    if isinstance(tags, str):
        return tags
    if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
        return " ".join(tags)
    raise ActionError("tags must be a string of space-separated tags")


@schema(params=params(note=NOTE_ID, tags=TAG_OR_TAGS, required=["note", "tags"]), result=NULL)
def updateNoteTags(note: Any, tags: Any, *, col: Any, host: Host, changes: Changes) -> None:
    """Replace all tags of a note (a string is one tag)."""
    tags = tag_list(tags)
    anki_note = note_for_update(col, host.editors, note)
    anki_note.tags = tags
    with changes.undo_step("Update Note Tags"):
        col.update_note(anki_note)
    host.editors.reload([anki_note.id])


@schema(params=params(note=NOTE_ID, required=["note"]), result=TAG_LIST)
def getNoteTags(note: Any, *, col: Any) -> List[str]:
    """The tags of a note."""
    return list(get_note(col, note).tags)


@schema(
    params=params(notes=NOTE_IDS, tags=TAGS,
                  add=described(BOOLEAN, "Add the tags (default true); false: remove them."),
                  required=["notes", "tags"]),
    result=NULL,
)
def addTags(notes: Any, tags: Any, add: bool = True, *, col: Any, host: Host, changes: Changes) -> None:
    """Add space-separated tags to notes (``add: false`` removes them instead)."""
    add = boolean(add, "add")
    ids = note_ids(notes)
    text = _tag_string(tags)
    if not ids or not text.strip():
        return
    with changes.undo_step("Add Tags" if add else "Remove Tags"):
        host.editors.save(col, ids)
        if add:
            col.tags.bulk_add(ids, text)
        else:
            col.tags.bulk_remove(ids, text)
    host.editors.reload(ids)


@schema(params=params(notes=NOTE_IDS, tags=TAGS, required=["notes", "tags"]), result=NULL)
def removeTags(notes: Any, tags: Any, *, col: Any, host: Host, changes: Changes) -> None:
    """Remove space-separated tags from notes."""
    addTags(notes, tags, False, col=col, host=host, changes=changes)


@schema(params=NO_PARAMS, result=TAG_LIST)
def getTags(*, col: Any) -> List[str]:
    """Every tag of the collection."""
    return list(col.tags.all())


@schema(params=NO_PARAMS, result=NULL)
def clearUnusedTags(*, col: Any, changes: Changes) -> None:
    """Remove tags that no note uses from the tag list."""
    with changes.undo_step("Clear Unused Tags"):
        col.tags.clear_unused_tags()


def _replace(col: Any, editors: OpenEditors, changes: Changes, label: str, ids: List[int],
             old: str, new: str) -> None:
    """Replace tag old (any case, exact tag) with new on the notes that have it."""
    if not ids:
        return
    from anki.errors import NotFoundError

    in_editors: Dict[int, Any] = editors.notes(ids)
    changed = []
    for nid in ids:
        note = in_editors.get(nid)
        if note is None:
            try:
                note = col.get_note(nid)
            except NotFoundError:
                continue  # as upstream: missing notes are skipped
        if note.has_tag(old):
            note.remove_tag(old)
            note.add_tag(new)
            changed.append(note)
    if changed:
        with changes.undo_step(label):
            col.update_notes(changed)
        editors.reload([n.id for n in changed])


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ActionError(f"{name} must be a string")
    return value


_OLD_TAG = described(TAG, "The tag to replace (a whole tag, in any case).")
_NEW_TAG = described(TAG, "The tag it becomes.")


@schema(params=params(notes=NOTE_IDS, tag_to_replace=_OLD_TAG, replace_with_tag=_NEW_TAG,
                      required=["notes", "tag_to_replace", "replace_with_tag"]),
        result=NULL)
def replaceTags(notes: Any, tag_to_replace: Any, replace_with_tag: Any, *, col: Any, host: Host,
                changes: Changes) -> None:
    """On the given notes, replace a tag (matched exactly, any case) with another."""
    old = _string(tag_to_replace, "tag_to_replace")
    new = _string(replace_with_tag, "replace_with_tag")
    _replace(col, host.editors, changes, "Replace Tags", note_ids(notes), old, new)


@schema(params=params(tag_to_replace=_OLD_TAG, replace_with_tag=_NEW_TAG,
                      required=["tag_to_replace", "replace_with_tag"]),
        result=NULL)
def replaceTagsInAllNotes(tag_to_replace: Any, replace_with_tag: Any, *, col: Any, host: Host,
                          changes: Changes) -> None:
    """On every note, replace a tag (matched exactly, any case) with another."""
    old = _string(tag_to_replace, "tag_to_replace")
    new = _string(replace_with_tag, "replace_with_tag")
    wanted = old.lower()
    ids = [nid for nid, tags in col.db.execute("select id, tags from notes where tags != ''")
           if wanted in tags.lower().split()]
    _replace(col, host.editors, changes, "Replace Tags in All Notes", ids, old, new)


ACTIONS = (updateNoteTags, getNoteTags, addTags, removeTags, getTags, clearUnusedTags,
           replaceTags, replaceTagsInAllNotes)
