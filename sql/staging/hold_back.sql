-- removes held-back articles (registered table held_back(article_id): their rows failed a
-- check) from the staged batch; staged entities only they referred to go with them
delete from stg_entities
where entity_id in (select entity_id from stg_mentions where article_id in (select article_id from held_back))
  and entity_id not in (select entity_id from stg_mentions where article_id not in (select article_id from held_back))
  and entity_id not in (select speaker_entity_id from stg_quotes
                        where speaker_entity_id is not null
                          and article_id not in (select article_id from held_back));
delete from stg_articles where article_id in (select article_id from held_back);
delete from stg_mentions where article_id in (select article_id from held_back);
delete from stg_counts where article_id in (select article_id from held_back);
delete from stg_quotes where article_id in (select article_id from held_back);
delete from stg_dates where article_id in (select article_id from held_back);
delete from stg_sentences where article_id in (select article_id from held_back);
