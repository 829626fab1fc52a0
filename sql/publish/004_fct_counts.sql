-- one row per staged fct_counts row not yet published; by name, because a warehouse created
-- before a column was added has it last (sql/schema/001_contract_tables.sql)
insert into fct_counts by name
select * from stg_counts
on conflict do nothing;
