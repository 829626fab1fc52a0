-- one row per staged dim_articles row of the current run (the Parquet batch written by the run)
create or replace table stg_articles as
select * from read_parquet($parquet_path);
