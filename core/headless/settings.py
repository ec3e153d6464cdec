"""The headless server's settings: the add-on's keys and defaults, from a file, the environment and flags.

Later sources win: ``--config FILE`` (JSON, the keys of config.json), then
environment variables, then command-line flags. Each key has a variable,
``ANKICONNECT_`` and the key in capitals with ``_`` between words
(``ANKICONNECT_API_KEY``, ``ANKICONNECT_WEB_BIND_PORT``); the add-on's two
existing ones keep their names (``ANKICONNECT_BIND_ADDRESS``,
``ANKICONNECT_CORS_ORIGIN``). A value that is not a string is read as JSON
(``8765``, ``["http://localhost"]``, ``true``). Secrets such as the API key
and the sync password go in the file or the environment, never in flags,
which every user of the machine can read in the process list.

A bad value is refused at start with a reason, rather than replaced by its
default as inside Anki: nobody is there to see a warning.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from ..config import BIND_ADDRESS_ENV, CORS_ORIGIN_ENV, Config, ConfigSource, FixedConfig
from ..logs import get_logger

log = get_logger(__name__)

SPECIAL_NAMES = {"webBindAddress": BIND_ADDRESS_ENV, "webCorsOrigin": CORS_ORIGIN_ENV}
# The settings that ``ankiconnect serve`` also takes as flags.
FLAGS = {"webBindAddress": "--bind", "webBindPort": "--port"}


class SettingsError(Exception):
    """The settings cannot be used; the message is the one line the user sees."""


def environment_name(key: str) -> str:
    """The environment variable of a config key: apiKey -> ANKICONNECT_API_KEY."""
    return SPECIAL_NAMES.get(key) or "ANKICONNECT_" + re.sub(r"(?<!^)(?=[A-Z])", "_", key).upper()


def from_environment(environ: Mapping[str, str]) -> Dict[str, Any]:
    values: Dict[str, Any] = {}
    for f in fields(Config):
        name = environment_name(f.name)
        if environ.get(name):
            values[f.name] = _value_of(environ[name], getattr(Config(), f.name), name)
    return values


def _value_of(text: str, default: Any, name: str) -> Any:
    if isinstance(default, str) or default is None:
        return text
    try:
        value = json.loads(text)
    except ValueError:
        raise SettingsError(f"{name}={text!r} is not valid JSON") from None
    return value


def read_file(path: Path) -> Dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"cannot read the config file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise SettingsError(f"the config file {path} is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise SettingsError(f"the config file {path} must hold a JSON object of settings")
    return raw


def merged(file: Optional[Path], environ: Mapping[str, str], flags: Mapping[str, Any]) -> Dict[str, Any]:
    """The raw settings, later sources winning; SettingsError on a bad one.

    Each problem names the setting as its source does: the key (in the config
    file), the variable, or the flag.
    """
    raw: Dict[str, Any] = {}
    problems: List[str] = []
    file_values = read_file(file) if file else {}
    problems += [f"{problem} (in the config file)" for problem in Config.problems(file_values)]
    raw.update(file_values)
    environment_values = from_environment(environ)
    problems += Config.problems(environment_values, environment_name)
    raw.update(environment_values)
    problems += Config.problems(flags, lambda key: FLAGS.get(key, repr(key)))
    raw.update(flags)
    if problems:
        raise SettingsError("bad settings: " + "; ".join(problems))
    return raw


def config_source(file: Optional[Path], environ: Mapping[str, str], flags: Mapping[str, Any]) -> Any:
    """Where requests get their Config: re-read when the file changes (as in Anki,
    an edit applies to the next request), else fixed."""
    first = merged(file, environ, flags)
    if file is None:
        return FixedConfig(**first)
    # environ={}: the environment is one of the sources merged here, below the flags
    return ConfigSource(lambda: _reread(file, environ, flags, first), (str(file),), environ={})


def _reread(file: Path, environ: Mapping[str, str], flags: Mapping[str, Any],
            last_good: Dict[str, Any]) -> Dict[str, Any]:
    try:
        return merged(file, environ, flags)
    except SettingsError as exc:  # a half-saved edit must not take the server down
        log.error("%s; keeping the settings read at start", exc)
        return last_good
