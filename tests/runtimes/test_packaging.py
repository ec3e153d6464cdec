"""The .ankiaddon package: what it holds, and that a fresh Anki runs it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support import free_port, http_request

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tools"))
    from package import build

    return build(tmp_path_factory.mktemp("dist"))


def test_the_package_holds_only_runtime_files(package):
    names = zipfile.ZipFile(package).namelist()
    assert "__init__.py" in names and "manifest.json" in names and "config.json" in names
    assert "vendor/pluggy/__init__.py" in names and "vendor/pluggy/LICENSE" in names
    assert "core/in_anki/runtime.py" in names and "actions_builtin/misc/__init__.py" in names
    assert "docs/actions/media.md" in names  # the examples of the actions' schemas
    assert "core/faces/mcp/search-syntax.md" in names  # an MCP resource
    assert not [n for n in names if n.startswith(("tests/", "tools/", ".")) or "__pycache__" in n
                or n.endswith(".pyc") or (n.startswith("docs/") and not n.startswith("docs/actions/"))]


def test_a_fresh_anki_installs_the_package_and_serves_requests(package, tmp_path):
    port = free_port()
    anki = subprocess.Popen(
        [sys.executable, str(ROOT / "tools" / "throwaway_anki.py"), "--base", str(tmp_path / "base"),
         "--port", str(port), "--addon-zip", str(package)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output = []
        for line in anki.stdout:
            output.append(line)
            if ("AnkiConnect is listening" in line or "AnkiConnect could not" in line
                    or "did not load" in line):
                break
        assert f"AnkiConnect is listening on http://127.0.0.1:{port}" in output[-1], "".join(output)
        assert http_request(port, {"action": "version", "version": 6}).json() == {"result": 6, "error": None}
        reflected = http_request(port, {"action": "apiReflect", "version": 6, "params": {
            "scopes": ["schemas"], "actions": ["retrieveMediaFile"]}}).json()["result"]
        assert reflected["schemas"]["retrieveMediaFile"]["params"]["examples"] == [{"filename": "_hello.txt"}]
        installed = tmp_path / "base" / "addons21" / "ankiconnect"
        assert (installed / "vendor" / "pluggy" / "__init__.py").is_file()
        assert not (installed / "tests").exists()
    finally:
        anki.terminate()
        anki.wait(30)


def test_the_python_package_lists_every_package_of_the_add_on_but_vendored_pluggy():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(("ankiconnect", *init.parent.relative_to(ROOT).parts)).rstrip(".")
               for folder in ("core", "actions_builtin", "vendor")
               for init in (ROOT / folder).glob("**/__init__.py") if "pluggy" not in init.parts}
    assert listed == on_disk | {"ankiconnect"}
