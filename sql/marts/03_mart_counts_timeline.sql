-- grain: one row per reported month and kind (month, kind)
-- month is the first day of the month the figures were reported in; counts of articles with
-- no date (stated or inferred) are left out. latest_value is the figure of the latest report.
create or replace view mart_counts_timeline as
select
    cast(date_trunc('month', reported_date) as date) as month,
    kind,
    min(value) as min_value,
    max(value) as max_value,
    arg_max(value, struct_pack(reported_date := reported_date, count_id := count_id)) as latest_value,
    count(*) as report_count,
    count(distinct original_article_id) as article_count,
    list_sort(list_distinct(list(article_id))) as article_ids,
    coalesce(list_sort(list_distinct(list(publisher) filter (where publisher is not null))), []::varchar[])
        as publishers
from mart_count_reports
where reported_date is not null
group by cast(date_trunc('month', reported_date) as date), kind;
