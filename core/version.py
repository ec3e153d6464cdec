"""The add-on's version: what its manifest.json says (pyproject.toml says the same; a test checks)."""

from __future__ import annotations

import json
from pathlib import Path


def _from_manifest() -> str:
    manifest = Path(__file__).resolve().parent.parent / "manifest.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["human_version"])
    except (OSError, ValueError, KeyError):  # a copy without its manifest
        return "unknown"


VERSION = _from_manifest()
