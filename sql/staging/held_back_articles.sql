-- one row per article held back from the current run's batch (article_id): its rows failed a
-- check; every stg_ view of a table with article_id leaves its rows out. Empty for each batch.
create or replace table held_back_articles (article_id varchar);
