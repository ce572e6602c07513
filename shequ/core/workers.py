"""Entry points of the import's parsing processes (see `core.importing._parse_in_workers`).

This module imports nothing from Django at import time: a spawned process loads it before Django is set up, and
only then may the importer (which holds model instances) be unpickled.
"""

import pickle

_state: dict = {}


def start(payload: bytes) -> None:
    """Set Django up and load the importer. A failure is kept and raised by the first chunk: a pool whose
    initializer raises would otherwise restart its workers for ever."""
    try:
        import django

        django.setup()
        from shequ.core.importing import configure_worker

        configure_worker(*pickle.loads(payload))
    except Exception as error:  # re-raised in the parent through parse_chunk
        _state["error"] = error


def parse_chunk(chunk: list) -> list:
    if "error" in _state:
        raise _state["error"]
    from shequ.core.importing import parse_chunk

    return parse_chunk(chunk)
