"""What several action groups share: param types, ids, note and media input, open editors.

Not a plugin: nothing here registers actions.
"""
