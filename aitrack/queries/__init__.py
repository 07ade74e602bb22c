"""Queries: pure functions from the catalog to data (list, show, search, compare,
predictions). No formatting and no printing here.

May be imported by views and cli. Imports only store, dataset and the ground level; not
curate, which sits beside it.
"""
