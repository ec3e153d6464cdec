#!/usr/bin/env python3
"""Everything a developer runs, each command doing its own set-up.

    python3 tools/dev.py run       # Anki with this add-on and a throwaway profile
    python3 tools/dev.py test      # the whole test suite
    python3 tools/dev.py bench     # the benchmark
    python3 tools/dev.py package   # dist/ankiconnect-<version>.ankiaddon
    python3 tools/dev.py link      # install this checkout into your own Anki

Each command first makes sure a virtual environment exists with the pinned
Anki (``.venv``, or ``.venv-anki-<version>`` with ``--anki``), then runs in it.
Only the Python standard library is needed to start. The versions come from
pyproject.toml's dev extra (read by tools/pins.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from pins import pinned, repinned

ROOT = Path(__file__).resolve().parent.parent
NEWEST_ANKI = pinned("aqt")
# The oldest Anki the add-on supports; .ci/run and the README name it too
# (tests/rig/test_rig.py checks they agree).
OLDEST_ANKI = "25.2.7"
EXAMPLE_PLUGIN = ROOT / "tests" / "plugins" / "example_plugin"


def environment(anki: str, interpreter: str | None = None) -> Path:
    """The virtual environment for this Anki version, created on first use.

    ``interpreter`` builds it with another Python than the one running this
    script, e.g. the 3.9 that Anki 25.02 bundles or the 3.13 of Anki 26.
    """
    name = ".venv" if anki == NEWEST_ANKI else f".venv-anki-{anki}"
    if interpreter:
        version = subprocess.run([interpreter, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                 check=True, capture_output=True, text=True).stdout.strip()
        name += f"-py{version}"
    folder = ROOT / name
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = folder / "requirements.json"
    # "qt": the PyQt versions that Anki release was built with (older releases have no extra)
    wanted = repinned("aqt", anki)
    if python.exists() and stamp.exists() and json.loads(stamp.read_text()) == wanted:
        return python
    if folder.is_symlink():
        # venv's clear=True would empty the folder the link points to: another checkout's.
        raise SystemExit(f"{folder.name} links to {os.readlink(folder)}, which does not hold "
                         f"{', '.join(wanted)}: update it from its own checkout, or remove the link")
    print(f"Setting up {folder.name} with Anki {anki} (first run only: a few minutes, "
          "most of it pip downloading Anki and Qt, about 300 MB)", flush=True)
    steps = setup_steps(folder, python, wanted, interpreter)
    for number, (what, command) in enumerate(steps, start=1):
        print(f"[{number}/{len(steps)}] {what}", flush=True)
        if command is None:
            venv.EnvBuilder(with_pip=True, clear=True).create(folder)
        else:
            subprocess.run(command, check=True)
    stamp.write_text(json.dumps(wanted))
    print(f"{folder.name} is ready", flush=True)
    return python


def setup_steps(folder: Path, python: Path, wanted: List[str],
                interpreter: Optional[str]) -> List[Tuple[str, Optional[List[str]]]]:
    """What setting up an environment does, step by step: (what the user is told, the command;
    None: this Python's venv module). The long step, installing Anki, shows pip's own progress."""
    return [
        (f"creating the virtual environment {folder.name}",
         [interpreter, "-m", "venv", "--clear", str(folder)] if interpreter else None),
        ("updating pip", [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"]),
        (f"installing {', '.join(wanted)}",
         [str(python), "-m", "pip", "install", "--progress-bar", "on", *wanted]),
    ]


def install_example_plugin(python: Path) -> None:
    """pip-install tests/plugins/example_plugin into the environment, where Anki finds it
    through its entry point as it finds any plugin package; again only when its
    source changed since (a stamp in the environment holds the source's digest)."""
    stamp = python.parent.parent / "example-plugin.sha256"
    digest = source_digest(EXAMPLE_PLUGIN)
    if stamp.exists() and stamp.read_text() == digest:
        return
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall",
                    str(EXAMPLE_PLUGIN)], check=True)
    stamp.write_text(digest)


def source_digest(project: Path) -> str:
    """A digest of a plugin project's pyproject.toml and Python files (not of build leftovers)."""
    digest = hashlib.sha256()
    for path in [project / "pyproject.toml", *sorted(project.glob("*/**/*.py"))]:
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def in_environment(python: Path, *args: str, cwd: Path = ROOT, forward_interrupt: bool = False,
                   env: Optional[Dict[str, str]] = None) -> int:
    """Run the environment's Python with args; its exit status.

    SIGTERM sent to this process is passed on to the child, which would
    otherwise go on running without it. Ctrl+C on a terminal reaches the child
    by itself (the whole process group gets it): this process only waits for it
    to finish cleanly. A SIGINT sent to this process alone (``kill -INT``) is
    passed on with ``forward_interrupt``, for a child that takes a second one
    calmly (``run``'s Anki closes once); pytest would cut its clean-up short.
    """
    subprocess.run([str(python), str(ROOT / "tools" / "vendoring.py")], check=True,
                   stdout=subprocess.DEVNULL)
    child = subprocess.Popen([str(python), *args], cwd=cwd, env=env)

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    handlers = {signal.SIGTERM: forward, signal.SIGINT: forward if forward_interrupt else signal.SIG_IGN}
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    try:
        return child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_tests(python: Path, extra: list, hosts: list) -> int:
    """The suite against each host: the add-on in Anki, then the headless server.

    Each run starts with a banner naming its host and the whole ends with one
    line for all (pytest's own counts, which tests/conftest.py writes to the
    file RUN_SUMMARY_VARIABLE names). The headless run leaves pytest-qt out:
    it imports Qt, and the run fails if anything does (the tests that need
    Anki's window are left out too).
    """
    outcomes = []
    for number, host in enumerate(hosts, start=1):
        print(banner(f"{host}: {HOST_TITLES[host]} ({number} of {len(hosts)})"), flush=True)
        with tempfile.TemporaryDirectory(prefix="ankiconnect-run-") as folder:
            summary = Path(folder) / "summary"
            started = time.monotonic()
            code = in_environment(python, "-m", "pytest", *HOST_ARGUMENTS[host], *extra,
                                  env={**os.environ, RUN_SUMMARY_VARIABLE: str(summary)})
            counts = summary.read_text() if summary.exists() else f"pytest ended with status {code}"
        if code == 5 and host == "headless":  # the selection held no test that runs headless
            code = 0
        outcomes.append((host, code, counts, time.monotonic() - started))
    print(summary_line(outcomes), flush=True)
    return next((code for _, code, _, _ in outcomes if code), 0)


HOST_ARGUMENTS = {"anki": ["--host", "anki"], "headless": ["--host", "headless", "-p", "no:pytest-qt"]}
HOST_TITLES = {"anki": "the add-on in a real Anki, offscreen", "headless": "the headless server"}
RUN_SUMMARY_VARIABLE = "ANKICONNECT_RUN_SUMMARY"


def banner(text: str, width: int = 78) -> str:
    return f" {text} ".center(width, "=")


def summary_line(outcomes: List[Tuple[str, int, str, float]]) -> str:
    """One line for every host's run: ``anki: 412 passed (150 s); headless: ... - all passed``."""
    runs = "; ".join(f"{host}: {counts} ({seconds:.0f} s)" for host, _, counts, seconds in outcomes)
    failed = [host for host, code, _, _ in outcomes if code]
    return f"{runs} - {'FAILED on ' + ', '.join(failed) if failed else 'all passed'}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Development commands for the AnkiConnect add-on.")
    parser.add_argument("--anki", default=NEWEST_ANKI,
                        help=f"Anki version to use (default {NEWEST_ANKI}; oldest supported {OLDEST_ANKI})")
    parser.add_argument("--python", metavar="INTERPRETER",
                        help="build the environment with this Python (default: the one running dev.py)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="start Anki with the add-on and a throwaway profile",
                              description="Start a real Anki with this add-on and a throwaway profile "
                                          "(a window if there is a display, offscreen otherwise). "
                                          "Ctrl+C, SIGINT or SIGTERM stop it and remove the profile.")
    run.add_argument("--port", type=int, default=8765, help="where the API listens (default 8765)")
    run.add_argument("--plugin", metavar="FILE", action="append", default=[],
                     help="a plugin module to serve too, loaded as a drop-in plugin (see "
                          "docs/plugins.md); repeatable")
    run.add_argument("--keep", action="store_true", help="keep the throwaway profile's folder afterwards")
    test = commands.add_parser("test", help="run the whole test suite against both hosts "
                                            "(extra arguments go to pytest)")
    test.add_argument("--host", choices=sorted(HOST_ARGUMENTS), action="append",
                      help="only against this host (default: anki, then headless)")
    commands.add_parser("bench", help="run the benchmark")
    commands.add_parser("package", help="build dist/*.ankiaddon")
    link = commands.add_parser("link", help="link this checkout into your own Anki's add-ons folder")
    link.add_argument("--base", help="your Anki base folder (default: Anki's standard location)")
    args, extra = parser.parse_known_args()

    if args.command == "package":  # needs no Anki
        return subprocess.call([sys.executable, str(ROOT / "tools" / "package.py"), *extra])
    python = environment(args.anki, args.python)
    if args.command == "run":
        options = ["--port", str(args.port), *[f"--plugin={plugin}" for plugin in args.plugin],
                   *(["--keep"] if args.keep else [])]
        return in_environment(python, str(ROOT / "tools" / "throwaway_anki.py"), *options, *extra,
                              cwd=Path.cwd(), forward_interrupt=True)
    if args.command == "test":
        install_example_plugin(python)  # tests/runtimes/test_anki_plugins.py serves its action
        return run_tests(python, extra, args.host or ["anki", "headless"])
    if args.command == "bench":
        return in_environment(python, "tools/benchmark.py", *extra)
    if args.command == "link":
        return in_environment(python, "tools/link.py", *(["--base", args.base] if args.base else []))
    return 2


if __name__ == "__main__":
    sys.exit(main())
