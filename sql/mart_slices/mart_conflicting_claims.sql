-- rows of mart_conflicting_claims the staged batch can create or change: pairs with a claim its counts state
with touched as (
    select claim_id from mart_count_reports
    where article_id in (select article_id from stg_articles)
)
select * from mart_conflicting_claims
where claim_id_low in (select claim_id from touched)
   or claim_id_high in (select claim_id from touched)
