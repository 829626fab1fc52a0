-- one row per staged dim_sentences row not yet published (article_id, sentence_index)
insert into dim_sentences by name
select * from stg_sentences as staged
where not exists (
    select 1 from dim_sentences as published
    where published.article_id = staged.article_id
      and published.sentence_index = staged.sentence_index
);
