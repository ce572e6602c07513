"""Login lockout: per account from an address, and per address (issue #12, IA-3; django-axes).

Policy (settings `AXES_*`, `SHEQU_LOGIN_IP_FAILURE_LIMIT`):

* `AXES_FAILURE_LIMIT` (5) failures for one user name **from one address** lock that user name from that address for
  `AXES_COOLOFF_TIME` (30 minutes). Locking by the pair, not by the user name alone, means a stranger guessing
  someone's password locks only himself out: the account's owner, from any other address, still signs in. A lock
  by user name alone would let anyone keep any account locked for ever by failing five times every half hour.
* `SHEQU_LOGIN_IP_FAILURE_LIMIT` (20) failures from **one address**, whatever the user names, lock that address
  for the same cool-off: guessing across many accounts (password spraying) stops there. The limit is above the
  per-pair one because an office shares one address behind NAT.
* Every lock ends by itself after the cool-off, and attempts during a lock do not extend it. A successful login
  clears the failures of that user name from that address only, never the address's count: an attacker with one
  valid account cannot wipe his address's record by signing in to it.
* An administrator may clear a user's failures at once (`manage.py unlock USERNAME`, or the button on the user's
  page), which is access-logged.

What remains: guessing one account slowly from many addresses is not locked; passwords of at least 12 characters,
the history rule and the second factor required of administrators and auditors answer it.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["PairAndAddressHandler"]


class PairAndAddressHandler(AxesDatabaseHandler):
    """Expects `AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]` (checked on use)."""

    def get_failures(self, request, credentials=None) -> int:
        attempts = self.get_user_attempts(request, credentials)
        if len(attempts) != 2:
            raise ImproperlyConfigured('AXES_LOCKOUT_PARAMETERS must be [["username", "ip_address"], "ip_address"].')
        pair, address = (self._sum(group) for group in attempts)
        if address >= settings.SHEQU_LOGIN_IP_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair_attempts.delete()
        return count

    @staticmethod
    def _sum(attempts) -> int:
        return sum(attempts.values_list("failures_since_start", flat=True))
