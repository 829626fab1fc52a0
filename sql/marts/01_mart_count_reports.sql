-- grain: one row per count fact (count_id), with its article, the claim it states and the report it belongs to
-- reported_date is the article's stated date, else its inferred one. A claim is (kind, value,
-- who_key, event place, event period): two raids on different days or in different districts
-- are two claims. The event period (claim_period_start/end) is the count's event date when
-- the text says it; else, so that undated reports of different events never merge, the
-- article's reported day for a casualty or capture (news reports what just happened: copies
-- of one story still merge). A troop strength with no stated period has none: a standing
-- force's figure ("130,000 troops" at the peak) is quoted for years and is one claim
-- (mart_conflicting_claims compares such figures only when reported in overlapping years).
-- claim_period_source says which: 'text', 'reported', or null. The place keys a casualty or
-- capture (claim_place_entity_id); a force is named by its who_key, with or without the
-- "in Afghanistan" one report adds. A casualty or capture count
-- with no period at all is one claim only with copies of its own sentence (nothing tells
-- whether two undated reports are one event). original_article_id is the first article (lowest id) stating the
-- claim in the same sentence (same words): copies of one story share it and count once.
-- main_country_code is the country the article mentions most (its places' countries; ties by
-- code), null when it names no place: the context in which two figures can disagree.
-- publisher_label is the publisher, '(unknown)' when the article states none (as in
-- mart_sources): the value the BI publisher filter matches. timeline_date is where a chart
-- of figures over time places the count: the end of its event period (dated_by 'event'), else
-- its article's reported date ('reported'); null with neither (see mart_counts_timeline).
create or replace view mart_count_reports as
with article_countries as (
    select mentions.article_id, places.country_code, count(*) as mentions
    from fct_mentions as mentions
    join dim_entities as places on places.entity_id = mentions.entity_id
    where places.type = 'LOC' and places.country_code is not null
    group by mentions.article_id, places.country_code
),
main_countries as (
    select article_id, arg_max(country_code, struct_pack(n := mentions, code := country_code)) as country_code
    from article_countries
    group by article_id
),
counts as (
    select
        counts.count_id,
        counts.article_id,
        articles.title,
        articles.publisher,
        coalesce(articles.published_date, articles.published_date_inferred) as reported_date,
        counts.kind,
        counts.value,
        counts.qualifier,
        counts.who,
        -- counts loaded before who_key existed keep their who as written until rebuilt
        coalesce(counts.who_key, lower(counts.who), '(unspecified)') as who_key,
        counts.period_start,
        counts.period_end,
        counts.period_granularity,
        counts.event_date_start,
        counts.event_date_end,
        counts.place_entity_id,
        places.name as place_name,
        counts.start_char,
        counts.end_char,
        counts.sentence_index,
        sentences.fingerprint as sentence_fingerprint,
        main_countries.country_code as main_country_code
    from fct_counts as counts
    join current_articles as articles on articles.article_id = counts.article_id
    left join dim_sentences as sentences
        on sentences.article_id = counts.article_id
        and sentences.sentence_index = counts.sentence_index
    left join main_countries on main_countries.article_id = counts.article_id
    left join dim_entities as places on places.entity_id = counts.place_entity_id
),
periods as (
    select
        *,
        case
            when event_date_start is not null then event_date_start
            when kind <> 'troops' then reported_date
        end as claim_period_start,
        case
            when event_date_start is not null then event_date_end
            when kind <> 'troops' then reported_date
        end as claim_period_end,
        case
            when event_date_start is not null then 'text'
            when kind <> 'troops' and reported_date is not null then 'reported'
        end as claim_period_source,
        case when kind <> 'troops' then place_entity_id end as claim_place_entity_id
    from counts
),
claimed as (
    select
        *,
        left(md5(concat_ws('|', kind, value, who_key, coalesce(claim_place_entity_id, ''),
            coalesce(cast(claim_period_start as varchar), ''),
            coalesce(cast(claim_period_end as varchar), ''),
            -- with no period at all, only copies of the same sentence are one claim
            case when claim_period_start is null and kind <> 'troops'
                then coalesce(sentence_fingerprint, article_id) else '' end)), 24)
            as claim_id
    from periods
)
select
    count_id, claim_id, article_id, title, publisher, reported_date, kind, value, qualifier, who,
    who_key, period_start, period_end, period_granularity, event_date_start, event_date_end,
    place_entity_id, place_name, claim_period_start, claim_period_end, claim_period_source,
    claim_place_entity_id,
    start_char, end_char, sentence_index, main_country_code,
    min(article_id) over (
        partition by claim_id, coalesce(sentence_fingerprint, article_id)
    ) as original_article_id,
    coalesce(publisher, '(unknown)') as publisher_label,
    coalesce(event_date_end, reported_date) as timeline_date,
    case when event_date_end is not null then 'event' else 'reported' end as dated_by
from claimed;

-- The BI filters, one definition for every mart that takes them (the *_for table macros):
-- an article is in when its reported date lies in [date_from, date_to] (a null bound is no
-- bound; an undated article is out once a bound is set) and its publisher label is one of
-- publisher_labels (an empty list: every publisher).
create or replace macro mart_filter_match(article_date, article_publisher, date_from, date_to, publisher_labels) as
    (date_from is null or article_date >= date_from)
    and (date_to is null or article_date <= date_to)
    and (len(publisher_labels) = 0 or list_contains(publisher_labels, article_publisher));
