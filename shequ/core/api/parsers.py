"""The API's JSON parser: outside input is bounded before use (issue #12, DESIGN.md §11).

DRF's parser hands `json.loads` the body as it is: 100,000 nested brackets end in a RecursionError, `1e400` becomes
`inf` (an OverflowError wherever it meets `int()`), and a 30-digit integer overflows the database's integer. Here
each of those is a 400 in DRF's usual shape, before any view sees the data.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

__all__ = ["MAX_DEPTH", "BoundedJSONParser"]

MAX_DEPTH = 32  # no request body of this API nests deeper than a handful of levels
BIGGEST_INTEGER = 2**63 - 1  # the largest value of any integer column on both engines


def _integer(text: str) -> int:
    value = int(text)
    if abs(value) > BIGGEST_INTEGER:
        raise ParseError(_("A number in the request is too large."))
    return value


def _float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ParseError(_("A number in the request is too large."))
    return value


def _constant(name: str):
    raise ParseError(_("{name} is not a number JSON allows.").format(name=name))


def _depth_within(data, limit: int) -> bool:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return False
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return True


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
            data = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
        except RecursionError:
            raise ParseError(_("The request body is nested too deeply.")) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(_("JSON parse error: {error}").format(error=error)) from None
        if not _depth_within(data, MAX_DEPTH):
            raise ParseError(_("The request body is nested too deeply."))
        return data
