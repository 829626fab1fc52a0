-- one row per staged fct_counts row of the current run (the Parquet batch written by the run)
create or replace table stg_counts as
select * from read_parquet($parquet_path);
