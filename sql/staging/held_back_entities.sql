-- one row per staged entity held back with its articles (entity_id): only held-back articles
-- referred to it; stg_entities leaves it out. Empty for each batch.
create or replace table held_back_entities (entity_id varchar);
