-- one row per new article (article_id): staged articles not yet published
insert into dim_articles by name
select * from stg_articles
on conflict (article_id) do nothing;
