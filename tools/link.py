"""Link this checkout into your own Anki for development.

    python3 tools/dev.py link [--base ~/.local/share/Anki2]

Creates ``addons21/ankiconnect_dev`` in your Anki base folder, linking the
checkout's runtime files, so edits take effect the next time Anki starts.
Your settings (meta.json) stay in that folder, not in the checkout.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from throwaway_anki import link_addon
from vendoring import ensure_vendored


def default_base() -> Path:
    from aqt.profiles import ProfileManager

    return Path(ProfileManager._default_base())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="Anki base folder (default: Anki's standard one)")
    parser.add_argument("--name", default="ankiconnect_dev", help="folder name under addons21/")
    args = parser.parse_args()
    ensure_vendored()
    folder = link_addon(args.base or default_base(), args.name)
    print(f"Linked {folder}. Restart Anki to load it; disable any other AnkiConnect first (same port).")


if __name__ == "__main__":
    main()
