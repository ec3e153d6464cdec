"""Shared by the note type (model) actions: lookups with upstream's error
texts, and saving an edited note type as one undoable step.

Anki hands out its cached note type dicts; an action edits a deep copy, so a
refused or failed request leaves the cache as it was.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Optional

from ...core.plugin_api import ActionError, Changes, Config
from ..shared.ids import as_id

NotetypeDict = Dict[str, Any]


def find_model(col: Any, name: Any) -> Optional[NotetypeDict]:
    """The note type called name (any case, as Anki looks names up), or None."""
    if not isinstance(name, str):
        return None
    return col.models.by_name(name)


def get_model(col: Any, name: Any) -> NotetypeDict:
    """A copy of the note type called name, free to edit."""
    model = find_model(col, name)
    if model is None:
        raise ActionError(f"model was not found: {name}")
    return copy.deepcopy(model)


def model_by_id(col: Any, model_id: Any) -> Optional[NotetypeDict]:
    """The note type with this id (an integer or a string of digits), or None."""
    known = as_id(model_id)
    return None if known is None else col.models.get(known)


def get_field(model: NotetypeDict, name: Any) -> Dict[str, Any]:
    for field in model["flds"]:
        if field["name"] == name:
            return field
    raise ActionError(f"field was not found in {model['name']}: {name}")


def get_template(model: NotetypeDict, name: Any) -> Dict[str, Any]:
    for template in model["tmpls"]:
        if template["name"] == name:
            return template
    raise ActionError(f"template was not found in {model['name']}: {name}")


def check_name(kind: str, name: Any) -> str:
    """A new field or template name; refused here, before Anki's op would fail
    (a failed op empties Anki's undo queue)."""
    if not isinstance(name, str):
        raise ActionError(f"{kind} name should be a string: {name}")
    if not name.strip():
        raise ActionError(f"Empty {kind} name")
    return name


def check_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ActionError(f"{name} should be a string: {value}")
    return value


def check_object(value: Any, name: str) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise ActionError(f"{name} should be an object: {value}")
    return value


def check_list(value: Any, name: str) -> list:
    if not isinstance(value, list):
        raise ActionError(f"{name} should be a list: {value}")
    return value


def check_index(index: Any) -> int:
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ActionError(f"index should be a non-negative integer: {index}")
    return index


def move(items: list, item: Any, index: int) -> None:
    """Move item to position index (past the end: last), as Anki's reposition does."""
    items.remove(item)
    items.insert(index, item)


def changes_schema(edited: NotetypeDict, original: NotetypeDict) -> bool:
    """Whether saving edited makes the next sync a full one.

    Anki's backend marks the schema modified when the fields or templates
    are added, removed or reordered, i.e. when their ordinals no longer run
    0, 1, 2... over the original count. Renames, formats, fonts and CSS
    are normal changes.
    """
    for key in ("flds", "tmpls"):
        ords = [item.get("ord") for item in edited[key]]
        if ords != list(range(len(original[key]))):
            return True
    return False


def require_schema_consent(col: Any, config: Config, model: NotetypeDict) -> None:
    """Refuse a schema change the user has not agreed to.

    Anki asks before a change that forces a full sync (its "The requested
    change will require a full upload..." prompt); a request cannot wait for
    a modal answer. So the ``allowSchemaChanges`` setting is the user's
    answer. Once a full sync is due anyway (schema changed since the last
    sync, or never synced), Anki does not ask, and neither do we.
    """
    if config.allowSchemaChanges or col.schema_changed():
        return
    raise ActionError(
        f"this change to note type '{model['name']}' would require a full sync; "
        "set allowSchemaChanges to true in the AnkiConnect config to allow it"
    )


def save(col: Any, changes: Changes, config: Config, edited: NotetypeDict) -> None:
    """Write an edited copy of a note type: one undo step ("Update Note Type").

    Nothing is written when nothing changed.
    """
    original = col.models.get(edited["id"])
    if edited == original:
        return
    if changes_schema(edited, original):
        require_schema_consent(col, config, original)
    changes.record(col.models.update_dict(edited))


def plain(model: NotetypeDict) -> NotetypeDict:
    """A copy of a note type for a reply (Anki may change its cached dict later)."""
    return copy.deepcopy(model)
