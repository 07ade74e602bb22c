"""The fast index over a validated dataset: tables (flat listing rows, buckets), the
on-disk cache, the catalog that answers lookups, and facts (reading one field of a
record).

May be imported by queries, curate, views and cli. Imports only dataset and the ground
level.
"""
