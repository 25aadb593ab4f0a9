"""The curated NNECL regional dataset: ingest, build, queries, transforms and charts."""

__version__ = "0.1.0"
