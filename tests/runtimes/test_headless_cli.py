"""``ankiconnect serve``: starting, refusing to start, settings, plugins, and stopping without losing data.

Each test runs the command in a process of its own, as a user or a service
manager would, and talks to it over HTTP like any client.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time

import pytest
from headless_helpers import ROOT, HeadlessServer, fronts_in, note, run_cli
from plugin_files import copy_plugins
from support import free_port, http_request

# Starting ------------------------------------------------------------------------


def test_serve_without_arguments_creates_a_collection_in_the_data_folder_and_serves_it(tmp_path):
    server = HeadlessServer(tmp_path)
    try:
        assert server.call("version") == {"result": 6, "error": None}
        assert server.call("deckNames") == {"result": ["Default"], "error": None}
        nid = server.result("addNote", note=note("a first note"))
        assert server.call("findNotes", query="first") == {"result": [nid], "error": None}
    finally:
        assert server.stop() == 0
    collection = tmp_path / "data" / "ankiconnect" / "headless" / "collection.anki2"
    assert (collection.parent / "collection.media").is_dir()
    assert fronts_in(collection) == ["a first note"]


def test_create_makes_a_new_collection_where_the_flag_says(tmp_path):
    path = tmp_path / "service" / "collection.anki2"
    server = HeadlessServer(tmp_path, "--collection", str(path), "--create")
    try:
        assert server.call("getActiveProfile") == {"result": "service", "error": None}
    finally:
        assert server.stop() == 0
    assert path.is_file() and (path.parent / "collection.media").is_dir()


def test_gui_actions_are_listed_and_answer_that_there_is_no_window(tmp_path):
    server = HeadlessServer(tmp_path)
    try:
        assert "guiBrowse" in server.result("apiReflect", scopes=["actions"])["actions"]
        assert server.call("guiBrowse", query="deck:current") == {
            "result": None, "error": "guiBrowse is not available: this server runs without Anki's window"}
    finally:
        server.stop()


# Refusing to start -----------------------------------------------------------------


def refused(result) -> str:
    """The one line a refused start prints, after checking how it ended."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_collection_another_program_holds_open_is_refused(tmp_path):
    from anki.collection import Collection

    path = tmp_path / "profile" / "collection.anki2"
    path.parent.mkdir()
    desktop = Collection(str(path))  # as desktop Anki holds it: exclusively
    try:
        line = refused(run_cli(tmp_path, "serve", "--collection", str(path), "--port", str(free_port())))
    finally:
        desktop.close()
    assert line == (f"ankiconnect: {path} is open in another program (Anki, or another server): "
                    "close it there first")


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_text("not a database"), "is not an Anki collection (not an SQLite database)"),
    (lambda p: sqlite3.connect(p).execute("create table notes (id)").connection.commit(),
     "is an SQLite database but not an Anki collection"),
    (lambda p: p.mkdir(), "is a folder, not a collection file"),
    (lambda p: None, None),  # nothing there: a typo must not start an empty collection
])
def test_a_path_that_is_not_a_collection_is_refused(tmp_path, make, reason):
    path = tmp_path / "collection.anki2"
    make(path)
    line = refused(run_cli(tmp_path, "serve", "--collection", str(path), "--port", str(free_port())))
    expected = (f"ankiconnect: {path} {reason}" if reason
                else f"ankiconnect: there is no collection at {path} (--create makes a new one)")
    assert line.startswith(expected)
    assert not path.exists() or reason  # nothing was created


def test_a_busy_port_is_refused(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = refused(run_cli(tmp_path, "serve", "--port", str(port)))
    assert line == (f"ankiconnect: AnkiConnect could not listen on 127.0.0.1:{port}: Address already in use. "
                    "Choose another port with --port (or webBindPort in the --config file).")


def test_listening_beyond_loopback_without_an_api_key_is_refused(tmp_path):
    line = refused(run_cli(tmp_path, "serve", "--bind", "0.0.0.0", "--port", str(free_port())))
    assert line.startswith("ankiconnect: refusing to listen on 0.0.0.0 without an apiKey")
    assert "--allow-no-api-key" in line and "ANKICONNECT_API_KEY" in line


def test_beyond_loopback_with_a_key_every_request_needs_it(tmp_path):
    server = HeadlessServer(tmp_path, "--bind", "0.0.0.0", ANKICONNECT_API_KEY="s3cret")
    try:
        assert server.call("version") == {"result": None, "error": "valid api key must be provided"}
        reply = http_request(server.port, json.dumps({"action": "version", "version": 6, "key": "s3cret"}))
        assert reply.json() == {"result": 6, "error": None}
    finally:
        server.stop()


def test_allow_no_api_key_lets_it_listen_beyond_loopback(tmp_path):
    server = HeadlessServer(tmp_path, "--bind", "0.0.0.0", "--allow-no-api-key")
    try:
        assert server.call("version") == {"result": 6, "error": None}
    finally:
        server.stop()


@pytest.mark.parametrize("config, env, reason", [
    ("{not json", {}, "is not valid JSON"),
    ('{"webBindPort": "eighty"}', {},
     "'webBindPort' must be an integer from 0 to 65535, not \"eighty\" (in the config file)"),
    ('{"apiKye": "x"}', {}, "'apiKye' is not a setting (in the config file)"),
    ("{}", {"ANKICONNECT_WEB_TIMEOUT": "soon"}, "ANKICONNECT_WEB_TIMEOUT='soon' is not valid JSON"),
])
def test_bad_settings_are_refused_with_the_reason(tmp_path, config, env, reason):
    settings = tmp_path / "settings.json"
    settings.write_text(config)
    line = refused(run_cli(tmp_path, "serve", "--config", str(settings), **env))
    assert reason in line


# The same schema (config.schema.json) for every way a setting comes in, each named as the user gave it.
@pytest.mark.parametrize("config, flags, env, reason", [
    (None, ["--port", "99999"], {}, "--port must be an integer from 0 to 65535, not 99999"),
    (None, [], {"ANKICONNECT_WEB_BIND_PORT": "70000"},
     "ANKICONNECT_WEB_BIND_PORT must be an integer from 0 to 65535, not 70000"),
    ('{"webBindPort": 99999}', [], {},
     "'webBindPort' must be an integer from 0 to 65535, not 99999 (in the config file)"),
    ('{"apiKey": 5}', [], {}, "'apiKey' must be a string or null, not 5 (in the config file)"),
    ('{"webThreads": 0}', [], {}, "'webThreads' must be an integer from 1 to 64, not 0 (in the config file)"),
    (None, [], {"ANKICONNECT_BLOCKED_PLUGINS": "[1]"},
     "ANKICONNECT_BLOCKED_PLUGINS must be an array of strings, not [1]"),
])
def test_a_setting_outside_the_schema_is_refused_with_its_name_and_what_it_takes(
        tmp_path, config, flags, env, reason):
    args = ["serve", *flags]
    if config is not None:
        (tmp_path / "settings.json").write_text(config)
        args += ["--config", str(tmp_path / "settings.json")]
    assert refused(run_cli(tmp_path, *args, **env)) == f"ankiconnect: bad settings: {reason}"


@pytest.mark.parametrize("make, reason", [
    (lambda p: None, "there is no plugin folder at {} (--plugins)"),
    (lambda p: p.write_text("def greet(): pass\n"), "--plugins {} is a file, not a folder of plugins"),
])
def test_a_plugin_folder_that_is_not_there_is_refused(tmp_path, make, reason):
    folder = tmp_path / "plugins"
    make(folder)
    line = refused(run_cli(tmp_path, "serve", "--plugins", str(folder), "--port", str(free_port())))
    assert line == "ankiconnect: " + reason.format(folder)
    assert not (tmp_path / "data").exists()  # refused before a collection was made


def test_version_names_the_server_anki_and_python(tmp_path):
    import platform

    from anki.buildinfo import version as anki_version

    result = run_cli(tmp_path, "--version")
    version = json.loads((ROOT / "manifest.json").read_text())["human_version"]
    assert (result.returncode, result.stderr) == (0, "")
    python = platform.python_version()
    assert result.stdout == f"ankiconnect {version} (Anki {anki_version}, Python {python})\n"


def test_the_manifest_and_the_python_package_have_one_version():
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert json.loads((ROOT / "manifest.json").read_text())["human_version"] == project["version"]


def test_the_listening_line_is_printed_once(tmp_path):
    server = HeadlessServer(tmp_path)
    try:
        assert server.call("version") == {"result": 6, "error": None}
    finally:
        server.stop()
    said = [line for line in server.output if "listening on" in line]  # stdout and the log (stderr)
    assert said == [f"AnkiConnect is listening on http://127.0.0.1:{server.port} (collection "
                    f"{tmp_path / 'data' / 'ankiconnect' / 'headless' / 'collection.anki2'})\n"]


# Logging in without a terminal (a service, a container, CI) -------------------------------


def test_login_without_a_password_or_a_terminal_says_how_to_give_one(tmp_path):
    line = refused(run_cli(tmp_path, "login", "--user", "user@example.com",
                           "--endpoint", f"http://127.0.0.1:{free_port()}/"))
    assert line == ("ankiconnect: no password, and no terminal to ask for it: pass --password-stdin and "
                    "write it to the standard input, or set ANKICONNECT_SYNC_PASSWORD (or syncPassword in "
                    "the --config file)")


def test_login_without_a_user_or_a_terminal_says_how_to_give_one(tmp_path):
    line = refused(run_cli(tmp_path, "login", "--endpoint", f"http://127.0.0.1:{free_port()}/"))
    assert line == ("ankiconnect: no sync user: pass --user, or set ANKICONNECT_SYNC_USER "
                    "(or syncUser in the --config file)")


def test_password_stdin_with_nothing_to_read_is_refused(tmp_path):
    line = refused(run_cli(tmp_path, "login", "--user", "user@example.com", "--password-stdin",
                           "--endpoint", f"http://127.0.0.1:{free_port()}/"))
    assert line == "ankiconnect: --password-stdin read no password: write it to the standard input"


# Settings and plugins ----------------------------------------------------------------


def test_flags_win_over_the_environment_which_wins_over_the_config_file(tmp_path):
    settings = tmp_path / "settings.json"
    file_port, env_port, flag_port = free_port(), free_port(), free_port()
    settings.write_text(json.dumps({"webBindPort": file_port, "apiKey": "from-file", "webTimeout": 1234}))
    server = HeadlessServer(tmp_path, "--config", str(settings), port=flag_port,
                            ANKICONNECT_WEB_BIND_PORT=str(env_port), ANKICONNECT_API_KEY="from-env")
    try:
        reply = http_request(flag_port, json.dumps({"action": "requestPermission", "version": 6}))
        assert reply.json()["result"]["requireApiKey"] is True
        keyed = {"action": "version", "version": 6, "key": "from-env"}
        assert http_request(flag_port, json.dumps(keyed)).json() == {"result": 6, "error": None}
        assert http_request(flag_port, json.dumps({**keyed, "key": "from-file"})).json()["error"]
    finally:
        server.stop()


def test_an_edit_of_the_config_file_applies_to_the_next_request(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text("{}")
    server = HeadlessServer(tmp_path, "--config", str(settings))
    try:
        assert server.call("version") == {"result": 6, "error": None}
        settings.write_text(json.dumps({"apiKey": "new"}))
        # The file is looked at again at most every 0.1 s.
        deadline = time.monotonic() + 5
        while server.call("version")["error"] is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.call("version") == {"result": None, "error": "valid api key must be provided"}
    finally:
        server.stop()


def test_drop_in_and_entry_point_plugins_load_headless(tmp_path):
    plugins = copy_plugins("drop_in_greeting", tmp_path / "plugins")  # greeting.py
    server = HeadlessServer(tmp_path, "--plugins", str(plugins))
    try:
        assert server.call("greet", name="Anki") == {"result": "Hello, Anki!", "error": None}
        report = {p["name"]: p for p in server.result("apiReflect", scopes=["plugins"])["plugins"]}
        assert report["greeting"]["source"] == "folder"
        assert report["example"]["source"] == "entry point"  # tests/plugins/example_plugin, installed
        assert server.call("deckNoteCount", deck="Default") == {"result": 0, "error": None}
    finally:
        server.stop()


# Stopping ----------------------------------------------------------------------------


def new_collection(path):
    from anki.collection import Collection

    path.parent.mkdir(parents=True, exist_ok=True)
    Collection(str(path)).close()
    return path


def test_every_note_answered_is_on_disk_when_the_server_is_killed(tmp_path):
    collection = new_collection(tmp_path / "collection.anki2")
    server = HeadlessServer(tmp_path, "--collection", str(collection))
    ids = server.result("addNotes", notes=[note(f"killed {i}") for i in range(200)])
    server.process.kill()  # SIGKILL, the moment the reply is in
    server.process.wait(10)
    assert None not in ids
    assert fronts_in(collection) == sorted(f"killed {i}" for i in range(200))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_finishes_what_was_answered_and_exits_0_within_5_seconds(tmp_path, signum):
    collection = new_collection(tmp_path / "profile" / "collection.anki2")
    server = HeadlessServer(tmp_path, "--collection", str(collection))
    answered, refused_, lock = [], [], threading.Lock()
    stop = threading.Event()

    def client(number: int) -> None:
        batch = 0
        while not stop.is_set():
            fronts = [f"client {number} batch {batch} note {i}" for i in range(20)]
            batch += 1
            try:
                reply = http_request(server.port, json.dumps(
                    {"action": "addNotes", "version": 6, "params": {"notes": [note(f) for f in fronts]}}),
                    timeout=10).json()
            except OSError:  # refused, or closed unanswered: it never ran
                with lock:
                    refused_.append(fronts)
                continue
            with lock:
                (answered if reply["error"] is None else refused_).append(fronts)

    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    while len(answered) < 10:
        threading.Event().wait(0.01)
    server.process.send_signal(signum)
    status = server.ended_within(5)
    stop.set()
    for thread in clients:
        thread.join(15)
    assert status == 0, "".join(server.output)
    assert "AnkiConnect stopped" in "".join(server.output)
    on_disk = set(fronts_in(collection))
    assert {f for fronts in answered for f in fronts} <= on_disk
    for fronts in refused_:  # a batch that was not answered did not half happen
        assert not (set(fronts) & on_disk) or set(fronts) <= on_disk


def test_the_documented_systemd_unit_is_valid(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    unit = re.search(r"```ini systemd\n(.*?)```", (ROOT / "docs" / "headless.md").read_text(), re.S).group(1)
    command = tmp_path / "ankiconnect"  # verify wants the ExecStart program to exist
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    assert "/opt/ankiconnect/bin/ankiconnect serve " in unit
    service = tmp_path / "ankiconnect.service"
    service.write_text(unit.replace("/opt/ankiconnect/bin/ankiconnect", str(command)))
    result = subprocess.run(["systemd-analyze", "verify", str(service)], capture_output=True, text=True)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")



def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def answers_version(port: int) -> bool:
    try:
        reply = http_request(port, json.dumps({"action": "version", "version": 6}), timeout=2)
        return reply.json()["result"] == 6
    except OSError:
        return False


def test_sighup_takes_up_a_new_port_and_a_new_block_list(tmp_path):
    settings = tmp_path / "settings.json"
    old_port, new_port = free_port(), free_port()
    settings.write_text(json.dumps({"webBindPort": old_port}))
    server = HeadlessServer(tmp_path, "--config", str(settings), port=old_port, port_flag=False)
    try:
        settings.write_text(json.dumps({"webBindPort": new_port, "blockedPlugins": ["stats"]}))
        server.process.send_signal(signal.SIGHUP)
        assert wait_for(lambda: answers_version(new_port))
        assert not answers_version(old_port)
        server.port = new_port
        assert server.call("getNumCardsReviewedToday") == {"result": None, "error": "unsupported action"}
    finally:
        assert server.stop() == 0


def test_sighup_keeps_listening_where_it_did_when_the_new_settings_are_unsafe(tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text("{}")
    server = HeadlessServer(tmp_path, "--config", str(settings))
    try:
        settings.write_text(json.dumps({"webBindAddress": "0.0.0.0"}))  # and no apiKey
        server.process.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "refusing to listen on 0.0.0.0 without an apiKey" in "".join(server.output))
        assert server.call("version") == {"result": 6, "error": None}
    finally:
        assert server.stop() == 0
