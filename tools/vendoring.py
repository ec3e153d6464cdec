"""Put the pinned copy of pluggy into ``vendor/pluggy``.

Anki does not ship pluggy, so the add-on carries its own copy and imports it
relatively. The copy is extracted from the wheel on PyPI of the version
pyproject.toml's dev extra pins, licence included, so every checkout and every
package carries the same code.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pins import pinned

PLUGGY_VERSION = pinned("pluggy")

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "vendor" / "pluggy"
STAMP = TARGET / "VENDORED_VERSION"


def is_vendored() -> bool:
    """Whether ``vendor/pluggy`` holds pluggy PLUGGY_VERSION."""
    try:
        return STAMP.read_text().strip() == PLUGGY_VERSION
    except OSError:
        return False


def ensure_vendored() -> Path:
    """Make ``vendor/pluggy`` hold pluggy PLUGGY_VERSION; return its path."""
    if is_vendored():
        return TARGET
    if TARGET.exists():
        shutil.rmtree(TARGET)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--only-binary", ":all:", "--dest", tmp, f"pluggy=={PLUGGY_VERSION}"],
            check=True,
        )
        (wheel,) = Path(tmp).glob("pluggy-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(tmp)
        shutil.copytree(Path(tmp) / "pluggy", TARGET)
        (licence,) = Path(tmp).glob("pluggy-*.dist-info/**/LICENSE")
        shutil.copy(licence, TARGET / "LICENSE")
    STAMP.write_text(PLUGGY_VERSION + "\n")
    return TARGET


if __name__ == "__main__":
    print(ensure_vendored())
