"""The headless host: the same core and actions on a bare collection file, without Anki's window.

``ankiconnect serve`` (cli.py) opens an :class:`anki.collection.Collection`
from the ``anki`` package alone, gives it to one thread of its own (the part
Qt's main thread plays inside Anki) and serves the API on Waitress. Nothing
here imports ``aqt`` or Qt.
"""
