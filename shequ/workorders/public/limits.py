"""Rate limits of the public endpoints (the portal, Open311; issues #5, #12, #18): counted in the cache, so that
with several instances on one Redis each address or client has one count (`core/tests/test_instances.py`)."""

import time

from django.core.cache import cache

from shequ.core.crypto import blind_index

__all__ = ["client_ip", "over_limit"]


def over_limit(kind: str, subject: str, limit: int, seconds: int) -> bool:
    """Count one attempt for `subject` (hashed: never an IP or phone in a cache key) and say if it is too many."""
    window = int(time.time() // seconds)
    key = f"shequ:limit:{kind}:{blind_index(subject, kind='rate-limit')[:32]}:{window}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > limit


def client_ip(request) -> str:
    """REMOTE_ADDR, which core.middleware.TrustedProxyMiddleware set from a trusted proxy's X-Forwarded-For."""
    return request.META.get("REMOTE_ADDR", "")
