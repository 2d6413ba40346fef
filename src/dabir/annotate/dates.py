"""Dates as Persian news writes them, converted between Jalali, Gregorian and Hijri-qamari.

Forms: «31 / خرداد / 1402», «چهارشنبه ۳۱ خرداد ۱۴۰۲», «۲۱ ژوئن ۲۰۲۳», «۱۲ ذی‌الحجه ۱۴۴۴», «۱۴۰۲/۰۳/۳۱»,
and year-less «۱۵ مهر» when the document's dateline gives the year.  Month names come from
``lang/fa/months.tsv``.  All calendar arithmetic is done by ``jdatetime`` (Jalali) and ``hijridate``
(Hijri, Umm al-Qura tables, 1343-1500 AH; Iran's official lunar calendar may differ by a day).  A date that
does not exist (1402-13-40, 31 اسفند 1402) is reported with ``valid=False`` and the reason, never shifted to a
neighbouring day.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import jdatetime
from hijridate import Gregorian, Hijri

from dabir.lang.fa.script import letter_table, letter_variants
from dabir.models import DateValue

DIGIT = "0-9۰-۹٠-٩"
_LETTER = "\u0621-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u200c\u200d\ufb50-\ufdff\ufe70-\ufefc"
#: Arabic-script letters the matcher treats as the same letter (text may be unrepaired).
_FOLD = letter_table({"أ": "ا", "إ": "ا", "\u200c": None, " ": None})
_FOLD_CLASS = {letter: f"[{forms}]" for letter, forms in {**letter_variants(), "ا": "اأإ"}.items()}
_DIACRITICS = "\u064b-\u065f\u0670"
_STRIP_DIACRITICS = re.compile(f"[{_DIACRITICS}]")


@dataclass(frozen=True)
class Name:
    """One row of months.tsv."""

    kind: str  # "month" | "weekday"
    calendar: str
    number: int
    name: str
    needs_year: bool


@lru_cache(maxsize=1)
def load_names() -> tuple[Name, ...]:
    """Month and weekday names from ``lang/fa/months.tsv`` (comment lines start with ``#``)."""
    text = resources.files("dabir.lang.fa").joinpath("months.tsv").read_text(encoding="utf-8")
    names = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, calendar, number, name, flags = (line.split("\t") + [""])[:5]
        names.append(Name(kind, calendar, int(number), name, "needs_year" in flags.split(",")))
    return tuple(names)


def fold(name: str) -> str:
    """The key two spellings of one name share: Arabic letters folded, ZWNJ/space and diacritics dropped.

    >>> fold("ذی الحجه") == fold("ذي‌الحجة")
    True
    """
    return _STRIP_DIACRITICS.sub("", name).translate(_FOLD)


def _name_pattern(name: str) -> str:
    parts = []
    for char in name:
        if char in "\u200c ":
            parts.append("[\u200c ]?")
        elif "\u064b" <= char <= "\u065f" or char == "\u0670":
            parts.append(re.escape(char) + "?")
        else:
            parts.append(_FOLD_CLASS.get(char, re.escape(char)) + f"[{_DIACRITICS}]*")
    return "".join(parts)


def _alternation(names: list[str]) -> str:
    return "|".join(_name_pattern(n) for n in sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Name], dict[str, Name]]:
    months = {fold(n.name): n for n in load_names() if n.kind == "month"}
    weekdays = {fold(n.name): n for n in load_names() if n.kind == "weekday"}
    return months, weekdays


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = [n.name for n in load_names() if n.kind == "month"]
    weekdays = [n.name for n in load_names() if n.kind == "weekday"]
    ordinals = [n.name for n in load_names() if n.kind == "day"]
    d = f"[{DIGIT}]"
    # Day (digits or an ordinal word), month name (optionally with «ماه»), then an optional year; «/» or «-»
    # may separate the parts.  A two-digit year («سال ۹۴», «(۱۸ اردیبهشت ۹۴)») counts only after «سال» or
    # before punctuation, so «۲۰ آبان ۹۴ نفر» (94 people on 20 Aban) is not read as 1394.
    named = re.compile(
        rf"(?:(?<![{_LETTER}])(?P<weekday>{_alternation(weekdays)})(?:\s*[،,])?\s+)?"
        rf"(?:(?<![{DIGIT}/.٫])(?P<day>{d}{{1,2}})(?:[\u200c ]?(?:ام|م))?\s*(?:[/\-]\s*)?"
        rf"|(?<![{_LETTER}])(?P<dayword>{_alternation(ordinals)})\s+)"
        rf"(?P<month>{_alternation(months)})(?P<suffix>[\u200c ]?ماه)?(?![{_LETTER}])"
        rf"(?:\s*(?:[/\-]\s*)?(?:سال\s+(?P<year_s>{d}{{4}}|{d}{{2}})"
        rf"|(?P<year>{d}{{4}}|{d}{{2}}(?=\s*(?:[)\]،,.؛:»/|\n]|$))))(?![{DIGIT}]))?"
    )
    numeric = re.compile(
        rf"(?<![{DIGIT}/.٫\-])(?:"
        rf"(?P<y1>{d}{{4}})(?P<s1>[/\-])(?P<m1>{d}{{1,2}})(?P=s1)(?P<d1>{d}{{1,2}})"
        rf"|(?P<d2>{d}{{1,2}})(?P<s2>[/\-])(?P<m2>{d}{{1,2}})(?P=s2)(?P<y2>{d}{{4}})"
        rf")(?![{DIGIT}/]|[.٫\-][{DIGIT}])"
    )
    return named, numeric


_HIJRI_SUFFIX = re.compile(r"\s*(?:ه\.?\s*ق\b|هجری\s+قمری|قمری)")
#: A month name read as a word: «۳ تیر برق» (power poles), «۱۲ تیر خلاص» (coup de grâce shots).
_NOT_A_MONTH_AFTER = re.compile(r"\s*(?:برق|خلاص|چراغ|آهنی|چوبی|دروازه|تلگراف)(?![" + _LETTER + "])")


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def convert(calendar: str, year: int, month: int, day: int) -> dict:
    """The date in all three calendars, or why it does not exist.

    Returns the DateValue fields ``calendar, jalali, gregorian, hijri, valid, problem``.

    >>> convert("jalali", 1402, 3, 31)["gregorian"]
    '2023-06-21'
    >>> convert("jalali", 1402, 13, 40)["valid"]
    False
    """
    fields: dict = {"calendar": calendar, "jalali": None, "gregorian": None, "hijri": None, "valid": True}
    written = _iso(year, month, day)
    if not 1 <= month <= 12:
        return fields | {
            "valid": False,
            "problem": f"no month {month} in the {calendar} calendar ({written})",
        }
    try:
        if calendar == "jalali":
            gregorian = jdatetime.date(year, month, day).togregorian()
        elif calendar == "gregorian":
            gregorian = datetime.date(year, month, day)
        else:
            gregorian = _hijri_to_gregorian(year, month, day)
    except ValueError as error:
        return fields | {"valid": False, "problem": f"no such {calendar} date {written}: {error}"}
    if gregorian is None:
        return fields | {
            "hijri": written,
            "problem": "outside the years the Hijri tables cover (1343-1500 AH); not converted",
        }
    fields["gregorian"] = gregorian.isoformat()
    try:
        fields["jalali"] = jdatetime.date.fromgregorian(date=gregorian).isoformat()
    except ValueError:  # before the Jalali era (year 1 AP); jdatetime cannot express it
        fields["jalali"] = None
    fields["hijri"] = _gregorian_to_hijri(gregorian)
    return fields


def _hijri_to_gregorian(year: int, month: int, day: int) -> datetime.date | None:
    try:
        hijri = Hijri(year, month, day)
    except OverflowError:
        return None
    return datetime.date(*hijri.to_gregorian().datetuple())


def _gregorian_to_hijri(date: datetime.date) -> str | None:
    try:
        return _iso(*Gregorian(date.year, date.month, date.day).to_hijri().datetuple())
    except OverflowError:
        return None


def _year_of(value: DateValue, calendar: str) -> int | None:
    iso = getattr(value, calendar)
    return int(iso[:4]) if iso else None


def _nearest_year(calendar: str, month: int, day: int, context: DateValue) -> int | None:
    """The year, in ``calendar``, that puts ``month`` closest to the dateline ``context``.

    The month decides, not the day, so «۳۰ اسفند» in a year whose Esfand has 29 days stays in that year and
    is reported invalid instead of moving to a leap year.
    """
    base = _year_of(context, calendar)
    if base is None or context.gregorian is None:
        return None
    anchor = datetime.date.fromisoformat(context.gregorian)
    best: tuple[int, int] | None = None
    for year in (base - 1, base, base + 1):
        fields = convert(calendar, year, month, 1)
        if fields["gregorian"] is None:
            continue
        distance = abs(
            (
                datetime.date.fromisoformat(fields["gregorian"]) + datetime.timedelta(days=day - 1) - anchor
            ).days
        )
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else base


#: «نیمه اول مهر», «دهه سوم خرداد»: an ordinal after these words counts halves and tens of days, not a day.
_NOT_A_DAY_BEFORE = re.compile(r"(?:نیمه|دهه|هفته|فصل|قرن|ماهه|بار|مرحله|دور)[\s\u200c]*$")


def _full_year(year: int, calendar: str) -> int:
    """A two-digit year as news writes it: «۹۴» is 1394, «۰۲» is 1402, «۱۹» (Gregorian) is 2019."""
    if calendar == "jalali":
        return 1300 + year if year >= 40 else 1400 + year
    if calendar == "gregorian":
        return 1900 + year if year >= 50 else 2000 + year
    return 1400 + year


_BARE_DAY_BEFORE = re.compile(rf"(?<![{DIGIT}/.٫:,٬])(?P<day>[{DIGIT}]{{1,2}})\s*(?:و|تا|الی)\s*$")
_RANGE = re.compile(r"\s*(?:تا|و|الی|[-–—])\s*")


def _range_year(text: str, match: re.Match[str], month: Name, following: list[re.Match[str]]) -> int | None:
    """«۲۷ سپتامبر تا ۲۷ اکتبر ۲۰۲۰»: a year-less date takes the year of the dated end of its range.

    When the range crosses a new year («۲۷ دسامبر تا ۵ ژانویه ۲۰۲۱») the start is in the year before.
    """
    if not following or not following[0].group("year"):
        return None
    after = following[0]
    gap = _RANGE.fullmatch(
        text, match.end(), after.start("weekday") if after.group("weekday") else after.start()
    )
    other = _tables()[0][fold(after.group("month"))]
    if gap is None or other.calendar != month.calendar:
        return None
    year = int(after.group("year"))
    return year - 1 if month.number > other.number else year


def find_dates(text: str, context: DateValue | None = None) -> list[DateValue]:
    """Every date written in ``text``, in order; year-less dates take their year from ``context``.

    A year-less date with no ``context`` is skipped: without a year it is not a day of any calendar.
    """
    named, numeric = _patterns()
    months, weekdays = _tables()
    days = {fold(n.name): n for n in load_names() if n.kind == "day"}
    found: list[DateValue] = []
    taken: list[tuple[int, int]] = []
    matches = list(named.finditer(text))
    for index, match in enumerate(matches):
        month = months[fold(match.group("month"))]
        if match.group("dayword"):
            if _NOT_A_DAY_BEFORE.search(text, max(0, match.start("dayword") - 12), match.start("dayword")):
                continue
            day = days[fold(match.group("dayword"))].number
        else:
            day = int(match.group("day"))
        year_text = match.group("year") or match.group("year_s")
        if year_text is None:
            if (
                month.needs_year
                or match.group("suffix") is None
                and _NOT_A_MONTH_AFTER.match(text, match.end())
            ):
                continue
            year = _range_year(text, match, month, matches[index + 1 : index + 2])
            if year is None and context is not None:
                year = _nearest_year(month.calendar, month.number, day, context)
            if year is None:
                continue
        else:
            year = _full_year(int(year_text), month.calendar) if len(year_text) == 2 else int(year_text)
        start = match.start("weekday") if match.group("weekday") else match.start("day")
        if not match.group("weekday") and match.group("dayword"):
            start = match.start("dayword")
        value = DateValue(
            start=start,
            end=match.end(),
            text=text[start : match.end()],
            **convert(month.calendar, year, month.number, day),
        )
        if match.group("weekday"):
            value = _check_weekday(value, weekdays[fold(match.group("weekday"))])
        elif match.group("day"):
            # «۳ و ۴ مارس ۲۰۱۸», «۲۷ تا ۲۹ ژانویه»: a bare day before shares the month and year.
            bare = _BARE_DAY_BEFORE.search(text, max(0, start - 16), start)
            if bare:
                found.append(
                    DateValue(
                        start=bare.start("day"),
                        end=bare.end("day"),
                        text=bare.group("day"),
                        **convert(month.calendar, year, month.number, int(bare.group("day"))),
                    )
                )
        found.append(value)
        taken.append((start, match.end()))
    for match in numeric.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        year = int(match.group("y1") or match.group("y2"))
        month_number = int(match.group("m1") or match.group("m2"))
        day = int(match.group("d1") or match.group("d2"))
        if 1300 <= year <= 1499:
            calendar = "hijri" if _HIJRI_SUFFIX.match(text, match.end()) else "jalali"
        elif 1700 <= year <= 2199:
            calendar = "gregorian"
        else:
            continue
        found.append(
            DateValue(
                start=match.start(),
                end=match.end(),
                text=match.group(0),
                **convert(calendar, year, month_number, day),
            )
        )
    found.sort(key=lambda value: value.start)
    return found


def _check_weekday(value: DateValue, weekday: Name) -> DateValue:
    if not value.valid or value.gregorian is None:
        return value
    actual = datetime.date.fromisoformat(value.gregorian).weekday()
    if actual == weekday.number:
        return value
    names = {n.number: n.name for n in load_names() if n.kind == "weekday"}
    problem = f"the weekday «{weekday.name}» does not match: {value.gregorian} is a {names[actual]}"
    return value.model_copy(update={"problem": problem})


def parse_date(text: str) -> DateValue | None:
    """The first date in a short string such as an html ``<meta>`` date (ISO ``2023-06-21T10:00`` too)."""
    iso = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        calendar = "gregorian" if year >= 1700 else "jalali"
        return DateValue(start=0, end=len(text), text=text, **convert(calendar, year, month, day))
    dates = find_dates(text)
    return dates[0] if dates else None
