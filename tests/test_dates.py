from __future__ import annotations

from datetime import date

from flows.extract.dates import extract_dates
from flows.extract.nlp import parse


def dates_of(text: str, anchor: date | None) -> list[tuple[str, date, date, str]]:
    return [
        (d.text, d.value_start, d.value_end, d.granularity)
        for d in extract_dates(parse(text), anchor)
    ]


def test_absolute_dates() -> None:
    text = "The war began on October 7, 2001, after the Sept. 11, 2001 attacks; troops leave by May 2021."
    assert dates_of(text, None) == [
        ("October 7, 2001", date(2001, 10, 7), date(2001, 10, 7), "day"),
        ("Sept. 11, 2001", date(2001, 9, 11), date(2001, 9, 11), "day"),
        ("May 2021", date(2021, 5, 1), date(2021, 5, 31), "month"),
    ]


def test_year_and_day_first() -> None:
    text = "It was published on 17 August 2021 about events in 2014."
    assert dates_of(text, None) == [
        ("17 August 2021", date(2021, 8, 17), date(2021, 8, 17), "day"),
        ("2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
    ]


def test_weekday_is_most_recent_on_or_before_anchor() -> None:
    anchor = date(2014, 12, 29)  # a Monday
    found = dates_of("The Taliban spoke Monday about Sunday's ceremony.", anchor)
    assert [(t, s) for t, s, _, _ in found] == [
        ("Monday", date(2014, 12, 29)),
        ("Sunday", date(2014, 12, 28)),
    ]


def test_relative_expressions() -> None:
    anchor = date(2011, 3, 24)
    text = (
        "Forces detained him yesterday. Elections held earlier this year; talks resume next week."
    )
    assert dates_of(text, anchor) == [
        ("yesterday", date(2011, 3, 23), date(2011, 3, 23), "day"),
        ("earlier this year", date(2011, 1, 1), date(2011, 12, 31), "year"),
        ("next week", date(2011, 3, 28), date(2011, 4, 3), "week"),
    ]


def test_relative_expressions_need_an_anchor() -> None:
    assert dates_of("Forces detained him yesterday on Monday.", None) == []


def test_yearless_day_takes_the_year_nearest_the_anchor() -> None:
    found = dates_of("The mission begins on January 1.", date(2014, 12, 29))
    assert found == [("January 1", date(2015, 1, 1), date(2015, 1, 1), "day")]


def test_no_false_dates() -> None:
    text = "The 13-year war, 5000 troops, 1,999 rounds, $2010 and release 2011-01-S-115 were noted."
    assert dates_of(text, date(2011, 1, 10)) == []


def test_overnight_spans_the_eve_and_the_day_unless_the_sentence_dates_it() -> None:
    anchor = date(2011, 3, 24)
    assert dates_of("Police detained two men overnight.", anchor) == [
        ("overnight", date(2011, 3, 23), date(2011, 3, 24), "day"),
    ]
    found = dates_of("Police detained two men in an overnight raid on Tuesday.", anchor)
    assert [t for t, _, _, _ in found] == ["on Tuesday"]


def test_recent_spans_and_parts_of_the_day() -> None:
    anchor = date(2011, 3, 17)
    text = "Troops killed 30 fighters during the past two days. A patrol was hit this morning."
    assert dates_of(text, anchor) == [
        ("past two days", date(2011, 3, 15), date(2011, 3, 17), "day"),
        ("this morning", date(2011, 3, 17), date(2011, 3, 17), "day"),
    ]
    assert dates_of("Clashes over the last 24 hours left five dead.", anchor) == [
        ("last 24 hours", date(2011, 3, 16), date(2011, 3, 17), "day"),
    ]
