-- one row per mention (mention_id) with its canonical entity
select m.article_id, e.type, e.name, m.text
from fct_mentions as m
join dim_entities as e on e.entity_id = m.entity_id
