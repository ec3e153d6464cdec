"""The test rig and the tools: pins read from pyproject.toml, the set-up the suite relies on."""

from __future__ import annotations

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
