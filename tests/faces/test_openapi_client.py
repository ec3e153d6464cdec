"""A typed client generated from GET /openapi.json by a standard generator calls the API.

openapi-python-client (from PyPI) turns the document into a package with a
module per action and a class per schema; the test imports it and calls
actions through it, as a client author would.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

if sys.version_info < (3, 11):  # the generator's own requirement (tools/dev.py installs it from 3.11 on)
    pytest.skip("openapi-python-client needs Python 3.11 or newer", allow_module_level=True)

PACKAGE = "ankiconnect_generated_client"


@pytest.fixture(scope="module")
def generated(anki, tmp_path_factory):
    """The generated package, imported."""
    from support import http_request

    folder = tmp_path_factory.mktemp("generated")
    document = anki.waiter.run(lambda: http_request(anki.port, None, method="GET", path="/openapi.json"))
    assert document.status == 200
    (folder / "openapi.json").write_bytes(document.body)
    # no post hooks: the generator would otherwise run formatters that may not be installed
    (folder / "config.yml").write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", "openapi.json",
                    "--config", "config.yml", "--meta", "none", "--output-path", PACKAGE],
                   cwd=folder, check=True, capture_output=True, text=True)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def module(package, name):
    return importlib.import_module(f"{package.__name__}.{name}")


@pytest.fixture
def api(anki, client, generated):
    """call(operation module, request model): the parsed reply, sent from a helper thread."""
    http = module(generated, "client").Client(base_url=f"http://127.0.0.1:{anki.port}")

    def call(operation, body):
        return client.in_thread(lambda: operation.sync(client=http, body=body))

    return call


def test_version(generated, api):
    version = module(generated, "api.misc.version")
    models = module(generated, "models")
    reply = api(version, models.VersionRequest(version=6))
    assert isinstance(reply, models.VersionReply)
    assert reply.result == 6 and reply.error is None


def test_store_list_and_retrieve_a_media_file(generated, api, col):
    models = module(generated, "models")
    stored = api(module(generated, "api.media.store_media_file"), models.StoreMediaFileRequest(
        version=6, params=models.StoreMediaFileParams(filename="_generated.txt", data="aGVsbG8=")))
    assert isinstance(stored, models.StoreMediaFileReply) and stored.result == "_generated.txt"
    names = api(module(generated, "api.media.get_media_files_names"), models.GetMediaFilesNamesRequest(
        version=6, params=models.GetMediaFilesNamesParams(pattern="_gen*")))
    assert names.result == ["_generated.txt"]
    content = api(module(generated, "api.media.retrieve_media_file"), models.RetrieveMediaFileRequest(
        version=6, params=models.RetrieveMediaFileParams(filename="_generated.txt")))
    assert content.result == "aGVsbG8="


def test_an_error_reply_comes_with_its_text(generated, api, col):
    # The generator takes the first reply shape that parses, and a success and
    # an error both have "result" and "error": the error text is what tells them apart.
    models = module(generated, "models")
    reply = api(module(generated, "api.media.store_media_file"), models.StoreMediaFileRequest(
        version=6, params=models.StoreMediaFileParams(filename="_x.txt")))
    assert (reply.result, reply.error) == (None, 'You must provide a "data", "path", or "url" field.')


def test_an_old_version_gets_the_bare_result(generated, api):
    reply = api(module(generated, "api.misc.version"), module(generated, "models").VersionRequest())
    assert reply == 6
