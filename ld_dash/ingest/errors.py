"""Errors of the import pipeline."""


class ImportProblem(ValueError):
    """A file-level problem (unreadable, empty, missing columns): nothing is imported."""
