"""``ankiconnect``: the AnkiConnect API on a collection file, without Anki's window.

    ankiconnect serve [--collection PATH [--create]] [--config FILE] [--bind ADDRESS] [--port PORT]
                      [--plugins DIR] [--log-level LEVEL] [--allow-no-api-key]
    ankiconnect login [--collection PATH] [--config FILE] [--user NAME] [--endpoint URL]
                      [--password-stdin]
    ankiconnect --version

``serve`` runs until SIGTERM or Ctrl-C, then finishes the request in
progress, closes the collection and exits 0. SIGHUP makes it take up
settings that an edit of the config file cannot apply to the next request
alone (``blockedPlugins``, and the bind settings, which restart the server). Whatever keeps it from
serving is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import logging
import os
import platform
import signal
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional

from ..logs import get_logger
from ..server import LISTENING, ServerStartError
from ..syncing import sync_error
from .collection_file import CollectionError, default_collection
from .runtime import HeadlessRuntime, StartRefused
from .settings import SettingsError, config_source, merged
from .sync import login as ask_for_key
from .sync import state_path, store_key

log = get_logger(__name__)

EXIT_REFUSED = 2


class LoginError(Exception):
    pass


def main(argv: Optional[List[str]] = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=getattr(logging, args.log_level.upper()),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_said_on_stdout)
    try:
        return args.run(args)
    except ServerStartError as exc:
        print(f"ankiconnect: {_one_line(exc)} {_listen_hint(exc)}", file=sys.stderr)
        return EXIT_REFUSED
    except (CollectionError, SettingsError, StartRefused, LoginError) as exc:
        print(f"ankiconnect: {_one_line(exc)}", file=sys.stderr)
        return EXIT_REFUSED


def _listen_hint(exc: ServerStartError) -> str:
    if isinstance(exc.__cause__, OSError) and exc.__cause__.errno == errno.EADDRINUSE:
        return "Choose another port with --port (or webBindPort in the --config file)."
    return "Check --bind and --port (or webBindAddress and webBindPort in the --config file)."


def _said_on_stdout(record: logging.LogRecord) -> bool:
    """Leave out the server's own "listening" log line: serve prints it on stdout already."""
    return record.msg is not LISTENING


def serve(args: argparse.Namespace) -> int:
    _check_plugin_folder(args.plugins)
    runtime = HeadlessRuntime(
        _collection(args),
        config_source(args.config, os.environ, _flags(args)),
        create=args.create or args.collection is None,
        plugin_folder=args.plugins,
    )
    stop, reread = threading.Event(), threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    if hasattr(signal, "SIGHUP"):  # not on Windows
        signal.signal(signal.SIGHUP, lambda *_: (reread.set(), stop.set()))
    runtime.start(allow_no_api_key=args.allow_no_api_key)
    # Tools that start the server wait for this line.
    print(f"AnkiConnect is listening on {runtime.url} (collection {runtime.collection_path})", flush=True)
    while True:
        stop.wait()
        if not reread.is_set():
            break
        stop.clear()
        reread.clear()
        runtime.apply_config()  # on this thread: never inside a request
        log.info("settings read again; listening on %s", runtime.url)
    runtime.stop()
    print("AnkiConnect stopped", flush=True)
    return 0


def _check_plugin_folder(folder: Optional[Path]) -> None:
    """A --plugins that names no folder is a typo: refused, as a missing collection is."""
    if folder is None or folder.is_dir():
        return
    if folder.exists():
        raise SettingsError(f"--plugins {folder} is a file, not a folder of plugins")
    raise SettingsError(f"there is no plugin folder at {folder} (--plugins)")


def login(args: argparse.Namespace) -> int:
    """Ask the sync server for a sync key and keep it beside the collection (never the password)."""
    settings = merged(args.config, os.environ, {})
    endpoint = args.endpoint or settings.get("syncEndpoint") or None
    user = args.user or settings.get("syncUser") or _ask(
        "Sync user (email): ", "no sync user: pass --user, or set ANKICONNECT_SYNC_USER "
                               "(or syncUser in the --config file)")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise LoginError("--password-stdin read no password: write it to the standard input")
    else:
        # ANKICONNECT_SYNC_PASSWORD is among the settings: a script need not type it
        password = settings.get("syncPassword") or _ask(
            "Password: ", "no password, and no terminal to ask for it: pass --password-stdin and write "
                          "it to the standard input, or set ANKICONNECT_SYNC_PASSWORD (or syncPassword "
                          "in the --config file)", secret=True)
    try:
        hkey = ask_for_key(user, password, endpoint)
    except Exception as exc:  # the server's words: wrong password, no such server...
        raise LoginError(f"login failed: {sync_error(exc, endpoint)}") from None
    path = state_path(_collection(args))
    path.parent.mkdir(parents=True, exist_ok=True)
    store_key(path, hkey, endpoint, user)
    print(f"Logged in as {user}; the sync key is in {path}")
    return 0


def _ask(prompt: str, without_terminal: str, *, secret: bool = False) -> str:
    """What the user types at a terminal; LoginError(without_terminal) where there is none
    (a service, a container, CI), rather than waiting for input that never comes."""
    if not sys.stdin.isatty():
        raise LoginError(without_terminal)
    try:
        answer = getpass.getpass(prompt) if secret else input(prompt).strip()
    except EOFError:
        raise LoginError(without_terminal) from None
    if not answer:
        raise LoginError(without_terminal)
    return answer


def _collection(args: argparse.Namespace) -> Path:
    return (args.collection or default_collection()).expanduser().absolute()


def _flags(args: argparse.Namespace) -> Dict[str, Any]:
    given = {"webBindAddress": args.bind, "webBindPort": args.port}
    return {key: value for key, value in given.items() if value is not None}


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ankiconnect", description="The AnkiConnect API on a collection file, without Anki's window.")
    parser.add_argument("--version", action="version", version=_version())
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    commands = parser.add_subparsers(dest="command", required=True)

    def with_collection(command: argparse.ArgumentParser) -> None:
        command.add_argument("--collection", type=Path, metavar="PATH", help=(
            f"the collection file (default: {default_collection()}, created on first use)"))
        command.add_argument("--config", type=Path, metavar="FILE",
                             help="a JSON file of settings (the keys of the add-on's config.json)")
        command.add_argument("--log-level", default=argparse.SUPPRESS,
                             choices=["debug", "info", "warning", "error"])

    run = commands.add_parser("serve", help="serve the API until SIGTERM or Ctrl-C")
    with_collection(run)
    run.add_argument("--bind", metavar="ADDRESS", help="address to listen on (default 127.0.0.1)")
    run.add_argument("--port", type=int, help="port to listen on (default 8765)")
    run.add_argument("--create", action="store_true",
                     help="create the --collection file if there is none (with its media folder)")
    run.add_argument("--plugins", type=Path, metavar="DIR", help="a folder of drop-in plugins")
    run.add_argument("--allow-no-api-key", action="store_true",
                     help="listen beyond this machine without an apiKey (not recommended)")
    run.set_defaults(run=serve)

    sign_in = commands.add_parser("login", help="store a sync key for the sync action")
    with_collection(sign_in)
    sign_in.add_argument("--user", help="the sync account (default: syncUser, or asked)")
    sign_in.add_argument("--endpoint", metavar="URL", help="a self-hosted sync server (default: AnkiWeb)")
    sign_in.add_argument("--password-stdin", action="store_true",
                         help="read the password from the standard input (without a terminal; "
                              "or set ANKICONNECT_SYNC_PASSWORD)")
    sign_in.set_defaults(run=login)
    return parser


def _version() -> str:
    """This server's version (the add-on's manifest), and the Anki library and Python it runs on."""
    manifest = Path(__file__).resolve().parent.parent.parent / "manifest.json"
    try:
        version = json.loads(manifest.read_text(encoding="utf-8"))["human_version"]
    except (OSError, ValueError, KeyError):
        version = "unknown"
    try:
        from anki.buildinfo import version as anki_version
    except ImportError:
        anki_version = "not installed"
    return f"ankiconnect {version} (Anki {anki_version}, Python {platform.python_version()})"


if __name__ == "__main__":
    sys.exit(main())
