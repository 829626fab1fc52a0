-- one row per date expression (date_id)
select article_id, strftime(value_start, '%Y-%m-%d') as value_start,
       strftime(value_end, '%Y-%m-%d') as value_end, granularity
from fct_dates
