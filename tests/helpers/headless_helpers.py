"""The headless server as a user runs it: ``python -m ankiconnect serve`` in a process of its own.

The checkout is put on the child's path under the name ``ankiconnect`` (the
name ``pip install`` gives it), so these tests run the command exactly as an
installed copy would, without installing anything.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from support import free_port, http_request

ROOT = Path(__file__).resolve().parents[2]


@functools.lru_cache(maxsize=None)
def package_folder() -> Path:
    """A folder holding the checkout under the name ``ankiconnect``, made on first use."""
    folder = Path(tempfile.mkdtemp(prefix="ankiconnect-package-"))
    (folder / "ankiconnect").symlink_to(ROOT, target_is_directory=True)
    return folder


def child_environment(home: Path, **extra: str) -> Dict[str, str]:
    """The environment of a server started by a user whose data folder is in home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANKICONNECT_")}
    env.update(PYTHONPATH=str(package_folder()), XDG_DATA_HOME=str(home / "data"), HOME=str(home),
               PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def run_cli(home: Path, *args: str, timeout: float = 60, stdin: str = "",
            **env: str) -> subprocess.CompletedProcess:
    """Run ``python -m ankiconnect ARGS`` to its end, its standard input ``stdin`` (no terminal),
    as a service or a CI job runs it."""
    return subprocess.run([sys.executable, "-m", "ankiconnect", *args], env=child_environment(home, **env),
                          input=stdin, capture_output=True, text=True, timeout=timeout)


class HeadlessServer:
    """``ankiconnect serve`` running in a child process, answering on its own port."""

    def __init__(self, home: Path, *args: str, port: Optional[int] = None, port_flag: bool = True,
                 **env: str):
        """:param port_flag: pass the port as ``--port`` (without, it must come from the settings)."""
        self.port = port or free_port()
        self.output: List[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ankiconnect", "serve", *(["--port", str(self.port)] if port_flag else []),
             *args],
            env=child_environment(home, **env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._listening = threading.Event()
        threading.Thread(target=self._read_output, daemon=True).start()
        if not self._listening.wait(60) or self.process.poll() is not None:
            self.process.kill()
            raise RuntimeError("the server did not start:\n" + "".join(self.output))

    def _read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            if "AnkiConnect is listening" in line:
                self._listening.set()
        self._listening.set()  # ended: whoever waits finds out

    def call(self, action: str, **params: Any) -> Any:
        """The whole version-6 reply to one action."""
        request: Dict[str, Any] = {"action": action, "version": 6}
        if params:
            request["params"] = params
        return http_request(self.port, json.dumps(request)).json()

    def result(self, action: str, **params: Any) -> Any:
        reply = self.call(action, **params)
        assert reply["error"] is None, reply
        return reply["result"]

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 10) -> int:
        """Signal the server and wait for it to end; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()

    def ended_within(self, seconds: float) -> Optional[int]:
        """The exit status if the server ends within seconds, else None."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return self.process.returncode
            time.sleep(0.02)
        return None


def note(front: str, back: str = "back", deck: str = "Default") -> Dict[str, Any]:
    return {"deckName": deck, "modelName": "Basic", "fields": {"Front": front, "Back": back}}


def fronts_in(collection: Path) -> List[str]:
    """The Front of every note in a collection file, read after the server has gone."""
    from anki.collection import Collection

    col = Collection(str(collection))
    try:
        return sorted(flds.split("\x1f")[0] for flds in col.db.list("select flds from notes"))
    finally:
        col.close()
