"""Declared schemas of the result tables (``results/<folder>/*.parquet``), one module per folder.

Workflow scripts write every result table through :func:`analysis.schemas.core.write_result`
with its schema, so a table that breaks its declaration never reaches a chapter.
"""
