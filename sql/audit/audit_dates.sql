-- one row per staged fct_dates row, with its article's body length so offsets can be checked
create or replace view audit_dates as
select facts.*, length(articles.body) as body_length
from stg_dates as facts
left join stg_articles as articles on facts.article_id = articles.article_id;
