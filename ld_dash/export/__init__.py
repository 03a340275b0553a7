"""Exports: the board pack (PowerPoint and PDF). Table downloads (CSV, Excel) are ld_dash/spreadsheet.py, which the importer uses too."""
