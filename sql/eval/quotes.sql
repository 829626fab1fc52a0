-- one row per quote (quote_id), with its statement and whether it is partial
select article_id, text, speaker, speaker_org, start_char, statement_id, is_partial
from fct_quotes
