"""Reading a data directory: which files hold what (layout), the strict YAML loader,
the pydantic schema, field specs, reading a whole dataset (read) and its cross-checks
(check: references, aliases, quotes, documents).

The lowest layer above the ground-level vocabulary (errors, config, kinds, quantity,
dates). Anything above may import it: store, queries, curate, views, cli. It imports
only the ground level.
"""
