"""One person under one name across articles (issue 14): the batch step and the run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flows.models import ArticleFacts, CleanArticle, Entity, Mention, Metadata, Quote
from flows.person_links import PersonDirectory, link_surnames
from flows.tables import build_tables
from flows.warehouse import connect


def _article(aid: str, people: list[tuple[str, str]]) -> ArticleFacts:
    """An article mentioning each (written, canonical name) person once, in that order."""
    body = " ".join(written for written, _ in people) + " spoke."
    article = CleanArticle(
        source_file=f"{aid}.txt",
        content_sha256=aid * 8,
        article_id=aid,
        format="text",
        language="en",
        title="T",
        body=body,
    )
    meta = Metadata("T", None, (), date(2019, 7, 1), None)
    entities, mentions, start = {}, [], 0
    for written, name in people:
        entities.setdefault(name, Entity(name, "PERSON", (written,) if written != name else ()))
        mentions.append(Mention(name, "PERSON", written, start, start + len(written), 0))
        start += len(written) + 1
    last = mentions[-1]
    quote = Quote("We won.", last.text, last.entity_name, "PERSON", None, "said", 0, 3)
    return ArticleFacts(article, meta, tuple(entities.values()), tuple(mentions), (), (quote,), ())


def _names(article: ArticleFacts) -> list[str]:
    return [m.entity_name for m in article.mentions]


def test_surname_only_article_takes_the_batchs_one_full_name() -> None:
    full = _article("a1", [("Donald Trump", "Donald Trump"), ("Trump", "Donald Trump")])
    short = _article("a2", [("Trump", "Trump"), ("Pelosi", "Pelosi")])
    linked = link_surnames([full, short], PersonDirectory())
    assert _names(linked[1]) == ["Donald Trump", "Pelosi"]
    assert linked[1].quotes[0].speaker_entity_name == "Pelosi"
    trump = next(e for e in linked[1].entities if e.name == "Donald Trump")
    assert trump.aliases == ("Trump",)
    assert linked[0] == full  # nothing to change
    rows = build_tables(linked, [], [], "run", None)["dim_entities"].to_pylist()
    assert {r["name"] for r in rows} == {"Donald Trump", "Pelosi"}
    assert next(r for r in rows if r["name"] == "Donald Trump")["aliases"] == ["Trump"]


def test_published_full_name_links_and_two_of_one_surname_stay_apart() -> None:
    known = PersonDirectory(["Nancy Pelosi", "George Bush", "Jeb Bush"])
    short = _article("b1", [("Pelosi", "Pelosi"), ("Bush", "Bush")])
    linked = link_surnames([short], known)
    assert _names(linked[0]) == ["Nancy Pelosi", "Bush"]
    assert linked[0].quotes[0].speaker_entity_name == "Bush"


def test_linking_twice_changes_nothing_more() -> None:
    directory = PersonDirectory(["Nancy Pelosi"])
    once = link_surnames([_article("c1", [("Pelosi", "Pelosi")])], directory)
    assert link_surnames(once, directory) == once


def test_a_later_run_links_a_surname_to_the_person_the_warehouse_names_in_full(tmp_path) -> None:
    from flows.pipeline import pipeline
    from flows.settings import Settings

    fixtures = Path(__file__).parent / "fixtures" / "person_links"
    warehouse = tmp_path / "wh"
    pipeline(Settings(inputs=[fixtures / "first"], warehouse=warehouse))
    second = Settings(inputs=[fixtures / "second"], warehouse=warehouse)
    pipeline(second)
    rerun = pipeline(second)
    con = connect(second.warehouse)
    try:
        linked = con.execute(
            "select e.name, m.text from fct_mentions m join dim_entities e using (entity_id) "
            "join dim_articles a using (article_id) "
            "where e.type = 'PERSON' and a.source_file like '%surname_only.txt'"
        ).fetchall()
        people = con.execute("select name from dim_entities where type = 'PERSON'").fetchall()
    finally:
        con.close()
    assert linked == [("Nancy Pelosi", "Pelosi")]
    assert people == [("Nancy Pelosi",)]
    assert rerun.articles_new == 0
