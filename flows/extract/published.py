"""The article's publication date: the one it states, else a best estimate.

Split from metadata.py (which keeps headline, publisher and authors). Dates are parsed by
dateparser; the regular expressions only find where a date is written, except for a
dateline's month and day with no year ("KABUL, Afghanistan (Sept. 1) -"), which
dateparser would complete with the current year. Such a date takes its year from a
document reference number that starts with a year and month ("2010-09-CA-005",
"2011-03-S-028": release numbers, docket and report numbers), when the two months
agree: the number states the year the document was issued.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

import dateparser

from flows.extract.calendar_words import DAY_FIRST, DAY_MONTH_FIRST, MONTH, month_number
from flows.models import PUBLISHED_DATE_SLACK, CleanArticle, DateSource

log = logging.getLogger(__name__)

_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
FULL_DATE = re.compile(
    rf"{_WEEKDAY}(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH},?\s+\d{{4}}"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\b\d{4}-\d{2}-\d{2}\b)"
)
# A label that says the date is the publication date: strongest evidence there is.
PUBLISHED_LABEL = re.compile(
    r"\b(?:date first published|first published|originally published|published(?: on)?|"
    r"posted(?: on)?)\s*:?\s*(?P<date>.{6,40})|^\s*(?:date|dated)\s*:\s*(?P<line_date>.{6,40})",
    re.IGNORECASE | re.MULTILINE,
)
# "KABUL, Afghanistan (Jan. 22, 2013) -" or "(Sept. 1)": a wire dateline at a line start.
WIRE_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Za-z .'’-]+,[^()\n]{0,40}\((?P<date>[^()\n]{3,30})\)", re.MULTILINE
)
# "WASHINGTON, Jan. 5 (Reuters) -": the date outside the parentheses.
CITY_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Z .'’-]+,\s+(?P<date>{MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)\s*[(\-–—]",
    re.MULTILINE,
)
# A headline that opens or closes on its date: "May 11: Forces ...", "Update, Jan. 10, 2011".
TITLE_DATE = re.compile(
    rf"^\s*(?P<start>{MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)\s*:|"
    rf"(?P<end>{MONTH}\s+\d{{1,2}},?\s+\d{{4}})\s*$"
)
# "2010-09-CA-005": a reference number that opens with the year and month of issue.
REFERENCE_NUMBER = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-[A-Z]{1,4}\s?[-–]\s?(?:\d{1,5}|X+)\b"
)
ISSUE_LINE = re.compile(r"^[•\-*\s]*(?P<name>[A-Z][\w&.'’ ]*?)\s+Issue\s+(?:No\.\s?)?\d+")
WRITTEN_YEAR = re.compile(r"\b\d{4}\b")
HEAD_CHARS = 600
EARLIEST_INFERRED_DATE = date(1900, 1, 1)
# dim_articles holds publication dates to 1900-01-01 .. today (UTC) + 2 days (articles may
# carry tomorrow's date where their time zone is ahead; flows/validate.py checks the same
# bounds with this constant): a date outside is a misread or a typo
# ("Dec. 31, 9999"), and keeping it would hold the whole article back at validation.
EARLIEST_PUBLISHED_DATE = EARLIEST_INFERRED_DATE
MAX_DAYS_FROM_REFERENCE = 45


def parse_date(text: str, language: str) -> date | None:
    languages = [language] if language.isalpha() and len(language) == 2 else ["en"]
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, OverflowError) as error:
        log.debug("dateparser rejected %r: %s", text, error)
        return None
    return parsed.date() if parsed and is_plausible(parsed.date()) else None


def is_plausible(day: date) -> bool:
    """Could an article have been published on ``day``? (See EARLIEST_PUBLISHED_DATE.)"""
    latest = datetime.now(UTC).date() + PUBLISHED_DATE_SLACK
    return EARLIEST_PUBLISHED_DATE <= day <= latest


def first_full_date(text: str, language: str) -> date | None:
    for match in FULL_DATE.finditer(text):
        parsed = parse_date(match.group(0), language)
        if parsed:
            return parsed
    return None


def reference_months(texts: Iterable[str]) -> list[date]:
    return [
        date(int(m.group("year")), int(m.group("month")), 1)
        for text in texts
        for m in REFERENCE_NUMBER.finditer(text)
    ]


def yearless_day(text: str) -> tuple[int, int] | None:
    """The month and day of a date written without a year; None when a year is written,
    even one no article can have ("Dec. 31, 9999" is a typo, not a date to complete)."""
    if WRITTEN_YEAR.search(text):
        return None
    match = DAY_MONTH_FIRST.search(text) or DAY_FIRST.search(text)
    if match is None:
        return None
    return month_number(match.group("month")), int(match.group("day"))


def complete_year(month_day: tuple[int, int], references: list[date]) -> date | None:
    """The month and day in the year of a reference number issued within weeks of it."""
    month, day = month_day
    for reference in references:
        for year in (reference.year, reference.year - 1, reference.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if abs((candidate - reference).days) <= MAX_DAYS_FROM_REFERENCE and is_plausible(
                candidate
            ):
                return candidate
    return None


def _dated(text: str, language: str, references: list[date]) -> date | None:
    """A full date in the text, else its month and day completed by a reference number."""
    full = first_full_date(text, language)
    if full:
        return full
    month_day = yearless_day(text)
    return complete_year(month_day, references) if month_day else None


def header_texts(article: CleanArticle) -> list[str]:
    dropped = [text for label, text in article.dropped_lines if label != "title"]
    return [*dropped, *article.header_lines, article.body[:HEAD_CHARS]]


def stated_date(article: CleanArticle) -> tuple[date, DateSource] | None:
    """The publication date the article itself states and where it was read, else None."""
    language = article.language
    if article.html_meta.get("date"):
        parsed = parse_date(article.html_meta["date"], language)
        if parsed:
            return parsed, "html_meta"
    dropped = [(label, text) for label, text in article.dropped_lines if label != "title"]
    head = article.body[:HEAD_CHARS]
    for _, text in [*dropped, ("body", head)]:
        for match in PUBLISHED_LABEL.finditer(text):
            parsed = first_full_date(match.group("date") or match.group("line_date"), language)
            if parsed:
                return parsed, "stated_label"
    for label, text in dropped:
        if label in ("dateline", "byline"):
            parsed = first_full_date(text, language) or (
                parse_date(text, language) if label == "dateline" else None
            )
            if parsed:
                return parsed, "header_line"
    texts = header_texts(article)
    references = reference_months([*texts, article.title])
    for text in texts:
        for pattern in (WIRE_DATELINE, CITY_DATELINE):
            for match in pattern.finditer(text):
                parsed = _dated(match.group("date"), language, references)
                if parsed:
                    return parsed, "dateline"
    for _, text in dropped:
        if ISSUE_LINE.search(text):
            parsed = first_full_date(text, language)
            if parsed:
                return parsed, "header_line"
    title = TITLE_DATE.search(article.title)
    if title:
        parsed = _dated(title.group("start") or title.group("end"), language, references)
        if parsed:
            return parsed, "title"
    return None
