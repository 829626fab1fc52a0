-- one row per staged fct_counts row not yet published
insert into fct_counts
select * from stg_counts
on conflict do nothing;
