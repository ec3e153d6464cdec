"""What Anki's web pages write to their JavaScript console, kept out of the test run's progress output."""

from __future__ import annotations

from typing import Any


class WebConsole:
    """What Anki's web pages write to their JavaScript console, kept out of the progress output.

    Anki prints it on stdout. Nearly all of it comes from Anki's own pages: a
    page replaced while JavaScript Anki queued for it still runs (the reviewer's
    ``_showQuestion is not defined`` when a test leaves the review at once), and
    MathJax's notices. Tests switch screens far faster than a user, so there is
    a lot of it; it is attached to the test it came in, and shown if that fails.
    """

    def __init__(self) -> None:
        self.lines: list = []

    def install(self) -> None:
        from aqt.webview import AnkiWebPage

        def record(page: Any, level: Any, message: Any, line: int, source: Any) -> None:
            self.lines.append(f"JS {getattr(level, 'name', level)} {source}:{line} {message}")

        AnkiWebPage.javaScriptConsoleMessage = record  # type: ignore[method-assign]

    def take(self) -> list:
        lines, self.lines = self.lines, []
        return lines


WEB_CONSOLE = WebConsole()
