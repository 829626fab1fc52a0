-- one row per mention (mention_id) with its canonical entity and, for places, where it is
select m.article_id, e.type, e.name, m.text, m.start_char, m.end_char,
       e.country_code, e.latitude, e.longitude
from fct_mentions as m
join dim_entities as e on e.entity_id = m.entity_id
