-- one row per input file that became (or matched) an article (source_file)
select s.source_file, a.article_id, a.title, a.publisher, a.authors,
       strftime(a.published_date, '%Y-%m-%d') as published,
       strftime(a.published_date_inferred, '%Y-%m-%d') as published_inferred, a.body
from article_sources as s
join dim_articles as a on a.article_id = s.article_id
