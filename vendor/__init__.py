"""Third-party libraries the add-on carries itself (Anki does not ship them).

``vendor/pluggy`` is a pinned copy of pluggy, put here by ``tools/vendoring.py``
(run by every command in ``tools/dev.py``, by the tests and by the package build). It is
imported relatively, so it never clashes with another add-on's pluggy.
"""
