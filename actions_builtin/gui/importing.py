"""guiImportFile's windows: Anki's importers, reached without a modal dialog.

Anki's File > Import asks for the file and confirms a collection import with
modal dialogs, which would stop the API until the user answers. Here both
questions are asked in windows that leave Anki's event loop running.
"""

from __future__ import annotations

import os
from typing import Any

from ...core.plugin_api import ActionError

UNSUPPORTED = "Unsupported file type."  # Anki's own words


def check_supported(mw: Any, path: str) -> None:
    """:raises ActionError: Anki has no importer for a file of that name."""
    from aqt.import_export.importing import all_accepted_file_endings

    name = os.path.basename(path).lower()
    if not any(name.endswith(ending) for ending in all_accepted_file_endings(mw)):
        raise ActionError(UNSUPPORTED)


def import_file(mw: Any, path: str) -> None:
    """Import path with the importer Anki picks for its name.

    :raises ActionError: Anki has no importer for such a file.
    """
    from aqt.import_export import importing

    check_supported(mw, path)
    if importing.ColpkgImporter.can_import(os.path.basename(path).lower()):
        _confirm_collection_import(mw, path)
    else:
        importing.import_file(mw, path)


def _confirm_collection_import(mw: Any, path: str) -> None:
    """A collection package replaces the collection: ask first, without blocking."""
    from aqt.import_export.importing import ColpkgImporter
    from aqt.qt import QMessageBox
    from aqt.utils import ask_user_dialog, tr

    def on_answer(choice: int) -> None:
        if choice == 0:
            ColpkgImporter._import(mw, path)

    ask_user_dialog(
        tr.importing_this_will_delete_your_existing_collection(),
        callback=on_answer,
        buttons=[QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No],
        default_button=1,
        parent=mw,
    )


def ask_for_file(mw: Any) -> None:
    """Show File > Import's file chooser; import the file the user picks."""
    from anki.lang import without_unicode_isolation
    from aqt.import_export.importing import all_accepted_file_endings
    from aqt.qt import QFileDialog, Qt, qconnect
    from aqt.utils import tr

    dialog = QFileDialog(mw, tr.actions_import())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    endings = " ".join(f"*{ending}" for ending in sorted(all_accepted_file_endings(mw)))
    dialog.setNameFilter(without_unicode_isolation(tr.importing_all_supported_formats(val=f"({endings})")))
    directory = mw.pm.profile.get("importDirectory", "")
    if directory and os.path.isdir(directory):
        dialog.setDirectory(directory)
    qconnect(dialog.fileSelected, lambda path: _on_file_chosen(mw, path))
    dialog.setModal(False)
    dialog.show()


def _on_file_chosen(mw: Any, path: str) -> None:
    from aqt.utils import tooltip

    mw.pm.profile["importDirectory"] = os.path.dirname(path)  # where getFile() remembers it
    try:
        import_file(mw, path)
    except ActionError as exc:
        tooltip(str(exc), parent=mw)
