"""findDuplicates: Anki's Browse > Notes > Find Duplicates, for one field of one note type.

Anki's own ``find_dupes`` does the comparison, so notes count as duplicates
exactly when Anki's dialog groups them: the field's text with its HTML
removed (media file names kept) is the same, and an empty field is nobody's
duplicate.
"""

from __future__ import annotations

from typing import Any, Dict, List

from ...core.plugin_api import ActionError
from ..shared.params import string
from ..shared.schemas import (
    FIELD_NAME,
    MODEL_NAME,
    NOTE_IDS,
    SEARCH,
    STRING,
    array,
    described,
    nullable,
    obj,
    params,
    schema,
)

DUPLICATES = array(obj({
    "value": described(STRING, "What the notes' field holds, as Anki compares it: the text without HTML "
                               "(media file names kept)."),
    "notes": described(NOTE_IDS, "The notes whose field holds it (two or more), lowest id first."),
}, required=["value", "notes"]), "One group per value shared by two or more notes, in the order of "
                                 "their first notes' ids.")


@schema(params=params(modelName=described(MODEL_NAME, "The note type (any case)."),
                      fieldName=described(FIELD_NAME, "Its field to compare (any case)."),
                      query=nullable(SEARCH, "Only notes matching this search (default: every note "
                                             "of the note type)."),
                      required=["modelName", "fieldName"]),
        result=DUPLICATES)
def findDuplicates(modelName, fieldName, query=None, *, col):
    """Groups of notes of one note type whose field has the same content, as
    Anki's Find Duplicates compares it (HTML removed); only groups of two or
    more, each with the shared value."""
    from anki.collection import SearchNode

    model = col.models.by_name(string(modelName, "modelName", "a note type name"))
    if model is None:
        raise ActionError(f"model was not found: {modelName}")
    field = _field_name(model, string(fieldName, "fieldName", "a field name"))
    if query is not None:
        string(query, "query", "an Anki search")
    # by id: a note type's name can hold characters a search would read as wildcards
    search = col.build_search_string(query or "", SearchNode(parsable_text=f"mid:{model['id']}"))
    groups: List[Dict[str, Any]] = [{"value": value, "notes": sorted(nids)}
                                 for value, nids in col.find_dupes(field, search)]
    return sorted(groups, key=lambda group: group["notes"][0])


def _field_name(model: Dict[str, Any], name: str) -> str:
    """The field's name as the note type spells it (Anki compares field names in any case)."""
    for field in model["flds"]:
        if field["name"].lower() == name.lower():
            return field["name"]
    raise ActionError(f"field was not found in {model['name']}: {name}")


ACTIONS = (findDuplicates,)
