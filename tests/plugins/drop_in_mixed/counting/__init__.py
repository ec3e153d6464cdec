"""A plugin package: a relative import, and the hookimpl the add-on puts in its namespace."""

from .words import count_words


@hookimpl  # noqa: F821 - put there by the add-on
def register_actions(register):
    register(count_words, name='countWords')
