"""Queries: pure functions from the catalog to data (list, show, search, compare, predictions)."""
