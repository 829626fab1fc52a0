-- one row per pipeline run (run_id)
insert into runs
select * from stg_runs;
