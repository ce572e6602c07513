"""Parsing a large file in worker processes while the importing process checks the register and writes.

Parsing — validation, encryption, blind indexes, pinyin — is most of an import's time and needs nothing from the
database, so files of `PARALLEL_MIN_ROWS` or more are parsed by worker processes (one per core; entry points in
`processes`). Chunks go out in order with a bounded number in flight, so memory stays flat.
"""

import multiprocessing
import pickle
from collections import deque
from itertools import islice

from django.conf import settings
from django.utils import translation

from shequ.core.importing import processes
from shequ.core.importing.base import Importer

__all__ = ["CHUNK_ROWS", "PARALLEL_MIN_ROWS", "parse_in_workers"]

PARALLEL_MIN_ROWS = 20_000
CHUNK_ROWS = 1000


def parse_in_workers(importer: Importer, headers, numbered):
    importer.prepare_for_workers()
    workers = settings.SHEQU_IMPORT_WORKERS
    context = multiprocessing.get_context("spawn")  # not fork: the parent holds an open database transaction
    payload = pickle.dumps((importer, headers, translation.get_language(), str(settings.DATA_KEY_FILE)))
    with context.Pool(workers, initializer=processes.start, initargs=(payload,)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < workers * 3 and (chunk := list(islice(numbered, CHUNK_ROWS))):
                pending.append(pool.apply_async(processes.parse_chunk, (chunk,)))
            if not pending:
                return
            for number, packed, errors, warnings, note in pending.popleft().get():
                yield number, None if packed is None else importer.unpack(packed), errors, warnings, note
