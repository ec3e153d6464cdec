"""Third-party libraries the add-on carries itself (Anki does not ship them).

``vendor/pluggy`` is a pinned copy of pluggy, put here by ``tools/vendoring.py``
(run by every command in ``tools/dev.py``, by the tests and by the package build). It is
imported relatively, so it never clashes with another add-on's pluggy.

Installed as a Python package (the headless server), the add-on has no copy:
pluggy is one of its dependencies, and ``from ..vendor import pluggy`` finds that.
"""

try:
    from . import pluggy
except ImportError:
    import pluggy  # noqa: F401 - re-exported for `from ..vendor import pluggy`
