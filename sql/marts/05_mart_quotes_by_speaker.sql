-- grain: one row per speaker (speaker_key): the speaker's entity when known, else the speaker as written (case-folded)
-- Quotes with no speaker are left out. example_quote is the speaker's longest quote.
-- current_quotes_for(date_from, date_to, publisher_labels) lists the quotations (one row per
-- quote_id) of the current articles the BI filters keep (mart_filter_match), with their
-- speaker_key (null when no speaker is known) and article; mart_quotes_by_speaker_for is the
-- mart over them, and the view is it unfiltered.
create or replace macro current_quotes_for(date_from, date_to, publisher_labels) as table
select
    quotes.*,
    articles.title,
    articles.publisher,
    coalesce(articles.publisher, '(unknown)') as publisher_label,
    coalesce(articles.published_date, articles.published_date_inferred) as reported_date,
    coalesce(quotes.speaker_entity_id, lower(quotes.speaker)) as speaker_key
from fct_quotes as quotes
join current_articles as articles on articles.article_id = quotes.article_id
where mart_filter_match(coalesce(articles.published_date, articles.published_date_inferred),
    coalesce(articles.publisher, '(unknown)'), date_from, date_to, publisher_labels);

create or replace macro mart_quotes_by_speaker_for(date_from, date_to, publisher_labels) as table
with quotes as (
    select *
    from current_quotes_for(date_from, date_to, publisher_labels)
    where speaker_key is not null
)
select
    quotes.speaker_key,
    coalesce(any_value(entities.name), mode(quotes.speaker)) as speaker,
    any_value(quotes.speaker_entity_id) as speaker_entity_id,
    mode(quotes.speaker_org) as speaker_org,
    count(*) as quote_count,
    count(distinct quotes.article_id) as article_count,
    count(distinct quotes.publisher) as publisher_count,
    min(quotes.reported_date) as first_quoted,
    max(quotes.reported_date) as last_quoted,
    coalesce(list_sort(list_distinct(list(quotes.cue) filter (where quotes.cue is not null))), []::varchar[])
        as cues,
    arg_max(quotes.quote_id, struct_pack(size := length(quotes.text), id := quotes.quote_id))
        as example_quote_id,
    arg_max(quotes.text, struct_pack(size := length(quotes.text), id := quotes.quote_id))
        as example_quote
from quotes
left join dim_entities as entities on entities.entity_id = quotes.speaker_entity_id
group by quotes.speaker_key;

create or replace view mart_quotes_by_speaker as
select * from mart_quotes_by_speaker_for(null, null, []::varchar[]);
