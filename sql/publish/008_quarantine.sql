-- one row per input this run could not load (quarantine is per run: never deduplicated away)
insert into quarantine by name
select * from stg_quarantine;
