-- one row per (article, raw input) pair seen for the first time
insert into article_sources
select * from stg_article_sources
on conflict do nothing;
