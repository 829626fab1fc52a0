-- rows of mart_entity_mentions the staged batch creates or changes: entities it mentions
-- (a co-mention list changes only when one of its entities is mentioned again)
select * from mart_entity_mentions
where entity_id in (select entity_id from stg_mentions)
