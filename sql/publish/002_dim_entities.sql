-- one row per canonical entity (entity_id); a known entity gains the batch's new spellings
insert into dim_entities
select * from stg_entities
on conflict (entity_id) do update set
    aliases = list_sort(list_distinct(list_concat(dim_entities.aliases, excluded.aliases)));
