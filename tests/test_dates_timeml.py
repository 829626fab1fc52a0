"""Dates normalized as TimeML values (TempEval-3) against the article's date."""

from __future__ import annotations

from datetime import date

import pytest

from flows.extract.dates import extract_dates
from flows.extract.nlp import parse
from flows.timeml import period_of


def dates_of(text: str, anchor: date | None) -> list[tuple[str, date, date, str]]:
    return [
        (d.text, d.value_start, d.value_end, d.granularity)
        for d in extract_dates(parse(text), anchor)
    ]


def only(text: str, anchor: date) -> tuple[str, date, date, str]:
    found = dates_of(text, anchor)
    assert len(found) == 1, found
    return found[0]


def timeml(value: str, anchor: date) -> tuple[date, date, str]:
    period = period_of(value, anchor)
    assert period is not None
    return period


FEB_13_1998 = date(1998, 2, 13)  # a Friday
OCT_30_1989 = date(1989, 10, 30)  # a Monday


@pytest.mark.parametrize(
    ("text", "anchor", "span", "value"),
    [
        # a year-less month: past by default and after "since"/"last", future after "will"/"next"
        ("The plant has been closed since March.", FEB_13_1998, "March", "1997-03"),
        ("Prices fell in July, the ministry said.", date(2020, 3, 2), "July", "2019-07"),
        ("The jet was grounded last July.", date(2020, 3, 2), "July", "2019-07"),
        ("Talks will resume in March.", FEB_13_1998, "March", "1998-03"),
        ("The vote is expected to take place in April.", FEB_13_1998, "April", "1998-04"),
        ("They meet again next May.", FEB_13_1998, "May", "1998-05"),
        ("In January, the council approved the plan.", date(2000, 4, 3), "January", "2000-01"),
        # "last February" said in March is a year back ("last month" names the month just past)
        ("Two helicopters crashed last February.", date(1998, 3, 1), "February", "1997-02"),
        # a past verb does not send a month eleven months back when it is weeks ahead
        ("NATO has decided to admit them in early March.", date(1999, 2, 10), "March", "1999-03"),
        ("It gave the firm until mid-November to reply.", OCT_30_1989, "November", "1989-11"),
        # a weekday: the past week unless the verb looks ahead
        (
            "The convention voted Friday to make Australia a republic.",
            FEB_13_1998,
            "Friday",
            "1998-02-13",
        ),
        ("He was charged Thursday in state court.", FEB_13_1998, "Thursday", "1998-02-12"),
        ("The minister will travel to Paris on Tuesday.", FEB_13_1998, "on Tuesday", "1998-02-17"),
        # "last Thursday" said on a Friday is the week before (yesterday is "yesterday")
        (
            "Two men were shot last Thursday afternoon.",
            date(2013, 7, 19),
            "last Thursday",
            "2013-07-11",
        ),
        (
            "Last Tuesday deputies found one man dead.",
            date(2014, 1, 15),
            "Last Tuesday",
            "2014-01-07",
        ),
        ("The plant closed last Wednesday.", date(2000, 4, 3), "last Wednesday", "2000-03-29"),
        ("Prices rose this past Thursday.", date(2013, 7, 19), "this past Thursday", "2013-07-18"),
        # "later" in a narrative and "next door" do not look ahead
        (
            "He surrendered about two hours later Wednesday night.",
            date(2018, 3, 8),
            "Wednesday",
            "2018-03-07",
        ),
        ("The man was shot and later died Tuesday.", date(2014, 1, 9), "Tuesday", "2014-01-07"),
        (
            "Her next door neighbor didn't see the commotion Monday.",
            date(2014, 1, 14),
            "Monday",
            "2014-01-13",
        ),
        # a plan in the past perfect is past
        ("The offer had been scheduled to expire Friday.", OCT_30_1989, "Friday", "1989-10-27"),
        ("It had been due to expire Friday evening.", OCT_30_1989, "Friday", "1989-10-27"),
        # a weekday with the date it names is one mention, the date's
        (
            "Outflows reached $14 million Friday Oct. 13 alone.",
            date(1989, 10, 27),
            "Friday Oct. 13",
            "1989-10-13",
        ),
        (
            "The Times said in an editorial on Saturday, April 25: the court erred.",
            date(1998, 4, 24),
            "on Saturday, April 25",
            "1998-04-25",
        ),
        # a year-less day: the nearest one (news omits the current year)
        ("The offer was extended to Nov. 16.", OCT_30_1989, "Nov. 16", "1989-11-16"),
        ("Congress reconvenes Jan. 24.", date(2000, 1, 13), "Jan. 24", "2000-01-24"),
        # ... but a past day of the article's own year stays in it, however far back
        ("The two men he robbed Feb. 6 testified.", date(2014, 10, 22), "Feb. 6", "2014-02-06"),
        # "now", "currently", "today": the article's day
        ("Unemployment is now 5 percent.", FEB_13_1998, "now", "PRESENT_REF"),
        ("The company currently employs 300 people.", FEB_13_1998, "currently", "PRESENT_REF"),
        # ISO weeks, weekends
        ("Shares fell this week.", FEB_13_1998, "this week", "1998-W07"),
        ("Shares fell last week.", FEB_13_1998, "last week", "1998-W06"),
        (
            "Officials confirmed the reports over the weekend.",
            OCT_30_1989,
            "the weekend",
            "1989-W43-WE",
        ),
        # quarters and halves
        (
            "Profit rose in the third quarter of 1989.",
            OCT_30_1989,
            "third quarter of 1989",
            "1989-Q3",
        ),
        ("Third-quarter profit rose 5%.", OCT_30_1989, "Third-quarter", "1989-Q3"),
        (
            "Sales should pick up in the fourth quarter.",
            date(1990, 1, 15),
            "fourth quarter",
            "1989-Q4",
        ),
        ("Revenue in Q3 2012 was flat.", date(2012, 11, 1), "Q3 2012", "2012-Q3"),
        (
            "Output fell in the first half of 1990.",
            OCT_30_1989,
            "the first half of 1990",
            "1990-H1",
        ),
        # seasons (meteorological), decades, centuries
        ("The dam burst last summer.", OCT_30_1989, "last summer", "1989-SU"),
        ("The dam was finished in winter 1998.", date(1999, 6, 1), "winter 1998", "1998-WI"),
        ("Work starts this spring.", FEB_13_1998, "this spring", "1998-SP"),
        ("Growth slowed in the 1990s.", date(2001, 5, 1), "1990s", "199"),
        ("It was a hit in the '90s.", date(2001, 5, 1), "'90s", "199"),
        ("It shaped the 20th century.", FEB_13_1998, "20th century", "19"),
        # holidays
        (
            "He was found off the coast on Thanksgiving Day.",
            date(2000, 1, 7),
            "Thanksgiving Day",
            "1999-11-25",
        ),
        # ago, and dates relative to another date of the text
        ("The plant closed six weeks ago.", date(1998, 3, 1), "six weeks ago", "1998-W03"),
        ("Two years ago the plant closed.", FEB_13_1998, "Two years ago", "1996"),
    ],
)
def test_timeml_values(text: str, anchor: date, span: str, value: str) -> None:
    found = [d for d in dates_of(text, anchor) if d[0] == span]
    assert found, dates_of(text, anchor)
    assert found[0][1:] == timeml(value, anchor)


def test_a_year_earlier_shifts_the_date_it_follows() -> None:
    text = "Net income rose in the third quarter to $5 million from $4 million a year earlier."
    assert dates_of(text, OCT_30_1989)[-1] == (
        "a year earlier",
        date(1988, 7, 1),
        date(1988, 9, 30),
        "quarter",
    )
    text = "Police arrived on May 3, 1999. Two days later the siege ended."
    assert dates_of(text, date(1999, 6, 1))[-1] == (
        "Two days later",
        date(1999, 5, 5),
        date(1999, 5, 5),
        "day",
    )
    text = "It began after the Sept. 11, 2001, attacks. Now, 12 years later, it goes on."
    assert dates_of(text, date(2013, 6, 1))[-1] == (
        "12 years later",
        date(2013, 9, 11),
        date(2013, 9, 11),
        "day",
    )


def test_the_latest_quarter_is_the_quarter_the_story_reports() -> None:
    text = (
        "Third-quarter net income rose 5%. Sales in the latest quarter rose 3%, "
        "and margins in the quarter widened."
    )
    found = dates_of(text, OCT_30_1989)
    assert [(t, s, e) for t, s, e, _ in found] == [
        ("Third-quarter", date(1989, 7, 1), date(1989, 9, 30)),
        ("the latest quarter", date(1989, 7, 1), date(1989, 9, 30)),
        ("the quarter", date(1989, 7, 1), date(1989, 9, 30)),
    ]
    # with no quarter named before, "the quarter" says nothing; nor is "the quarter of" one
    assert dates_of("Sales in the quarter rose.", OCT_30_1989) == []
    assert [
        t for t, *_ in dates_of("Third-quarter sales rose in the quarter of the city.", OCT_30_1989)
    ] == ["Third-quarter"]


def test_a_year_ago_in_a_results_story_is_the_quarter_a_year_back() -> None:
    text = "Third-quarter sales dropped 11% to $1.27 billion from $1.43 billion a year ago."
    assert dates_of(text, date(1989, 10, 26))[-1] == (
        "a year ago",
        date(1988, 7, 1),
        date(1988, 9, 30),
        "quarter",
    )
    text = "Third-quarter sales fell. The plant opened five years ago."
    assert dates_of(text, date(1989, 10, 26))[-1] == (
        "five years ago",
        date(1984, 1, 1),
        date(1984, 12, 31),
        "year",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Turning its back on 210 years of loyalty, the convention voted.",
        "The talks lasted three years.",
        "The market is open every Monday and on Mondays in summer.",
        "The newsletter appears weekly and each month.",
        "Prices rose after the fall of the Berlin Wall.",
        "She would not say what May wants.",
        "The index closed at 2082.1 points.",
        'Baker, speaking on ABC News\' "This Week," said the request was valid.',
        "He starred in I Know What You Did Last Summer.",
    ],
)
def test_durations_sets_and_lookalikes_are_not_dates(text: str) -> None:
    assert dates_of(text, OCT_30_1989) == []


def test_relative_forms_need_the_article_date() -> None:
    assert dates_of("Shares fell last week and now trade lower than last summer.", None) == []
    assert only("Profit rose in the third quarter of 1989.", OCT_30_1989)[3] == "quarter"
