-- one row per staged dim_entities row of the current run (the Parquet batch written by the run)
create or replace table stg_entities as
select * from read_parquet($parquet_path);
