"""Run a real Anki with this add-on, in a throwaway base folder.

Used by ``tools/dev.py run`` (a window when a display exists, offscreen
otherwise), by the test suite (which runs Anki inside pytest's process) and by
the benchmark. The base folder is prepared so that Anki skips its first-run
language dialog and update checks, and opens the profile straight away.

    python tools/throwaway_anki.py [--base DIR] [--port 8765] [--addon-zip FILE] [--plugin FILE]...

It stops cleanly (the base folder removed) when Anki is closed, on Ctrl+C, and on
SIGINT or SIGTERM sent to its process; it exits with status 1 when the add-on
could not listen (a busy port).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parent.parent
PROFILE = "test"

# What Anki needs of a checkout to load it as an add-on (the package build
# uses the same list; see tools/package.py). docs/actions holds the examples
# the actions' JSON Schemas serve.
ADDON_FILES = ("__init__.py", "manifest.json", "config.json", "config.md",
               "config.schema.json", "LICENSE", "core", "actions_builtin", "vendor", "docs/actions")


def prepare_environment() -> None:
    """Qt settings for this machine: offscreen without a display, no sandbox as root."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium (QtWebEngine) refuses to run as root with its sandbox on.
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} --no-sandbox".strip()
    os.environ.setdefault("ANKI_NOHIGHDPI", "1")


def prepare_base(base: Path, profile: str = PROFILE) -> Path:
    """A base folder whose first start goes straight into `profile`."""
    from aqt.profiles import ProfileManager

    base.mkdir(parents=True, exist_ok=True)
    pm = ProfileManager(base)
    pm.setupMeta()
    pm.setLang("en_US")  # answers the first-run language dialog
    pm.meta["firstRun"] = False
    pm.meta["check_for_updates"] = False
    pm.meta["check_for_addon_updates"] = False
    pm.create(profile)
    pm.db.execute("update profiles set data = ? where name = '_global'", pm._pickle(pm.meta))
    pm.db.commit()
    pm.db.close()
    return base


def link_addon(base: Path, name: str, source: Path = ROOT,
               config: Optional[Dict[str, Any]] = None) -> Path:
    """Install the checkout as add-on `name` by linking its runtime files.

    The add-on folder itself is real, so what Anki writes there (meta.json
    with the user's config, user_files/) stays in the throwaway base.
    """
    folder = base / "addons21" / name
    folder.mkdir(parents=True, exist_ok=True)
    for entry in ADDON_FILES:
        target = folder / entry
        if not target.exists() and (source / entry).exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source / entry, target_is_directory=(source / entry).is_dir())
    if config is not None:
        write_addon_config(base, name, config)
    return folder


def install_addon_zip(base: Path, package: Path, config: Optional[Dict[str, Any]] = None) -> Path:
    """Install a .ankiaddon file with Anki's own installer code."""
    from aqt.addons import AddonManager

    class _NoWindow:  # AddonManager only needs to know where add-ons live
        class pm:
            @staticmethod
            def addonFolder() -> str:
                return str(base / "addons21")

    (base / "addons21").mkdir(parents=True, exist_ok=True)
    # Anki's installer, without the menus its constructor sets up in a main window.
    manager = AddonManager.__new__(AddonManager)
    manager.mw = _NoWindow()  # type: ignore[assignment]
    result = manager.install(str(package))
    if not getattr(result, "name", None):
        raise RuntimeError(f"Anki refused to install {package}: {result}")
    with zipfile.ZipFile(package) as archive:
        name = json.loads(archive.read("manifest.json"))["package"]
    if config is not None:
        write_addon_config(base, name, config)
    return base / "addons21" / name


def write_addon_config(base: Path, name: str, config: Dict[str, Any]) -> None:
    """Set the add-on's user config, as Anki's config editor would."""
    meta_path = base / "addons21" / name / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    defaults = json.loads((base / "addons21" / name / "config.json").read_text())
    meta["config"] = {**defaults, **meta.get("config", {}), **config}
    meta_path.write_text(json.dumps(meta))


def anki_argv(base: Path, profile: str = PROFILE) -> list:
    return ["anki", "-b", str(base), "-p", profile]


def isolate_instance(base: Path) -> None:
    """Let this Anki run beside others of the same user (another throwaway
    Anki, a test run, the user's own Anki): Anki hands its command line to a
    running instance with the same single-instance key instead of starting."""
    import hashlib

    import aqt

    key = "ankiconnect-" + hashlib.sha1(str(base.resolve()).encode()).hexdigest()[:12]
    os.environ["ANKI_SINGLE_INSTANCE_KEY"] = key  # Anki >= 25.07 reads this...
    aqt.AnkiApp.KEY = key  # ...older releases only have the class attribute


def drop_in_plugins(addon_folder: Path, paths: List[Path]) -> Dict[str, Path]:
    """Put each plugin module into the add-on's ``user_files/plugins`` (as a link), where the
    add-on loads it as it loads any drop-in plugin: with ``hookimpl`` provided, and a
    plugin that fails to load logged and reported (apiReflect's plugins scope), never
    a dialog. Returns the plugins by name: the file's, or ``<folder>_<file>`` where
    that is a built-in group's (tools/bench/cards.py is ``bench_cards``)."""
    folder = addon_folder / "user_files" / "plugins"
    folder.mkdir(parents=True, exist_ok=True)
    named: Dict[str, Path] = {}
    for path in paths:
        path = path.resolve()
        if not path.is_file():
            raise SystemExit(f"--plugin {path}: there is no such file")
        name = path.stem if path.stem not in BUILTIN_GROUPS else f"{path.parent.name}_{path.stem}"
        link = folder / f"{name}.py"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(path)
        named[name] = path
    return named


# A drop-in plugin may not take a built-in group's name (the add-on refuses it).
BUILTIN_GROUPS = frozenset(p.name for p in (ROOT / "actions_builtin").iterdir()
                           if (p / "__init__.py").is_file())


class Stopper:
    """Closes Anki cleanly (profile saved, server stopped) on Ctrl+C, SIGINT or SIGTERM,
    however the signal came: from the terminal, or sent to the process by its id.

    Installed before Anki starts, so that a signal during the start still ends in
    the clean-up; installed again once Anki's window exists (Anki sets handlers of
    its own, which close the window once per signal).
    """

    def __init__(self) -> None:
        self.requested = False  # a stop was asked for (or Anki has ended): later signals do nothing
        self.failed = False  # the add-on could not serve: the exit status says so
        self._window_ready = False

    def install(self) -> None:
        import signal

        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, *_: Any) -> None:
        if not self.requested:
            self.stop()

    def stop(self) -> None:
        """Close Anki's main window: now if it is there, else as soon as it is."""
        import aqt

        self.requested = True
        if self._window_ready:
            aqt.mw.progress.single_shot(0, aqt.mw.close, False)

    def on_main_window(self) -> None:
        """main_window_did_init: take the signals back from Anki, and keep Python awake for them."""
        import aqt
        from aqt.qt import QTimer

        self.install()
        # Python handles signals only when it runs; Qt's loop is C++. Waking the
        # interpreter now and then is this development launcher's only polling.
        timer = QTimer(aqt.mw)
        timer.timeout.connect(lambda: None)
        timer.start(250)
        self._window_ready = True
        if self.requested:
            self.stop()


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="base folder (default: a new temporary one)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--addon-name", default="ankiconnect_dev")
    parser.add_argument("--addon-zip", type=Path,
                        help="install this .ankiaddon instead of linking the checkout")
    parser.add_argument("--keep", action="store_true", help="keep the temporary base folder")
    parser.add_argument("--plugin", type=Path, action="append", default=[],
                        help="a plugin module file, loaded as a drop-in plugin (repeatable)")
    args = parser.parse_args(argv)

    stopper = Stopper()
    stopper.install()  # first: a signal now must still clean up the base folder
    prepare_environment()
    base = args.base or Path(tempfile.mkdtemp(prefix="ankiconnect-anki-"))
    try:
        return _run_anki(args, base, stopper)
    finally:
        if args.base is None and not args.keep:
            shutil.rmtree(base, ignore_errors=True)


def _run_anki(args: argparse.Namespace, base: Path, stopper: Stopper) -> int:
    prepare_base(base)
    config = {"webBindPort": args.port}
    if args.addon_zip:
        addon_folder = install_addon_zip(base, args.addon_zip, config)
    else:
        addon_folder = link_addon(base, args.addon_name, config=config)
    plugins = drop_in_plugins(addon_folder, args.plugin)

    import aqt
    from aqt import gui_hooks

    def announce() -> None:
        # After every other profile_did_open hook, the add-on's server start included.
        aqt.mw.progress.single_shot(0, report, False)

    def report() -> None:
        api = getattr(aqt.mw, "ankiconnect", None)
        if api is None:
            print("AnkiConnect did not load; see the messages above", flush=True)
        elif api.url:
            print(f"AnkiConnect is listening on {api.url}", flush=True)
            _report_plugins(api, plugins)
            return
        else:
            reason = str(api.start_error).split("\n", 1)[0]  # its advice is for the add-on's config
            print(f"AnkiConnect could not start: {reason} Choose another port: "
                  f"python3 tools/dev.py run --port {args.port + 1}", flush=True)
            _close_message_boxes()  # the add-on's warning said the same, to a user of Anki
        stopper.failed = True
        stopper.stop()

    gui_hooks.profile_did_open.append(announce)
    gui_hooks.main_window_did_init.append(stopper.on_main_window)
    print(f"Anki base folder: {base} (profile '{PROFILE}'); quit Anki or press Ctrl+C to stop", flush=True)
    sys.argv = anki_argv(base)
    isolate_instance(base)
    aqt.run()
    stopper.requested = True  # Anki has ended: a signal now must not interrupt the clean-up
    return 1 if stopper.failed else 0


def _close_message_boxes() -> None:
    from aqt.qt import QApplication, QMessageBox

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


def _report_plugins(api: Any, plugins: Dict[str, Path]) -> None:
    """One line per --plugin: its actions, or why it is not served (also in apiReflect)."""
    report = {entry["name"]: entry for entry in api.plugins()}
    for name, path in plugins.items():
        entry = report.get(name, {"error": "not loaded", "actions": []})
        if entry.get("error"):
            print(f"Plugin {name} ({path}) is not served: {entry['error']}", flush=True)
        else:
            print(f"Plugin {name} ({path}) serves {', '.join(entry['actions']) or 'no actions'}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
