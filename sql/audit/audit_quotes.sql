-- one row per staged fct_quotes row, with its article's body length so offsets can be checked
create or replace view audit_quotes as
select facts.*, length(articles.body) as body_length
from stg_quotes as facts
left join stg_articles as articles on facts.article_id = articles.article_id;
