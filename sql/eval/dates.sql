-- one row per date expression (date_id), with its text and offsets into the body
select article_id, text, strftime(value_start, '%Y-%m-%d') as value_start,
       strftime(value_end, '%Y-%m-%d') as value_end, granularity, start_char, end_char
from fct_dates
