"""`--loop` commands stop cleanly on SIGTERM (issue #18): the wait ends at once, a second signal exits."""

import os
import signal
import time

from django.test import SimpleTestCase

from shequ.core.loops import GracefulStop


class GracefulStopTests(SimpleTestCase):
    def setUp(self):
        previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
        self.addCleanup(lambda: [signal.signal(number, handler) for number, handler in previous.items()])

    def test_sigterm_ends_the_wait_at_once_and_a_second_exits(self):
        stop = GracefulStop().install()
        self.assertFalse(stop.wait(0.01))
        os.kill(os.getpid(), signal.SIGTERM)
        started = time.monotonic()
        self.assertTrue(stop.wait(30))
        self.assertLess(time.monotonic() - started, 1)
        self.assertTrue(stop.stopped)
        with self.assertRaises(SystemExit) as exited:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)  # the handler runs between bytecodes of this thread
        self.assertEqual(exited.exception.code, 128 + signal.SIGINT)
