-- one row per staged fct_quotes row of the current run (the Parquet batch written by the run)
-- but those of held-back articles; a view, so the batch is read from its files, never held
create or replace view stg_quotes as
select * from read_parquet($parquet_path)
where article_id not in (select article_id from held_back_articles);
