"""Statistics actions: review counts, review logs, collection stats."""

from __future__ import annotations

from ..core.hookspecs import hookimpl


@hookimpl
def register_actions(register):
    pass  # the actions of this group are being written (see the group's issue)
