-- one row per runs row of the current run, staged once validation has finished
create or replace view stg_runs as
select * from read_parquet($parquet_path);
