"""Small helpers shared by every app."""

__all__ = ["client_ip"]


def client_ip(request) -> str | None:
    """The client address as the server saw it. A trusted proxy hop is configured at the web server, not parsed here,
    so that a forged X-Forwarded-For cannot put another address in the access log (AU-2)."""
    return request.META.get("REMOTE_ADDR") or None
