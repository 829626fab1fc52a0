-- one row per pipeline run (run_id)
insert into runs by name
select * from stg_runs;
