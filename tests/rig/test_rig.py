"""The test rig and the tools: pins read from pyproject.toml, the set-up the suite relies on."""

from __future__ import annotations

import json
from pathlib import Path

import dev
import pins
import pytest
from plugin_files import example_plugin_problem

ROOT = Path(__file__).resolve().parents[2]


def test_the_pin_reader_reads_what_a_toml_parser_reads():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the reader is for 3.9 too
    parsed = tomllib.loads(pins.PYPROJECT.read_text(encoding="utf-8"))
    assert pins.dev_requirements() == parsed["project"]["optional-dependencies"]["dev"]


PYPROJECT = '''
[project.optional-dependencies]
dev = [
    "aqt[qt]==26.9.3",  # a comment
    "pluggy==1.6.0",
    "pytest>=8",
]
'''


def test_pinned_finds_a_name_with_or_without_extras():
    requirements = pins.dev_requirements(PYPROJECT)
    assert (pins.pinned("aqt", requirements), pins.pinned("pluggy", requirements)) == ("26.9.3", "1.6.0")


def test_a_name_the_dev_extra_does_not_pin_is_an_error():
    with pytest.raises(LookupError, match="pins no pytest"):
        pins.pinned("pytest", pins.dev_requirements(PYPROJECT))  # ">=" is a range, not a pin


def test_repinned_changes_only_that_version_and_keeps_the_extras():
    assert pins.repinned("aqt", "25.2.7", pins.dev_requirements(PYPROJECT)) == [
        "aqt[qt]==25.2.7", "pluggy==1.6.0", "pytest>=8"]


def test_a_pyproject_without_a_dev_extra_is_an_error():
    with pytest.raises(LookupError, match="no dev extra"):
        pins.dev_requirements("[project]\nname = 'x'\n")


def test_the_ci_and_the_readme_name_the_ankis_the_launcher_supports():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert f"--anki {dev.OLDEST_ANKI} test" in ci
    assert f"--anki {dev.OLDEST_ANKI}" in readme and f"Anki {dev.NEWEST_ANKI} from PyPI" in readme


# The end-of-session check that every documented example was checked (helpers/docs_coverage.py),
# run on a made-up suite of two test files and two documented examples.

SUITE_CONFTEST = '''
import json
from pathlib import Path

from docs_coverage import DocsCoverage

CHECKED = set()


def pytest_configure(config):
    documented = lambda: {("notes", "addNote"), ("decks", "deckNames")}
    config.pluginmanager.register(DocsCoverage(documented, CHECKED, Path(__file__).parent))
'''

CHECKS_ONE = '''
from conftest import CHECKED


def test_checks_addNote():
    CHECKED.add(("notes", "addNote"))
'''

CHECKS_THE_OTHER = '''
from conftest import CHECKED


def test_checks_deckNames():
    CHECKED.add(("decks", "deckNames"))


def test_checks_nothing():
    pass
'''

UNCHECKED = "documented examples no test checked"


def test_this_suite_runs_the_check_on_the_documented_examples(request):
    import doc_examples

    check = request.config.pluginmanager.get_plugin("docs-coverage")
    assert check.documented is doc_examples.documented_examples and check.checked is doc_examples.CHECKED
    assert ("misc", "version") in check.documented()


@pytest.fixture
def suite(pytester, monkeypatch):
    """Two test files that check both examples when the whole suite runs."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # the made-up suite needs no Qt
    pytester.makeconftest(SUITE_CONFTEST)
    pytester.makepyfile(test_one=CHECKS_ONE, test_two=CHECKS_THE_OTHER)
    return pytester


def test_a_whole_run_that_checks_every_example_passes(suite):
    result = suite.runpytest()
    assert result.ret == pytest.ExitCode.OK
    assert UNCHECKED not in result.stdout.str()


def test_a_whole_run_with_an_unchecked_example_fails_and_names_it(suite):
    suite.makepyfile(test_two=CHECKS_THE_OTHER.replace("CHECKED.add", "len"))
    result = suite.runpytest()
    result.assert_outcomes(passed=3)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([f"*{UNCHECKED}*", "docs/actions/decks.md: deckNames"])
    assert "addNote" not in result.stdout.str()


def test_a_test_that_fails_before_checking_its_example_leaves_it_unchecked(suite):
    suite.makepyfile(test_two=CHECKS_THE_OTHER.replace("CHECKED.add", "assert 0; CHECKED.add"))
    result = suite.runpytest()
    result.stdout.fnmatch_lines([f"*{UNCHECKED}*", "docs/actions/decks.md: deckNames"])


@pytest.mark.parametrize("selection", [
    ["-k", "not deckNames"],                      # deselects a test
    ["--deselect", "test_two.py::test_checks_deckNames"],
    ["test_one.py"],                              # leaves a test file out
    ["test_one.py", "test_two.py::test_checks_nothing"],  # picks tests inside a file
    ["--collect-only"],                           # runs no test
])
def test_a_partial_run_stays_silent(suite, selection):
    result = suite.runpytest(*selection)
    assert result.ret in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED)
    assert UNCHECKED not in result.stdout.str()


def test_a_run_stopped_at_its_first_failure_stays_silent(suite):
    suite.makepyfile(test_one=CHECKS_ONE + "\n\ndef test_fails():\n    assert 0\n")
    result = suite.runpytest("-x")
    result.assert_outcomes(passed=1, failed=1)
    assert UNCHECKED not in result.stdout.str()


# The check behind the example_plugin fixture, on made-up sources of an installed package.

def a_source_of_pytest(folder: Path, text: str) -> Path:
    (folder / "pytest").mkdir()
    (folder / "pytest" / "__init__.py").write_text(text)
    return folder


def test_an_installed_plugin_as_its_source_is_fine(tmp_path):
    source = a_source_of_pytest(tmp_path, Path(pytest.__file__).read_text())
    assert example_plugin_problem("pytest", source) is None


def test_an_installed_plugin_older_than_its_source_is_a_problem(tmp_path):
    source = a_source_of_pytest(tmp_path, "changed = True\n")
    assert example_plugin_problem("pytest", source) == (
        f"the installed pytest is not the one in {tmp_path.parent.name}/{tmp_path.name}"
        " (pytest/__init__.py differs)")


def test_a_plugin_not_installed_is_a_problem(tmp_path):
    assert example_plugin_problem("no-such-distribution", tmp_path) == (
        f"{tmp_path.parent.name}/{tmp_path.name} (no-such-distribution) is not installed in this environment")


def test_the_example_plugin_is_installed_again_when_its_source_changes(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "__init__.py").write_text("a = 1\n")
    before = dev.source_digest(tmp_path)
    (tmp_path / "x" / "__init__.py").write_text("a = 2\n")
    assert dev.source_digest(tmp_path) != before


# tools/dev.py run: the recipe docs/plugins.md gives for trying a plugin, and stopping it ---------

DEV = ROOT / "tools" / "dev.py"


def documented_drop_in() -> str:
    import re

    return re.search(r"^```python drop-in\n(.*?)^```", (ROOT / "docs" / "plugins.md").read_text(),
                     re.MULTILINE | re.DOTALL).group(1)


def documented_dev_run() -> list:
    """The documented command and the curl request with its reply."""
    import re

    block = re.search(r"^  ```console dev-run\n(.*?)^  ```", (ROOT / "docs" / "plugins.md").read_text(),
                      re.MULTILINE | re.DOTALL).group(1)
    return [line.strip() for line in block.splitlines()]


class DevRun:
    """``python3 tools/dev.py run ARGS`` in a process of its own, as a developer starts it."""

    def __init__(self, folder: Path, *args: str):
        import subprocess
        import sys
        import threading

        self.output: list = []
        # A session of its own: should the test fail, kill() ends Anki too, not only dev.py.
        self.process = subprocess.Popen([sys.executable, str(DEV), "run", *args], cwd=folder,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self._read = threading.Thread(target=self._read_output, daemon=True)
        self._read.start()

    def _read_output(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def wait_for(self, text: str, seconds: float = 120) -> str:
        import time

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [line for line in self.output if text in line]
            if found:
                return found[0]
            if self.process.poll() is not None and not self._read.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"no {text!r} in the output:\n{''.join(self.output)}")

    @property
    def base(self) -> Path:
        line = self.wait_for("Anki base folder: ")
        return Path(line.split("Anki base folder: ", 1)[1].split(" (profile", 1)[0])

    def ended_within(self, seconds: float):
        import subprocess

        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self) -> None:
        """End dev.py and the Anki it started, whatever state they are in."""
        import os
        import signal

        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def test_run_help_lists_plugin_port_and_keep():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(DEV), "run", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--plugin FILE", "--port PORT", "--keep"):
        assert option in result.stdout


@pytest.mark.parametrize("stop_with", ["SIGINT", "SIGTERM"])
def test_the_documented_plugin_recipe_serves_the_documented_file_and_stops_on_a_signal(tmp_path, stop_with):
    import signal

    from support import free_port, http_request

    command, _, listening, served, curl, reply = documented_dev_run()
    assert command == "$ python3 tools/dev.py run --plugin greeting.py"
    assert listening == "AnkiConnect is listening on http://127.0.0.1:8765"
    assert served.startswith("Plugin greeting (") and served.endswith(") serves greet")
    (tmp_path / "greeting.py").write_text(documented_drop_in())
    (tmp_path / "broken.py").write_text(documented_drop_in().replace("@hookimpl", "@no_such_marker"))
    port = free_port()
    run = DevRun(tmp_path, "--plugin", "greeting.py", "--plugin", "broken.py", "--port", str(port))
    try:
        base = run.base
        assert run.wait_for("AnkiConnect is listening") == f"AnkiConnect is listening on http://127.0.0.1:{port}\n"
        greeting = tmp_path / "greeting.py"
        assert run.wait_for("Plugin greeting") == f"Plugin greeting ({greeting}) serves greet\n"
        assert run.wait_for("Plugin broken") == (
            f"Plugin broken ({tmp_path / 'broken.py'}) is not served: NameError: name 'no_such_marker' "
            "is not defined\n")
        request = curl.split(" -d ", 1)[1].strip("'")
        assert http_request(port, request).json() == json.loads(reply)
        plugins = http_request(port, {"action": "apiReflect", "version": 6,
                                      "params": {"scopes": ["plugins"]}}).json()["result"]["plugins"]
        assert {"name": "broken", "source": "folder", "version": None, "actions": [],
                "error": "NameError: name 'no_such_marker' is not defined"} in plugins
        assert base.is_dir()
        run.process.send_signal(getattr(signal, stop_with))  # to dev.py's process alone, by its id
        assert run.ended_within(60) == 0, "".join(run.output)
    finally:
        run.kill()  # nothing of it may outlive the test, whatever happened
    assert "AnkiConnect stopped listening" in "".join(run.output)
    assert not base.exists()


def test_run_on_a_busy_port_ends_saying_which_port_to_try(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = DevRun(tmp_path, "--port", str(port))
        status = run.ended_within(120)
    assert status == 1, "".join(run.output)
    assert run.wait_for("could not start") == (
        f"AnkiConnect could not start: AnkiConnect could not listen on 127.0.0.1:{port}: Address already in "
        f"use. Choose another port: python3 tools/dev.py run --port {port + 1}\n")
    assert not run.base.exists()


def test_a_first_set_up_says_what_it_does_and_shows_pips_progress_for_the_long_step(tmp_path):
    wanted = pins.repinned("aqt", dev.NEWEST_ANKI)
    steps = dev.setup_steps(tmp_path / ".venv", tmp_path / ".venv" / "bin" / "python", wanted, None)
    assert [what for what, _ in steps] == [
        "creating the virtual environment .venv", "updating pip", f"installing {', '.join(wanted)}"]
    install = steps[-1][1]
    assert "--quiet" not in install and install[-len(wanted):] == wanted  # pip's own progress shows
