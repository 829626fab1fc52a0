-- one row per staged dim_sentences row not yet published
insert into dim_sentences
select * from stg_sentences
on conflict do nothing;
