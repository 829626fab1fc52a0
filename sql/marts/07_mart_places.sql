-- grain: one row per geocoded place (entity_id): places with coordinates and how much the news mentions them, ready for a map
-- mart_places_for(date_from, date_to, publisher_labels): the same over the mentions in the
-- current articles the BI filters keep (mart_filter_match); the view is it unfiltered.
create or replace macro mart_places_for(date_from, date_to, publisher_labels) as table
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
join current_articles as articles on articles.article_id = mentions.article_id
where places.type = 'LOC' and places.latitude is not null and places.longitude is not null
    and mart_filter_match(mentions.reported_date, coalesce(articles.publisher, '(unknown)'),
        date_from, date_to, publisher_labels)
group by places.entity_id, places.name, places.country_code, places.latitude, places.longitude;

create or replace view mart_places as
select * from mart_places_for(null, null, []::varchar[]);
