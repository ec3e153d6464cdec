def greet(name):
    """A greeting for name."""
    return f"Hello, {name}!"


@hookimpl  # noqa: F821 - put there by the server
def register_actions(register):
    register(greet)
