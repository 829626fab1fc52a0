-- grain: one row per distinct claim (claim_id): a count's kind, value, normalized who, event place and event period, merged across articles
-- period_start/period_end are the claim's event period (mart_count_reports.claim_period_*):
-- the event date the text gives (period_source 'text') or, for a casualty or capture, the
-- article's reported day ('reported'); null when neither is known (a troop strength with no
-- stated period). period_granularity
-- names the period's length (day, month, year, else period). place_entity_id is the event's
-- place (a LOC entity) of a casualty or capture, null when the text does not say and for a
-- troop strength (see mart_count_reports).
-- article_count counts copies of one story once (see mart_count_reports.original_article_id);
-- report_count is every count row behind the claim.
-- fct_claims_for(date_from, date_to, publisher_labels) is the same mart over the reports of the
-- articles the BI filters keep (mart_filter_match): a claim three outlets made, two of them
-- filtered out, counts one article there. fct_claims is it unfiltered.
create or replace macro fct_claims_for(date_from, date_to, publisher_labels) as table
select
    claim_id,
    kind,
    value,
    who_key,
    claim_period_start as period_start,
    claim_period_end as period_end,
    case
        when claim_period_start is null then null
        when claim_period_start = claim_period_end then 'day'
        when claim_period_start = date_trunc('month', claim_period_start)
            and claim_period_end = last_day(claim_period_start) then 'month'
        when claim_period_start = date_trunc('year', claim_period_start)
            and claim_period_end = cast(date_trunc('year', claim_period_start) + interval 1 year
                - interval 1 day as date) then 'year'
        else 'period'
    end as period_granularity,
    -- 'text' when any report states the period
    coalesce(max(claim_period_source) filter (where claim_period_source = 'text'),
        any_value(claim_period_source)) as period_source,
    claim_place_entity_id as place_entity_id,
    any_value(place_name) filter (where claim_place_entity_id is not null) as place_name,
    list_sort(list_distinct(list(qualifier))) as qualifiers,
    coalesce(list_sort(list_distinct(list(who) filter (where who is not null))), []::varchar[])
        as who_as_written,
    count(distinct original_article_id) as article_count,
    count(distinct publisher) as publisher_count,
    count(*) as report_count,
    min(reported_date) as first_reported,
    max(reported_date) as last_reported,
    list_sort(list_distinct(list(article_id))) as article_ids,
    coalesce(list_sort(list_distinct(list(publisher) filter (where publisher is not null))), []::varchar[])
        as publishers
from mart_count_reports
where mart_filter_match(reported_date, publisher_label, date_from, date_to, publisher_labels)
group by claim_id, kind, value, who_key, claim_place_entity_id, claim_period_start, claim_period_end;

create or replace view fct_claims as
select * from fct_claims_for(null, null, []::varchar[]);
