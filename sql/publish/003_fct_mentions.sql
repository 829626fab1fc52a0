-- one row per staged fct_mentions row not yet published (mention_id)
insert into fct_mentions by name
select * from stg_mentions as staged
where not exists (
    select 1 from fct_mentions as published
    where published.mention_id = staged.mention_id
);
