"""The question Anki asks when an unknown web page calls ``requestPermission``.

The prompt is not modal: Anki and every other client keep working while it is
open, and the request that asked waits on its HTTP thread, not on Qt's main
thread. Several requests from one origin share one prompt. Unanswered, the
prompt closes itself after ``webPermissionTimeout`` and counts as "No".
"""

from __future__ import annotations

from concurrent.futures import Future
from typing import Callable, Dict

from aqt.qt import QCheckBox, QMessageBox, Qt, QTimer, QWidget


class PermissionPrompts:
    """
    :param parent: returns the window the prompt belongs to.
    :param trust: called with an origin the user allowed (persists it).
    :param ignore: called with an origin the user wants never to hear from again.
    :param timeout_ms: returns how long a prompt waits for an answer.
    """

    def __init__(self, parent: Callable[[], QWidget], trust: Callable[[str], None],
                 ignore: Callable[[str], None], timeout_ms: Callable[[], int]):
        self._parent = parent
        self._trust = trust
        self._ignore = ignore
        self._timeout_ms = timeout_ms
        self._open: Dict[str, Future] = {}
        self.boxes: Dict[str, QMessageBox] = {}  # open prompts, by origin (tests look at them)

    def ask(self, origin: str) -> Future[bool]:
        """Ask about origin (on the main thread); the Future tells the answer."""
        if origin in self._open:
            return self._open[origin]
        answer: Future[bool] = Future()
        answer.set_running_or_notify_cancel()
        self._open[origin] = answer

        box = QMessageBox(self._parent())
        box.setWindowTitle("A website wants to access to Anki")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText(f'"{origin}" requests permission to use Anki through AnkiConnect. '
                    "Do you want to give it access?")
        box.setInformativeText(
            "By granting permission, you'll allow the website to modify your collection "
            "on your behalf, including re-writing and deleting notes and cards. "
            "Only grant it if you trust the website."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        box.setWindowModality(Qt.WindowModality.NonModal)
        ignore_box = QCheckBox(f'Ignore further requests from "{origin}"', box)
        box.setCheckBox(ignore_box)
        timer = QTimer(box)
        timer.setSingleShot(True)
        timer.timeout.connect(box.reject)

        def finished(_: int) -> None:
            timer.stop()
            granted = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
            try:
                if granted:
                    self._trust(origin)
                elif ignore_box.isChecked() and origin:
                    self._ignore(origin)
            finally:
                del self._open[origin]
                del self.boxes[origin]
                box.deleteLater()
                answer.set_result(granted)

        box.finished.connect(finished)
        self.boxes[origin] = box
        box.show()
        box.raise_()
        timer.start(self._timeout_ms())
        return answer
