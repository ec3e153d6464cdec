"""The host: plugin contract, action registry, protocol, HTTP server, and the
bridge to the thread that owns Anki's collection."""
