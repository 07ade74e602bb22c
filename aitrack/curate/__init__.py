"""Everything that reads new documents or writes the dataset: scan and extract (finding
entities, numbers and predictions in text), resolve (recording an outcome) and writer
(locked, atomic writes that replace only what was read, all files or none).

May be imported by views and cli. Imports only store, dataset and the ground level; not
queries, which sits beside it.
"""
