"""AnkiConnect: the AnkiConnect HTTP API for Anki, served fast and safely, and
open to plugins.

Importing this package does nothing unless Anki's main window exists; inside
Anki, it wires the add-on into Anki once. All imports inside the package are
relative: Anki installs it under a folder whose name is not known in advance.
"""


def _inside_anki() -> bool:
    import sys

    aqt = sys.modules.get("aqt")
    return aqt is not None and getattr(aqt, "mw", None) is not None


if _inside_anki():
    from .core.in_anki.setup import setup

    setup(__name__)
