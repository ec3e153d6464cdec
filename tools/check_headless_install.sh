#!/usr/bin/env bash
# The headless server as a user gets it: `pip install <checkout>` into a fresh
# virtual environment (no aqt, no Qt), then `ankiconnect serve` answering curl.
# .ci/run runs this; it needs python3 (3.9+) and curl.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server"; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Built from a copy: setuptools leaves build/ and *.egg-info where it builds.
mkdir "$work/src"
tar -C "$checkout" --exclude='./.venv*' --exclude=./.git --exclude=./build --exclude=./dist -cf - . \
    | tar -C "$work/src" -xf -
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work/src"
if "$work/venv/bin/python" -c "import aqt" 2>/dev/null; then
    echo "FAIL: pip install brought aqt along" >&2
    exit 1
fi
# A wheel built from the checkout holds the package and nothing else.
"$work/venv/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src"
"$work/venv/bin/python" - "$work"/dist/ankiconnect-*.whl <<'PYTHON'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
assert "ankiconnect/core/headless/cli.py" in names and "ankiconnect/actions_builtin/notes/__init__.py" in names
assert "ankiconnect/docs/actions/notes.md" in names  # the schemas' examples
assert "ankiconnect/config.schema.json" in names and "ankiconnect/manifest.json" in names  # settings, version
stray = [n for n in names if n.startswith(("ankiconnect/tests/", "ankiconnect/tools/", "ankiconnect/vendor/pluggy/"))
         or n.startswith("ankiconnect/docs/") and not n.startswith("ankiconnect/docs/actions/")]
assert not stray, stray
print(f"ok: the wheel holds {len(names)} files, no tests, tools, vendored pluggy or docs but the actions'")
PYTHON

version="$("$work/venv/bin/ankiconnect" --version)"
case "$version" in "ankiconnect $(sed -n 's/.*"human_version": "\(.*\)".*/\1/p' "$checkout/manifest.json") "*)
    echo "ok: $version" ;;
    *) echo "FAIL: ankiconnect --version said $version" >&2; exit 1 ;; esac

# Every setting is checked against config.schema.json, which the package must carry.
if refusal="$(XDG_DATA_HOME="$work/data" "$work/venv/bin/ankiconnect" serve --port 99999 2>&1)"; then
    echo "FAIL: --port 99999 started" >&2
    exit 1
fi
case "$refusal" in *"--port must be an integer from 0 to 65535, not 99999"*) echo "ok: $refusal" ;;
    *) echo "FAIL: $refusal" >&2; exit 1 ;; esac

# Without jsonschema, validateParams is refused at start rather than failing every request.
if refusal="$(XDG_DATA_HOME="$work/data" ANKICONNECT_VALIDATE_PARAMS=true "$work/venv/bin/ankiconnect" serve 2>&1)"; then
    echo "FAIL: validateParams without jsonschema started" >&2
    exit 1
fi
case "$refusal" in *"validateParams needs the Python package jsonschema"*) echo "ok: $refusal" ;;
    *) echo "FAIL: $refusal" >&2; exit 1 ;; esac

port="$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
XDG_DATA_HOME="$work/data" "$work/venv/bin/ankiconnect" serve --port "$port" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    grep -q "AnkiConnect is listening" "$work/server.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done

ask() {  # ask ACTION_JSON EXPECTED_REPLY: the whole reply must be the expected one
    local reply
    reply="$(curl --silent --show-error "http://127.0.0.1:$port" -d "$1")"
    if [ "$reply" != "$2" ]; then
        echo "FAIL: $1 answered $reply, not $2" >&2
        exit 1
    fi
    echo "ok: $1 -> $reply"
}
ask '{"action": "version", "version": 6}' '{"result": 6, "error": null}'
ask '{"action": "deckNames", "version": 6}' '{"result": ["Default"], "error": null}'
added="$(curl --silent "http://127.0.0.1:$port" -d '{"action": "addNote", "version": 6, "params": {"note":
    {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "installed", "Back": "with pip"}}}}')"
nid="$(echo "$added" | "$work/venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["result"])')"
echo "ok: addNote -> $added"
ask '{"action": "findNotes", "version": 6, "params": {"query": "installed"}}' "{\"result\": [$nid], \"error\": null}"

kill -TERM "$server"
status=0
wait "$server" || status=$?
if [ "$status" -ne 0 ]; then
    echo "FAIL: the server exited with $status on SIGTERM" >&2
    cat "$work/server.log" >&2
    exit 1
fi
echo "ok: pip install and ankiconnect serve, stopped cleanly"
