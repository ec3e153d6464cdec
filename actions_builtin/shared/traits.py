"""What each built-in action does, as clients that plan need to know it, in one table.

MCP clients show and weigh these (tool annotations), and the mcpReadOnly
setting offers agents only the actions that change nothing. An action not
listed as read-only counts as one that may change something: a new action
stays on the safe side until someone looks. The curated list is the default
set of MCP tools: short enough for clients that cap or bill long tool lists
(one passes only 40 to the model), covering the common work of an agent.
"""

from __future__ import annotations

from typing import Any, Dict

READ_ONLY = frozenset({
    # cards
    "areDue", "areSuspended", "cardsInfo", "cardsModTime", "cardsToNotes", "findCards", "getEaseFactors",
    "getIntervals", "suspended", "getCardMemoryState", "getFsrsParams",
    # collection
    "getActiveProfile", "getProfiles", "getChanges",
    # decks
    "deckNameFromId", "deckNames", "deckNamesAndIds", "getDeckConfig", "getDeckStats", "getDecks",
    "getDeckTree",
    # gui: reading what the window shows
    "guiCurrentCard", "guiReviewActive", "guiSelectedNotes",
    # media
    "getMediaDirPath", "getMediaFilesNames", "retrieveMediaFile",
    # misc
    "apiReflect", "version",
    # models
    "findModelsById", "findModelsByName", "modelFieldDescriptions", "modelFieldFonts", "modelFieldNames",
    "modelFieldsOnTemplates", "modelNameFromId", "modelNames", "modelNamesAndIds", "modelStyling",
    "modelTemplates",
    # notes
    "canAddNote", "canAddNoteWithErrorDetail", "canAddNotes", "canAddNotesWithErrorDetail", "findNotes",
    "getNoteTags", "getTags", "notesInfo", "notesModTime", "findDuplicates",
    # stats
    "cardReviews", "getCollectionStatsHTML", "getLatestReviewID", "getNumCardsReviewedByDay",
    "getNumCardsReviewedToday", "getReviewsOfCards",
})

# Deletes or overwrites what cannot be had back by calling something else.
DESTRUCTIVE = frozenset({
    "deleteNotes", "deleteDecks", "deleteMediaFile", "removeDeckConfigId", "removeEmptyNotes",
    "modelFieldRemove", "modelTemplateRemove", "updateModelStyling", "updateModelTemplates",
    "findAndReplaceInModels", "updateNoteFields", "updateNote", "updateNoteModel", "updateNoteTags",
    "replaceTags", "replaceTagsInAllNotes", "clearUnusedTags", "forgetCards", "relearnCards",
    "setEaseFactors", "setSpecificValueOfCard", "setDueDate", "saveDeckConfig", "importPackage",
    "exportPackage", "storeMediaFile", "sync", "setFsrsParams", "optimizeFsrsParams",
    "guiUndo", "guiExitAnki", "guiCheckDatabase",
})

# Changes something, but a second call with the same params changes nothing more.
IDEMPOTENT = frozenset({
    "updateNoteFields", "updateNote", "updateNoteTags", "addTags", "removeTags", "replaceTags",
    "replaceTagsInAllNotes", "clearUnusedTags", "removeEmptyNotes", "suspend", "unsuspend", "changeDeck",
    "createDeck", "deleteNotes", "deleteDecks", "deleteMediaFile", "setDeckConfigId", "setEaseFactors",
    "setSpecificValueOfCard", "saveDeckConfig", "updateModelStyling", "updateModelTemplates",
    "storeMediaFile", "reloadCollection", "forgetCards", "renameDeck", "createFilteredDeck",
    "rebuildFilteredDeck", "emptyFilteredDeck", "setFsrsParams", "exportPackage",
    "guiBrowse", "guiDeckBrowser", "guiDeckOverview", "guiSelectCard", "guiSelectNote", "guiShowAnswer",
    "guiShowQuestion", "guiEditNote", "guiStartCardTimer",
})

# Reaches beyond this machine (actions that download say so themselves).
OPEN_WORLD = frozenset({"sync"})

CURATED = (
    # notes: search, read, add in bulk, edit fields and tags
    "findNotes", "notesInfo", "addNote", "addNotes", "canAddNotesWithErrorDetail", "updateNoteFields",
    "deleteNotes", "addTags", "removeTags", "getTags", "replaceTags", "findDuplicates",
    # cards: search, read, answer, schedule
    "findCards", "cardsInfo", "answerCards", "areDue", "suspend", "unsuspend", "setDueDate",
    "getCardMemoryState",
    # decks
    "deckNames", "getDeckTree", "createDeck", "changeDeck", "renameDeck", "deleteDecks", "createFilteredDeck",
    # note types
    "modelNames", "modelFieldNames", "createModel",
    # media
    "storeMediaFile", "retrieveMediaFile", "getMediaFilesNames",
    # review history, sync, what changed, the window
    "getNumCardsReviewedByDay", "getReviewsOfCards", "sync", "getChanges", "guiBrowse",
)

# MCP resources: what an agent reads before it works.
RESOURCES = {
    "getDeckTree": "anki://decks",
    "getTags": "anki://tags",
    "modelNamesAndIds": "anki://note-types",
    "modelFieldNames": "anki://note-types/{modelName}/fields",
    "modelTemplates": "anki://note-types/{modelName}/templates",
}


def traits_of(name: str) -> Dict[str, Any]:
    """The keyword arguments of ``register`` that say what the action does."""
    traits: Dict[str, Any] = {}
    if name in READ_ONLY:
        traits["read_only"] = True
    if name in DESTRUCTIVE:
        traits["destructive"] = True
    if name in IDEMPOTENT:
        traits["idempotent"] = True
    if name in OPEN_WORLD:
        traits["open_world"] = True
    if name in CURATED:
        traits["curated"] = True
    if name in RESOURCES:
        traits["resource"] = RESOURCES[name]
    return traits
