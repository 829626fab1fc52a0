-- one row per input path (path): what it held when last loaded; a changed file's row is replaced.
-- First, the history rule: when a path now holds another article, the article it held is
-- superseded by the new one, unless some other path still holds it (a copy elsewhere).
update dim_articles
set superseded_by = changed.new_article_id, superseded_at = changed.recorded_at
from (
    select old.article_id as old_article_id, new.article_id as new_article_id, new.recorded_at
    from stg_file_manifest as new
    join file_manifest as old on old.path = new.path
    where old.article_id <> new.article_id
) as changed
where dim_articles.article_id = changed.old_article_id
  and dim_articles.superseded_by is null
  and not exists (
      select 1 from file_manifest as other
      where other.article_id = changed.old_article_id
        and other.path not in (select path from stg_file_manifest)
  )
  and not exists (
      select 1 from stg_file_manifest as staged where staged.article_id = changed.old_article_id
  );

-- Then the replacement (DuckLake has no primary key for INSERT OR REPLACE): the staged paths'
-- old rows go, the staged rows come in.
delete from file_manifest
where path in (select path from stg_file_manifest);

insert into file_manifest by name
select * from stg_file_manifest;
