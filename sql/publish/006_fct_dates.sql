-- one row per staged fct_dates row not yet published (date_id)
insert into fct_dates by name
select * from stg_dates as staged
where not exists (
    select 1 from fct_dates as published
    where published.date_id = staged.date_id
);
