"""The built-in action groups. Each package is a plugin, registered through the
same hook and loader as third-party plugins (see core/plugins.py)."""
