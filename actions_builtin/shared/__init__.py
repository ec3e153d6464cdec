"""What several action groups share: ids, note and media input, open editors.

Not a plugin: nothing here registers actions.
"""
