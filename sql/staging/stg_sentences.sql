-- one row per staged dim_sentences row of the current run (the Parquet batch written by the run)
create or replace table stg_sentences as
select * from read_parquet($parquet_path);
