-- one row per staged fct_mentions row of the current run (the Parquet batch written by the run)
-- but those of held-back articles (a row without article_id stays, for its check to fail
-- again); a view, so the batch is read from its files, not held in memory
create or replace view stg_mentions as
select * from read_parquet($parquet_path) as staged
where not exists (
    select 1 from held_back_articles as held where held.article_id = staged.article_id
);
