"""The versions pinned in pyproject.toml's dev extra, the one place they are pinned.

The launcher (tools/dev.py) installs Anki and the test tools from that list,
and tools/vendoring.py copies the pluggy it names into the add-on. The
vendoring also runs inside environments with Python 3.9 (Anki 25.02 bundles
it), which has no tomllib; so this reader needs none: it reads only the dev
extra, one TOML array of double-quoted requirement strings, a line each.
tests/rig/test_rig.py checks that it reads what tomllib reads.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"

_DEV_EXTRA = re.compile(r"^dev\s*=\s*\[(?P<items>.*?)^\]", re.MULTILINE | re.DOTALL)
_STRING = re.compile(r'^\s*"(?P<requirement>[^"]+)"\s*,?\s*(?:#.*)?$', re.MULTILINE)
_PIN = re.compile(r"(?P<name>[A-Za-z0-9_.-]+)(?P<extras>\[[^\]]*\])?==(?P<version>\S+)")


def dev_requirements(text: Optional[str] = None) -> List[str]:
    """The requirement strings of the dev extra (of `text`, else of pyproject.toml)."""
    text = PYPROJECT.read_text(encoding="utf-8") if text is None else text
    match = _DEV_EXTRA.search(text)
    if match is None:
        raise LookupError("pyproject.toml has no dev extra (a line 'dev = [')")
    return [m.group("requirement") for m in _STRING.finditer(match.group("items"))]


def pinned(name: str, requirements: Optional[List[str]] = None) -> str:
    """The version the dev extra pins `name` to (``name==version``, extras allowed)."""
    for requirement in dev_requirements() if requirements is None else requirements:
        pin = _PIN.fullmatch(requirement)
        if pin and pin.group("name") == name:
            return pin.group("version")
    raise LookupError(f"pyproject.toml's dev extra pins no {name} (as '{name}==<version>')")


def repinned(name: str, version: str, requirements: Optional[List[str]] = None) -> List[str]:
    """The dev extra with `name` pinned to `version` instead (its extras kept)."""
    requirements = dev_requirements() if requirements is None else requirements
    pinned(name, requirements)  # a name the extra does not pin is a mistake, not a no-op
    return [_repin(r, name, version) for r in requirements]


def _repin(requirement: str, name: str, version: str) -> str:
    pin = _PIN.fullmatch(requirement)
    if pin is None or pin.group("name") != name:
        return requirement
    return f"{name}{pin.group('extras') or ''}=={version}"
