"""Exports: downloads of tables (CSV, Excel) with spreadsheet-formula neutralisation."""
