"""Turning query results into outputs: one module per command family builds Sheets
(browse, compare, predictions, scan), export writes whole-dataset files, and render is
the one layer that prints tables, CSV, TSV, JSON and Markdown.

May be imported only by cli. Imports queries, curate, store, dataset and the ground
level.
"""
