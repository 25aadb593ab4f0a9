"""One view module per page: `views/<page>.py` assembles what `pages/<page>.py` lays out.

A view takes plain values (the filters), reads through nnecl_data.ui.data's caches, applies the pure
rules (nnecl_data.rules) and returns figures, tables and sentences. Pages hold no pandas, SQL, colours
or labels. Shared pieces live in small topic modules: `outcome_figures` (DfE outcome figures) and
`award_status` (Quality Mark statuses of institutions).
"""
