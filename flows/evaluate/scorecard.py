"""A scorecard that accumulates one gold record at a time, one method per fact kind.

Each ``add_<kind>`` takes the gold record and the article's predictions; ``report`` turns the
tallies into the numbers ``newsfacts eval`` prints. Only kinds present in the gold appear.
"""

from __future__ import annotations

from collections.abc import Mapping

from flows.evaluate.anchors import (
    DateScores,
    PlaceScores,
    body_dates,
    document_day,
    event_day_found,
    provinces_found,
    score_dates,
    score_places,
)
from flows.evaluate.quote_scores import QuoteScores
from flows.evaluate.scoring import (
    TYPE_OF_CONLL,
    Tally,
    entity_set,
    match_counts,
    mention_multiset,
    normalize,
    token_f1,
)

METADATA_FIELDS = ("title", "publisher", "authors", "published")
ENTITY_TYPES = ("PERSON", "ORG", "LOC")


class Ratio:
    """Hits over trials, reported as a share."""

    def __init__(self) -> None:
        self.hits = 0
        self.trials = 0

    def add(self, hit: bool | int, trials: int = 1) -> None:
        self.hits += int(hit)
        self.trials += trials

    @property
    def value(self) -> float:
        return round(self.hits / self.trials, 4) if self.trials else 0.0


def metadata_equal(field: str, predicted: object, gold: object) -> bool:
    if field == "authors":
        return {normalize(a) for a in predicted or []} == {normalize(a) for a in gold or []}
    return normalize(predicted) == normalize(gold)  # type: ignore[arg-type]


def total_of(predicted: Mapping, kind: str) -> int:
    """The article's total for a kind: every extracted count of it, summed (the extractor
    lists a number repeated for the same fact once, as the guidelines ask)."""
    return sum(int(c["value"]) for c in predicted["counts"] if c["kind"] == kind)


class Scorecard:
    def __init__(self) -> None:
        self.present: set[str] = set()
        self.metadata = {f: Ratio() for f in METADATA_FIELDS}
        self.counts, self.quotes = Tally(), QuoteScores()
        self.entities = {t: Tally() for t in ENTITY_TYPES}
        self.mentions = {t: Tally() for t in ENTITY_TYPES}
        self.boilerplate, self.sentences_kept = Ratio(), Ratio()
        self.killed, self.killed_when_killed, self.captured = Ratio(), Ratio(), Ratio()
        self.event_date_found, self.date_precision = Ratio(), Ratio()
        self.event_day_found, self.wounded = Ratio(), Ratio()
        self.body_f1: list[float] = []
        self.dates, self.places = DateScores(), PlaceScores()
        self.article_date, self.article_date_inferred = Ratio(), Ratio()
        self.provinces = Ratio()

    def add(self, record: Mapping, predicted: Mapping) -> None:
        for kind in (
            "metadata",
            "counts",
            "quotes",
            "entities",
            "boilerplate",
            "mentions",
            "killed_total",
            "captured_total",
            "event_date",
            "body",
            "dates",
            "places",
            "wounded_total",
            "provinces",
        ):
            if kind in record:
                self.present.add(kind)
                getattr(self, f"add_{kind}")(record, predicted)
        if document_day(record):
            self.add_article_date(record, predicted)
        if "counts" in record or "quotes" in record:
            self.add_sentences_kept(record, predicted)

    def add_metadata(self, record: Mapping, predicted: Mapping) -> None:
        for field, value in record["metadata"].items():
            if field in self.metadata:
                self.metadata[field].add(
                    metadata_equal(field, predicted["metadata"].get(field), value)
                )

    def add_counts(self, record: Mapping, predicted: Mapping) -> None:
        gold = record["counts"]
        self.counts.add(
            match_counts(predicted["counts"], gold), len(predicted["counts"]), len(gold)
        )

    def add_quotes(self, record: Mapping, predicted: Mapping) -> None:
        self.quotes.add(predicted["quotes"], record["quotes"])

    def add_entities(self, record: Mapping, predicted: Mapping) -> None:
        for etype, tally in self.entities.items():
            gold_names = entity_set(record["entities"].get(etype, []))
            names = entity_set(m["name"] for m in predicted["mentions"] if m["type"] == etype)
            tally.add(len(gold_names & names), len(names), len(gold_names))

    def add_boilerplate(self, record: Mapping, predicted: Mapping) -> None:
        body = normalize(predicted["body"])
        for line in record["boilerplate"]:
            if len(line.split()) >= 3:  # shorter lines ("Share", "Menu") also occur in real text
                self.boilerplate.add(normalize(line) not in body)

    def add_sentences_kept(self, record: Mapping, predicted: Mapping) -> None:
        body = normalize(predicted["body"])
        snippets = [c.get("quote") for c in record.get("counts", [])]
        snippets += [q.get("text") for q in record.get("quotes", [])]
        for snippet in filter(None, snippets):
            parts = [normalize(p) for p in snippet.split("...") if p.strip()]
            self.sentences_kept.add(all(p in body for p in parts))

    def add_mentions(self, record: Mapping, predicted: Mapping) -> None:
        gold = mention_multiset(
            (TYPE_OF_CONLL[m["type"]], m["text"])
            for m in record["mentions"]
            if m["type"] in TYPE_OF_CONLL
        )
        found = mention_multiset((m["type"], m["text"]) for m in predicted["mentions"])
        for etype, tally in self.mentions.items():
            g = {k: v for k, v in gold.items() if k[0] == etype}
            p = {k: v for k, v in found.items() if k[0] == etype}
            tally.add(
                sum(min(v, p.get(k, 0)) for k, v in g.items()), sum(p.values()), sum(g.values())
            )

    def add_killed_total(self, record: Mapping, predicted: Mapping) -> None:
        hit = total_of(predicted, "killed") == record["killed_total"]
        self.killed.add(hit)
        if record["killed_total"] > 0:
            self.killed_when_killed.add(hit)

    def add_captured_total(self, record: Mapping, predicted: Mapping) -> None:
        self.captured.add(total_of(predicted, "captured") == record["captured_total"])

    def add_event_date(self, record: Mapping, predicted: Mapping) -> None:
        event = record["event_date"]
        if not event:
            return
        dates = body_dates(predicted)
        self.event_date_found.add(any(d["value_start"] <= event <= d["value_end"] for d in dates))
        self.event_day_found.add(event_day_found(event, predicted))
        # A date is precise when it names the event day or the release (published) day.
        wanted = {event, predicted["metadata"].get("published")}
        for d in dates:
            self.date_precision.add(
                d["value_start"] == d["value_end"] and d["value_start"] in wanted
            )

    def add_wounded_total(self, record: Mapping, predicted: Mapping) -> None:
        self.wounded.add(total_of(predicted, "wounded") == record["wounded_total"])

    def add_dates(self, record: Mapping, predicted: Mapping) -> None:
        scores = score_dates(record["dates"], predicted, document_day(record))
        total = self.dates
        total.right += scores.right
        total.predicted += scores.predicted
        total.gold += scores.gold
        total.extent_paired += scores.extent_paired
        for mine, theirs in (
            (total.gold_by_granularity, scores.gold_by_granularity),
            (total.right_by_granularity, scores.right_by_granularity),
        ):
            for level, n in theirs.items():
                mine[level] = mine.get(level, 0) + n

    def add_places(self, record: Mapping, predicted: Mapping) -> None:
        scores = score_places(record["places"], predicted)
        self.places.paired += scores.paired
        self.places.predicted += scores.predicted
        self.places.gold += scores.gold
        self.places.within += scores.within

    def add_provinces(self, record: Mapping, predicted: Mapping) -> None:
        provinces = record["provinces"] or []
        self.provinces.add(provinces_found(provinces, predicted), len(provinces))

    def add_article_date(self, record: Mapping, predicted: Mapping) -> None:
        day = document_day(record).isoformat()  # type: ignore[union-attr]
        published = predicted["metadata"].get("published")
        self.article_date.add(published == day)
        self.article_date_inferred.add(
            published is None and predicted.get("published_inferred") == day
        )

    def add_body(self, record: Mapping, predicted: Mapping) -> None:
        self.body_f1.append(token_f1(predicted["body"] or "", record["body"]))

    def report(self) -> dict:
        report: dict = {}
        present = self.present
        if "metadata" in present:
            report["metadata_accuracy"] = {f: r.value for f, r in self.metadata.items() if r.trials}
        if "counts" in present:
            report["counts"] = self.counts.as_dict()
        if "quotes" in present:
            report.update(self.quotes.report())
        if "entities" in present:
            report["entities"] = {t: tally.as_dict() for t, tally in self.entities.items()}
        if "mentions" in present:
            report["mentions"] = {t: tally.as_dict() for t, tally in self.mentions.items()}
            total = Tally()
            for tally in self.mentions.values():
                total.add(tally.tp, tally.predicted, tally.gold)
            report["mentions_all"] = total.as_dict()
        if "boilerplate" in present:
            report["boilerplate_removed"] = (
                self.boilerplate.value if self.boilerplate.trials else 1.0
            )
        if self.sentences_kept.trials and "boilerplate" in present:
            report["sentences_kept"] = self.sentences_kept.value
        if "killed_total" in present:
            report["killed_total_accuracy"] = self.killed.value
            report["killed_total_accuracy_when_killed"] = self.killed_when_killed.value
        if "captured_total" in present:
            report["captured_total_accuracy"] = self.captured.value
        if "wounded_total" in present:
            report["wounded_total_accuracy"] = self.wounded.value
        if self.event_date_found.trials:
            # The rule for every corpus: the event day among the article's day dates;
            # "_any_period" keeps the older, looser reading (inside any date, a month or year too).
            report["event_date_found"] = self.event_day_found.value
            report["event_date_found_any_period"] = self.event_date_found.value
            report["date_precision"] = self.date_precision.value
        if "provinces" in present:
            report["province_found"] = self.provinces.value
        if self.article_date.trials:
            report["article_date_right"] = self.article_date.value
            report["article_date_inferred_right"] = self.article_date_inferred.value
        if "dates" in present:
            report.update(dates_report(self.dates))
        if "places" in present:
            report.update(places_report(self.places))
        if "body" in present:
            report["body_token_f1"] = round(sum(self.body_f1) / len(self.body_f1), 4)
        return report


def dates_report(dates: DateScores) -> dict:
    value = Tally(dates.right, dates.predicted, dates.gold)
    extent = Tally(dates.extent_paired, dates.predicted, dates.gold)
    recall_by = {
        level: round(dates.right_by_granularity.get(level, 0) / n, 4)
        for level, n in sorted(dates.gold_by_granularity.items(), key=lambda kv: -kv[1])
    }
    return {
        "dates_value": value.as_dict(),
        "dates_extent": extent.as_dict(),
        "dates_recall_by_granularity": recall_by,
        "dates_gold_by_granularity": dict(
            sorted(dates.gold_by_granularity.items(), key=lambda kv: -kv[1])
        ),
    }


def places_report(places: PlaceScores) -> dict:
    within = round(places.within / places.paired, 4) if places.paired else 0.0
    return {
        "places": Tally(places.paired, places.predicted, places.gold).as_dict(),
        "places_within_161km": within,
    }
