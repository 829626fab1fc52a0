-- one row per staged fct_quotes row not yet published; by name, because a warehouse created
-- before a column was added has it last (sql/schema/001_contract_tables.sql)
insert into fct_quotes by name
select * from stg_quotes
on conflict do nothing;
