"""What each dashboard page reads, as typed functions over a read-only connection.

Every figure comes from a mart (sql/marts/) or current_articles: the date and publisher
filters are the arguments of the marts' ``<mart>_for`` table macros (unfiltered, the mart
itself), so no page re-derives a mart. The queries here only choose columns, order and
limit, and look up a fact's sentence for display. SQL is constant; values travel as bound
parameters. tests/test_dashboard_marts.py checks every page against the marts after a
supersede.
"""
