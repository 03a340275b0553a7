"""ld-dash: is our learning and development aligned with leadership and strategy, and does it pay off?"""

__version__ = "0.1.0"
