"""The call centre's domain writes (issue #5): callers import them from here."""

from shequ.workorders.services.transitions import *  # noqa: F403
from shequ.workorders.services.transitions import NUMBER_ATTEMPTS  # noqa: F401
