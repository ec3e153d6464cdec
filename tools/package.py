"""Build ``dist/ankiconnect-<version>.ankiaddon`` from an allow-list of runtime files.

The archive has ``__init__.py`` at its root (Anki installs it into a folder of
its own choosing), the vendored pluggy, the action reference pages (their
examples are the schemas' examples), and nothing else: no tests, other docs,
tools or ``__pycache__``.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

from throwaway_anki import ADDON_FILES
from vendoring import ensure_vendored

ROOT = Path(__file__).resolve().parent.parent


def runtime_files() -> list:
    """Every file the package carries, as paths relative to the checkout."""
    files = []
    for entry in ADDON_FILES:
        path = ROOT / entry
        if path.is_dir():
            files += [p for p in sorted(path.rglob("*")) if p.is_file() and _wanted(p)]
        elif path.exists():
            files.append(path)
    return [f.relative_to(ROOT) for f in files]


def _wanted(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")


def build(dest: Path = ROOT / "dist") -> Path:
    ensure_vendored()
    version = json.loads((ROOT / "manifest.json").read_text())["human_version"]
    dest.mkdir(exist_ok=True)
    package = dest / f"ankiconnect-{version}.ankiaddon"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in runtime_files():
            archive.write(ROOT / relative, relative.as_posix())
    return package


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    print(build())
