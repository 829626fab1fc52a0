-- one row per staged fct_quotes row not yet published
insert into fct_quotes
select * from stg_quotes
on conflict do nothing;
