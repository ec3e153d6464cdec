"""The whole AnkiConnect API is served: the union of upstream's code and documentation."""

from __future__ import annotations

from pathlib import Path

import pytest

# The 122 actions of upstream AnkiConnect (every one its README documents is among them).
UPSTREAM_ACTIONS = """
addNote addNotes addTags answerCards apiReflect areDue areSuspended canAddNote
canAddNoteWithErrorDetail canAddNotes canAddNotesWithErrorDetail cardReviews cardsInfo
cardsModTime cardsToNotes changeDeck clearUnusedTags cloneDeckConfigId createDeck createModel
deckNameFromId deckNames deckNamesAndIds deleteDecks deleteMediaFile deleteNotes exportPackage
findAndReplaceInModels findCards findModelsById findModelsByName findNotes forgetCards
getActiveProfile getCollectionStatsHTML getDeckConfig getDeckStats getDecks getEaseFactors
getIntervals getLatestReviewID getMediaDirPath getMediaFilesNames getNoteTags
getNumCardsReviewedByDay getNumCardsReviewedToday getProfiles getReviewsOfCards getTags
guiAddCards guiAddNoteSetData guiAnswerCard guiBrowse guiCheckDatabase guiCurrentCard
guiDeckBrowser guiDeckOverview guiDeckReview guiEditNote guiExitAnki guiImportFile guiPlayAudio
guiReviewActive guiSelectCard guiSelectNote guiSelectedNotes guiShowAnswer guiShowQuestion
guiStartCardTimer guiUndo importPackage insertReviews loadProfile modelFieldAdd
modelFieldDescriptions modelFieldFonts modelFieldNames modelFieldRemove modelFieldRename
modelFieldReposition modelFieldSetDescription modelFieldSetFont modelFieldSetFontSize
modelFieldsOnTemplates modelNameFromId modelNames modelNamesAndIds modelStyling modelTemplateAdd
modelTemplateRemove modelTemplateRename modelTemplateReposition modelTemplates multi notesInfo
notesModTime relearnCards reloadCollection removeDeckConfigId removeEmptyNotes removeTags
replaceTags replaceTagsInAllNotes requestPermission retrieveMediaFile saveDeckConfig
setDeckConfigId setDueDate setEaseFactors setSpecificValueOfCard storeMediaFile suspend suspended
sync unsuspend updateModelStyling updateModelTemplates updateNote updateNoteFields updateNoteModel
updateNoteTags version
""".split()

# Actions upstream does not have, each listed under "Additions" in docs/compatibility.md.
ADDITIONS = """
createFilteredDeck emptyFilteredDeck findDuplicates getChanges getDeckTree rebuildFilteredDeck renameDeck
getCardMemoryState getFsrsParams optimizeFsrsParams setFsrsParams
""".split()


def test_the_list_above_is_upstreams_122():
    assert len(set(UPSTREAM_ACTIONS)) == 122


def test_every_addition_is_listed_in_the_compatibility_notes():
    notes = (Path(__file__).resolve().parents[2] / "docs" / "compatibility.md").read_text()
    additions = notes[notes.index("\n## Additions\n"):]
    assert [name for name in ADDITIONS if f"`{name}`" not in additions] == []


def test_every_built_in_group_loads_outside_anki_too(addon, monkeypatch):
    plugins = addon("core.plugins")
    monkeypatch.setattr(plugins, "_entry_points", lambda: [])
    plugin_set = plugins.PluginSet()
    assert [p for p in plugin_set.report() if "error" in p] == []
    assert sorted(plugin_set.registry.names()) == sorted(UPSTREAM_ACTIONS + ADDITIONS)


@pytest.mark.parametrize("version", [4, 6])
def test_api_reflect_lists_every_upstream_action_and_the_additions(client, version):
    reply = client.send({"action": "apiReflect", "version": version, "params": {"scopes": ["actions"]}})
    actions = reply["result"]["actions"] if version == 6 else reply["actions"]
    assert sorted(set(actions) - {"deckNoteCount"}) == sorted(UPSTREAM_ACTIONS + ADDITIONS)


def test_actions_that_need_ankis_window_are_marked_so(client):
    """The gui group; the profile and sync actions work without a window (the headless server's too)."""
    details = client.result("apiReflect", scopes=["actionDetails"])["actionDetails"]
    assert sorted(a["name"] for a in details if a["gui"]) == sorted(
        name for name in UPSTREAM_ACTIONS if name.startswith("gui"))
