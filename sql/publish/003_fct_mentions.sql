-- one row per staged fct_mentions row not yet published
insert into fct_mentions
select * from stg_mentions
on conflict do nothing;
