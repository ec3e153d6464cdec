"""The add-on inside Anki: the host that owns Anki's windows.

Everything here may import ``aqt`` and Qt; nothing outside this package
does, except the GUI actions. ``setup()`` (in setup.py) wires it into Anki.
"""
