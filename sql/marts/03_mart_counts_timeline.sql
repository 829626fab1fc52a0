-- grain: one row per month, kind and how the month was dated (month, kind, dated_by)
-- month is the first day of the month in which what was counted happened: the end of the
-- count's event period (dated_by 'event'; a figure holds as of its period's end: "killed in
-- 2014" is December 2014's toll, "since 2001" runs to the article's day), else the month the
-- figure was reported in (dated_by 'reported'), so a chart can tell the two apart. Counts
-- with neither date are left out. latest_value is the figure of the latest report.
-- mart_counts_timeline_for(date_from, date_to, publisher_labels): the same over the reports of
-- the articles the BI filters keep (mart_filter_match); the view is it unfiltered.
create or replace macro mart_counts_timeline_for(date_from, date_to, publisher_labels) as table
with dated as (
    select
        *,
        cast(date_trunc('month', timeline_date) as date) as month
    from mart_count_reports
    where timeline_date is not null
        and mart_filter_match(reported_date, publisher_label, date_from, date_to, publisher_labels)
)
select
    month,
    kind,
    dated_by,
    min(value) as min_value,
    max(value) as max_value,
    arg_max(value, struct_pack(reported_date := reported_date, count_id := count_id)) as latest_value,
    count(*) as report_count,
    count(distinct original_article_id) as article_count,
    list_sort(list_distinct(list(article_id))) as article_ids,
    coalesce(list_sort(list_distinct(list(publisher) filter (where publisher is not null))), []::varchar[])
        as publishers
from dated
group by month, kind, dated_by;

create or replace view mart_counts_timeline as
select * from mart_counts_timeline_for(null, null, []::varchar[]);
