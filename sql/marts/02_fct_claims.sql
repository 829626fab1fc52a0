-- grain: one row per distinct claim (claim_id): a count's kind, value, normalized who and stated period, merged across articles
-- article_count counts copies of one story once (see mart_count_reports.original_article_id);
-- report_count is every count row behind the claim.
create or replace view fct_claims as
select
    claim_id,
    kind,
    value,
    who_key,
    period_start,
    period_end,
    any_value(period_granularity) as period_granularity,
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
group by claim_id, kind, value, who_key, period_start, period_end;
