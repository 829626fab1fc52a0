-- holds back articles (registered table held_back(article_id): their rows failed a check)
-- from the staged batch, and the staged entities only they referred to: the stg_ views leave
-- out what held_back_articles and held_back_entities list (the entities first, while the
-- views still show the articles being held back)
insert into held_back_entities
select entity_id from stg_entities
where entity_id in (select entity_id from stg_mentions where article_id in (select article_id from held_back))
  and entity_id not in (select entity_id from stg_mentions where article_id not in (select article_id from held_back))
  and entity_id not in (select speaker_entity_id from stg_quotes
                        where speaker_entity_id is not null
                          and article_id not in (select article_id from held_back));
insert into held_back_articles
select distinct article_id from held_back
where article_id not in (select article_id from held_back_articles);
