-- grain: one row per mentioned entity (entity_id)
-- first_seen/last_seen are the earliest and latest dates of the articles mentioning it;
-- co_mentioned lists up to 5 entities sharing the most articles with it (ties by name).
-- sql/mart_slices/mart_entity_mentions.sql restates this query for a batch's entities:
-- change both (tests/test_marts.py compares them).
create or replace view mart_entity_mentions as
with per_entity as (
    select
        entity_id,
        count(*) as mention_count,
        count(distinct article_id) as article_count,
        min(reported_date) as first_seen,
        max(reported_date) as last_seen
    from current_mentions
    group by entity_id
),
entity_articles as (
    select distinct entity_id, article_id from current_mentions
),
pairs as (
    select one.entity_id, other.entity_id as other_id, count(*) as shared_articles
    from entity_articles as one
    join entity_articles as other
        on other.article_id = one.article_id and other.entity_id <> one.entity_id
    group by one.entity_id, other.entity_id
),
ranked as (
    select
        pairs.entity_id,
        entities.name,
        row_number() over (
            partition by pairs.entity_id order by pairs.shared_articles desc, entities.name
        ) as rank
    from pairs
    join dim_entities as entities on entities.entity_id = pairs.other_id
),
co_mentions as (
    select entity_id, list(name order by rank) as co_mentioned
    from ranked
    where rank <= 5
    group by entity_id
)
select
    entities.entity_id,
    entities.name,
    entities.type,
    per_entity.mention_count,
    per_entity.article_count,
    per_entity.first_seen,
    per_entity.last_seen,
    coalesce(co_mentions.co_mentioned, []) as co_mentioned
from dim_entities as entities
join per_entity on per_entity.entity_id = entities.entity_id
left join co_mentions on co_mentions.entity_id = entities.entity_id;
