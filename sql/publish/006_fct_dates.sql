-- one row per staged fct_dates row not yet published
insert into fct_dates
select * from stg_dates
on conflict do nothing;
