-- grain: one row per geocoded place (entity_id): places with coordinates and how much the news mentions them, ready for a map
-- place_mentions_for(date_from, date_to, publisher_labels) lists the mentions (one row per
-- mention_id) of geocoded places in the current articles the BI filters keep
-- (mart_filter_match), with the words, their sentence and the article; mart_places_for is
-- the mart over them, and the view is it unfiltered.
create or replace macro place_mentions_for(date_from, date_to, publisher_labels) as table
select
    mentions.mention_id,
    mentions.entity_id,
    mentions.article_id,
    facts.text,
    facts.start_char,
    facts.end_char,
    facts.sentence_index,
    articles.title,
    coalesce(articles.publisher, '(unknown)') as publisher_label,
    mentions.reported_date
from current_mentions as mentions
join dim_entities as places on places.entity_id = mentions.entity_id
join fct_mentions as facts on facts.mention_id = mentions.mention_id
join current_articles as articles on articles.article_id = mentions.article_id
where places.type = 'LOC' and places.latitude is not null and places.longitude is not null
    and mart_filter_match(mentions.reported_date, coalesce(articles.publisher, '(unknown)'),
        date_from, date_to, publisher_labels);

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
join place_mentions_for(date_from, date_to, publisher_labels) as mentions
    on mentions.entity_id = places.entity_id
group by places.entity_id, places.name, places.country_code, places.latitude, places.longitude;

create or replace view mart_places as
select * from mart_places_for(null, null, []::varchar[]);
