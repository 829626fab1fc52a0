-- one row per quote (quote_id)
select article_id, text, speaker, speaker_org from fct_quotes
