-- one row per staged fct_counts row, with its article's body length so offsets can be checked
-- and the type of its event place (place_entity_type: the entity's type, 'missing' when
-- place_entity_id names no entity of the batch or the warehouse, null when it has no place)
create or replace view audit_counts as
with places as (
    select entity_id, type from stg_entities
    union all
    select entity_id, type from dim_entities
    where entity_id not in (select entity_id from stg_entities)
)
select
    facts.*,
    length(articles.body) as body_length,
    case when facts.place_entity_id is not null then coalesce(places.type, 'missing') end
        as place_entity_type
from stg_counts as facts
left join stg_articles as articles on facts.article_id = articles.article_id
left join places on places.entity_id = facts.place_entity_id;
