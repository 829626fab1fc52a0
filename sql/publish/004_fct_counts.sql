-- one row per staged fct_counts row not yet published (count_id); by name, because a warehouse
-- created before a column was added has it last (sql/schema/001_contract_tables.sql)
insert into fct_counts by name
select * from stg_counts as staged
where not exists (
    select 1 from fct_counts as published
    where published.count_id = staged.count_id
);
