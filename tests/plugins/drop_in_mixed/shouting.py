"""A plugin module with a version, using pluggy's marker as a third-party plugin does."""

import pluggy

__version__ = "0.3"
hookimpl = pluggy.HookimplMarker("ankiconnect")


def shout(text):
    return text.upper()


@hookimpl
def register_actions(register):
    register(shout)
