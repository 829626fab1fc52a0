-- one row per new article (article_id): staged articles not yet published (DuckLake has no
-- primary key, so the anti-join keeps article_id unique)
insert into dim_articles by name
select * from stg_articles as staged
where not exists (
    select 1 from dim_articles as published where published.article_id = staged.article_id
);
