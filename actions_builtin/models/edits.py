"""The note type actions that edit one card template or one field.

Registered by the package's ``__init__``. Adding, removing and moving fields or templates
changes the note type's schema, which makes the next sync a full one: those
need the user's consent (``allowSchemaChanges``) while the collection is in
sync; see ``notetypes.require_schema_consent``.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from ...core.plugin_api import ActionError, Changes, Host
from ..shared.schemas import (
    BOOLEAN,
    FIELD_NAME,
    MODEL_NAME,
    NULL,
    STRING,
    TEMPLATE_NAME,
    described,
    nullable,
    obj,
    params,
    schema,
)
from .notetypes import check_index, check_name, check_text, get_field, get_model, get_template, move, save
from .schemas import BACK, FRONT, NEW_FIELD_NAME, NEW_TEMPLATE_NAME, POSITION, named


@schema(params=named(oldTemplateName=TEMPLATE_NAME, newTemplateName=NEW_TEMPLATE_NAME), result=NULL)
def modelTemplateRename(modelName: str, oldTemplateName: str, newTemplateName: str, *,
                        col: Any, changes: Changes, host: Host) -> None:
    """Rename a card template."""
    model = get_model(col, modelName)
    template = get_template(model, oldTemplateName)
    template["name"] = check_name("template", newTemplateName)
    save(col, changes, host.config, model)


@schema(params=named(templateName=TEMPLATE_NAME, index=POSITION), result=NULL)
def modelTemplateReposition(modelName: str, templateName: str, index: int, *,
                            col: Any, changes: Changes, host: Host) -> None:
    """Move a card template to position ``index`` (0 is first)."""
    model = get_model(col, modelName)
    template = get_template(model, templateName)
    move(model["tmpls"], template, check_index(index))
    save(col, changes, host.config, model)


@schema(params=named(template=obj({"Name": NEW_TEMPLATE_NAME, "Front": FRONT, "Back": BACK},
                                     required=["Name", "Front", "Back"], closed=False)),
        result=NULL)
def modelTemplateAdd(modelName: str, template: Dict[str, Any], *,
                     col: Any, changes: Changes, host: Host) -> None:
    """Add a card template (``Name``, ``Front``, ``Back``); Anki makes its
    cards for the existing notes. A template of that name is updated instead."""
    model = get_model(col, modelName)
    if not isinstance(template, dict):
        raise ActionError(f"template should be an object with Name, Front and Back: {template}")
    name = template["Name"]
    front, back = check_text(template["Front"], "Front"), check_text(template["Back"], "Back")
    existing = next((t for t in model["tmpls"] if t["name"] == name), None)
    if existing is None:
        existing = col.models.new_template(check_name("template", name))
        col.models.add_template(model, existing)
    existing["qfmt"] = front
    existing["afmt"] = back
    save(col, changes, host.config, model)


@schema(params=named(templateName=TEMPLATE_NAME), result=NULL)
def modelTemplateRemove(modelName: str, templateName: str, *,
                        col: Any, changes: Changes, host: Host) -> None:
    """Remove a card template and every card made from it."""
    model = get_model(col, modelName)
    template = get_template(model, templateName)
    if len(model["tmpls"]) < 2:
        raise ActionError("must have 1 template")
    model["tmpls"].remove(template)
    save(col, changes, host.config, model)


@schema(params=named(oldFieldName=FIELD_NAME, newFieldName=NEW_FIELD_NAME), result=NULL)
def modelFieldRename(modelName: str, oldFieldName: str, newFieldName: str, *,
                     col: Any, changes: Changes, host: Host) -> None:
    """Rename a field; Anki renames it in the card templates too."""
    model = get_model(col, modelName)
    field = get_field(model, oldFieldName)
    field["name"] = check_name("field", newFieldName)
    save(col, changes, host.config, model)


@schema(params=named(fieldName=FIELD_NAME, index=POSITION), result=NULL)
def modelFieldReposition(modelName: str, fieldName: str, index: int, *,
                         col: Any, changes: Changes, host: Host) -> None:
    """Move a field to position ``index`` (0 is first)."""
    model = get_model(col, modelName)
    field = get_field(model, fieldName)
    move(model["flds"], field, check_index(index))
    save(col, changes, host.config, model)


@schema(params=params(modelName=MODEL_NAME, fieldName=NEW_FIELD_NAME,
                      index=nullable(POSITION, "Where to put it (default null: last)."),
                      required=["modelName", "fieldName"]),
        result=NULL)
def modelFieldAdd(modelName: str, fieldName: str, index: Optional[int] = None, *,
                  col: Any, changes: Changes, host: Host) -> None:
    """Add an empty field, last or at position ``index``. A field of that name
    is not added again, only moved to ``index`` when one is given."""
    model = get_model(col, modelName)
    if index is not None:
        check_index(index)
    field = next((f for f in model["flds"] if f["name"] == fieldName), None)
    if field is None:
        field = col.models.new_field(check_name("field", fieldName))
        col.models.add_field(model, field)
    if index is not None:
        move(model["flds"], field, index)
    save(col, changes, host.config, model)


@schema(params=named(fieldName=FIELD_NAME), result=NULL)
def modelFieldRemove(modelName: str, fieldName: str, *,
                     col: Any, changes: Changes, host: Host) -> None:
    """Remove a field and its content from every note of the type."""
    model = get_model(col, modelName)
    field = get_field(model, fieldName)
    if len(model["flds"]) < 2:
        raise ActionError("1 field required")
    if field.get("preventDeletion"):  # e.g. Image Occlusion's; Anki's editor refuses too
        raise ActionError(f"field {fieldName} is required by note type {model['name']} and cannot be removed")
    model["flds"].remove(field)
    save(col, changes, host.config, model)


@schema(params=named(fieldName=FIELD_NAME, font=STRING), result=NULL)
def modelFieldSetFont(modelName: str, fieldName: str, font: str, *,
                      col: Any, changes: Changes, host: Host) -> None:
    """Set the font the editor shows a field in."""
    model = get_model(col, modelName)
    field = get_field(model, fieldName)
    if not isinstance(font, str):
        raise ActionError(f"font should be a string: {font}")
    field["font"] = font
    save(col, changes, host.config, model)


@schema(params=named(fieldName=FIELD_NAME, fontSize={"type": "integer", "minimum": 0}), result=NULL)
def modelFieldSetFontSize(modelName: str, fieldName: str, fontSize: int, *,
                          col: Any, changes: Changes, host: Host) -> None:
    """Set the font size the editor shows a field in."""
    model = get_model(col, modelName)
    field = get_field(model, fieldName)
    if isinstance(fontSize, bool) or not isinstance(fontSize, int) or fontSize < 0:
        raise ActionError(f"fontSize should be an integer: {fontSize}")
    field["size"] = fontSize
    save(col, changes, host.config, model)


@schema(params=named(fieldName=FIELD_NAME, description=described(STRING, "The editor's placeholder text.")),
        result=described(BOOLEAN, "true (false on Anki versions without field descriptions)."))
def modelFieldSetDescription(modelName: str, fieldName: str, description: str, *,
                             col: Any, changes: Changes, host: Host) -> bool:
    """Set a field's description (the editor's placeholder text); true when set."""
    model = get_model(col, modelName)
    field = get_field(model, fieldName)
    if not isinstance(description, str):
        raise ActionError(f"description should be a string: {description}")
    if "description" not in field:
        return False
    field["description"] = description
    save(col, changes, host.config, model)
    return True


ACTIONS = (
    modelTemplateRename, modelTemplateReposition, modelTemplateAdd, modelTemplateRemove,
    modelFieldRename, modelFieldReposition, modelFieldAdd, modelFieldRemove,
    modelFieldSetFont, modelFieldSetFontSize, modelFieldSetDescription,
)
