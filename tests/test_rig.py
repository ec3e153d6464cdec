"""The test rig and the tools: pins read from pyproject.toml, the set-up the suite relies on."""

from __future__ import annotations

from pathlib import Path

import dev
import pins
import pytest

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
