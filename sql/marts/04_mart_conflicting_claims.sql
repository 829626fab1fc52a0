-- grain: one row per pair of claims (claim_id_low, claim_id_high) on the same kind, force and event context (place, overlapping period, country) whose values cannot both hold
-- A claim allows a range of values: exact v, approx v ±10%, at_least v and up, at_most up to v
-- (the widest over its reports); two claims conflict when their ranges do not overlap.
-- Event context: the same event place (place_entity_id; both null only for troops, whose
-- strength is often stated for a whole country), event periods that overlap (fct_claims.
-- period_start/end: the stated event date, else the reported day; a troop strength with no
-- stated period holds over the years it was reported in, first_reported to last_reported;
-- a claim with neither is in no context), and reports by articles about the same country
-- (mart_count_reports.main_country_code). period_start/period_end are the overlap.
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
    select distinct claim_id, main_country_code as country_code
    from mart_count_reports
    where main_country_code is not null
),
claims as (
    select
        fct_claims.* replace (
            coalesce(period_start, case when kind = 'troops'
                then cast(date_trunc('year', first_reported) as date) end) as period_start,
            coalesce(period_end, case when kind = 'troops'
                then cast(date_trunc('year', last_reported) + interval 1 year - interval 1 day
                    as date) end) as period_end
        ),
        ranges.lowest,
        ranges.highest,
        contexts.country_code
    from fct_claims
    join ranges on ranges.claim_id = fct_claims.claim_id
    join contexts on contexts.claim_id = fct_claims.claim_id
),
pairs as (
    select
        low.*,
        high.claim_id as claim_id_high,
        high.value as value_high,
        high.qualifiers as qualifiers_high,
        high.article_ids as article_ids_high,
        high.publishers as publishers_high,
        greatest(low.period_start, high.period_start) as overlap_start,
        least(low.period_end, high.period_end) as overlap_end
    from claims as low
    join claims as high
        on high.kind = low.kind
        and high.who_key = low.who_key
        and high.place_entity_id is not distinct from low.place_entity_id
        -- two casualty figures with no place may be two events; a force's strength is
        -- often stated for the whole country it serves in
        and (low.place_entity_id is not null or low.kind = 'troops')
        and high.period_start <= low.period_end
        and low.period_start <= high.period_end
        and high.country_code = low.country_code
        and high.value > low.value
        and low.highest < high.lowest
    where low.article_ids <> high.article_ids
        and low.period_start is not null and high.period_start is not null
)
-- a pair in several shared countries is one conflict: the first country by code
select
    left(md5(concat_ws('|', claim_id, claim_id_high)), 24) as conflict_id,
    kind,
    who_key,
    overlap_start as period_start,
    overlap_end as period_end,
    case when overlap_start = overlap_end then 'day'
        when overlap_start = date_trunc('month', overlap_start)
            and overlap_end = last_day(overlap_start) then 'month'
        when overlap_start = date_trunc('year', overlap_start)
            and overlap_end = cast(date_trunc('year', overlap_start) + interval 1 year
                - interval 1 day as date) then 'year'
        else 'period'
    end as period_granularity,
    place_entity_id,
    place_name,
    min(country_code) as country_code,
    claim_id as claim_id_low,
    value as value_low,
    qualifiers as qualifiers_low,
    article_ids as article_ids_low,
    publishers as publishers_low,
    claim_id_high,
    value_high,
    qualifiers_high,
    article_ids_high,
    publishers_high,
    value_high / value as ratio
from pairs
group by all;

-- mart_conflicting_claims_for(date_from, date_to, publisher_labels): the conflicts both of
-- whose sides some article the BI filters keep (mart_filter_match) reports; unfiltered, every
-- row (each claim has a report).
create or replace macro mart_conflicting_claims_for(date_from, date_to, publisher_labels) as table
with kept as (
    select distinct article_id
    from mart_count_reports
    where mart_filter_match(reported_date, publisher_label, date_from, date_to, publisher_labels)
)
select *
from mart_conflicting_claims as conflicts
where exists (select 1 from kept where list_contains(conflicts.article_ids_low, kept.article_id))
    and exists (select 1 from kept where list_contains(conflicts.article_ids_high, kept.article_id));
