-- grain: one row per pair of claims (claim_id_low, claim_id_high) on the same kind, force, stated period and context (country_code, event_month) whose values cannot both hold
-- A claim allows a range of values: exact v, approx v ±10%, at_least v and up, at_most up to v
-- (the widest over its reports); two claims conflict when their ranges do not overlap.
-- Context: both are reported by articles about the same country (mart_count_reports.
-- main_country_code). A troop strength describes a standing force, quoted over years; a
-- casualty or capture figure describes an event, so without a stated period both reports
-- must also come from the same month (event_month; null for troops or a stated period).
-- Pairs stated by exactly the same articles (a story giving a figure then and now) are not
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
contexts as (
    select distinct
        claim_id,
        main_country_code as country_code,
        case when kind <> 'troops' and period_start is null
            then cast(date_trunc('month', reported_date) as date) end as event_month
    from mart_count_reports
    where main_country_code is not null
        and (kind = 'troops' or period_start is not null or reported_date is not null)
),
claims as (
    select fct_claims.*, ranges.lowest, ranges.highest, contexts.country_code, contexts.event_month
    from fct_claims
    join ranges on ranges.claim_id = fct_claims.claim_id
    join contexts on contexts.claim_id = fct_claims.claim_id
)
select
    left(md5(concat_ws('|', low.claim_id, high.claim_id, low.country_code,
        coalesce(cast(low.event_month as varchar), ''))), 24) as conflict_id,
    low.kind,
    low.who_key,
    low.period_start,
    low.period_end,
    low.period_granularity,
    low.country_code,
    low.event_month,
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
    and high.country_code = low.country_code
    and high.event_month is not distinct from low.event_month
    and high.value > low.value
    and low.highest < high.lowest
where low.article_ids <> high.article_ids;
