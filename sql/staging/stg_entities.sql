-- one row per staged entity (entity_id) of the current run, merged over the run's chunks:
-- the first chunk's name, type and place fields, the union of every chunk's spellings; but
-- those only held-back articles referred to. A view over the run's Parquet files.
create or replace view stg_entities as
select
    entity_id,
    arg_min_null(name, filename) as name,
    arg_min_null(type, filename) as type,
    list_sort(list_distinct(flatten(list(aliases)))) as aliases,
    arg_min_null(country_code, filename) as country_code,
    arg_min_null(latitude, filename) as latitude,
    arg_min_null(longitude, filename) as longitude
from read_parquet($parquet_path, filename = true) as staged
where not exists (
    select 1 from held_back_entities as held where held.entity_id = staged.entity_id
)
group by entity_id;
