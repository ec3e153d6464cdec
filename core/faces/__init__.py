"""The faces of the service: each turns one protocol into service calls and back.

``http.py`` is the WSGI application Waitress runs: the checks every face
shares (the Host header, the caller's origin, CORS), then the face for the
path. A face handles only its protocol (framing, statuses, headers, JSON);
what a request does is the service's (core/service.py).
"""
