-- one row per count (count_id)
select article_id, kind, value, who, qualifier from fct_counts
