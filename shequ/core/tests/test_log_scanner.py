"""The whole-run log scanner in conftest.py really sees log records (so its silence means something)."""

import logging

from conftest import PersonalDataLogScanner, _scanner


def test_scanner_is_attached_and_detects_personal_data():
    assert _scanner in logging.getLogger().handlers
    probe = PersonalDataLogScanner()
    logger = logging.getLogger("shequ.test.scanner")
    logger.addHandler(probe)
    logger.propagate = False  # this deliberate hit must not fail the whole run
    try:
        logger.warning("lookup of %s", "11010519491231002X")
        logger.warning("nothing personal here: row 12")
    finally:
        logger.removeHandler(probe)
        logger.propagate = True
    assert probe.hits == ["shequ.test.scanner: lookup of 11010519491231002X"]
