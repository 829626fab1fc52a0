-- rows of mart_quotes_by_speaker the staged batch creates or changes: speakers it quotes
select * from mart_quotes_by_speaker
where speaker_key in (
    select coalesce(speaker_entity_id, lower(speaker)) from stg_quotes
    where speaker_entity_id is not null or speaker is not null
)
