"""The test plugins, real files under tests/plugins/, and the check that the
example plugin is installed as its source is now.

Tests copy a plugin folder to a temporary place before pointing the add-on
at it, so that nothing a test does (an edit, Python's __pycache__) touches
the files in the repository.
"""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path
from typing import Optional

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
#: a package of its own, pip-installed by `tools/dev.py test` (docs/plugins.md shows it)
EXAMPLE_PLUGIN = PLUGINS / "example_plugin"


def copy_plugins(name: str, destination: Path) -> Path:
    """A copy of the folder tests/plugins/<name> at destination (which must not exist yet)."""
    return Path(shutil.copytree(PLUGINS / name, destination,
                                ignore=shutil.ignore_patterns("__pycache__")))


def example_plugin_problem(distribution: str = "ankiconnect-example",
                           source: Path = EXAMPLE_PLUGIN) -> Optional[str]:
    """What is wrong with the installed example plugin, or None."""
    where = f"{source.parent.name}/{source.name}"
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return f"{where} ({distribution}) is not installed in this environment"
    for path in sorted(source.glob("*/**/*.py")):
        relative = path.relative_to(source).as_posix()
        installed = Path(str(dist.locate_file(relative)))
        if not installed.is_file() or installed.read_bytes() != path.read_bytes():
            return f"the installed {distribution} is not the one in {where} ({relative} differs)"
    return None
