-- one row per count (count_id), every column: the event's date and place columns when present
select * from fct_counts
