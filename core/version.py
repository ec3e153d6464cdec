"""The add-on's version (manifest.json and pyproject.toml say the same; a test checks)."""

VERSION = "0.1.0"
