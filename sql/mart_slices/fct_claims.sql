-- rows of fct_claims the staged batch creates or changes: claims its counts state
select * from fct_claims
where claim_id in (
    select claim_id from mart_count_reports
    where article_id in (select article_id from stg_articles)
)
