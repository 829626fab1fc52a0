-- one row per current article (article_id): those no changed file has superseded; the marts
-- read facts through it, so a changed file's new version replaces its old facts there
create or replace view current_articles as
select * from dim_articles
where superseded_by is null;
