"""A clean stop for the `--loop` commands (the clock, the rollups; issue #18): SIGTERM (systemctl stop) or SIGINT
lets the pass under way finish — it is one transaction, but a finished pass is not redone — and ends the wait
before the next at once. A second signal ends the process straight away (its transaction rolls back)."""

import signal
import sys
import threading

__all__ = ["GracefulStop"]


class GracefulStop:
    def __init__(self):
        self.event = threading.Event()

    def install(self) -> "GracefulStop":
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._handle)
        return self

    def _handle(self, number, frame) -> None:
        if self.event.is_set():
            sys.exit(128 + number)
        self.event.set()

    @property
    def stopped(self) -> bool:
        return self.event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True when asked to stop (then at once)."""
        return self.event.wait(seconds)
