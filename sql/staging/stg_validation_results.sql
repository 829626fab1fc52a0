-- one row per validation_results row of the current run, staged once validation has finished
create or replace view stg_validation_results as
select * from read_parquet($parquet_path);
