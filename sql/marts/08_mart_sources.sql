-- grain: one row per publisher ('(unknown)' for articles that state none)
-- first_published/last_published span the articles' dates (stated, else inferred); the fact
-- columns count the rows each fact table holds for the publisher's articles.
-- mart_sources_for(date_from, date_to, publisher_labels): the same over the current articles
-- the BI filters keep (mart_filter_match); the view is it unfiltered.
create or replace macro mart_sources_for(date_from, date_to, publisher_labels) as table
with articles as (
    select
        article_id,
        coalesce(publisher, '(unknown)') as publisher,
        authors,
        coalesce(published_date, published_date_inferred) as reported_date
    from current_articles
    where mart_filter_match(coalesce(published_date, published_date_inferred),
        coalesce(publisher, '(unknown)'), date_from, date_to, publisher_labels)
),
facts as (
    select article_id, 'mention' as fact from fct_mentions
    union all select article_id, 'count' from fct_counts
    union all select article_id, 'quote' from fct_quotes
    union all select article_id, 'date' from fct_dates
),
facts_per_article as (
    select
        article_id,
        count(*) filter (where fact = 'mention') as mention_count,
        count(*) filter (where fact = 'count') as count_count,
        count(*) filter (where fact = 'quote') as quote_count,
        count(*) filter (where fact = 'date') as date_count
    from facts
    where article_id in (select article_id from articles)
    group by article_id
),
authors as (
    select publisher, count(distinct author) as author_count
    from (select publisher, unnest(authors) as author from articles)
    group by publisher
)
select
    articles.publisher,
    count(*) as article_count,
    coalesce(any_value(authors.author_count), 0) as author_count,
    min(articles.reported_date) as first_published,
    max(articles.reported_date) as last_published,
    cast(coalesce(sum(facts_per_article.mention_count), 0) as bigint) as mention_count,
    cast(coalesce(sum(facts_per_article.count_count), 0) as bigint) as count_count,
    cast(coalesce(sum(facts_per_article.quote_count), 0) as bigint) as quote_count,
    cast(coalesce(sum(facts_per_article.date_count), 0) as bigint) as date_count
from articles
left join facts_per_article on facts_per_article.article_id = articles.article_id
left join authors on authors.publisher = articles.publisher
group by articles.publisher;

create or replace view mart_sources as
select * from mart_sources_for(null, null, []::varchar[]);
