-- rows of mart_count_reports the staged batch adds: its own counts
select * from mart_count_reports
where article_id in (select article_id from stg_articles)
