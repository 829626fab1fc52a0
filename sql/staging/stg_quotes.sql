-- one row per staged fct_quotes row of the current run (the Parquet batch written by the run)
create or replace table stg_quotes as
select * from read_parquet($parquet_path);
