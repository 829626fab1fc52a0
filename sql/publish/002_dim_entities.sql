-- one row per canonical entity (entity_id); a known entity gains the batch's new spellings
-- (aliases merged, distinct and sorted); only entities whose aliases change are rewritten,
-- since every updated row costs DuckLake a delete file and a new data file
update dim_entities
set aliases = list_sort(list_distinct(list_concat(dim_entities.aliases, staged.aliases)))
from stg_entities as staged
where staged.entity_id = dim_entities.entity_id
  and list_sort(list_distinct(list_concat(dim_entities.aliases, staged.aliases))) <> dim_entities.aliases;

insert into dim_entities by name
select * from stg_entities as staged
where not exists (
    select 1 from dim_entities as published where published.entity_id = staged.entity_id
);
