"""A pytest plugin: a run of the whole suite fails when a documented example went unchecked.

Tests check the examples of docs/actions/*.md one by one (doc_examples.py
records each). Whether every example was checked is known only once every
test has run, so this is a check at the end of the session, not a test: it
speaks only when the whole suite ran (every test file collected, nothing
deselected or left out by ``-k``/``-m``/node ids, every test run to its end)
and stays silent after a partial run, where unchecked examples are expected.
conftest.py registers it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, List, Set, Tuple

import pytest

Example = Tuple[str, str]  # (page, action)


class DocsCoverage:
    def __init__(self, documented: Callable[[], Set[Example]], checked: Set[Example], tests: Path) -> None:
        """
        :param documented: returns every documented example
        :param checked: the examples tests checked, filled while they run
        :param tests: the suite's folder, whose ``test_*.py`` files (in any subfolder) make the whole suite
        """
        self.documented = documented
        self.checked = checked
        self.tests = tests
        self.selected: List[pytest.Item] = []
        self.deselected = False
        self.finished: Set[str] = set()
        self.unchecked: List[Example] = []

    def pytest_deselected(self, items: List[pytest.Item]) -> None:
        self.deselected = self.deselected or bool(items)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.selected = list(session.items)

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self.finished.add(nodeid)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.whole_suite_ran(session):
            return
        self.unchecked = sorted(self.documented() - self.checked)
        if self.unchecked:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.unchecked:
            terminalreporter.section("documented examples no test checked", red=True)
            for page, action in self.unchecked:
                terminalreporter.line(f"docs/actions/{page}.md: {action}", red=True)

    def whole_suite_ran(self, session: pytest.Session) -> bool:
        every_file = {path.resolve() for path in self.tests.rglob("test_*.py")}
        collected = {item.path.resolve() for item in self.selected}
        # A run stopped early (-x, Ctrl+C) or one that runs nothing (--collect-only)
        # leaves collected tests unfinished.
        return (not self.deselected and not self._names_tests(session.config.args)
                and every_file <= collected and all(item.nodeid in self.finished for item in self.selected))

    @staticmethod
    def _names_tests(args: List[str]) -> bool:
        """Whether the command line picked tests inside a file (``file.py::test``)."""
        return any("::" in arg for arg in args)
