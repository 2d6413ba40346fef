"""Date bounds for search filters: Jalali («1402-03-01», «۱ خرداد ۱۴۰۲») or Gregorian («2023-05-22»).

The parsing itself is :func:`dabir.annotate.dates.parse_date` (one date grammar in the project); only numeric
``Y-M-D`` / ``Y/M/D`` forms are handled here when that module is not available.
"""

from __future__ import annotations

import datetime
import re

import jdatetime

from dabir.archive.normalise import fold
from dabir.errors import UserError

_NUMERIC = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def _numeric(text: str) -> datetime.date | None:
    match = _NUMERIC.match(fold(text))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year >= 1700:
        return datetime.date(year, month, day)
    return jdatetime.date(year, month, day).togregorian()


def parse_bound(text: str, option: str) -> datetime.date:
    """The Gregorian date that ``text`` names, or a :class:`UserError` naming ``option``."""
    try:
        value = _numeric(text)
    except ValueError as error:
        raise UserError(f"{option}: {text!r} is not a valid date ({error})") from None
    if value is not None:
        return value
    try:
        from dabir.annotate.dates import parse_date
    except ImportError:
        parse_date = None
    if parse_date is not None:
        found = parse_date(text)
        if found is not None and found.valid and found.gregorian:
            return datetime.date.fromisoformat(found.gregorian)
    raise UserError(f"{option}: cannot read {text!r} as a date; use 1402-03-01, «۱ خرداد ۱۴۰۲» or 2023-05-22")
