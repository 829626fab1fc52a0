-- one row per staged dim_sentences row, with its article's body length so offsets can be checked
create or replace view audit_sentences as
select sentences.*, length(articles.body) as body_length
from stg_sentences as sentences
left join stg_articles as articles on sentences.article_id = articles.article_id;
