"""The test rig and the tools: pins read from pyproject.toml, the set-up the suite relies on."""

from __future__ import annotations

from pathlib import Path

import dev
import pins
import pytest
from conftest import example_plugin_problem

ROOT = Path(__file__).resolve().parent.parent


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
        f"the installed pytest is not the one in {tmp_path.name} (pytest/__init__.py differs)")


def test_a_plugin_not_installed_is_a_problem(tmp_path):
    assert example_plugin_problem("no-such-distribution", tmp_path) == (
        f"{tmp_path.name} (no-such-distribution) is not installed in this environment")


def test_the_example_plugin_is_installed_again_when_its_source_changes(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "__init__.py").write_text("a = 1\n")
    before = dev.source_digest(tmp_path)
    (tmp_path / "x" / "__init__.py").write_text("a = 2\n")
    assert dev.source_digest(tmp_path) != before
