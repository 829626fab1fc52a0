-- one row per staged quarantine row of the current run (the Parquet batch written by the run)
create or replace view stg_quarantine as
select * from read_parquet($parquet_path);
