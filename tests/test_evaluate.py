from __future__ import annotations

from flows.evaluate import score
from flows.evaluate.scoring import jaccard, match_quotes, speaker_matches, token_f1


def test_quote_matching_ignores_quote_marks_case_and_cut_marks() -> None:
    assert jaccard("We Win, You Lose", "we win, you lose") == 1.0
    assert (
        jaccard(
            "The transition of the security has been fairly ...",
            "The transition of the security has been fairly finished.",
        )
        >= 0.5
    )
    pairs = match_quotes(
        [{"text": "totally different words here"}, {"text": "we win you lose"}],
        [{"text": "We Win, You Lose"}],
    )
    assert pairs == [({"text": "We Win, You Lose"}, {"text": "we win you lose"})]


def test_speaker_matches_by_surname_or_organization() -> None:
    assert speaker_matches("Zalmai Rassoul", "Rassoul")
    assert speaker_matches("Zalmai Rassoul", "Afghan Foreign Minister Zalmai Rassoul")
    assert not speaker_matches("Zalmai Rassoul", "Zalmai")
    assert speaker_matches("the Taliban statement", "Taliban")
    assert not speaker_matches(None, "Taliban")


def test_body_token_f1() -> None:
    assert token_f1("a b c", "a b c") == 1.0
    assert round(token_f1("a b", "a b c d"), 3) == 0.667


def test_score_counts_entities_and_metadata_per_kind() -> None:
    gold = [
        {
            "file": "a.txt",
            "metadata": {
                "title": "T’s",
                "publisher": None,
                "authors": ["Ann Lee"],
                "published": "2014-12-29",
            },
            "counts": [{"kind": "killed", "value": 4}, {"kind": "troops", "value": 13000}],
            "quotes": [{"speaker": "Ann Lee", "text": "we will stay here"}],
            "entities": {"PERSON": ["Ann Lee"], "ORG": [], "LOC": ["Kabul"]},
            "boilerplate": ["Read more here."],
        }
    ]
    predictions = {
        "a.txt": {
            "metadata": {
                "title": "T's",
                "publisher": None,
                "authors": ["ann lee"],
                "published": None,
            },
            "body": "Ann Lee said so in Kabul.",
            "counts": [{"kind": "killed", "value": 4}, {"kind": "killed", "value": 4}],
            "quotes": [{"text": "We will stay here", "speaker": "Lee"}],
            "mentions": [
                {"type": "LOC", "name": "Kabul", "text": "Kabul"},
                {"type": "ORG", "name": "Lee Corp", "text": "Lee Corp"},
            ],
            "dates": [],
        }
    }
    report = score(gold, predictions)
    assert report["metadata_accuracy"] == {
        "title": 1.0,
        "publisher": 1.0,
        "authors": 1.0,
        "published": 0.0,
    }
    assert (
        report["counts"]["tp"] == 1
        and report["counts"]["precision"] == 0.5
        and report["counts"]["recall"] == 0.5
    )
    assert report["quotes"]["f1"] == 1.0 and report["speaker_accuracy"] == 1.0
    assert report["entities"]["LOC"]["f1"] == 1.0 and report["entities"]["PERSON"]["recall"] == 0.0
    assert report["entities"]["ORG"]["precision"] == 0.0
    assert report["boilerplate_removed"] == 1.0


def test_missing_prediction_scores_as_empty() -> None:
    report = score([{"file": "gone.txt", "counts": [{"kind": "killed", "value": 1}]}], {})
    assert report["predicted_articles"] == 0 and report["counts"]["recall"] == 0.0


def isaf_prediction(killed: list[int], captured: list[int], dates: list[tuple[str, str]]) -> dict:
    counts = [{"kind": "killed", "value": v} for v in killed] + [
        {"kind": "captured", "value": v} for v in captured
    ]
    return {
        "metadata": {"published": "2011-01-11"},
        "body": "",
        "counts": counts,
        "quotes": [],
        "mentions": [],
        "dates": [
            {"value_start": s, "value_end": e, "granularity": "day" if s == e else "month"}
            for s, e in dates
        ],
    }


def test_isaf_totals_sum_every_count_and_dates_are_scored_for_precision() -> None:
    gold = [
        {"file": "a.txt", "killed_total": 3, "captured_total": 2, "event_date": "2011-01-10"},
        {"file": "b.txt", "killed_total": 0, "captured_total": 1, "event_date": "2011-01-05"},
    ]
    predictions = {
        # two separate engagements of 1 and 2 killed: their sum is the article's total
        "a.txt": isaf_prediction(
            [1, 2], [2], [("2011-01-10", "2011-01-10"), ("2011-01-11", "2011-01-11")]
        ),
        "b.txt": isaf_prediction(
            [], [1, 1], [("2011-01-01", "2011-01-31"), ("2010-06-01", "2010-06-01")]
        ),
    }
    report = score(gold, predictions)
    assert report["killed_total_accuracy"] == 1.0
    assert report["killed_total_accuracy_when_killed"] == 1.0
    assert report["captured_total_accuracy"] == 0.5  # b.txt counted its one detainee twice
    assert report["event_date_found"] == 0.5  # a.txt names its event day; b.txt only its month
    assert report["event_date_found_any_period"] == 1.0  # the month range holds 2011-01-05
    assert report["date_precision"] == 0.5  # event day and release day of a.txt; neither of b.txt's


def test_sentences_kept_checks_count_and_quote_snippets_in_body() -> None:
    gold = [
        {
            "file": "a.txt",
            "boilerplate": ["Sign up for our newsletter today"],
            "counts": [{"kind": "troops", "value": 500, "quote": "500 troops ... arrived"}],
            "quotes": [{"speaker": None, "text": "we are leaving"}],
        }
    ]
    predictions = {
        "a.txt": {
            "metadata": {},
            "body": "Some 500 troops have arrived.",
            "counts": [],
            "quotes": [],
            "mentions": [],
            "dates": [],
        }
    }
    report = score(gold, predictions)
    assert report["boilerplate_removed"] == 1.0
    assert report["sentences_kept"] == 0.5


# --- TimeML periods, pairing, and the time and place anchors ---------------------------

from datetime import date  # noqa: E402

from flows.evaluate.anchors import fold_place, on_date_line, within_reach  # noqa: E402
from flows.evaluate.pairing import pair_by_text  # noqa: E402
from flows.timeml import period_of  # noqa: E402

DAY = date(1998, 2, 13)


def test_period_of_every_timeml_form() -> None:
    d = date
    assert period_of("1998-02-13", DAY) == (d(1998, 2, 13), d(1998, 2, 13), "day")
    for suffix in ("TMO", "TAF", "TEV", "TNI", "22:00", "22:19:00"):
        assert period_of(f"1998-02-06T{suffix}", DAY) == (d(1998, 2, 6), d(1998, 2, 6), "day")
    assert period_of("1998-02", DAY) == (d(1998, 2, 1), d(1998, 2, 28), "month")
    assert period_of("2000-02", DAY) == (d(2000, 2, 1), d(2000, 2, 29), "month")
    assert period_of("1999", DAY) == (d(1999, 1, 1), d(1999, 12, 31), "year")
    assert period_of("199", DAY) == (d(1990, 1, 1), d(1999, 12, 31), "decade")
    assert period_of("19", DAY) == (d(1900, 1, 1), d(1999, 12, 31), "century")
    assert period_of("1998-W08", DAY) == (d(1998, 2, 16), d(1998, 2, 22), "week")
    assert period_of("1990-W32-WE", DAY) == (d(1990, 8, 11), d(1990, 8, 12), "weekend")
    assert period_of("1989-Q3", DAY) == (d(1989, 7, 1), d(1989, 9, 30), "quarter")
    assert period_of("1989-Q4", DAY) == (d(1989, 10, 1), d(1989, 12, 31), "quarter")
    assert period_of("1990-H1", DAY) == (d(1990, 1, 1), d(1990, 6, 30), "half")
    assert period_of("1990-H2", DAY) == (d(1990, 7, 1), d(1990, 12, 31), "half")
    assert period_of("1998-SP", DAY) == (d(1998, 3, 1), d(1998, 5, 31), "season")
    assert period_of("1998-SU", DAY) == (d(1998, 6, 1), d(1998, 8, 31), "season")
    assert period_of("1998-FA", DAY) == (d(1998, 9, 1), d(1998, 11, 30), "season")
    assert period_of("1999-WI", DAY) == (d(1999, 12, 1), d(2000, 2, 29), "season")
    assert period_of("PRESENT_REF", DAY) == (DAY, DAY, "day")
    for vague in (
        "PAST_REF",
        "FUTURE_REF",
        "1998-10-XX",
        "1989-WXX",
        "199X",
        "19XX",
        "1989-QX",
        "P3D",
        "PT4H",
        "XXXX",
        "",
        "1998-13",
        "1998-02-30",
        "1998-W54",
        "soon",
    ):
        assert period_of(vague, DAY) is None, vague


def test_pairing_prefers_exact_then_containment_then_half_words_each_used_once() -> None:
    gold = [
        {"text": "Friday"},
        {"text": "last Friday"},
        {"text": "the first quarter of 1989"},
        {"text": "March"},
    ]
    predicted = [
        {"text": "Friday night"},
        {"text": "friday"},
        {"text": "first quarter 1989"},
        {"text": "next year"},
    ]
    pairs = pair_by_text(gold, predicted, lambda g: g["text"], lambda p: p["text"])
    assert [(g["text"], p["text"]) for g, p in pairs] == [
        ("Friday", "friday"),  # exact beats the earlier containment
        ("last Friday", "Friday night"),  # "friday" is used: half the words of "Friday night"
        ("the first quarter of 1989", "first quarter 1989"),  # 3 of 5 words shared
    ]  # "March" pairs with nothing, "next year" stays unpaired


def test_dates_value_scores_right_wrong_and_the_date_line() -> None:
    body = "Date: 1998-02-13\n\nOn Friday, for three years and next year, now."
    gold = [
        {
            "file": "a.txt",
            "dct": "1998-02-13T14:26:00",
            "dates": [
                {"text": "Friday", "start": 21, "type": "DATE", "value": "1998-02-13"},
                {"text": "three years", "start": 33, "type": "DURATION", "value": "P3Y"},
                {"text": "next year", "start": 49, "type": "DATE", "value": "1999"},
                {"text": "now", "start": 60, "type": "DATE", "value": "PRESENT_REF"},
                {"text": "recently", "start": 70, "type": "DATE", "value": "PAST_REF"},
            ],
        }
    ]
    dates = [
        {
            "text": "1998-02-13",
            "start_char": 6,
            "value_start": "1998-02-13",
            "value_end": "1998-02-13",
            "granularity": "day",
        },
        {
            "text": "Friday",
            "start_char": 21,
            "value_start": "1998-02-13",
            "value_end": "1998-02-13",
            "granularity": "day",
        },
        {
            "text": "three years",
            "start_char": 33,
            "value_start": "1995-01-01",
            "value_end": "1997-12-31",
            "granularity": "year",
        },
        {
            "text": "next year",
            "start_char": 49,
            "value_start": "1999-01-01",
            "value_end": "1999-06-30",
            "granularity": "half",
        },
        {
            "text": "now",
            "start_char": 60,
            "value_start": "1998-02-13",
            "value_end": "1998-02-13",
            "granularity": "day",
        },
    ]
    predictions = {
        "a.txt": {
            "metadata": {"published": None},
            "published_inferred": "1998-02-13",
            "body": body,
            "counts": [],
            "quotes": [],
            "mentions": [],
            "dates": dates,
        }
    }
    report = score(gold, predictions)
    # the Date line's date is not counted; the duration pair and the wrong bounds are wrong
    assert report["dates_value"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 2,
        "predicted": 4,
        "gold": 4,
    }
    assert report["dates_extent"]["tp"] == 3
    assert report["dates_recall_by_granularity"] == {"day": 1.0, "year": 0.0, "unresolvable": 0.0}
    assert report["article_date_right"] == 0.0 and report["article_date_inferred_right"] == 1.0


def test_on_date_line_only_for_spans_on_that_line() -> None:
    body = "Date: 2018-03-09\n\nShot on Friday.\nDate: is a word here"
    assert on_date_line(body, 6) and not on_date_line(body, 26) and on_date_line(body, 40)
    assert not on_date_line(None, 0) and not on_date_line(body, None)


def place(
    text: str,
    lat: float | None,
    lon: float | None,
    name: str | None = None,
    country: str | None = None,
    geonameid: str | None = None,
    start: int = 0,
) -> dict:
    return {
        "text": text,
        "start": start,
        "lat": lat,
        "lon": lon,
        "name": name or text,
        "country": country,
        "geonameid": geonameid,
    }


def loc(
    text: str,
    lat: float | None,
    lon: float | None,
    country_code: str | None = None,
    start: int = 0,
    etype: str = "LOC",
) -> dict:
    return {
        "type": etype,
        "name": text,
        "text": text,
        "start_char": start,
        "latitude": lat,
        "longitude": lon,
        "country_code": country_code,
    }


def test_within_161_km_and_the_country_rule() -> None:
    alexandria_la = place("Alexandria", 31.3113, -92.4451, country="United States")
    assert within_reach(alexandria_la, loc("Alexandria", 31.2, -92.5))
    assert not within_reach(alexandria_la, loc("Alexandria", 31.2, 29.9, "EG"))  # Egypt
    russia = place("Russian", 60.0, 100.0, name="Russian Federation", country="Russian Federation")
    assert within_reach(russia, loc("Russia", 55.75, 37.62, "RU"))  # Moscow: far, same country
    assert within_reach(russia, loc("Russia", None, None, "RU"))
    assert not within_reach(russia, loc("Russia", None, None, None))
    # a country known by its geonameid (GeoNames: 1814991 is China), name not equal to country
    china = place(
        "Chinese",
        35.0,
        105.0,
        name="People's Republic of China",
        country="China",
        geonameid="1814991",
    )
    assert within_reach(china, loc("China", None, None, "CN"))
    # a country pycountry does not name this way: GeoNames' names are the fallback
    assert within_reach(
        place(
            "Palestinian", 31.9, 35.2, name="Palestinian Territory", country="Palestinian Territory"
        ),
        loc("Gaza", None, None, "PS"),
    )


def test_places_pair_by_text_leave_out_streets_and_count_within() -> None:
    gold = [
        {
            "file": "p.txt",
            "places": [
                place("Alexandria", 31.3113, -92.4451, country="United States", start=10),
                place("Main Street", None, None, start=30),
                place("Rapides Parish", 31.1669, -92.4835, country="United States", start=50),
                place(
                    "U.S.", 39.76, -98.5, name="United States", country="United States", start=70
                ),
            ],
        }
    ]
    mentions = [
        loc("Alexandria", 31.3, -92.4, "US", 10),
        loc("Main Street", None, None, None, 30),
        loc("Rapides", 40.0, -75.0, "US", 50),
        loc("Ohio", 40.4, -82.5, "US", 90),
        loc("Bob", None, None, None, 95, etype="PERSON"),
        loc("U.S.", 38.9, -77.0, "US", 70),
    ]
    predictions = {
        "p.txt": {
            "metadata": {},
            "body": "",
            "counts": [],
            "quotes": [],
            "mentions": mentions,
            "dates": [],
        }
    }
    report = score(gold, predictions)
    # 3 pairs with coordinates of 4 LOC mentions (the street is left out of both sides)
    assert report["places"]["tp"] == 3 and report["places"]["predicted"] == 4
    assert report["places"]["gold"] == 3 and report["places"]["recall"] == 1.0
    # Alexandria near, Rapides 1,700 km off, U.S. in the gold country
    assert report["places_within_161km"] == round(2 / 3, 4)


def test_casualties_killed_wounded_and_event_day() -> None:
    def article(
        killed: list[int], wounded: list[int], dates: list[tuple[int, str, str, str]]
    ) -> dict:
        counts = [{"kind": "killed", "value": v} for v in killed]
        counts += [{"kind": "wounded", "value": v} for v in wounded]
        return {
            "metadata": {"published": "2018-03-10"},
            "body": "Date: 2018-03-10\n\nText.",
            "counts": counts,
            "quotes": [],
            "mentions": [],
            "dates": [
                {"start_char": c, "value_start": s, "value_end": e, "granularity": g}
                for c, s, e, g in dates
            ],
        }

    gold = [
        {
            "file": "a.txt",
            "date_line": "2018-03-10",
            "killed_total": 1,
            "wounded_total": 2,
            "event_date": "2018-03-09",
        },
        {
            "file": "b.txt",
            "date_line": "2018-03-10",
            "killed_total": 0,
            "wounded_total": 0,
            "event_date": "2018-03-10",
        },
        {
            "file": "c.txt",
            "date_line": "2018-03-10",
            "killed_total": 2,
            "wounded_total": 1,
            "event_date": "2018-03-03",
        },
    ]
    predictions = {
        "a.txt": article([1], [1, 1], [(20, "2018-03-09", "2018-03-09", "day")]),
        "b.txt": article([], [], [(6, "2018-03-10", "2018-03-10", "day")]),  # the Date line only
        "c.txt": article([1], [], [(20, "2018-03-01", "2018-03-31", "month")]),  # not a day
    }
    report = score(gold, predictions)
    assert report["killed_total_accuracy"] == round(2 / 3, 4)
    assert report["killed_total_accuracy_when_killed"] == 0.5
    assert report["wounded_total_accuracy"] == round(2 / 3, 4)
    assert report["event_date_found"] == round(1 / 3, 4)
    assert report["article_date_right"] == 1.0


def test_isaf_provinces_found_by_folded_name_or_text() -> None:
    assert fold_place("Sar-e Pul Province") == fold_place("sar-e pul") == "sar e pul"
    assert fold_place("Paktyā") == "paktya"
    gold = [
        {"file": "a.txt", "provinces": ["helmand", "sar-e pul"]},
        {"file": "b.txt", "provinces": ["kunar"]},
    ]
    predictions = {
        "a.txt": {
            "metadata": {},
            "body": "",
            "counts": [],
            "quotes": [],
            "dates": [],
            "mentions": [loc("Helmand province", None, None), loc("Sar-e Pul", 36.2, 65.9)],
        },
        "b.txt": {
            "metadata": {},
            "body": "",
            "counts": [],
            "quotes": [],
            "dates": [],
            "mentions": [loc("Kunar", 34.8, 71.1, etype="ORG")],
        },  # not a place mention
    }
    assert score(gold, predictions)["province_found"] == round(2 / 3, 4)


def test_document_day_comes_from_the_gold_or_the_articles_date_line(tmp_path) -> None:
    from flows.evaluate import with_document_day

    dated, plain = tmp_path / "dated.txt", tmp_path / "plain.txt"
    dated.write_text("Date: 2009-03-20\n\nAlexandria woman charged.\n")
    plain.write_text("KABUL, Afghanistan (Jan. 10, 2011) - Date: 2011-01-10 later\n")
    assert with_document_day({"file": "dated.txt"}, dated)["document_day"] == "2009-03-20"
    assert "document_day" not in with_document_day({"file": "plain.txt"}, plain)
    assert "document_day" not in with_document_day({"file": "x.txt"}, tmp_path / "missing.txt")
    record = {"file": "dated.txt", "dct": "1998-02-13T14:26:00"}
    assert with_document_day(record, dated) is record  # the gold's own document date wins


def test_eval_table_prints_the_anchor_measures(capsys, monkeypatch) -> None:
    from rich.console import Console

    from flows import cli
    from flows.cli import print_report

    monkeypatch.setattr(cli, "console", Console(width=160))  # no wrapping in narrow terminals
    print_report(
        {
            "articles": 2,
            "dates_value": {"precision": 0.5, "recall": 0.25, "f1": 0.3333},
            "dates_recall_by_granularity": {"day": 0.5, "quarter": 0.0},
            "dates_gold_by_granularity": {"day": 4, "quarter": 2},
            "places": {"precision": 0.8, "recall": 0.5, "f1": 0.6154},
            "places_within_161km": 0.75,
            "province_found": 0.9,
        }
    )
    table = capsys.readouterr().out
    assert "dates_value" in table and "0.333" in table
    assert "dates recall, day (4 gold)" in table and "dates recall, quarter (2 gold)" in table
    assert "places_within_161km" in table and "0.750" in table and "province_found" in table


def test_an_exact_match_later_in_the_text_wins_over_an_earlier_loose_one() -> None:
    from flows.evaluate.pairing import pair_by_text

    gold = [{"text": "five-year"}, {"text": "this year"}]
    predicted = [{"text": "this year"}]
    pairs = pair_by_text(gold, predicted, lambda g: g["text"], lambda p: p["text"])
    assert pairs == [({"text": "this year"}, {"text": "this year"})]
