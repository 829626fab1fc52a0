-- rows of mart_places the staged batch creates or changes: places it mentions
select * from mart_places
where entity_id in (select entity_id from stg_mentions)
