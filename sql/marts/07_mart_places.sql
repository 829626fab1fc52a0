-- grain: one row per geocoded place (entity_id): places with coordinates and how much the news mentions them, ready for a map
create or replace view mart_places as
select
    places.entity_id,
    places.name,
    places.country_code,
    places.latitude,
    places.longitude,
    count(*) as mention_count,
    count(distinct mentions.article_id) as article_count,
    min(mentions.reported_date) as first_seen,
    max(mentions.reported_date) as last_seen
from dim_entities as places
join current_mentions as mentions on mentions.entity_id = places.entity_id
where places.type = 'LOC' and places.latitude is not null and places.longitude is not null
group by places.entity_id, places.name, places.country_code, places.latitude, places.longitude;
