-- one row per staged fct_mentions row of the current run (the Parquet batch written by the run)
create or replace table stg_mentions as
select * from read_parquet($parquet_path);
