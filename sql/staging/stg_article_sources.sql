-- one row per staged article_sources row of the current run (the Parquet batch written by the run)
create or replace view stg_article_sources as
select * from read_parquet($parquet_path);
