"""The newsfacts dashboard: Dash pages over the published warehouse, read-only and offline.

``newsfacts dashboard [--warehouse DIR] [--port N]`` serves it on 127.0.0.1. Query functions
(``queries/``) are plain typed functions over a DuckDB connection; page modules (``pages/``)
turn their rows into charts and links; ``app.py`` wires the URL and the filters to them.
"""
