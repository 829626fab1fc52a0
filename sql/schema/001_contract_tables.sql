-- The published warehouse: the tables of the contract in WAREHOUSE.md, in DuckLake.
-- Created once; every statement is idempotent so opening an existing warehouse is safe.
-- DuckLake has no PRIMARY KEY or UNIQUE: each table's key (named on its comment line) is
-- kept unique by the publish scripts, which insert only keys not yet published
-- (sql/publish/), and by the suites, which check the staged batch's keys.

-- one row per distinct article (article_id)
create table if not exists dim_articles (
    article_id              varchar,
    source_file             varchar not null,
    content_sha256          varchar not null,
    title                   varchar not null,
    publisher               varchar,
    authors                 varchar[] not null,
    published_date          date,
    published_date_inferred date,
    language                varchar not null,
    body                    varchar not null,
    word_count              integer not null,
    ingested_at             timestamp not null,
    run_id                  varchar not null,
    -- added by newsfacts: why some facts were not extracted (e.g. a language the
    -- extractors do not read), null when every extractor ran
    extraction_note         varchar,
    -- added by newsfacts: where the article's date came from (html_meta, stated_label,
    -- header_line, dateline, title; inferred_latest_event or inferred_earliest_plan for
    -- published_date_inferred)
    published_date_source   varchar
);
-- warehouses created before extraction_note / published_date_source existed
alter table dim_articles add column if not exists extraction_note varchar;
alter table dim_articles add column if not exists published_date_source varchar;

-- one row per canonical entity (entity_id)
create table if not exists dim_entities (
    entity_id    varchar,
    name         varchar not null,
    type         varchar not null,
    aliases      varchar[] not null,
    country_code varchar,
    latitude     double,
    longitude    double
);

-- one row per entity mention (mention_id)
create table if not exists fct_mentions (
    mention_id     varchar,
    article_id     varchar not null,
    entity_id      varchar not null,
    text           varchar not null,
    start_char     integer not null,
    end_char       integer not null,
    sentence_index integer not null
);

-- one row per counted fact (count_id)
create table if not exists fct_counts (
    count_id       varchar,
    article_id     varchar not null,
    value          bigint not null,
    kind           varchar not null,
    who            varchar,
    qualifier      varchar not null,
    start_char     integer not null,
    end_char       integer not null,
    sentence_index integer not null,
    -- the event counted (flows/extract/count_events.py): when it happened and where (a LOC
    -- entity), null when the text does not say
    event_date_start   date,
    event_date_end     date,
    place_entity_id    varchar,
    -- added by newsfacts (flows/extract/claims.py): the counted people normalized, and the
    -- period the count is stated for (null when the sentence states none)
    who_key            varchar,
    period_start       date,
    period_end         date,
    period_granularity varchar
);
-- warehouses created before claims existed (their counts keep null keys until rebuilt)
alter table fct_counts add column if not exists who_key varchar;
alter table fct_counts add column if not exists period_start date;
alter table fct_counts add column if not exists period_end date;
alter table fct_counts add column if not exists period_granularity varchar;
-- warehouses created before count events existed (their counts keep null events until
-- rebuilt); the columns land last there, so fct_counts is published by name
alter table fct_counts add column if not exists event_date_start date;
alter table fct_counts add column if not exists event_date_end date;
alter table fct_counts add column if not exists place_entity_id varchar;

-- one row per direct quotation (quote_id)
create table if not exists fct_quotes (
    quote_id          varchar,
    article_id        varchar not null,
    text              varchar not null,
    speaker           varchar,
    speaker_entity_id varchar,
    speaker_org       varchar,
    cue               varchar,
    start_char        integer not null,
    end_char          integer not null,
    -- the quote_id of the first quote of the statement this one belongs to ("A," X said.
    -- "B." is two quotes of one statement), and whether the quoted words sit inside the
    -- writer's own sentence (a partial quote)
    statement_id      varchar not null,
    is_partial        boolean not null
);
-- warehouses created before statements existed: their quotes are each a statement of their
-- own until rebuilt; the columns land last there, so fct_quotes is published by name
alter table fct_quotes add column if not exists statement_id varchar;
alter table fct_quotes add column if not exists is_partial boolean;
update fct_quotes set statement_id = quote_id where statement_id is null;
update fct_quotes set is_partial = false where is_partial is null;

-- one row per date expression (date_id)
create table if not exists fct_dates (
    date_id     varchar,
    article_id  varchar not null,
    text        varchar not null,
    value_start date not null,
    value_end   date not null,
    granularity varchar not null,
    start_char  integer not null,
    end_char    integer not null
);

-- one row per input that was not loaded, per run (source_file, content_sha256, run_id)
create table if not exists quarantine (
    source_file    varchar not null,
    content_sha256 varchar,
    stage          varchar not null,
    reason         varchar not null,
    detail         varchar not null,
    run_id         varchar not null,
    quarantined_at timestamp not null
);

-- one row per pipeline run (run_id)
create table if not exists runs (
    run_id             varchar,
    flow_run_id        varchar,
    started_at         timestamp not null,
    finished_at        timestamp,
    status             varchar not null,
    files_seen         integer not null,
    articles_new       integer not null,
    articles_unchanged integer not null,
    files_quarantined  integer not null,
    checks_passed      integer not null,
    checks_failed      integer not null
);

-- Added beyond the contract --------------------------------------------------------

-- one row per (article, raw input) pair (article_id, content_sha256, source_file):
-- every file an article was seen under, so duplicates keep their provenance
create table if not exists article_sources (
    article_id     varchar not null,
    source_file    varchar not null,
    content_sha256 varchar not null,
    first_run_id   varchar not null,
    first_seen_at  timestamp not null
);

-- one row per sentence of an article body (article_id, sentence_index): the provenance
-- facts point to by sentence_index; fingerprint hashes the sentence's words, so the same
-- sentence in two copies of one story is recognized as one report
create table if not exists dim_sentences (
    article_id     varchar not null,
    sentence_index integer not null,
    start_char     integer not null,
    end_char       integer not null,
    fingerprint    varchar not null
);

-- one row per expectation evaluated per audit of a run (run_id, attempt, suite, expectation);
-- attempt 2 exists when attempt 1 failed on some articles' rows and the rest was re-audited
create table if not exists validation_results (
    run_id         varchar not null,
    attempt        integer not null,
    suite          varchar not null,
    expectation    varchar not null,
    success        boolean not null,
    observed_value varchar,
    validated_at   timestamp not null
);

-- one row per input path loaded (path, absolute): its size, modification time and content
-- hash when last loaded, so a rerun skips files whose size and time are unchanged unread
create table if not exists file_manifest (
    path           varchar,
    source_file    varchar not null,
    size_bytes     bigint not null,
    mtime_ns       bigint not null,
    content_sha256 varchar not null,
    article_id     varchar not null,
    run_id         varchar not null,
    recorded_at    timestamp not null
);

-- A file whose content changed is loaded as a new article; the article it held before stays
-- as history, marked superseded (see publish/012_file_manifest.sql), unless another file
-- still holds it.
alter table dim_articles add column if not exists superseded_by varchar;
alter table dim_articles add column if not exists superseded_at timestamp;
