"""One module per dashboard page; each ``render`` takes an open read-only connection and
the global filters and returns the page's components."""
