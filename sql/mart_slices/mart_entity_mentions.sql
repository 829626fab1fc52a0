-- rows of mart_entity_mentions the staged batch creates or changes: entities it mentions
-- (a co-mention list changes only when one of its entities is mentioned again).
-- The mart's own query (sql/marts/06_mart_entity_mentions.sql) with those entities chosen
-- before its co-mention self-join: filtering the finished mart would pair every entity of
-- the warehouse first, a cost that grows with the warehouse instead of the batch.
-- tests/test_marts.py checks that both give the same rows.
with touched as (
    select distinct entity_id from stg_mentions where entity_id is not null
),
per_entity as (
    select
        entity_id,
        count(*) as mention_count,
        count(distinct article_id) as article_count,
        min(reported_date) as first_seen,
        max(reported_date) as last_seen
    from current_mentions
    where entity_id in (select entity_id from touched)
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
    where one.entity_id in (select entity_id from touched)
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
left join co_mentions on co_mentions.entity_id = entities.entity_id
