-- one row per mention in a current article (mention_id), with the article's reported date
-- (stated, else inferred): the base of the entity and place marts
create or replace view current_mentions as
select
    mentions.mention_id,
    mentions.entity_id,
    mentions.article_id,
    coalesce(articles.published_date, articles.published_date_inferred) as reported_date
from fct_mentions as mentions
join current_articles as articles on articles.article_id = mentions.article_id;
