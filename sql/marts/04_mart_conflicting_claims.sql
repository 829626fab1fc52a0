-- grain: one row per pair of claims (claim_id_low, claim_id_high) about the same kind, force and stated period whose values cannot both hold
-- A claim allows a range of values: exact v, approx v ±10%, at_least v and up, at_most up to v
-- (the widest over its reports). Two claims conflict when their ranges do not overlap. Pairs
-- stated by exactly the same articles (a story giving a figure then and now) are not
-- disagreements between sources and are left out. ratio = value_high / value_low.
create or replace view mart_conflicting_claims as
with ranges as (
    select
        claim_id,
        min(case qualifier when 'approx' then value * 0.9 when 'at_most' then 0 else value end)
            as lowest,
        max(case qualifier when 'approx' then value * 1.1 when 'at_least' then 'infinity'::double
            else value end) as highest
    from mart_count_reports
    group by claim_id
),
claims as (
    select fct_claims.*, ranges.lowest, ranges.highest
    from fct_claims
    join ranges on ranges.claim_id = fct_claims.claim_id
)
select
    left(md5(low.claim_id || '|' || high.claim_id), 24) as conflict_id,
    low.kind,
    low.who_key,
    low.period_start,
    low.period_end,
    low.period_granularity,
    low.claim_id as claim_id_low,
    low.value as value_low,
    low.qualifiers as qualifiers_low,
    low.article_ids as article_ids_low,
    low.publishers as publishers_low,
    high.claim_id as claim_id_high,
    high.value as value_high,
    high.qualifiers as qualifiers_high,
    high.article_ids as article_ids_high,
    high.publishers as publishers_high,
    high.value / low.value as ratio
from claims as low
join claims as high
    on high.kind = low.kind
    and high.who_key = low.who_key
    and high.period_start is not distinct from low.period_start
    and high.period_end is not distinct from low.period_end
    and high.value > low.value
    and low.highest < high.lowest
where low.article_ids <> high.article_ids;
