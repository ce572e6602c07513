"""Reads run outside the request transaction, writes inside it (issue #12 "serving under load", DESIGN.md §11).

On SQLite every transaction begins IMMEDIATE, so a GET wrapped in one took the write lock: one 27-second export made
other users' pages fail with "database is locked". A GET must run in autocommit; a POST must stay all-or-nothing.
"""

from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, TransactionTestCase

from shequ.core.middleware import ReadsOutsideTransactionsMiddleware


def recording_view(request):
    request.seen_in_transaction = connection.in_atomic_block
    return HttpResponse("ok")


class RequestTransactionTests(TransactionTestCase):
    def through_the_handler(self, method: str):
        """The request as Django's handler runs it: process_view first, then the view made atomic."""
        from django.core.handlers.base import BaseHandler

        request = getattr(RequestFactory(), method.lower())("/")
        middleware = ReadsOutsideTransactionsMiddleware(lambda r: HttpResponse())
        response = middleware.process_view(request, recording_view, (), {})
        if response is None:
            BaseHandler().make_view_atomic(recording_view)(request)
        return request.seen_in_transaction

    def test_reads_run_in_autocommit(self):
        for method in ("GET", "HEAD", "OPTIONS"):
            with self.subTest(method=method):
                self.assertFalse(self.through_the_handler(method))

    def test_writes_run_in_the_request_transaction(self):
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            with self.subTest(method=method):
                self.assertTrue(self.through_the_handler(method))


class BusyDatabaseTests(TransactionTestCase):
    """A write that waited out SQLite's busy timeout behind an import is a 503 asking to retry, not a 500."""

    def test_a_locked_database_is_a_503_in_the_callers_format(self):
        from django.db import OperationalError

        middleware = ReadsOutsideTransactionsMiddleware(lambda r: HttpResponse())
        locked = OperationalError("database is locked")
        page = middleware.process_exception(RequestFactory().post("/people/residents/add/"), locked)
        self.assertEqual((page.status_code, page["Retry-After"]), (503, "60"))
        self.assertEqual(page.content.decode(), "数据库正忙于另一项写入（很可能是导入），请一分钟后重试。")
        api = middleware.process_exception(RequestFactory().post("/api/people/residents/"), locked)
        self.assertEqual(api.status_code, 503)
        self.assertEqual(api["Content-Type"], "application/json")
        # Any other database error is not ours to answer.
        self.assertIsNone(middleware.process_exception(RequestFactory().post("/"), OperationalError("disk I/O error")))
        self.assertIsNone(middleware.process_exception(RequestFactory().post("/"), ValueError("database is locked")))
