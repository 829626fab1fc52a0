"""What each dashboard page reads, as typed functions over a read-only connection.

Aggregates are computed from row-level facts joined to the filtered articles, so the date
and publisher filters apply to every number; unfiltered, they equal the marts'
(tests/test_dashboard.py checks that). SQL is constant; values travel as bound parameters.
"""
