-- one row per staged fct_quotes row not yet published (quote_id); by name, because a warehouse
-- created before a column was added has it last (sql/schema/001_contract_tables.sql)
insert into fct_quotes by name
select * from stg_quotes as staged
where not exists (
    select 1 from fct_quotes as published
    where published.quote_id = staged.quote_id
);
