"""Note type (model) actions: names, fields, templates, styling, creation.

The actions that edit single fields and card templates live in
``edits.py``; shared lookups and saving in ``notetypes.py``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from ...core.plugin_api import ActionError, Changes, Host, hookimpl
from ..shared.params import boolean
from ..shared.schemas import (
    BOOLEAN,
    FIELD_NAME,
    INTEGER,
    MODEL_ID,
    MODEL_NAME,
    NO_PARAMS,
    NULL,
    STRING,
    array,
    described,
    documented,
    map_of,
    nullable,
    obj,
    params,
    schema,
)
from . import edits
from .notetypes import (
    check_list,
    check_name,
    check_object,
    check_text,
    find_model,
    get_model,
    model_by_id,
    plain,
    save,
)
from .schemas import (
    BACK,
    FRONT,
    MODEL_ID_OR_DIGITS,
    NEW_FIELD_NAME,
    NEW_TEMPLATE_NAME,
    NOT_BLANK,
    NOTE_TYPE,
    named,
)

MODEL_CLOZE = 1  # anki.consts.MODEL_CLOZE


@schema(params=NO_PARAMS, result=array(MODEL_NAME))
def modelNames(*, col: Any) -> List[str]:
    """The names of all note types."""
    return [entry.name for entry in col.models.all_names_and_ids()]


@schema(params=NO_PARAMS, result=map_of(MODEL_ID, "Ids by note type name."))
def modelNamesAndIds(*, col: Any) -> Dict[str, int]:
    """Every note type's name with its id."""
    return {entry.name: entry.id for entry in col.models.all_names_and_ids()}


@schema(params=params(modelIds=array(MODEL_ID_OR_DIGITS), required=["modelIds"]),
        result=array(NOTE_TYPE, "In the order asked."))
def findModelsById(modelIds: List[Any], *, col: Any) -> List[Dict[str, Any]]:
    """The complete note types with these ids, in the same order."""
    found = []
    for model_id in check_list(modelIds, "modelIds"):
        model = model_by_id(col, model_id)
        if model is None:
            raise ActionError(f"model was not found: {model_id}")
        found.append(plain(model))
    return found


@schema(params=params(modelNames=array(MODEL_NAME), required=["modelNames"]),
        result=array(NOTE_TYPE, "In the order asked."))
def findModelsByName(modelNames: List[Any], *, col: Any) -> List[Dict[str, Any]]:
    """The complete note types with these names (any case), in the same order."""
    found = []
    for name in check_list(modelNames, "modelNames"):
        model = find_model(col, name)
        if model is None:
            raise ActionError(f"model was not found: {name}")
        found.append(plain(model))
    return found


@schema(params=params(modelId=MODEL_ID_OR_DIGITS, required=["modelId"]), result=MODEL_NAME)
def modelNameFromId(modelId: Any, *, col: Any) -> str:
    """The name of the note type with this id."""
    model = model_by_id(col, modelId)
    if model is None:
        raise ActionError(f"model was not found: {modelId}")
    return model["name"]


@schema(params=named(), result=array(FIELD_NAME, "In order."))
def modelFieldNames(modelName: str, *, col: Any) -> List[str]:
    """The note type's field names, in order."""
    return [field["name"] for field in _model(col, modelName)["flds"]]


@schema(params=named(), result=array(STRING, 'In field order; "" for a field without one.'))
def modelFieldDescriptions(modelName: str, *, col: Any) -> List[str]:
    """The note type's field descriptions (shown in the editor), in field order."""
    return [field.get("description", "") for field in _model(col, modelName)["flds"]]


@schema(params=named(),
        result=map_of(obj({"font": STRING, "size": INTEGER}, required=["font", "size"]), "By field name."))
def modelFieldFonts(modelName: str, *, col: Any) -> Dict[str, Dict[str, Any]]:
    """Each field's editor font and size."""
    return {field["name"]: {"font": field["font"], "size": field["size"]}
            for field in _model(col, modelName)["flds"]}


# A field reference; {{#Field}} and {{/Field}} open and close sections.
_FIELD_TAG = re.compile(r"{{[^#/}]+?}}")


_SIDES = {"type": "array", "minItems": 2, "maxItems": 2, "prefixItems": [
    array(FIELD_NAME, "The fields on the question side."),
    array(FIELD_NAME, "The fields the answer side adds."),
]}


@schema(params=named(), result=map_of(_SIDES, "By card template name."))
def modelFieldsOnTemplates(modelName: str, *, col: Any) -> Dict[str, List[List[str]]]:
    """For each card template, the fields on its question side and the
    fields its answer side adds (``FrontSide`` and section tags left out)."""
    templates = {}
    for template in _model(col, modelName)["tmpls"]:
        question = _fields_on(template["qfmt"])
        answer = [name for name in _fields_on(template["afmt"]) if name not in question]
        templates[template["name"]] = [question, answer]
    return templates


def _fields_on(side: str) -> List[str]:
    names = []
    for tag in _FIELD_TAG.findall(side):
        name = re.sub(r"[{}]", "", tag)
        if name.startswith("^"):  # {{^Field}} opens an inverted section
            continue
        name = name.split(":")[-1]  # {{cloze:Text}}, {{type:Back}}, {{hint:Extra}}
        if name != "FrontSide":
            names.append(name)
    return names


@schema(
    params=params(
        modelName=described(NOT_BLANK, "A name no note type has yet (compared in any case), not blank."),
        inOrderFields=array(NEW_FIELD_NAME, "The field names, in order.", minItems=1),
        cardTemplates=array(obj({
            "Name": described(NEW_TEMPLATE_NAME, 'Its name (default "Card <n>", n its position from 1).'),
            "Front": FRONT,
            "Back": BACK,
        }, required=["Front", "Back"], closed=False), "The card templates, in order.", minItems=1),
        css=nullable(STRING, "The styling (default: the CSS of Anki's stock note types)."),
        isCloze=described(BOOLEAN, "Make a cloze note type (default false)."),
        required=["modelName", "inOrderFields", "cardTemplates"],
    ),
    result=NOTE_TYPE,
)
def createModel(modelName: str, inOrderFields: List[str], cardTemplates: List[Dict[str, str]],
                css: Optional[str] = None, isCloze: bool = False, *, col: Any,
                changes: Changes) -> Dict[str, Any]:
    """Create a note type; returns it as Anki stores it.

    Templates are named ``Name`` or else ``Card 1``, ``Card 2``...; ``css``
    defaults to the CSS of Anki's stock note types.
    """
    fields = check_list(inOrderFields, "inOrderFields")
    cards = check_list(cardTemplates, "cardTemplates")
    cloze = boolean(isCloze, "isCloze")
    if not fields:
        raise ActionError("Must provide at least one field for inOrderFields")
    if not cards:
        raise ActionError("Must provide at least one card for cardTemplates")
    check_name("model", modelName)
    if find_model(col, modelName) is not None:
        raise ActionError("Model name already exists")
    models = col.models
    model = models.new(modelName)
    if cloze:
        model["type"] = MODEL_CLOZE
    for name in fields:
        models.add_field(model, models.new_field(check_name("field", name)))
    if css is not None:
        if not isinstance(css, str):
            raise ActionError(f"css should be a string: {css}")
        model["css"] = css
    for number, card in enumerate(cards, start=1):
        if not isinstance(card, dict):
            raise ActionError(f"a card template should be an object with Front and Back: {card}")
        name = card["Name"] if "Name" in card else f"Card {number}"
        template = models.new_template(check_name("template", name))
        template["qfmt"] = check_text(card["Front"], "Front")
        template["afmt"] = check_text(card["Back"], "Back")
        models.add_template(model, template)
    added = models.add_dict(model)
    changes.record(added)
    return plain(models.get(added.id))


_FORMATS = obj({"Front": FRONT, "Back": BACK}, required=["Front", "Back"])


@schema(params=named(), result=map_of(_FORMATS, "By card template name."))
def modelTemplates(modelName: str, *, col: Any) -> Dict[str, Dict[str, str]]:
    """Each card template's question (``Front``) and answer (``Back``) format."""
    return {template["name"]: {"Front": template["qfmt"], "Back": template["afmt"]}
            for template in _model(col, modelName)["tmpls"]}


@schema(params=named(), result=obj({"css": STRING}, required=["css"]))
def modelStyling(modelName: str, *, col: Any) -> Dict[str, str]:
    """The note type's CSS."""
    return {"css": _model(col, modelName)["css"]}


@schema(params=params(model=obj({
    "name": MODEL_NAME,
    "templates": map_of(obj({"Front": FRONT, "Back": BACK}, closed=False),
                        'The new formats by card template name; a side left out, or "", stays as it is.'),
}, required=["name", "templates"], closed=False), required=["model"]), result=NULL)
def updateModelTemplates(model: Dict[str, Any], *, col: Any, changes: Changes,
                         host: Host) -> None:
    """Change the formats of some card templates: ``model.templates`` maps a
    template name to its new ``Front`` and/or ``Back``. Templates and sides
    not given (or given empty) are left as they are; unknown names are ignored."""
    edited = get_model(col, check_object(model, "model")["name"])
    updates = check_object(model["templates"], "templates")
    for template in edited["tmpls"]:
        update = updates.get(template["name"])
        if not update:
            continue
        update = check_object(update, f"templates.{template['name']}")
        if update.get("Front"):
            template["qfmt"] = check_text(update["Front"], "Front")
        if update.get("Back"):
            template["afmt"] = check_text(update["Back"], "Back")
    save(col, changes, host.config, edited)


@schema(params=params(model=obj({"name": MODEL_NAME, "css": STRING}, required=["name", "css"], closed=False),
                      required=["model"]),
        result=NULL)
def updateModelStyling(model: Dict[str, Any], *, col: Any, changes: Changes,
                       host: Host) -> None:
    """Replace the note type's CSS with ``model.css``."""
    edited = get_model(col, check_object(model, "model")["name"])
    edited["css"] = check_text(model["css"], "css")
    save(col, changes, host.config, edited)


class _Unset:
    def __repr__(self) -> str:
        return "required (at the top level or inside model)"


_UNSET: Any = _Unset()
_REPLACE_PARAMS = ("modelName", "findText", "replaceText", "front", "back", "css")

_REPLACE_OPTIONS = {
    "modelName": nullable(MODEL_NAME, 'The note type; "" or null: every note type.'),
    "findText": {"type": "string", "minLength": 1, "description": "The text to replace (case-sensitive)."},
    "replaceText": STRING,
    "front": described(BOOLEAN, "Replace in the question formats (default true)."),
    "back": described(BOOLEAN, "Replace in the answer formats (default true)."),
    "css": described(BOOLEAN, "Replace in the CSS (default true)."),
}


def _given(name: str) -> Dict[str, Any]:
    """A schema: the parameter name is given, at the top level or inside model."""
    inside_model = {"type": "object", "required": [name]}
    return {"anyOf": [{"required": [name]}, {"required": ["model"], "properties": {"model": inside_model}}]}


_IN_MODEL = nullable(obj(_REPLACE_OPTIONS), "The same parameters, as upstream's README shows them "
                                           "(they win over those outside it).")


@schema(
    params={**params(**_REPLACE_OPTIONS, model=_IN_MODEL),
            "allOf": [_given(name) for name in _REPLACE_PARAMS[:3]]},
    result={"type": "integer", "minimum": 0, "description": "How many note types were changed."},
)
def findAndReplaceInModels(modelName: Any = _UNSET, findText: Any = _UNSET,
                           replaceText: Any = _UNSET, front: bool = True, back: bool = True,
                           css: bool = True, model: Optional[Dict[str, Any]] = None, *,
                           col: Any, changes: Changes) -> int:
    """Replace text in the templates and CSS of one note type, or of all when
    ``modelName`` is empty. ``front``, ``back`` and ``css`` choose where.
    Returns how many note types were changed.

    The parameters may also come inside ``model``, as upstream's README shows.
    """
    params = _replace_params(dict(zip(_REPLACE_PARAMS, (modelName, findText, replaceText,
                                                         front, back, css))), model)
    find = params["findText"]
    replace = params["replaceText"]
    where = [boolean(params[side], side) for side in ("front", "back", "css")]
    if not isinstance(find, str) or not find:
        raise ActionError(f"findText should be a non-empty string: {find}")
    check_text(replace, "replaceText")
    if params["modelName"] is not None:  # null or "" is every note type; [] or {} is a mistake
        check_text(params["modelName"], "modelName")
    if params["modelName"]:
        candidates = [get_model(col, params["modelName"])]
    else:
        candidates = [plain(model) for model in col.models.all()]
    edited = [model for model in candidates
              if _replace_in(model, find, replace, *where)]
    if edited:
        with changes.undo_step("Find and Replace in Note Types"):
            _update_all(col, edited)
    return len(edited)


def _replace_params(given: Dict[str, Any], nested: Any) -> Dict[str, Any]:
    if nested is not None:
        for key in check_object(nested, "model"):
            if key not in given:
                raise ActionError(f"findAndReplaceInModels() got an unexpected keyword argument '{key}'")
        given.update(nested)
    missing = [f"'{name}'" for name in _REPLACE_PARAMS[:3] if given[name] is _UNSET]
    if missing:
        if len(missing) == 1:
            names = missing[0]
        elif len(missing) == 2:
            names = f"{missing[0]} and {missing[1]}"
        else:
            names = f"{missing[0]}, {missing[1]}, and {missing[2]}"
        plural = "argument" if len(missing) == 1 else "arguments"
        raise ActionError(
            f"findAndReplaceInModels() missing {len(missing)} required positional {plural}: {names}")
    return given


def _replace_in(model: Dict[str, Any], find: str, replace: str, front: bool, back: bool, css: bool) -> bool:
    """Replace in a note type dict; whether anything was found."""
    found = False
    if css and find in model["css"]:
        model["css"] = model["css"].replace(find, replace)
        found = True
    for template in model["tmpls"]:
        for side, wanted in (("qfmt", front), ("afmt", back)):
            if wanted and find in template[side]:
                template[side] = template[side].replace(find, replace)
                found = True
    return found


def _update_all(col: Any, edited: List[Dict[str, Any]]) -> None:
    """Save edited note types, all or none."""
    originals = [plain(col.models.get(model["id"])) for model in edited]
    try:
        for model in edited:
            col.models.update_dict(model)
    except Exception:
        # Anki rejected one (e.g. a template now names a missing field) and, as
        # after every failed op, cleared its undo queue: put the ones already
        # saved back as they were, mtime and usn included.
        from anki.utils import to_json_bytes

        for original in originals:
            col._backend.add_or_update_notetype(json=to_json_bytes(original),
                                                preserve_usn_and_mtime=True, skip_checks=True)
            col.models._remove_from_cache(original["id"])
        raise


def _model(col: Any, name: Any) -> Dict[str, Any]:
    """A note type to read (Anki's cached dict: do not edit)."""
    model = find_model(col, name)
    if model is None:
        raise ActionError(f"model was not found: {name}")
    return model


@hookimpl
def register_actions(register):
    register = documented(register, "models")
    register(modelNames)
    register(modelNamesAndIds)
    register(findModelsById)
    register(findModelsByName)
    register(modelNameFromId)
    register(modelFieldNames)
    register(modelFieldDescriptions)
    register(modelFieldFonts)
    register(modelFieldsOnTemplates)
    register(createModel)
    register(modelTemplates)
    register(modelStyling)
    register(updateModelTemplates)
    register(updateModelStyling)
    register(findAndReplaceInModels)
    for action in edits.ACTIONS:
        register(action)
