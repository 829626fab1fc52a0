-- one row per (article, raw input) pair seen for the first time
-- (article_id, content_sha256, source_file)
insert into article_sources by name
select * from stg_article_sources as staged
where not exists (
    select 1 from article_sources as published
    where published.article_id = staged.article_id
      and published.content_sha256 = staged.content_sha256
      and published.source_file = staged.source_file
);
