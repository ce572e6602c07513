"""Small helpers shared by the apps."""

import ipaddress

from django.conf import settings

__all__ = ["client_ip", "forwarded_client", "ipaddress_or_none", "is_trusted_proxy"]


def client_ip(request) -> str | None:
    """The client address. `core.middleware.TrustedProxyMiddleware` has already replaced REMOTE_ADDR with the
    address a trusted proxy forwarded (SHEQU_TRUSTED_PROXIES), so that a forged X-Forwarded-For from anyone else
    cannot put another address in the access log (AU-2) or a rate limit (issue #18)."""
    return request.META.get("REMOTE_ADDR") or None


def ipaddress_or_none(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(address, networks=None) -> bool:
    networks = settings.SHEQU_TRUSTED_PROXIES if networks is None else networks
    return address is not None and any(address in network for network in networks)


def forwarded_client(peer: str, forwarded_for: str, networks=None) -> str:
    """The client address of a request that reached us from `peer` with the header X-Forwarded-For `forwarded_for`.

    The header is believed only from a trusted proxy, and only as far as the hops are trusted: read from the right
    (the hop nearest to us), the first address that is not a trusted proxy is the client. A proxy we trust appends
    the address it saw, so whatever a client forged sits to the left of it and is never reached. A hop that is not
    an address ends the walk at the last trusted one."""
    current = ipaddress_or_none(peer)
    if not is_trusted_proxy(current, networks) or not forwarded_for:
        return peer
    for hop in reversed(forwarded_for.split(",")):
        address = ipaddress_or_none(hop)
        if address is None:
            break
        current = address
        if not is_trusted_proxy(address, networks):
            break
    return str(current)
