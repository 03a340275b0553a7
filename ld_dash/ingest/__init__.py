"""Bring your own data: read exports, map columns, validate every row in DuckDB, publish atomically."""
